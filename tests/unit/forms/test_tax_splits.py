"""飞地园区: 增值税 and 企业所得税 each have their own split, each adding up to 100% (issue 13
item 16); data of form version 2 (one split for both) still loads."""

from __future__ import annotations

import pytest

from forms import all_forms, get_form
from forms.applicant import APPLICANT
from forms.core.document import documents_from_json
from forms.core.rules import Verdict
from forms.core.validation import parse_form
from tests.helpers.examples import example_json
from tests.helpers.verdicts import report_for, result


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Verdict.PASS),
        ({"cit_out_share": "70", "cit_in_share": "30"}, Verdict.PASS),  # its own split
        ({"cit_out_share": "70", "cit_in_share": "40"}, Verdict.FAIL),
        ({"out_share": "60", "in_share": "30"}, Verdict.FAIL),
    ],
)
def test_each_tax_adds_up_to_100(data, expected):
    report = report_for("enclave", data=data)
    r = result(report, "enclave.park.tax_total")
    assert r.verdict is expected
    assert "增值税" in r.observed and "企业所得税" in r.observed
    assert report.can_submit is (expected is Verdict.PASS)


def test_the_failing_tax_is_named():
    r = result(
        report_for("enclave", data={"cit_out_share": "70", "cit_in_share": "40"}),
        "enclave.park.tax_total",
    )
    assert r.message.startswith("企业所得税飞出地分成比例 70 %") and "110 %" in r.message
    assert "增值税飞出地" not in r.message


def test_the_investment_ratio_judges_the_cit_share_too():
    # 增值税 40 % matches the 40 % invested; only the 企业所得税 share is 10.01 points off
    off = {"cit_out_share": "49.99", "cit_in_share": "50.01"}
    report = report_for("enclave", data=off)
    r = result(report, "enclave.park.investment_ratio")
    assert r.verdict is Verdict.FAIL and "与企业所得税飞入地分成比例 50.01 %" in r.message
    assert report.can_submit, "a warning informs, it does not block"
    within = {"cit_out_share": "50", "cit_in_share": "50"}
    assert result(report_for("enclave", data=within), r.rule_id).verdict is Verdict.PASS


def test_a_missing_cit_share_is_incomplete():
    report = report_for("enclave", drop=("cit_in_share",))
    assert result(report, "enclave.park.tax_total").verdict is Verdict.INCOMPLETE
    assert ("cit_in_share",) in {i.path for i in report.field_issues}


def test_a_version_2_document_still_loads_with_one_split_for_both():
    doc = example_json("enclave")
    doc["form_version"] = 2
    for key in ("cit_out_share", "cit_in_share"):
        del doc["data"][key]
    [loaded] = documents_from_json(doc, all_forms(), APPLICANT)
    assert loaded.form.cit_out_share == loaded.form.out_share == 60
    assert loaded.form.cit_in_share == loaded.form.in_share == 40
    assert get_form("enclave").version == 3


def test_reshaping_twice_changes_nothing():
    definition = get_form("enclave")
    old = {"out_share": "55", "in_share": "45"}
    once, _ = definition.upgrade(old)
    twice, _ = definition.upgrade(once)
    assert once == twice == {**old, "cit_out_share": "55", "cit_in_share": "45"}
    today = {"out_share": "55", "in_share": "45", "cit_out_share": "70", "cit_in_share": "30"}
    assert definition.upgrade(today)[0] == today


def test_a_version_2_store_row_loads():
    data = example_json("enclave")["data"]
    for key in ("cit_out_share", "cit_in_share"):
        del data[key]
    form = get_form("enclave").load(data)
    assert form.cit_in_share == 40
    form, issues = parse_form(get_form("enclave"), data)
    assert form is not None and not issues
