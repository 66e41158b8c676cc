"""Every cross-claim cap lists a 需人工核实 line for grants the store cannot see (issue 13
item 12): earlier years, other offices, paper."""

from __future__ import annotations

import inspect

import pytest

from forms import all_forms
from forms.core.rules import Severity, StaticHistory, Verdict
from tests.helpers.verdicts import report_for, result

NO_PRIOR = StaticHistory([])

# Each cap that sums over claims, the form data that makes it apply, and its manual line.
CAPS = [
    ("rd_subsidy", "rd.matching.ratio", {}),
    ("rd_subsidy", "rd.matching.cap_per_firm", {}),
    (
        "rd_subsidy",
        "rd.postdoc.once",
        {
            "category": "postdoc",
            "requested_amount": "30",
            "postdoc_approved_on": "2026-03-01",
            "postdoc_approval_no": "人社部发〔2026〕3号",
        },
    ),
    ("new_track", "new_track.cap.cumulative", {}),
    (
        "enclave",
        "enclave.tech.cap.cumulative",
        {
            "enclave_type": "tech",
            "is_filed": True,
            "filing_number": "桂园办备〔2025〕12号",
            "filing_date": "2025-06-01",
            "requested_amount": "100",
            "province": "guangdong",
        },
    ),
]


@pytest.mark.parametrize(("kind", "cap", "data"), CAPS)
def test_every_cross_claim_cap_has_a_manual_line_for_unseen_grants(kind, cap, data):
    report = report_for(kind, data=data, history=NO_PRIOR)
    assert result(report, cap).verdict is not Verdict.NOT_APPLICABLE
    line = result(report, f"{cap}.unseen")
    assert line.verdict is Verdict.MANUAL and line.severity is Severity.MANUAL
    assert "以往年度" in line.requirement and "纸质" in line.requirement
    assert "人工核实" in line.requirement
    assert result(report, cap).article == line.article


def test_the_manual_line_is_absent_where_its_cap_does_not_apply():
    report = report_for("rd_subsidy", data={"category": "pilot"}, history=NO_PRIOR)
    assert result(report, "rd.matching.cap_per_firm.unseen").verdict is Verdict.NOT_APPLICABLE


def test_every_rule_that_reads_other_claims_has_its_line():
    # a rule that reads the firm's other claims is a cross-claim cap: it needs its line
    readers = set()
    for definition in all_forms().values():
        ids = {r.id for r in definition.rules}
        for rule in definition.rules:
            if "live_claims(" in inspect.getsource(rule.evaluate):
                readers.add(rule.id)
                assert f"{rule.id}.unseen" in ids, rule.id
    assert readers == {cap for _, cap, _ in CAPS}
