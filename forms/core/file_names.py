"""File names that Windows can hold: suggested names built from received data, and the test an
attachment's own name must pass.

Numbers, titles and names that come from a package or another copy never become a path: a
suggested name is cut down to one safe component (no separators, no ``..``, no controls, no
device names such as CON or COM1, no trailing dot or space), so a sender's number
``../../tmp/evil`` can only ever name a file inside the folder the user picked.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePath

FORBIDDEN_NAME_CHARACTERS = frozenset('/\\:*?"<>|')  # not allowed in Windows file names
UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
MAX_SUGGESTED_STEM = 80
# Windows opens these devices whatever the extension (NUL.pdf is the null device), in any case.
DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{port}{n}" for port in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")}
)


def is_device_name(name: str) -> bool:
    """Whether Windows would take ``name`` for a device: CON, nul.txt, Com1.png, ``LPT3 .log``…"""
    base = name.split(".", 1)[0].rstrip(" ")
    return base.upper() in DEVICE_NAMES


def windows_name_problem(name: str) -> str | None:
    """Why Windows cannot keep ``name`` as written (device name, trailing dot or space), or None;
    the characters themselves are checked by the caller."""
    if is_device_name(name):
        return f"“{name}”是 Windows 的设备名（如 CON、NUL、COM1、LPT1），不能用作文件名"
    if name != name.rstrip(". "):
        return f"文件名“{name}”以点或空格结尾，Windows 会把它去掉、存成另一个名字"
    return None


def is_unsafe_character(ch: str) -> bool:
    """Forbidden by Windows, a control, an invisible mark, a lone surrogate, private or unassigned."""
    return ch in FORBIDDEN_NAME_CHARACTERS or unicodedata.category(ch) in UNPRINTABLE


def safe_file_name(stem: str, suffix: str, fallback: str) -> str:
    """One Windows-safe file name ``stem`` + ``suffix`` (``suffix`` is ours, e.g. ``.gxdec``).

    Separators, ``..``, controls, invisible marks and the characters Windows forbids become
    ``_``; leading and trailing dots, spaces and ``_`` go; a device name gets a ``_`` in front;
    the stem is cut to a length any folder can take. An empty result is ``fallback``."""
    cleaned = re.sub(r"\.{2,}", "_", "".join("_" if is_unsafe_character(ch) else ch for ch in stem))
    cleaned = re.sub(r"_+", "_", cleaned).strip(" ._")[:MAX_SUGGESTED_STEM].rstrip(" .")
    if not cleaned:
        cleaned = fallback
    if is_device_name(cleaned + suffix):
        cleaned = f"_{cleaned}"
    return cleaned + suffix


def attachment_file_name(name: str) -> str:
    """A received attachment's name as a file on this PC: the stem made safe and cut, the type
    (extension) kept whole. Cutting the whole name could turn ``….exe.pdf`` into ``….exe``,
    which opening would run."""
    path = PurePath(name.strip())
    suffix = path.suffix.lower() if re.fullmatch(r"\.[A-Za-z0-9]{1,10}", path.suffix) else ""
    return safe_file_name(path.stem if suffix else path.name, suffix, "附件")
