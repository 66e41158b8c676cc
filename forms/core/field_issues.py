"""Which problems of a check show under which field of the form: decided once, here, for the
editor's red text and the rules panel's links alike."""

from __future__ import annotations

from collections.abc import Iterable

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


def report_by_field(
    report: ValidationReport, *, with_missing: bool = False
) -> dict[str, list[FieldIssue]]:
    """What a check writes under each field: its failed must-meet rules, and with
    ``with_missing`` (after a refused submission) the required fields left empty first."""
    missing = report.field_issues if with_missing else ()
    return issues_by_field(
        [*missing, *(rule_issue(r) for r in report.results if shows_under_field(r))]
    )
