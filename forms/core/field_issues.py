"""Which problems of a check show under which field of the form: decided once, here, for the
editor's red text and the rules panel's links alike."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace

from forms.core.issues import FieldIssue, Path
from forms.core.rules import RuleResult, Severity, Verdict
from forms.core.validation import ValidationReport

PROFILE = "applicant"  # where the applicant profile's problems sit: no field of the form


def field_of(path: Path) -> str | None:
    """The form field a problem at ``path`` shows under: its first step (a rows field for one of
    its cells), or None for the applicant profile and for the document as a whole."""
    if not path or not isinstance(path[0], str) or path[0] == PROFILE:
        return None
    return path[0]


def cell_of(path: Path) -> tuple[int, str] | None:
    """The row and column a problem at ``path`` names inside a rows field, if it names one."""
    if len(path) >= 3 and isinstance(path[1], int):
        return path[1], str(path[2])
    return None


def rule_field(result: RuleResult) -> str | None:
    """The field a rule leads to: the first one it looks at."""
    return result.fields[0] if result.fields else None


def shows_under_field(result: RuleResult) -> bool:
    """Whether a rule's verdict is written under its field: only a failed must-meet rule is
    (a warning, a rule to check by hand or one awaiting input stays in the rules panel)."""
    return (
        bool(result.fields) and result.severity is Severity.ERROR and result.verdict is Verdict.FAIL
    )


def rule_issue(result: RuleResult) -> FieldIssue:
    """A failed rule as the problem written under its field, citing its article."""
    return FieldIssue(
        (result.fields[0],), "rule", f"{result.message or result.requirement}（{result.article}）"
    )


def issues_by_field(issues: Iterable[FieldIssue]) -> dict[str, list[FieldIssue]]:
    """Problems grouped under the field each shows under, in their order; others left out."""
    grouped: dict[str, list[FieldIssue]] = {}
    for issue in issues:
        name = field_of(issue.path)
        if name is not None:
            grouped.setdefault(name, []).append(issue)
    return grouped


def fields_in_error(typed: Iterable[FieldIssue]) -> set[str]:
    """The fields whose typed values do not parse (their problems: ``typed``)."""
    return {name for issue in typed if (name := field_of(issue.path)) is not None}


def waits_for_fix(result: RuleResult, wrong: Collection[str]) -> bool:
    """Whether a rule looks at a field in error (``wrong``): it ran without that value, so its
    verdict says nothing until the value is corrected."""
    return any(name in wrong for name in result.fields)


def with_typed_issues(report: ValidationReport, typed: Sequence[FieldIssue]) -> ValidationReport:
    """The report on a draft whose values in error were left out (``forms.core.typed.salvage``),
    with those values' problems (``typed``) leading its field issues: a field left out is not
    also said to be empty, and the draft cannot be submitted until they are corrected."""
    wrong = fields_in_error(typed)
    rest = tuple(i for i in report.field_issues if field_of(i.path) not in wrong)
    return replace(report, field_issues=(*typed, *rest))


def report_by_field(
    report: ValidationReport,
    *,
    with_missing: bool = False,
    typed: Sequence[FieldIssue] = (),
) -> dict[str, list[FieldIssue]]:
    """What a check writes under each field: the values typed that do not parse (``typed``),
    its failed must-meet rules (but not one that looks at a value in error: it ran without it),
    and with ``with_missing`` (after a refused submission) the required fields left empty."""
    wrong = fields_in_error(typed)
    missing = [i for i in report.field_issues if i not in typed] if with_missing else []
    rules = [
        rule_issue(r)
        for r in report.results
        if shows_under_field(r) and not waits_for_fix(r, wrong)
    ]
    return issues_by_field([*typed, *missing, *rules])
