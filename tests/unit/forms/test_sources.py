"""Honest sources (issue 13 items 11, 15): what the article states is cited under it; what is
ours is a 填报要求 with its own stated basis; a lapsed source says its basis needs confirming."""

from __future__ import annotations

import pytest

from forms import all_forms
from forms.core.catalogue import load_catalogue
from forms.core.rules import FORM_REQUIREMENT, RuleSet, Severity, Verdict
from tests.helpers.verdicts import report_for, result

# Checks the texts do not state: each must be a 填报要求, never printed under an article.
OURS = [
    ("enclave", "enclave.park.investment_ratio"),  # the 10-point tolerance
    ("new_track", "new_track.period"),  # the 12-month minimum period
    ("new_track", "new_track.funding.balance"),  # the funding balance
    ("new_track", "new_track.funding.within_total"),
    ("new_track", "new_track.participants.unique"),  # unique participants
    ("new_track", "new_track.participants.lead"),
    ("new_track", "new_track.baseline.hte"),
    ("rd_subsidy", "rd.matching.funds_received"),
    ("rd_subsidy", "rd.pilot_transfer.within_investment"),
    ("rd_subsidy", "rd.post_subsidy.plausible"),
]


@pytest.mark.parametrize(("kind", "rule_id"), OURS)
def test_a_check_the_article_does_not_state_is_a_form_requirement(kind, rule_id):
    rule = all_forms()[kind].rules.get(rule_id)
    assert rule.basis is not None and not rule.article
    source = rule.source(load_catalogue())
    assert source.startswith(f"{FORM_REQUIREMENT}：")
    assert "《" not in source  # never under a text's name


def test_an_article_check_is_still_cited_under_its_article():
    r = result(report_for("rd_subsidy"), "rd.matching.ratio")
    assert r.article == "《若干措施》第（五）条" and not r.form_requirement


def test_figures_that_are_ours_are_marked_and_read_only_by_form_requirements():
    catalogue = load_catalogue()
    assert {
        "new_track.min_period_months",
        "enclave.investment_share_tolerance_points",
        "rd.intensity_warning_percent",
    } <= catalogue.ours
    for key in catalogue.ours:
        catalogue.value(key)  # every figure marked ours exists
    for definition in all_forms().values():
        for rule in definition.rules:
            ours = catalogue.ours & set(rule.params.values())
            assert not ours or rule.basis is not None, (rule.id, ours)
        for m in definition.materials:  # an article's quoted words hold only its own figures
            ours = catalogue.ours & set(m.basis.params.values())
            assert not ours or m.basis.is_requirement, (m.id, ours)


def test_a_rule_gives_an_article_or_a_basis_not_both():
    rules = RuleSet()
    with pytest.raises(ValueError):
        rules.rule("x", article="incubator", basis="consistent_figures", requirement="r")
    with pytest.raises(ValueError):
        rules.rule("y", requirement="r")


# --- item 15: a lapsed source ---------------------------------------------------------------

POST = {
    "category": "post_subsidy",
    "rd_year": 2025,
    "rd_last_year": "500",
    "revenue_last_year": "10000",
    "rd_year_before": "400",
    "revenue_year_before": "9000",
    "rd_deduction": "500",
    "requested_amount": "50",
}


def test_rules_on_a_lapsed_source_say_their_basis_needs_confirming():
    report = report_for("rd_subsidy", data=POST)
    cited = [r for r in report.results if r.article.startswith("《广西大众创业万众创新")]
    assert cited
    for r in cited:
        assert "2021—2023年" in r.source_note and "需人工核实" in r.source_note, r.rule_id
    basis = result(report, "rd.post_subsidy.basis_in_force")
    assert basis.verdict is Verdict.MANUAL and basis.severity is Severity.MANUAL
    assert "现行政策" in basis.requirement


def test_a_source_in_force_says_nothing_of_the_kind():
    catalogue = load_catalogue().with_value("lapsed.rd_post_subsidy", "")
    report = report_for("rd_subsidy", data=POST, catalogue=catalogue)
    assert all(not r.source_note for r in report.results)
    assert result(report, "rd.post_subsidy.basis_in_force").verdict is Verdict.NOT_APPLICABLE
    measures = [r for r in report_for("incubator").results if r.article.startswith("《若干措施》")]
    assert measures and all(not r.source_note for r in measures)
