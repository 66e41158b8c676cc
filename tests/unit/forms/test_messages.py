"""Input messages: numbers as people write them, and no pydantic English ever shown."""

from __future__ import annotations

import re
import typing
from decimal import Decimal

import pytest
from pydantic_core.core_schema import ErrorType

from forms import get_form
from forms.core.fields import number_problem
from forms.core.issues import GENERIC, MESSAGES, _message
from forms.core.validation import parse_form

ENGLISH = re.compile(r"[A-Za-z]{3,}")
# Words our own messages use on purpose: formats and values the user types or sees in files.
OURS = {"JSON", "NaN", "Infinity", "true", "false", "http", "https", "www", "example"}


def _english(text: str) -> list[str]:
    return [w for w in ENGLISH.findall(text) if w not in OURS]


def _parse(kind: str, **data: object):
    return parse_form(get_form(kind), data)


# --- item 10: thousands separators in threes, and no date read as an amount ------------------


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1,234.5", Decimal("1234.5")),
        ("12,345,678", Decimal(12345678)),
        ("1，234。5", Decimal("1234.5")),
        ("1 234", Decimal(1234)),
        ("100", Decimal(100)),
    ],
)
def test_separators_in_groups_of_three_are_read(typed, read):
    form, issues = _parse("incubator", requested_amount=typed)
    assert not issues and form is not None and form.requested_amount == read


@pytest.mark.parametrize("typed", ["10,0", "1,23", "12,34,567", "1 23", "1,234.5,6", "1,2345"])
def test_misplaced_separators_are_refused_naming_the_field(typed):
    form, issues = _parse("incubator", requested_amount=typed)
    assert form is None
    [issue] = issues
    assert issue.describe().startswith("「申请后补助金额」")
    assert "分隔符" in issue.message and typed in issue.message


@pytest.mark.parametrize("typed", ["2026-11-30", "2026/11/30", "2026.11.30", "2026年11月30日"])
def test_an_amount_never_takes_a_date(typed):
    form, issues = _parse("incubator", requested_amount=typed)
    assert form is None
    assert issues[0].describe().startswith("「申请后补助金额」") and "日期" in issues[0].message


def test_a_count_refuses_misplaced_separators_too():
    form, issues = _parse("incubator", tenant_count="1,00")
    assert form is None and issues[0].label == "在孵企业数" and "分隔符" in issues[0].message


def test_number_problem_passes_plain_numbers():
    assert number_problem("-12.5") is None and number_problem("0") is None


# --- item 18: every pydantic error type in Chinese -------------------------------------------


def test_every_pydantic_error_type_has_a_chinese_message():
    known = set(typing.get_args(ErrorType))
    assert known, "pydantic_core lists its error types"
    missing = sorted(known - set(MESSAGES))
    assert not missing, f"no Chinese message for {missing}"


@pytest.mark.parametrize("kind", sorted(typing.get_args(ErrorType)))
def test_no_message_carries_english(kind):
    error = {"type": kind, "msg": "Input should be a valid thing", "input": "x", "ctx": {}}
    text = _message(error)
    assert text and not _english(text), text
    with_ctx = {
        **error,
        "ctx": {
            "error": "value is not valid",
            "ge": 0,
            "le": 9,
            "gt": 0,
            "lt": 9,
            "max_length": 5,
            "min_length": 1,
            "decimal_places": 4,
            "multiple_of": 2,
            "expected": "'a'",
        },
    }
    text = _message(with_ctx)
    assert text and not _english(text), text
    assert "None" not in text


def test_a_library_value_error_in_english_is_not_shown():
    error = {"type": "value_error", "ctx": {"error": "Invalid decimal"}, "msg": "Value error"}
    assert _message(error) == GENERIC
    ours = {"type": "value_error", "ctx": {"error": "不能早于开始日期"}, "msg": "x"}
    assert _message(ours) == "不能早于开始日期"


def test_an_unknown_error_type_is_still_chinese():
    assert _message({"type": "brand_new_type", "msg": "Something English"}) == GENERIC


def test_not_less_than_zero_says_what_to_enter():
    form, issues = _parse("incubator", requested_amount="-5")
    assert form is None
    assert issues[0].message.startswith("不能小于 0") and "请填写 0 或正数" in issues[0].message
    form, issues = _parse("incubator", evaluation_year=1999)
    assert "不能小于 2000，请填写 2000 或更大的数" in issues[0].message


def test_a_non_finite_number_names_its_field():
    form, issues = _parse("incubator", total_area=Decimal("NaN"))
    assert form is None and issues[0].label == "可自主支配孵化场地面积"
    assert "非法数值 NaN" in issues[0].message
