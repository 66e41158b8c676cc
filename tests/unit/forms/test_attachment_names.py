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


@pytest.mark.parametrize(
    "name", ["CON", "NUL.pdf", "COM1.png", "com9.jpg", "Lpt1.docx", "prn", "AUX.tar.gz"]
)
def test_windows_device_names_are_refused(name: str) -> None:
    problem = attachment_name_problem(name)
    assert problem is not None and "设备名" in problem and "请改名后再添加" in problem


@pytest.mark.parametrize("name", ["scan.pdf.", "scan.pdf ", "扫描件. "])
def test_trailing_dots_or_spaces_are_refused(name: str) -> None:
    problem = attachment_name_problem(name)
    assert problem is not None and "以点或空格结尾" in problem


@pytest.mark.parametrize("name", ["CONSOLE.pdf", "COM10.png", "icon.png", ".hidden.pdf"])
def test_names_that_only_look_like_devices_are_accepted(name: str) -> None:
    assert attachment_name_problem(name) is None
