"""Checks a clerk expected (issue 13 items 13, 17): each an error unless noted."""

from __future__ import annotations

import pytest

from forms import get_form
from forms.core.rules import Severity, StaticHistory, Verdict
from forms.core.validation import parse_form
from tests.helpers.examples import example_json
from tests.helpers.verdicts import report_for, result

NO_PRIOR = StaticHistory([])


@pytest.mark.parametrize(
    ("rule_id", "passing", "failing"),
    [
        (
            "incubator.tenant_area.within_total",
            {"tenant_area": "32000"},
            {"tenant_area": "32000.01"},
        ),
        ("incubator.staff.within_total", {"staff_professional": 26}, {"staff_professional": 27}),
        (
            "incubator.certified_after_founding",
            {"certified_on": "2016-03-18"},
            {"certified_on": "2016-03-17"},
        ),
    ],
)
def test_incubator_figures_agree(rule_id, passing, failing):
    good = report_for("incubator", data=passing)
    assert result(good, rule_id).verdict is Verdict.PASS
    bad = report_for("incubator", data=failing)
    r = result(bad, rule_id)
    assert r.verdict is Verdict.FAIL and r.severity is Severity.ERROR
    assert r.form_requirement and r.article.startswith("填报要求")
    assert not bad.can_submit and r.message


MATCHING_OVER = {"requested_amount": "300", "total_investment": "299.9999"}


def test_matching_request_within_total_investment():
    ok = report_for("rd_subsidy", data={"total_investment": "300"}, history=NO_PRIOR)
    assert result(ok, "rd.pilot_transfer.within_investment").verdict is Verdict.PASS
    bad = report_for("rd_subsidy", data=MATCHING_OVER, history=NO_PRIOR)
    assert result(bad, "rd.pilot_transfer.within_investment").verdict is Verdict.FAIL
    assert not bad.can_submit


@pytest.mark.parametrize(
    ("kind", "start", "end"),
    [
        ("new_track", "start_date", "end_date"),
        ("rd_subsidy", "period_start", "period_end"),
        ("enclave", "term_start", "term_end"),
    ],
)
def test_a_period_ends_strictly_after_it_starts(kind, start, end):
    definition = get_form(kind)
    data = example_json(kind)["data"]
    form, issues = parse_form(definition, data | {start: "2026-01-01", end: "2026-01-02"})
    assert form is not None and not issues
    form, issues = parse_form(definition, data | {start: "2026-01-01", end: "2026-01-01"})
    assert form is None
    [issue] = issues
    assert issue.path == (end,) and "同一天" in issue.message and "应晚于" in issue.message


# --- item 13: the applicant operates the certified carrier ----------------------------------


def test_operator_of_the_carrier_is_a_manual_check():
    r = result(report_for("incubator"), "incubator.operator")
    assert r.verdict is Verdict.MANUAL and r.severity is Severity.MANUAL
    assert "运营机构" in r.requirement
    assert "南宁高新区创新创业服务中心有限公司" in r.observed
    assert "南宁高新区科技企业孵化基地" in r.observed
    assert r.article == "《若干措施》第（十）条"


def test_operator_check_shows_what_is_missing():
    r = result(report_for("incubator", data={"certification_document": None}), "incubator.operator")
    assert r.verdict is Verdict.MANUAL and "国科火字" not in r.observed


# --- item 14: 第（五）条 matches the funds received, and shows the approved total ------------


def test_matching_uses_funds_received_and_shows_the_approved_total():
    report = report_for("rd_subsidy", data={"requested_amount": "300"}, history=NO_PRIOR)
    r = result(report, "rd.matching.ratio")
    assert r.verdict is Verdict.PASS
    assert "已获（实际到账）国家专项资金" in r.requirement and "不按批复总额" in r.requirement
    assert "已获（到账）国家专项资金 300 万元（批复总额 450 万元）" in r.observed
    # within the approved 450 but above the 300 received: refused
    over = report_for("rd_subsidy", data={"requested_amount": "450"}, history=NO_PRIOR)
    r = result(over, "rd.matching.ratio")
    assert r.verdict is Verdict.FAIL and "最多可申请 300 万元" in r.message
    assert "批复总额 450 万元" in r.observed


def test_a_certification_date_without_the_founding_date_asks_for_it():
    report = report_for("incubator", drop=("operator_founded_on",))
    r = result(report, "incubator.certified_after_founding")
    assert r.verdict is Verdict.INCOMPLETE and r.message == "请填写运营机构成立日期"
    assert not report.can_submit
