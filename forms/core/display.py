"""A field's value as a person reads it: amounts grouped by thousands, choices as their text.

The list of applications, the PDF packet and the review sheets all print values through here, so
an amount or a date looks the same wherever it appears. Importing it stays light (no pydantic):
the list paints its first rows with ``format_amount`` before the forms are loaded.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, Protocol

from forms.core.field_kinds import FieldKind

# The one example of a date: the date field's hint and every date error show the same.
DATE_EXAMPLE = "2025-06-30"
DATE_HINT = f"如 {DATE_EXAMPLE}"

EMPTY = "—"


class ShownField(Protocol):
    """What printing a value needs of its field (``definition.FieldSpec`` is one): this module
    sits below the definitions, which print through it."""

    @property
    def kind(self) -> FieldKind: ...

    @property
    def unit(self) -> str | None: ...

    def option_label(self, code: Any) -> str: ...


def plain_value(value: Any) -> Any:
    """A choice as its stored code (enum members become their value); anything else unchanged.
    To show a choice use ``definition.FieldSpec.option_label`` or ``forms.core.choices.label_of``."""
    return value.value if isinstance(value, StrEnum) else value


def format_amount(amount: Decimal | None) -> str:
    """万元 with thousands separators, two to four decimals: 1,234.50 / 12.3456."""
    if amount is None:
        return EMPTY
    text = f"{amount:,.4f}"
    whole, _, decimals = text.partition(".")
    return f"{whole}.{decimals.rstrip('0').ljust(2, '0')}"


def format_number(value: Decimal | int) -> str:
    """A count or quantity with thousands separators and no trailing zeros: 12,000 / 3.5."""
    if isinstance(value, int):
        return f"{value:,}"
    text = f"{value:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def display_value(spec: ShownField, value: Any, *, with_unit: bool = True) -> str:
    """``value`` of the field ``spec`` as printed text; rows are printed as tables elsewhere."""
    if spec.kind is FieldKind.BOOL:
        return "是" if value else "否"
    if is_empty(value):
        return EMPTY
    unit = f" {spec.unit}" if with_unit and spec.unit else ""
    if spec.kind is FieldKind.MONEY:
        return format_amount(value) + unit
    if spec.kind in (FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.PERCENT):
        return format_number(value) + unit
    if spec.kind is FieldKind.DATE and isinstance(value, date):
        return value.isoformat()
    if spec.kind is FieldKind.MULTI_CHOICE:
        return "、".join(spec.option_label(v) for v in value)
    if spec.kind in (FieldKind.CHOICE, FieldKind.DEPENDENT_CHOICE):
        return spec.option_label(value) + unit
    if spec.kind is FieldKind.TEXT_LIST:
        return "\n".join(f"{i}. {item}" for i, item in enumerate(value, start=1))
    if spec.kind is FieldKind.ROWS:
        return f"{len(value)} 行"
    if spec.kind is FieldKind.ZONE:
        from forms.core.zones import load_register

        return load_register().label(value)
    return f"{plain_value(value)}{unit}"


def human_size(size: int) -> str:
    """A file size as people say it: 980 字节 / 12.3 KB / 4.5 MB."""
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def local_time(utc: datetime) -> datetime:
    """A time the store keeps as naive UTC, as this machine's wall clock shows it (naive)."""
    return utc.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def format_local_time(utc: datetime) -> str:
    """A stored (naive UTC) time for people: local, to the minute."""
    return local_time(utc).strftime("%Y-%m-%d %H:%M")


# A name from outside quoted in a message is cut to this many characters.
MAX_QUOTED = 40


def quoted(text: str) -> str:
    """A name a file makes up (a field, a kind), as a message quotes it: each control, invisible
    mark or lone surrogate shown as its code (``\\x1b``), not acted on by the terminal the
    command line prints to, and cut to MAX_QUOTED characters, not thousands in a message box."""
    shown = "".join(
        ascii(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch
        for ch in text
    )
    return shown if len(shown) <= MAX_QUOTED else shown[: MAX_QUOTED - 1] + "…"


def one_line(text: str) -> str:
    """A name from outside (a signer, an office, an officer) on one line, as written: line
    breaks, other controls and invisible marks (bidi overrides, zero-width spaces) become a
    space, so a name cannot push a fake line such as 「指纹一致」 under itself."""
    return "".join(
        " " if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch for ch in text
    )
