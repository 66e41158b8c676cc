"""Invisible control characters in what a user or a package puts in a form's field.

A NUL (U+0000) pasted from another program is stored by SQLite but refused by PostgreSQL, so an
enterprise on SQLite could send a package its park office's server cannot take; the other
control characters are invisible on screen and on paper. Every field refuses them, on every back
end, and says where: a multi-line field (long text) keeps its line breaks and tabs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AfterValidator, ValidationInfo

# Line breaks and tabs a multi-line box legitimately holds (Windows pastes CR LF).
MULTI_LINE_ALLOWED = frozenset("\n\r\t")


def first_control_char(text: str, *, multi_line: bool = False) -> tuple[int, str] | None:
    """The place (counted from 1) and the character of the first control ``text`` may not hold."""
    allowed = MULTI_LINE_ALLOWED if multi_line else frozenset()
    for position, char in enumerate(text, start=1):
        if unicodedata.category(char) in ("Cc", "Cs") and char not in allowed:
            return position, char
    return None


def control_char_problem(text: str, *, multi_line: bool = False, before: int = 0) -> str | None:
    """What is wrong with ``text`` (a sentence to follow the field's name), or None; ``before``
    characters precede ``text`` in the box (blanks trimmed off), so the place told is the box's."""
    found = first_control_char(text, multi_line=multi_line)
    if found is None:
        return None
    position, char = found[0] + before, found[1]
    if char in MULTI_LINE_ALLOWED:
        return f"{_found_at(position, char)}，本栏只能填一行，请删去后写在同一行内"
    return f"{_found_at(position, char)}，多为复制时带入，请删去后重新输入"


def _found_at(position: int, char: str) -> str:
    """What the character at ``position`` is, as both the typist and a refusal are told it."""
    if char in MULTI_LINE_ALLOWED:
        return f"第 {position} 个字符处有换行或制表符"
    return f"第 {position} 个字符处有不可见的控制字符（U+{ord(char):04X}）"


def checked_text(text: str, *, multi_line: bool = False) -> str:
    """``text`` unchanged, or ValueError saying where its first control character is: the rule
    as a pydantic validator for what comes from outside (a package, a card), so the advice is
    the refusal's (「请让对方重新导出」), not the typist's. Nothing is trimmed first: a name
    ending in line breaks is refused, not kept."""
    found = first_control_char(text, multi_line=multi_line)
    if found is None:
        return text
    position, char = found
    one_line = "，本项只能是一行" if char in MULTI_LINE_ALLOWED else ""
    raise ValueError(_found_at(position, char) + one_line)


# Validation context for text read back from this copy's own store: what an older release
# stored is shown as it is (never lost for a character), only what comes in is refused.
STORED = {"stored": True}


def from_store(info: ValidationInfo) -> bool:
    """Whether text is being read back from this copy's store (validated with STORED)."""
    return isinstance(info.context, dict) and bool(info.context.get("stored"))


def _one_line(text: str, info: ValidationInfo) -> str:
    return text if from_store(info) else checked_text(text)


def _multi_line(text: str, info: ValidationInfo) -> str:
    return text if from_store(info) else checked_text(text, multi_line=True)


# Text a package or a card carries: the same refusal as a form's field (a name, a code, a
# label: one line; a comment or a reason's words: line breaks and tabs kept).
OneLineText = Annotated[str, AfterValidator(_one_line)]
MultiLineText = Annotated[str, AfterValidator(_multi_line)]


def without_control_chars(text: str, *, multi_line: bool = False) -> str:
    """``text`` with each control character a box of its kind refuses made a space: what this
    copy recorded before characters were checked, sent in the form the other side's copy takes
    (the characters are invisible; the words stay as the officer wrote them)."""
    return "".join(" " if first_control_char(c, multi_line=multi_line) else c for c in text)


def holds_control_chars(value: Any) -> bool:
    """Whether any text in ``value`` (a form's dumped data: texts, lists, rows) holds a control
    character, line breaks and tabs included: which box may hold those is the form's to say
    (parsing ``value`` again tells a line break in a one-line box, keeps it in a long text)."""
    if isinstance(value, str):
        return first_control_char(value) is not None
    if isinstance(value, Mapping):
        return any(holds_control_chars(v) for v in value.values())
    if isinstance(value, list):
        return any(holds_control_chars(v) for v in value)
    return False


def text_problem(label: str, text: str, *, multi_line: bool = False) -> str | None:
    """What is wrong with what was typed into the box ``label`` (「审核意见」第 3 个字符处…),
    or None: the office's entries outside a form (a decision, a note, an officer's name)."""
    problem = control_char_problem(text, multi_line=multi_line)
    return f"「{label}」{problem}" if problem else None
