"""Attachment file names: what a Windows folder and a printed list can both show."""

from __future__ import annotations

import pytest

from forms.core.document import attachment_name_problem


@pytest.mark.parametrize("name", ["认定文件.pdf", "场地照片 (1).png", "Report_2025.docx"])
def test_ordinary_names_are_accepted(name: str) -> None:
    assert attachment_name_problem(name) is None


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("a/b.pdf", "/"),
        ("说明?.pdf", "?"),
        ("tab\tname.pdf", "\\t"),
        ("lone\ud800.png", "\\ud800"),  # a lone surrogate cannot be written to disk or PDF
        ("zero\u200bwidth.pdf", "\\u200b"),  # invisible: two names that look the same
    ],
)
def test_unprintable_or_forbidden_characters_are_refused_by_name(name: str, shown: str) -> None:
    problem = attachment_name_problem(name)
    assert problem is not None
    assert shown in problem and "请改名后再添加" in problem
    problem.encode("utf-8")  # the message itself can be shown and logged


def test_dot_names_and_empty_names_are_refused() -> None:
    assert attachment_name_problem("..") is not None
    assert attachment_name_problem("   ") is not None
