"""Which problems of a check show under which field: decided in forms/core, not in a window."""

from __future__ import annotations

from forms.core.field_issues import (
    cell_of,
    field_of,
    fields_in_error,
    issues_by_field,
    report_by_field,
    rule_field,
    shows_under_field,
    waits_for_fix,
    with_typed_issues,
)
from forms.core.issues import FieldIssue
from forms.core.rules import RuleResult, Severity, Verdict
from forms.core.validation import ValidationReport


def result(
    rule_id: str, severity: Severity, verdict: Verdict, fields: tuple[str, ...] = ("amount",)
) -> RuleResult:
    return RuleResult(rule_id, "第五条", "不超过 300 万元", severity, verdict, "", "", fields)


MISSING = FieldIssue(("name",), "missing", "必填", "名称")
PROFILE = FieldIssue(("applicant", "uscc"), "missing", "必填", "申报主体·统一社会信用代码")
CELL = FieldIssue(("partners", 1, "uscc"), "invalid", "校验位不对", "合作单位")
REPORT = ValidationReport(
    "incubator",
    "2024",
    (MISSING, PROFILE),
    (
        result("cap", Severity.ERROR, Verdict.FAIL, ("amount", "total")),
        result("warn", Severity.WARNING, Verdict.FAIL),
        result("manual", Severity.ERROR, Verdict.MANUAL),
        result("waiting", Severity.ERROR, Verdict.INCOMPLETE),
        result("passed", Severity.ERROR, Verdict.PASS),
        result("nowhere", Severity.ERROR, Verdict.FAIL, ()),
    ),
)


def test_a_problem_shows_under_the_first_step_of_its_path_but_the_profiles_under_none():
    assert field_of(("amount",)) == "amount"
    assert field_of(("partners", 1, "uscc")) == "partners"
    assert field_of(("applicant", "uscc")) is None  # the profile has its own page
    assert field_of(()) is None and field_of((0, "x")) is None
    assert cell_of(CELL.path) == (1, "uscc") and cell_of(("amount",)) is None


def test_only_a_failed_must_meet_rule_is_written_under_its_first_field():
    shown = [r.rule_id for r in REPORT.results if shows_under_field(r)]
    assert shown == ["cap"]
    assert rule_field(REPORT.results[0]) == "amount" and rule_field(REPORT.results[-1]) is None


def test_a_check_maps_each_field_to_its_problems():
    by_field = report_by_field(REPORT)
    assert list(by_field) == ["amount"]
    (issue,) = by_field["amount"]
    assert issue.path == ("amount",) and issue.message == "不超过 300 万元（第五条）"


def test_after_a_refused_submission_the_empty_required_fields_come_first():
    by_field = report_by_field(REPORT, with_missing=True)
    assert list(by_field) == ["name", "amount"]
    assert by_field["name"] == [MISSING]


def test_input_problems_are_grouped_the_same_way():
    assert issues_by_field([CELL, PROFILE, MISSING]) == {"partners": [CELL], "name": [MISSING]}


WRONG_AMOUNT = FieldIssue(("amount",), "decimal_parsing", "应为数字", "申请金额")


def test_a_wrong_value_leads_the_report_and_is_not_also_said_to_be_empty():
    empty_amount = FieldIssue(("amount",), "missing", "必填", "申请金额")
    report = ValidationReport("incubator", "2024", (empty_amount, MISSING), REPORT.results)
    typed = with_typed_issues(report, [WRONG_AMOUNT])
    assert typed.field_issues == (WRONG_AMOUNT, MISSING)
    assert typed.results == REPORT.results and not typed.can_submit


def test_a_rule_that_looks_at_a_wrong_value_waits_for_it():
    wrong = fields_in_error([WRONG_AMOUNT, CELL, PROFILE])
    assert wrong == {"amount", "partners"}
    waiting = [r.rule_id for r in REPORT.results if waits_for_fix(r, wrong)]
    assert waiting == ["cap", "warn", "manual", "waiting", "passed"]
    assert not waits_for_fix(REPORT.results[-1], wrong)  # it looks at no field


def test_under_the_fields_a_wrong_value_shows_and_no_rule_that_ran_without_it():
    other = result("other", Severity.ERROR, Verdict.FAIL, ("total",))
    report = ValidationReport(
        "incubator", "2024", (WRONG_AMOUNT, MISSING), (*REPORT.results, other)
    )
    by_field = report_by_field(report, typed=[WRONG_AMOUNT])
    assert by_field["amount"] == [WRONG_AMOUNT]  # not the failed cap: it ran without the amount
    assert [i.message for i in by_field["total"]] == ["不超过 300 万元（第五条）"]
    assert "name" not in by_field
    shown = report_by_field(report, typed=[WRONG_AMOUNT], with_missing=True)
    assert shown["amount"] == [WRONG_AMOUNT] and shown["name"] == [MISSING]  # each once
