"""Field-level problems with input, in Chinese, each tied to the path of the field concerned."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

Path = tuple[str | int, ...]


class LabelledField(Protocol):
    """What naming a field in a message needs of it (``definition.FieldSpec`` is one): the
    definitions report their problems through this module, so it cannot import them."""

    @property
    def name(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def help(self) -> str: ...

    @property
    def options(self) -> tuple[str, ...]: ...

    @property
    def row_fields(self) -> Sequence[LabelledField]: ...

    def option_label(self, code: Any) -> str: ...


@dataclass(frozen=True)
class FieldIssue:
    """One problem with one field. ``message`` reads after the field's label."""

    path: Path
    code: str
    message: str
    label: str = ""

    def describe(self) -> str:
        where = self.label or ".".join(str(p) for p in self.path) or "文件"
        return f"「{where}」{self.message}"

    def with_label(self, label: str) -> FieldIssue:
        return FieldIssue(self.path, self.code, self.message, label)

    def under(self, *prefix: str | int) -> FieldIssue:
        return FieldIssue((*prefix, *self.path), self.code, self.message, self.label)


def spec_at(specs: Mapping[str, LabelledField], path: Path) -> LabelledField | None:
    """The spec of the field a path ends at (row indices skipped), if any."""
    spec = None
    current: Mapping[str, LabelledField] | None = specs
    for step in path:
        if isinstance(step, int):
            continue
        spec = current.get(step) if current else None
        if spec is None:
            return None
        current = {s.name: s for s in spec.row_fields}
    return spec


def path_label(specs: Mapping[str, LabelledField], path: Path) -> str:
    """Human label of a path, e.g. ``参与单位第2行·统一社会信用代码``."""
    parts: list[str] = []
    current: Mapping[str, LabelledField] | None = specs
    for step in path:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}第{step + 1}行"]
            continue
        spec = current.get(step) if current else None
        if spec is None:
            parts.append(str(step))
            current = None
            continue
        parts.append(spec.label)
        current = {s.name: s for s in spec.row_fields} if spec.row_fields else None
    return "·".join(parts)


def _fmt(value: Any) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


def _message(error: Mapping[str, Any], spec: LabelledField | None = None) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    messages = {
        "missing": "为必填项，请填写",
        "extra_forbidden": "不是本表的栏目，请删除该项或检查拼写",
        "string_too_long": f"不能超过 {ctx.get('max_length')} 个字，请精简",
        "string_too_short": "不能为空",
        "string_pattern_mismatch": (
            f"格式不正确：{spec.help}" if spec and spec.help else "格式不正确，请按提示填写"
        ),
        "string_type": "应为文字",
        "greater_than_equal": f"不能小于 {_fmt(ctx.get('ge'))}",
        "greater_than": f"应大于 {_fmt(ctx.get('gt'))}",
        "less_than_equal": f"不能大于 {_fmt(ctx.get('le'))}，请核对数值和单位",
        "less_than": f"应小于 {_fmt(ctx.get('lt'))}",
        "decimal_max_places": f"最多保留 {ctx.get('decimal_places')} 位小数",
        "decimal_max_digits": "数值位数过多，请核对数值和单位",
        "decimal_whole_digits": "整数部分位数过多，请核对数值和单位",
        "decimal_parsing": "应为数字，例如 120.5",
        "decimal_type": "应为数字，例如 120.5",
        "finite_number": "应为有限的数字",
        "int_parsing": "应为整数，例如 12",
        "int_type": "应为整数，例如 12",
        "int_from_float": "应为整数，不能带小数",
        "float_parsing": "应为数字",
        "date_parsing": "应为日期，格式为 年-月-日，例如 2024-06-30",
        "date_from_datetime_parsing": "应为日期，格式为 年-月-日，例如 2024-06-30",
        "date_from_datetime_inexact": "应为日期，不含时间",
        "date_type": "应为日期，格式为 年-月-日，例如 2024-06-30",
        "bool_parsing": "应为“是”或“否”（true / false）",
        "bool_type": "应为“是”或“否”（true / false）",
        "list_type": "应为列表",
        "too_long": f"最多 {ctx.get('max_length')} 项，请删减",
        "too_short": f"至少 {ctx.get('min_length')} 项",
        "model_type": "应为一组栏目（JSON 对象）",
        "dict_type": "应为一组栏目（JSON 对象）",
        "model_attributes_type": "应为一组栏目（JSON 对象）",
    }
    if kind == "enum":
        options = (
            "、".join(spec.option_label(o) for o in spec.options)
            if spec and spec.options
            else ctx.get("expected", "")
        )
        return f"“{error.get('input')}”不是可选项，只能选择：{options}"
    if kind == "literal_error":
        return f"只能选择：{ctx.get('expected', '')}"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error.get("msg", "")))
    return messages.get(kind, f"填写有误（{error.get('msg', kind)}）")


def from_validation_error(
    error: ValidationError, specs: Mapping[str, LabelledField] | None = None
) -> list[FieldIssue]:
    """Translate pydantic's errors into Chinese issues that name the field."""
    issues = []
    for item in error.errors(include_url=False):
        path: Path = tuple(item["loc"])
        spec = spec_at(specs, path) if specs else None
        issue = FieldIssue(path, item["type"], _message(item, spec))
        issues.append(issue.with_label(path_label(specs, path)) if specs else issue)
    return issues
