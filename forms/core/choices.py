"""Coded choices: what is stored, exported and signed is a stable ASCII code; the label is shown.

A choice is declared once as ``MEMBER = "code", "标签"``. The member *is* its code (a ``str``
equal to it, and its ``.value``), so JSON, the store and packages carry the code; ``.label`` is
the Chinese text every screen, packet and message shows. A label may be reworded freely: stored
data never holds it. Values stored before codes existed are converted by a form's ``ValueMap``
(``forms.core.versions``), never by looking labels up here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Self


class Choice(StrEnum):
    """A StrEnum whose value is a stable code and which carries a Chinese ``label``."""

    _label: str

    # Called only to make the members; ``Status("draft")`` afterwards is Enum's lookup by code
    # (the default on ``label`` lets type checkers accept that one-argument call).
    def __new__(cls, code: str, label: str = "") -> Self:
        if not code.isascii() or not code.replace("_", "").isalnum():
            raise ValueError(f"{cls.__name__}: choice code {code!r} must be ASCII letters/digits")
        if not label:
            raise ValueError(f"{cls.__name__}: choice {code!r} needs a label")
        member = str.__new__(cls, code)
        member._value_ = code
        member._label = label
        return member

    @property
    def label(self) -> str:
        return self._label

    @property
    def code(self) -> str:
        return self._value_

    @classmethod
    def labels(cls) -> dict[str, str]:
        """Every code with its label, in declaration order."""
        return {m.value: m.label for m in cls}


def label_of(value: Any) -> Any:
    """A choice as people read it (its label); anything else unchanged."""
    return value.label if isinstance(value, Choice) else value
