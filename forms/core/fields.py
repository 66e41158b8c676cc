"""Field declarations for form models: one call per field carries label, unit, help and limits.

Every helper returns a pydantic ``Field`` whose ``json_schema_extra`` holds the metadata the
editor, validator and PDF packet read (see ``FieldSpec`` in ``definition.py``). The metadata is
plain JSON so that ``gxapply schema`` can print it unchanged.

All fields are optional at the type level so that a half-filled draft still parses; whether a
field must be filled is the ``required`` flag, checked by ``definition.missing_required``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)

from forms.core.choices import label_of
from forms.core.control_chars import control_char_problem, from_store
from forms.core.display import (
    DATE_EXAMPLE,
    plain_value,  # re-exported: forms and rules import it from here
)
from forms.core.field_kinds import FieldKind  # re-exported: the forms import it from here
from forms.core.uscc import uscc_problem
from forms.core.zones import zone_id

# Money is entered in 万元 with at most 4 decimals, i.e. to the yuan.
MONEY_PLACES = 4
MONEY_MAX = Decimal("99999999")  # 9999 亿元: anything larger is a typing slip, not an application

# A mobile number, or a landline "区号-号码" with an optional extension.
PHONE_PATTERN = r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"

# One item of a ``text_list`` field (a 主导产业, say).
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=50)]


def when_meta(when: Mapping[str, Sequence[Any]] | None) -> dict[str, list[Any]]:
    """A ``when`` condition as plain JSON: each field's allowed values as codes."""
    return {name: [plain_value(v) for v in values] for name, values in (when or {}).items()}


def when_matches(when: Mapping[str, Sequence[Any]], values: Mapping[str, Any]) -> bool:
    """Whether answers ``values`` meet a ``when`` condition: every named field holds one of
    its allowed codes (a multiple choice: any one of them)."""
    for other, allowed in when.items():
        value = values.get(other)
        if isinstance(value, list):
            if not any(plain_value(v) in allowed for v in value):
                return False
        elif plain_value(value) not in allowed:
            return False
    return True


def _meta(
    kind: FieldKind,
    *,
    unit: str | None = None,
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    meta: dict[str, Any] = {"kind": kind.value, "required": required}
    if unit:
        meta["unit"] = unit
    if when:
        meta["when"] = when_meta(when)
    meta.update({k: v for k, v in extra.items() if v is not None})
    return meta


def text(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    max_length: int = 100,
    pattern: str | None = None,
    placeholder: str | None = None,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        None,
        title=label,
        description=help,
        max_length=max_length,
        pattern=pattern,
        json_schema_extra=_meta(
            FieldKind.TEXT, required=required, when=when, placeholder=placeholder
        ),
    )


def uscc(
    label: str = "统一社会信用代码",
    *,
    help: str = "18 位，见营业执照；字母大写，不含 I、O、S、V、Z",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A 统一社会信用代码, checked by its GB 32100-2015 check character."""
    return Field(
        None,
        title=label,
        description=help,
        max_length=18,
        json_schema_extra=_meta(
            FieldKind.TEXT,
            required=required,
            when=when,
            format="uscc",
            placeholder="例如 91450100MA5K00000B",
        ),
    )


def phone(
    label: str = "联系电话",
    *,
    required: bool = False,
    example: str = "0771-1234567",
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A telephone number; ``example`` shows a landline of the place concerned."""
    return text(
        label,
        required=required,
        max_length=24,
        pattern=PHONE_PATTERN,
        help=f"手机号 11 位，或座机“区号-号码”，例如 {example}",
        when=when,
    )


def email(
    label: str = "电子邮箱",
    *,
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return text(
        label,
        required=required,
        max_length=80,
        pattern=EMAIL_PATTERN,
        help="例如 name@example.com",
        when=when,
    )


def long_text(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    max_length: int = 2000,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        None,
        title=label,
        description=help,
        max_length=max_length,
        json_schema_extra=_meta(FieldKind.LONG_TEXT, required=required, when=when),
    )


def money(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """An amount in 万元, exact to the yuan; negative amounts are refused."""
    return Field(
        None,
        title=label,
        description=help,
        ge=0,
        le=MONEY_MAX,
        decimal_places=MONEY_PLACES,
        json_schema_extra=_meta(FieldKind.MONEY, unit="万元", required=required, when=when),
    )


def integer(
    label: str,
    unit: str,
    *,
    help: str = "",
    required: bool = False,
    maximum: int = 1_000_000,
    minimum: int = 0,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        None,
        title=label,
        description=help,
        ge=minimum,
        le=maximum,
        json_schema_extra=_meta(FieldKind.INTEGER, unit=unit, required=required, when=when),
    )


def quantity(
    label: str,
    unit: str,
    *,
    help: str = "",
    required: bool = False,
    maximum: Decimal | int = 100_000_000,
    places: int = 2,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A non-negative decimal measure such as an area in ㎡."""
    return Field(
        None,
        title=label,
        description=help,
        ge=0,
        le=maximum,
        decimal_places=places,
        json_schema_extra=_meta(FieldKind.DECIMAL, unit=unit, required=required, when=when),
    )


def percent(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        None,
        title=label,
        description=help,
        ge=0,
        le=100,
        decimal_places=2,
        json_schema_extra=_meta(FieldKind.PERCENT, unit="%", required=required, when=when),
    )


def date_field(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    after: str | None = None,
    not_future: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A date; ``after`` names an earlier-declared date field this one may not precede."""
    return Field(
        None,
        title=label,
        description=help,
        json_schema_extra=_meta(
            FieldKind.DATE,
            required=required,
            when=when,
            after=after,
            not_future=not_future or None,
        ),
    )


def _labels(options: Iterable[StrEnum]) -> dict[str, str]:
    """Each option's code with the text shown for it (a plain StrEnum shows its value)."""
    return {o.value: getattr(o, "label", o.value) for o in options}


def choice(
    label: str,
    options: type[StrEnum],
    *,
    help: str = "",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        None,
        title=label,
        description=help,
        json_schema_extra=_meta(
            FieldKind.CHOICE,
            required=required,
            when=when,
            options=[o.value for o in options],
            labels=_labels(options),
        ),
    )


def multi_choice(
    label: str,
    options: type[StrEnum],
    *,
    help: str = "",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    return Field(
        default_factory=list,
        title=label,
        description=help,
        json_schema_extra=_meta(
            FieldKind.MULTI_CHOICE,
            required=required,
            when=when,
            options=[o.value for o in options],
            labels=_labels(options),
        ),
    )


def dependent_choice(
    label: str,
    *,
    on: str,
    options_by: Mapping[Any, Sequence[StrEnum | str]],
    labels: Mapping[str, str] | None = None,
    open_for: Sequence[Any] = (),
    max_length: int = 100,
    help: str = "",
    required: bool = False,
) -> Any:
    """A choice whose options follow the value of another (earlier) choice field ``on``.

    Options are choices, or codes shown by ``labels``. Under a parent value in ``open_for`` the
    list is open (the text says 等): another entry may be typed and is kept as typed, unless it
    is an option listed under another parent value (that is the other value's, and refused)."""
    shown = dict(
        labels or _labels(o for v in options_by.values() for o in v if isinstance(o, StrEnum))
    )
    return Field(
        None,
        title=label,
        description=help,
        max_length=max_length,
        json_schema_extra=_meta(
            FieldKind.DEPENDENT_CHOICE,
            required=required,
            depends_on=on,
            options_by={plain_value(k): [plain_value(o) for o in v] for k, v in options_by.items()},
            labels=shown,
            open_for=[plain_value(k) for k in open_for] or None,
        ),
    )


def zone(
    label: str = "所在高新区",
    *,
    help: str = "",
    required: bool = False,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A 高新区 from the register (``forms.core.zones``), stored as its id, or "none"
    (不在高新区内). A name typed or stored by an older release is read as the zone it names;
    text that names no zone is kept, and ``FormDefinition.missing_required`` asks to re-pick."""
    return Field(
        None,
        title=label,
        description=help,
        max_length=50,
        json_schema_extra=_meta(FieldKind.ZONE, required=required, when=when),
    )


def flag(label: str, *, help: str = "", when: Mapping[str, Sequence[Any]] | None = None) -> Any:
    return Field(
        False,
        title=label,
        description=help,
        json_schema_extra=_meta(FieldKind.BOOL, when=when),
    )


def rows(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    max_rows: int = 200,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """Repeatable rows; the annotation ``list[RowModel]`` gives the row's own fields."""
    return Field(
        default_factory=list,
        title=label,
        description=help,
        max_length=max_rows,
        json_schema_extra=_meta(FieldKind.ROWS, required=required, when=when),
    )


def text_list(
    label: str,
    *,
    help: str = "",
    required: bool = False,
    max_items: int = 20,
    when: Mapping[str, Sequence[Any]] | None = None,
) -> Any:
    """A short list of free-text items (``list[ShortText]``)."""
    return Field(
        default_factory=list,
        title=label,
        description=help,
        max_length=max_items,
        json_schema_extra=_meta(FieldKind.TEXT_LIST, required=required, when=when),
    )


_YES_NO = {"是": True, "否": False}
_NUMERIC = frozenset({FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.MONEY, FieldKind.PERCENT})


# A date typed where a number belongs: 2026-11-30, 2026/11/30, 2026.11.30, 2026年11月30日.
_DATE_SHAPED = re.compile(r"^\d{4}\s*[-/.。年]\s*\d{1,2}\s*[-/.。月]\s*\d{1,2}\s*日?$")
# Thousands separators, only in groups of three: 1,234 or 12,345,678 (either comma, or spaces).
_GROUPED = re.compile(r"^\d{1,3}([,，]\d{3})+$|^\d{1,3}( \d{3})+$")


def number_problem(text: str) -> str | None:
    """Why typed ``text`` is not a number as people write one, or None when it may be read.

    Separators group thousands only in threes (``10,0`` is refused, never read as 100), and a
    date is never read as a number (``2026-11-30`` is not 20,261,130)."""
    plain = text.strip()
    if _DATE_SHAPED.match(plain):
        return f"应填数字，“{plain}”是日期，请改填数字，例如 120.5"
    unsigned = plain[1:] if plain[:1] in "+-" else plain
    whole, _, fraction = unsigned.replace("。", ".").partition(".")
    whole = whole.strip()
    if any(mark in fraction for mark in ",， "):
        return f"“{plain}”的小数部分不能有分隔符，请改为例如 1234.5"
    if any(mark in whole for mark in ",， ") and not _GROUPED.match(whole):
        return (
            f"“{plain}”的千位分隔符位置不对：分隔符只能每三位一个（例如 1,234,567.5），"
            "请删去分隔符或按每三位一个填写"
        )
    return None


def plain_number(text: str) -> str:
    """``1,234.5`` or ``1，234。5`` as typed → ``1234.5``: separators are for reading only.

    Text that ``number_problem`` refuses comes back stripped but otherwise as typed, for the
    model to refuse with that message."""
    if number_problem(text) is not None:
        return text.strip()
    return text.strip().replace(",", "").replace("，", "").replace("。", ".").replace(" ", "")


def normalise_date(text: str) -> str:
    """``2025/6/30``, ``2025.06.30``, ``20250630`` or ``2025年6月30日`` → ``2025-06-30``;
    anything else comes back (stripped) for the model to refuse with its message."""
    plain = text.strip()
    for mark in ("/", ".", "年", "月"):
        plain = plain.replace(mark, "-")
    plain = plain.replace("日", "").strip("-")
    if len(plain) == 8 and plain.isdigit():
        plain = f"{plain[:4]}-{plain[4:6]}-{plain[6:]}"
    parts = plain.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2])).isoformat()
        except ValueError:
            return text.strip()
    return text.strip()


def _finite(value: Decimal | float) -> bool:
    return value.is_finite() if isinstance(value, Decimal) else math.isfinite(value)


def _refuse_control_chars(value: Any, *, multi_line: bool) -> None:
    """Invisible control characters (forms/core/control_chars.py), in a text or a list's items;
    the blanks around a value are trimmed, so they are not counted."""
    texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    for item in texts:
        if not isinstance(item, str):
            continue
        kept = item.lstrip()
        before = len(item) - len(kept)
        if problem := control_char_problem(kept.rstrip(), multi_line=multi_line, before=before):
            raise ValueError(problem)


def _meta_of(model: type[BaseModel], info: ValidationInfo) -> dict[str, Any]:
    field = model.model_fields.get(info.field_name or "")
    meta = field.json_schema_extra if field else None
    return meta if isinstance(meta, dict) else {}


class FormModel(BaseModel):
    """Base of every form and row model: strict about unknown keys, lenient about blanks."""

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        validate_assignment=False,
        use_enum_values=False,
    )

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any, info: ValidationInfo) -> Any:
        meta = _meta_of(cls, info)
        kind = meta.get("kind")
        if not from_store(info):  # what an older release stored loads; checks tell it (validate)
            _refuse_control_chars(value, multi_line=kind == FieldKind.LONG_TEXT)
        # An emptied text box means "not filled", not "filled with nothing".
        if isinstance(value, str):
            if not value.strip():
                return None
            if meta.get("format") == "uscc":
                return value.strip().upper()
            if kind == FieldKind.BOOL and value.strip() in _YES_NO:
                return _YES_NO[value.strip()]
            if kind in _NUMERIC:
                if problem := number_problem(value):
                    raise ValueError(problem)
                return plain_number(value)
            if kind == FieldKind.DATE:
                return normalise_date(value)
            if kind == FieldKind.ZONE:
                return zone_id(value)
        # pydantic would read a number as a Unix timestamp (0 → 1970-01-01) and true as 1.
        if kind == FieldKind.DATE and isinstance(value, int | float):
            raise ValueError(f"应为日期，格式为 年-月-日，例如 {DATE_EXAMPLE}，不能填数字")
        if kind in _NUMERIC and isinstance(value, Decimal | float) and not _finite(value):
            raise ValueError(f"为非法数值 {value}，请填写数字，例如 120.5")
        if kind in _NUMERIC and isinstance(value, bool):
            raise ValueError("应为数字，不能填“是”或“否”（true / false）")
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _cross_field(cls, value: Any, info: ValidationInfo) -> Any:
        meta = _meta_of(cls, info)
        if value is None or not meta:
            return value
        if meta.get("format") == "uscc" and (problem := uscc_problem(value)):
            raise ValueError(problem)
        after = meta.get("after")
        if after:
            earlier = info.data.get(after)
            earlier_label = cls.model_fields[after].title
            if earlier is not None and value < earlier:
                raise ValueError(
                    f"不能早于「{earlier_label}」（{earlier.isoformat()}），请核对两处日期"
                )
            if earlier is not None and value == earlier:  # a period ends after it starts
                raise ValueError(
                    f"与「{earlier_label}」为同一天（{earlier.isoformat()}）：结束日期应晚于"
                    "开始日期，请核对两处日期"
                )
        if meta.get("not_future") and value > date.today():
            raise ValueError(f"不能晚于今天（{date.today().isoformat()}），请核对日期")
        depends_on = meta.get("depends_on")
        if depends_on:
            parent = info.data.get(depends_on)
            parent_value = plain_value(parent)
            allowed = meta["options_by"].get(parent_value) if parent_value else None
            parent_label = cls.model_fields[depends_on].title
            if parent_value is None:
                raise ValueError(f"请先选择「{parent_label}」，再选择本项")
            listed = {o for options in meta["options_by"].values() for o in options}
            named = parent_value in meta.get("open_for", ()) and value not in listed
            if (allowed is None or value not in allowed) and not named:
                shown = meta.get("labels", {})
                options = "、".join(shown.get(o, o) for o in allowed or [])
                raise ValueError(
                    f"「{shown.get(value, value)}」不属于「{label_of(parent)}」，可选：{options}"
                )
        return value
