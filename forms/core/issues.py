"""Field-level problems with input, in Chinese, each tied to the path of the field concerned."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from pydantic import ValidationError

from forms.core.display import DATE_EXAMPLE, quoted

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
        where = self.label or ".".join(quoted(str(p)) for p in self.path) or "文件"
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
        if spec is None:  # a field the form lacks: named as the file wrote it
            parts.append(quoted(str(step)))
            current = None
            continue
        parts.append(spec.label)
        current = {s.name: s for s in spec.row_fields} if spec.row_fields else None
    return "·".join(parts)


def _fmt(value: Any) -> str:
    text = str(value)
    return text[:-2] if text.endswith(".0") else text


# The text shown for an error type that is not one a form's field can raise (a structure,
# a URL, a time zone...): still Chinese, still what to do.
GENERIC = "填写有误，请按栏目说明重新填写"
NOT_A_FORM_VALUE = "不是本栏目能接受的内容，请按栏目说明重新填写"
OBJECT = "应为一组栏目（JSON 对象）"
A_DATE = f"应为日期，格式为 年-月-日，例如 {DATE_EXAMPLE}"
A_TIME = f"应为日期和时间，例如 {DATE_EXAMPLE} 09:30"
A_NUMBER = "应为数字，例如 120.5"
AN_INTEGER = "应为整数，例如 12"
A_LIST = "应为列表（每项一行）"
YES_NO = "应为“是”或“否”（true / false）"


def _at_least(ctx: Mapping[str, Any], key: str, strict: bool) -> str:
    bound = ctx.get(key)
    if bound is None:
        return "数值过小，请核对后重新填写"
    shown = _fmt(bound)
    if strict:
        return f"应大于 {shown}，请填写大于 {shown} 的数"
    if shown == "0":
        return "不能小于 0，请填写 0 或正数（没有的填 0）"
    return f"不能小于 {shown}，请填写 {shown} 或更大的数"


def _at_most(ctx: Mapping[str, Any], key: str, strict: bool) -> str:
    bound = ctx.get(key)
    if bound is None:
        return "数值过大，请核对数值和单位"
    shown = _fmt(bound)
    return f"应小于 {shown}，请核对数值和单位" if strict else f"不能大于 {shown}，请核对数值和单位"


def _count(ctx: Mapping[str, Any], key: str, template: str, otherwise: str) -> str:
    value = ctx.get(key)
    return template.format(value) if value is not None else otherwise


def _pattern(spec: LabelledField | None) -> str:
    return f"格式不正确：{spec.help}" if spec and spec.help else "格式不正确，请按提示填写"


def _choices(error: Mapping[str, Any], spec: LabelledField | None) -> str:
    ctx = error.get("ctx") or {}
    options = (
        "、".join(spec.option_label(o) for o in spec.options)
        if spec and spec.options
        else str(ctx.get("expected", ""))
    )
    return f"“{error.get('input')}”不是可选项，只能选择：{options}"


def _own_words(error: Mapping[str, Any], spec: LabelledField | None) -> str:
    """A validator's own message: ours are Chinese; a library's English is never shown."""
    ctx = error.get("ctx") or {}
    text = str(ctx.get("error", "") or "")
    return text if _HAN.search(text) else GENERIC


_HAN = re.compile(r"[\u4e00-\u9fff]")

Message = Callable[[Mapping[str, Any], "LabelledField | None"], str]


def _fixed(text: str) -> Message:
    return lambda error, spec: text


def _ctx(fn: Callable[[Mapping[str, Any]], str]) -> Message:
    return lambda error, spec: fn(error.get("ctx") or {})


# Every error type pydantic-core can report (``pydantic_core.core_schema.ErrorType``), in
# Chinese; a test checks that none is missing, so a pydantic upgrade that adds one fails there.
MESSAGES: dict[str, Message] = {
    # presence and structure
    "missing": _fixed("为必填项，请填写"),
    "extra_forbidden": _fixed("不是本表的栏目，请删除该项或检查拼写"),
    "no_such_attribute": _fixed("不是本表的栏目，请删除该项或检查拼写"),
    "missing_argument": _fixed("为必填项，请填写"),
    "missing_keyword_only_argument": _fixed("为必填项，请填写"),
    "missing_positional_only_argument": _fixed("为必填项，请填写"),
    "unexpected_keyword_argument": _fixed("不是本表的栏目，请删除该项或检查拼写"),
    "unexpected_positional_argument": _fixed("多填了内容，请删除多余的项"),
    "multiple_argument_values": _fixed("重复填写了同一栏目，请只保留一处"),
    "arguments_type": _fixed(OBJECT),
    "model_type": _fixed(OBJECT),
    "model_attributes_type": _fixed(OBJECT),
    "dataclass_type": _fixed(OBJECT),
    "dataclass_exact_type": _fixed(OBJECT),
    "dict_type": _fixed(OBJECT),
    "mapping_type": _fixed(OBJECT),
    "ordered_dict_type": _fixed(OBJECT),
    "counter_type": _fixed(OBJECT),
    "frozen_dict_type": _fixed(OBJECT),
    "invalid_key": _fixed("栏目名应为文字，请检查文件"),
    "get_attribute_error": _fixed("无法读取，请检查文件"),
    "frozen_field": _fixed("不能修改"),
    "frozen_instance": _fixed("不能修改"),
    "default_factory_not_called": _fixed(GENERIC),
    "none_required": _fixed("本栏目应留空"),
    "missing_sentinel_error": _fixed("本栏目应留空"),
    "union_tag_invalid": _fixed(NOT_A_FORM_VALUE),
    "union_tag_not_found": _fixed(NOT_A_FORM_VALUE),
    "is_instance_of": _fixed(NOT_A_FORM_VALUE),
    "is_subclass_of": _fixed(NOT_A_FORM_VALUE),
    "callable_type": _fixed(NOT_A_FORM_VALUE),
    "ellipsis_error": _fixed(NOT_A_FORM_VALUE),
    "needs_python_object": _fixed(NOT_A_FORM_VALUE),
    "json_invalid": _fixed("JSON 格式错误，请检查括号、引号和逗号"),
    "json_type": _fixed("应为 JSON 文字"),
    "recursion_loop": _fixed("内容循环引用，请检查文件"),
    "recursion_depth_exceeded": _fixed("嵌套层数过多，请检查文件"),
    # text
    "string_type": _fixed("应为文字"),
    "string_unicode": _fixed("含有无法识别的字符，请重新输入"),
    "string_not_ascii": _fixed("只能含英文字母、数字和常用符号"),
    "string_too_short": _fixed("不能为空"),
    "string_too_long": _ctx(
        lambda c: _count(c, "max_length", "不能超过 {} 个字，请精简", "字数过多，请精简")
    ),
    "string_pattern_mismatch": lambda error, spec: _pattern(spec),
    "bytes_type": _fixed("应为文字"),
    "bytes_too_short": _fixed("内容过短"),
    "bytes_too_long": _fixed("内容过长，请精简"),
    "bytes_invalid_encoding": _fixed("编码有误，请检查文件"),
    "url_type": _fixed("应为网址，例如 https://www.example.cn"),
    "url_parsing": _fixed("网址格式不正确，例如 https://www.example.cn"),
    "url_syntax_violation": _fixed("网址格式不正确，例如 https://www.example.cn"),
    "url_too_long": _fixed("网址过长"),
    "url_scheme": _fixed("网址应以 http:// 或 https:// 开头"),
    "uuid_type": _fixed("标识格式不正确，请检查文件"),
    "uuid_parsing": _fixed("标识格式不正确，请检查文件"),
    "uuid_version": _fixed("标识格式不正确，请检查文件"),
    # numbers
    "greater_than_equal": _ctx(lambda c: _at_least(c, "ge", strict=False)),
    "greater_than": _ctx(lambda c: _at_least(c, "gt", strict=True)),
    "less_than_equal": _ctx(lambda c: _at_most(c, "le", strict=False)),
    "less_than": _ctx(lambda c: _at_most(c, "lt", strict=True)),
    "multiple_of": _ctx(
        lambda c: _count(c, "multiple_of", "应为 {} 的整数倍", "不是允许的数值，请核对")
    ),
    "finite_number": _fixed("不能为非法数值（NaN 或 Infinity），请填写数字，例如 120.5"),
    "decimal_max_places": _ctx(
        lambda c: _count(c, "decimal_places", "最多保留 {} 位小数", "小数位数过多，请核对")
    ),
    "decimal_max_digits": _fixed("数值位数过多，请核对数值和单位"),
    "decimal_whole_digits": _fixed("整数部分位数过多，请核对数值和单位"),
    "decimal_parsing": _fixed(A_NUMBER),
    "decimal_type": _fixed(A_NUMBER),
    "float_parsing": _fixed(A_NUMBER),
    "float_type": _fixed(A_NUMBER),
    "fraction_parsing": _fixed(A_NUMBER),
    "fraction_type": _fixed(A_NUMBER),
    "complex_str_parsing": _fixed(A_NUMBER),
    "complex_type": _fixed(A_NUMBER),
    "int_parsing": _fixed(AN_INTEGER),
    "int_type": _fixed(AN_INTEGER),
    "int_from_float": _fixed("应为整数，不能带小数"),
    "int_parsing_size": _fixed("数值过大，请核对数值和单位"),
    "bool_parsing": _fixed(YES_NO),
    "bool_type": _fixed(YES_NO),
    # dates and times
    "date_parsing": _fixed(A_DATE),
    "date_type": _fixed(A_DATE),
    "date_from_datetime_parsing": _fixed(A_DATE),
    "date_from_datetime_inexact": _fixed("应为日期，不含时间"),
    "date_past": _fixed("应为今天以前的日期，请核对"),
    "date_future": _fixed("应为今天以后的日期，请核对"),
    "datetime_type": _fixed(A_TIME),
    "datetime_parsing": _fixed(A_TIME),
    "datetime_object_invalid": _fixed(A_TIME),
    "datetime_from_date_parsing": _fixed(A_TIME),
    "datetime_past": _fixed("应为现在以前的时间，请核对"),
    "datetime_future": _fixed("应为现在以后的时间，请核对"),
    "time_type": _fixed("应为时间，例如 09:30"),
    "time_parsing": _fixed("应为时间，例如 09:30"),
    "timezone_naive": _fixed("时间不应带时区"),
    "timezone_aware": _fixed("时间应带时区"),
    "timezone_offset": _fixed("时间的时区不正确"),
    "time_delta_type": _fixed("应为时长，例如 3 天"),
    "time_delta_parsing": _fixed("应为时长，例如 3 天"),
    # lists
    "list_type": _fixed(A_LIST),
    "tuple_type": _fixed(A_LIST),
    "named_tuple_type": _fixed(A_LIST),
    "set_type": _fixed(A_LIST),
    "frozen_set_type": _fixed(A_LIST),
    "deque_type": _fixed(A_LIST),
    "iterable_type": _fixed(A_LIST),
    "iteration_error": _fixed("列表无法读取，请检查文件"),
    "set_item_not_hashable": _fixed("列表中的项目格式不正确"),
    "too_long": _ctx(lambda c: _count(c, "max_length", "最多 {} 项，请删减", "项目过多，请删减")),
    "too_short": _ctx(lambda c: _count(c, "min_length", "至少 {} 项", "项目不足，请补充")),
    # choices, and our validators' own words
    "enum": _choices,
    "literal_error": _ctx(lambda c: f"只能选择：{c.get('expected', '')}".rstrip("：")),
    "value_error": _own_words,
    "assertion_error": _own_words,
}


def _message(error: Mapping[str, Any], spec: LabelledField | None = None) -> str:
    message = MESSAGES.get(error["type"])
    return message(error, spec) if message is not None else GENERIC


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
