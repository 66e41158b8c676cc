"""The kinds of field a form declares; each kind has one editor, one parser and one printed look.

Its own light module (no pydantic), below both the field declarations and ``display``, which
prints a value by its field's kind.
"""

from __future__ import annotations

from enum import StrEnum


class FieldKind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    MONEY = "money"
    INTEGER = "integer"
    DECIMAL = "decimal"
    PERCENT = "percent"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    DEPENDENT_CHOICE = "dependent_choice"
    BOOL = "bool"
    ROWS = "rows"
    TEXT_LIST = "text_list"
    ZONE = "zone"
