"""Only documents and images open straight from the app; the type judged is the file's own."""

from __future__ import annotations

import pytest

from forms.core.viewable import VIEWABLE_SUFFIXES, may_open, open_refusal


@pytest.mark.parametrize(
    "name", ["场地证明.pdf", "营业执照.JPG", "财务报表.xlsx", "说明.txt", "扫描件.ofd", "合同.wps"]
)
def test_documents_and_images_open(name):
    assert may_open(name) and open_refusal(name) is None


@pytest.mark.parametrize(
    "name",
    [
        "申报说明.pdf .exe",  # looks like a PDF, is a program
        "安装.bat",
        "快捷方式.lnk",
        "带宏.docm",
        "没有类型",
        "脚本.PDF.js",
    ],
)
def test_anything_else_is_refused_with_what_to_do(name):
    refusal = open_refusal(name)
    assert not may_open(name) and refusal is not None
    assert f"“{name}”" in refusal and "不直接打开" in refusal and "另存为" in refusal
    assert "PDF、OFD、JPG" in refusal


def test_the_list_holds_no_program_type():
    assert not {".exe", ".bat", ".cmd", ".com", ".js", ".vbs", ".lnk", ".docm", ".xlsm"} & set(
        VIEWABLE_SUFFIXES
    )
