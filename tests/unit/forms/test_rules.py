"""The shared check helpers of forms/core/rules.py: figures, shares, comparisons, prior claims."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms.core.rules import (
    PriorClaim,
    Verdict,
    at_least,
    at_most,
    claimed_amount,
    claimed_total,
    entered,
    fmt_amount,
    not_more_than,
    ratio_inputs,
    share_at_least,
)

# --- a failing figure never reads as its threshold ------------------------------------------


def test_a_failing_share_never_shows_as_its_threshold():
    check = at_least(Decimal("74.9999"), 75, what="在孵企业使用面积占比", unit="%")
    assert check.verdict is Verdict.FAIL
    assert check.observed == "74.99 %"
    assert check.message == "在孵企业使用面积占比为 74.99 %，低于要求的 75 %"


def test_an_excess_never_shows_as_its_cap():
    check = at_most(Decimal("80.0001"), 80, what="专业孵化服务人员占比", unit="%")
    assert check.verdict is Verdict.FAIL
    assert check.observed == "80.01 %"
    assert "为 80.01 %，超过上限 80 %" in check.message


def test_figures_that_already_differ_keep_their_usual_form():
    assert at_least(Decimal("74.5"), 75, what="x", unit="%").observed == "74.5 %"
    money = at_most(Decimal("100.0001"), 100, what="申请后补助金额", unit="万元")
    assert "为 100.0001 万元，超过上限 100 万元" in money.message
    assert at_least(Decimal("75.004"), 75, what="x", unit="%").observed == "75 %"  # passes


def test_a_finer_threshold_is_shown_as_finely_as_needed():
    check = at_least(Decimal("74.99951"), Decimal("74.9996"), what="x", unit="%")
    assert check.verdict is Verdict.FAIL
    assert check.message == "x为 74.9995 %，低于要求的 74.9996 %"


@given(
    st.decimals(min_value=0, max_value=100, places=8, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=100),
)
def test_failing_figures_always_read_differently(value, limit):
    low = at_least(value, limit, what="x", unit="%")
    if value < limit:
        assert low.verdict is Verdict.FAIL
        assert low.observed != fmt_amount(Decimal(limit), "%")
        assert f"为 {low.observed}，低于要求的 {fmt_amount(Decimal(limit), '%')}" in low.message
    high = at_most(value, limit, what="x", unit="%")
    if value > limit:
        assert high.verdict is Verdict.FAIL
        assert high.observed != fmt_amount(Decimal(limit), "%")


# --- shares of a whole ------------------------------------------------------------------------

SHARE = {"part_label": "有知识产权的在孵企业数", "whole_label": "在孵企业数", "unit": "家"}


def test_share_at_least():
    ok = share_at_least(68, 136, 50, **SHARE)
    assert ok.verdict is Verdict.PASS and ok.observed == "50 %（68 / 136 家）"
    low = share_at_least(67, 136, 50, **SHARE)
    assert low.verdict is Verdict.FAIL and "低于要求的 50 %" in low.message


def test_a_part_larger_than_its_whole_fails():
    check = share_at_least(500, 136, 50, **SHARE)
    assert check.verdict is Verdict.FAIL
    assert check.message == "有知识产权的在孵企业数（500 家）大于在孵企业数（136 家），请核对"


def test_a_zero_whole_fails_and_names_the_figure():
    check = share_at_least(0, 0, 50, **SHARE)
    assert check.verdict is Verdict.FAIL and check.message == "在孵企业数为 0，请核对"


@pytest.mark.parametrize(
    ("part", "whole", "named"), [(None, 10, "有知识产权"), (3, None, "在孵企业数")]
)
def test_a_missing_figure_is_incomplete(part, whole, named):
    check = share_at_least(part, whole, 50, **SHARE)
    assert check.verdict is Verdict.INCOMPLETE and named in check.message


def test_ratio_inputs_of_figures_that_are_not_parts():
    # tenants per area: the "part" may well exceed the "whole"
    args = {"part_label": "在孵企业数", "whole_label": "场地面积", "unit": "家", "whole_unit": "㎡"}
    assert ratio_inputs(136, 100, part_of_whole=False, **args) is None
    zero = ratio_inputs(136, 0, part_of_whole=False, **args)
    assert zero is not None and zero.verdict is Verdict.FAIL and "场地面积为 0" in zero.message


def test_not_more_than():
    args = {"what": "申请资助金额", "other_what": "项目总投资"}
    assert not_more_than(Decimal(5), Decimal(5), **args).verdict is Verdict.PASS
    over = not_more_than(Decimal("5.0001"), Decimal(5), fix="请核对两项金额", **args)
    assert over.verdict is Verdict.FAIL
    assert over.message == "申请资助金额 5.0001 万元 超过项目总投资 5 万元，请核对两项金额"
    assert over.observed == "申请资助金额 5.0001 万元 / 项目总投资 5 万元"
    missing = not_more_than(None, Decimal(5), **args)
    assert missing.verdict is Verdict.INCOMPLETE and missing.message == "请填写申请资助金额"


# --- amounts of prior claims ------------------------------------------------------------------


def _prior(amount: object, number: str = "GX-1") -> PriorClaim:
    data = {} if amount is None else {"requested_amount": amount}
    return PriorClaim(1, number, "rd_subsidy", "已提交", "t", data)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("300", Decimal(300)),
        ("0", Decimal(0)),
        (12.5, Decimal("12.5")),
        ("abc", None),
        ("-1", None),
        ("NaN", None),
        ("Infinity", None),
        (None, None),
    ],
)
def test_claimed_amount_is_none_when_unreadable(amount, expected):
    assert claimed_amount(_prior(amount)) == expected


def test_claimed_total_lists_the_unreadable():
    total = claimed_total([_prior("100", "A"), _prior("abc", "B"), _prior("50", "C")])
    assert total.total == Decimal(150)
    assert [c.number for c in total.unreadable] == ["B"]
    check = total.manual("本次 10 万元")
    assert check.verdict is Verdict.MANUAL and "B" in check.message and "人工核实" in check.message
    assert total.listed() == "A（100 万元）、C（50 万元）"


def test_large_figures_a_hair_apart_still_read_apart():
    value = Decimal("99999998.99999999999999999999")
    check = at_least(value, Decimal("99999999"), what="x", unit="万元")
    assert check.message == "x为 99,999,998.99 万元，低于要求的 99,999,999 万元"
    # 30 significant digits: beyond the default precision of 28
    limit = Decimal("99999999.0000000000000000000002")
    hair = at_least(Decimal("99999999.0000000000000000000001"), limit, what="x", unit="万元")
    assert hair.verdict is Verdict.FAIL
    assert hair.message == (
        "x为 99,999,999.0000000000000000000001 万元，"
        "低于要求的 99,999,999.0000000000000000000002 万元"
    )


def test_entered_shows_what_was_typed_for_an_officer():
    from datetime import date

    from forms.incubator import Level

    shown = entered(Level.NATIONAL, None, "", "国科火字〔2024〕1号", date(2024, 6, 30))
    assert shown == "国家级 国科火字〔2024〕1号 2024-06-30"
    assert entered(None, "") == ""
