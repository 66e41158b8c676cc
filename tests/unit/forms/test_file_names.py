"""Suggested file names built from received data stay one safe name in the chosen folder."""

from __future__ import annotations

from pathlib import PureWindowsPath

import pytest

from app.packets import safe_pdf_name
from forms.core.file_names import is_device_name, safe_file_name
from forms.exchange.decision_package import decision_file_name
from forms.exchange.review import Outcome


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("../../../../tmp/evil-审核决定", "tmp_evil-审核决定.gxdec"),
        ("..\\..\\Windows\\evil", "Windows_evil.gxdec"),
        ("C:evil", "C_evil.gxdec"),
        ("CON", "_CON.gxdec"),
        ("nul", "_nul.gxdec"),
        ("LPT1 ", "_LPT1.gxdec"),
        ("GX-2025-0001 . .", "GX-2025-0001.gxdec"),
        ("tab\there\u202egnp.exe", "tab_here_gnp.exe.gxdec"),
        ("../..", "审核决定.gxdec"),
        ("", "审核决定.gxdec"),
    ],
)
def test_a_received_number_becomes_one_safe_name(stem: str, expected: str) -> None:
    name = safe_file_name(stem, ".gxdec", "审核决定")
    assert name == expected
    assert PureWindowsPath(name).name == name and "/" not in name and ".." not in name


def test_a_long_name_is_cut_and_keeps_its_suffix() -> None:
    name = safe_file_name("审" * 300, ".gxpkg", "申报包")
    assert name.endswith(".gxpkg") and len(name) <= 80 + len(".gxpkg")


def test_the_pdf_name_of_a_device_number_is_not_a_device() -> None:
    assert safe_pdf_name("CON", "") == "_CON.pdf"
    assert safe_pdf_name("../../../../tmp/evil", "审核意见表") == "tmp_evil_审核意见表.pdf"


@pytest.mark.parametrize("name", ["CON", "con.txt", "NUL.pdf", "COM1.png", "lpt9", "AUX .doc"])
def test_device_names_in_any_case_and_with_any_extension(name: str) -> None:
    assert is_device_name(name)


@pytest.mark.parametrize("name", ["CONSOLE.pdf", "COM10.txt", "icon.png", "营业执照.pdf"])
def test_ordinary_names_are_not_devices(name: str) -> None:
    assert not is_device_name(name)


def test_a_long_attachment_name_keeps_its_type_when_cut():
    from forms.core.document import attachment_name_problem
    from forms.core.file_names import attachment_file_name

    name = "申报材料" * 19 + ".exe.pdf"  # 84 characters: a name packages may carry
    assert attachment_name_problem(name) is None
    written = attachment_file_name(name)
    assert written.endswith(".pdf") and not written.endswith(".exe")  # cutting it made ….exe
    assert attachment_file_name("扫描件.PDF") == "扫描件.pdf"
    assert attachment_file_name("../../CON.pdf") == "_CON.pdf"


@pytest.mark.parametrize(
    ("number", "revision", "outcome", "expected"),
    [
        ("GX20260000042", 2, Outcome.RETURN, "GX20260000042-审核决定-第2版-退回补正.gxdec"),
        ("GX20260000042", 1, Outcome.RECOMMEND, "GX20260000042-审核决定-第1版-通过并推荐.gxdec"),
        ("GX20260000042", 3, Outcome.REJECT, "GX20260000042-审核决定-第3版-不予推荐.gxdec"),
        ("../../tmp/evil", 2, Outcome.RETURN, "tmp_evil-审核决定-第2版-退回补正.gxdec"),
        ("C:\\x|y", 1, Outcome.RETURN, "C_x_y-审核决定-第1版-退回补正.gxdec"),
        ("", 2, Outcome.RETURN, "审核决定-第2版-退回补正.gxdec"),
        (None, 2, Outcome.RETURN, "审核决定-第2版-退回补正.gxdec"),
    ],
)
def test_a_decision_file_is_named_by_number_revision_and_outcome(
    number: str | None, revision: int, outcome: Outcome, expected: str
) -> None:
    name = decision_file_name(number, revision, outcome)
    assert name == expected
    assert PureWindowsPath(name).name == name and ".." not in name
