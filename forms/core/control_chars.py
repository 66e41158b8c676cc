"""Invisible control characters in what a user or a package puts in a form's field.

A NUL (U+0000) pasted from another program is stored by SQLite but refused by PostgreSQL, so an
enterprise on SQLite could send a package its park office's server cannot take; the other
control characters are invisible on screen and on paper. Every field refuses them, on every back
end, and says where: a multi-line field (long text) keeps its line breaks and tabs.
"""

from __future__ import annotations

import unicodedata

# Line breaks and tabs a multi-line box legitimately holds (Windows pastes CR LF).
MULTI_LINE_ALLOWED = frozenset("\n\r\t")


def control_char_problem(text: str, *, multi_line: bool = False, before: int = 0) -> str | None:
    """What is wrong with ``text`` (a sentence to follow the field's name), or None; ``before``
    characters precede ``text`` in the box (blanks trimmed off), so the place told is the box's."""
    allowed = MULTI_LINE_ALLOWED if multi_line else frozenset()
    for position, char in enumerate(text, start=before + 1):
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") and char not in allowed:
            if char in MULTI_LINE_ALLOWED:
                return f"第 {position} 个字符处有换行或制表符，本栏只能填一行，请删去后写在同一行内"
            return (
                f"第 {position} 个字符处有不可见的控制字符（U+{ord(char):04X}），"
                "多为复制时带入，请删去后重新输入"
            )
    return None
