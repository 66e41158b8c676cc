"""What to type in a field, read from its declaration: its kind, limits and help in words.

The 填报说明 prints ``entry_text`` (the whole of it); the editor shows ``inline_hint`` under the
field, the help and only what the box itself does not already show (a unit sits beside its box,
a date's example is in its empty box).
"""

from __future__ import annotations

from decimal import Decimal

from forms.core.definition import FieldSpec
from forms.core.display import DATE_HINT
from forms.core.fields import MONEY_MAX, FieldKind
from forms.core.rules import fmt_number
from forms.core.zones import NOT_IN_ZONE_LABEL

MAX_LISTED_OPTIONS = 24  # a longer choice says how many it has instead of listing them
WIDE_RANGE = 10_000  # an upper limit this large only catches typing slips: not worth saying

KIND_NAMES = {
    FieldKind.TEXT: "文字",
    FieldKind.LONG_TEXT: "多行文字",
    FieldKind.MONEY: "金额",
    FieldKind.INTEGER: "整数",
    FieldKind.DECIMAL: "数字",
    FieldKind.PERCENT: "百分比",
    FieldKind.DATE: "日期",
    FieldKind.CHOICE: "单选",
    FieldKind.MULTI_CHOICE: "多选",
    FieldKind.DEPENDENT_CHOICE: "联动选择",
    FieldKind.BOOL: "勾选项",
    FieldKind.ROWS: "表格",
    FieldKind.TEXT_LIST: "多项文字",
    FieldKind.ZONE: "高新区",
}
NUMBERS = (FieldKind.MONEY, FieldKind.INTEGER, FieldKind.DECIMAL, FieldKind.PERCENT)


def kind_name(spec: FieldSpec) -> str:
    return KIND_NAMES[spec.kind]


def _range(spec: FieldSpec) -> str:
    low, high = spec.minimum, spec.maximum
    shown_high = high is not None and (
        spec.kind is FieldKind.PERCENT or (Decimal(high) < WIDE_RANGE and high != MONEY_MAX)
    )
    if low is not None and shown_high:
        return f"{fmt_number(low)}–{fmt_number(high)}"
    if low is not None:
        return f"不小于 {fmt_number(low)}"
    if shown_high:
        return f"不大于 {fmt_number(high)}"
    return ""


def options_text(spec: FieldSpec) -> str:
    """The options of a choice as a clerk reads them, or how many there are."""
    if spec.kind is FieldKind.DEPENDENT_CHOICE:
        codes = list(dict.fromkeys(c for codes in spec.options_by.values() for c in codes))
    else:
        codes = list(spec.options)
    if not codes:
        return ""
    if len(codes) > MAX_LISTED_OPTIONS:
        return f"共 {len(codes)} 项，在程序中选择"
    return "、".join(spec.option_label(c) for c in codes)


def format_text(spec: FieldSpec, parent_label: str = "") -> str:
    """How the value is typed: kind, unit, limits, choices (the 填写要求 of the 填报说明)."""
    parts: list[str] = []
    kind = spec.kind
    if kind in NUMBERS:
        lead = kind_name(spec) + (f"，单位：{spec.unit}" if spec.unit else "")
        parts.append(lead)
        if limits := _range(spec):
            parts.append(limits)
        if spec.decimal_places:
            parts.append(f"最多 {spec.decimal_places} 位小数")
        elif kind is FieldKind.INTEGER:
            parts.append("不带小数")
    elif kind is FieldKind.DATE:
        parts.append(f"日期，按 年-月-日 填写，{DATE_HINT}，也可从日历选择")
    elif kind in (FieldKind.TEXT, FieldKind.LONG_TEXT):
        if spec.format == "uscc":
            parts.append("18 位统一社会信用代码，程序核对末位校验码")
        elif spec.max_length:
            parts.append(f"{kind_name(spec)}，不超过 {spec.max_length} 字")
    elif kind is FieldKind.CHOICE:
        parts.append(f"单选：{options_text(spec)}")
    elif kind is FieldKind.MULTI_CHOICE:
        parts.append(f"可多选：{options_text(spec)}")
    elif kind is FieldKind.DEPENDENT_CHOICE:
        parent = f"先选“{parent_label}”，再" if parent_label else ""
        extra = "；未列出的可直接输入" if spec.open_for else ""
        parts.append(f"{parent}从对应选项中选择{extra}：{options_text(spec)}")
    elif kind is FieldKind.BOOL:
        parts.append("勾选表示“是”")
    elif kind is FieldKind.ZONE:
        parts.append(f"从高新区名录中选择；不在高新区内的选“{NOT_IN_ZONE_LABEL}”")
    elif kind is FieldKind.TEXT_LIST:
        most = f"，最多 {spec.max_length} 项" if spec.max_length else ""
        parts.append(f"多项之间用顿号“、”分隔{most}")
    elif kind is FieldKind.ROWS:
        most = f"，最多 {spec.max_length} 行" if spec.max_length else ""
        parts.append(f"表格，每行一条{most}")
    return "；".join(parts)


def inline_hint(spec: FieldSpec) -> str:
    """The grey line under a field in the editor: its help, and what its box does not show
    (a share's 0–100, a year's range, that several may be ticked)."""
    parts = [spec.help] if spec.help else []
    limits = _range(spec)
    if spec.kind is FieldKind.PERCENT and "–" in limits:
        parts.append(f"填 {limits} 之间的数")
    elif spec.kind is FieldKind.INTEGER and "–" in limits and spec.minimum:
        parts.append(f"填 {limits} 之间的整数")
    elif spec.format == "uscc":
        parts.append("程序核对末位校验码" if "18 位" in spec.help else "18 位，程序核对末位校验码")
    elif spec.kind is FieldKind.MULTI_CHOICE:
        parts.append("可多选")
    return "；".join(p.rstrip("。；") for p in parts)
