"""Which attachments may be opened straight from the app: documents and images only, never
programs. Every place that opens an attachment asks ``open_refusal`` first."""

from __future__ import annotations

from pathlib import PurePath

from forms.core.file_names import attachment_file_name

# What came from outside is opened only as a document: a program (.exe, .bat, .lnk, a
# macro-laden .docm…) would run with the officer's rights.
VIEWABLE_SUFFIXES = (
    ".pdf",
    ".ofd",
    ".jpg",
    ".jpeg",
    ".png",
    ".bmp",
    ".tif",
    ".tiff",
    ".txt",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".wps",
    ".et",
)
VIEWABLE_TEXT = "、".join(s.lstrip(".").upper() for s in VIEWABLE_SUFFIXES)


def may_open(name: str) -> bool:
    """Whether the attachment, written as a file (``attachment_file_name``), is a document or
    an image: the type judged is the one the file gets, which is what opening it runs."""
    return PurePath(attachment_file_name(name)).suffix in VIEWABLE_SUFFIXES


def open_refusal(name: str) -> str | None:
    """Why the attachment is not opened straight away (Chinese, with what to do), or None."""
    if may_open(name):
        return None
    return (
        f"“{name}”不是可直接查看的文档或图片（仅 {VIEWABLE_TEXT} 可直接打开），"
        "为安全起见不直接打开；如确需查看，请用「另存为…」保存并用杀毒软件检查后再打开。"
    )
