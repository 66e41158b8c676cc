"""Helpers for rule tests: validate an example with some fields changed and read one verdict."""

from __future__ import annotations

from datetime import date
from typing import Any

from forms import get_form
from forms.applicant import APPLICANT
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.rules import NO_HISTORY, FirmHistory, RuleResult
from forms.core.validation import ValidationReport, parse_form, validate
from tests.helpers.examples import example_json

TODAY = date(2026, 11, 23)


def report_for(
    kind: str,
    *,
    data: dict[str, Any] | None = None,
    applicant: dict[str, Any] | None = None,
    catalogue: Catalogue | None = None,
    history: FirmHistory = NO_HISTORY,
    drop: tuple[str, ...] = (),
) -> ValidationReport:
    """Validate the example of ``kind`` with ``data``/``applicant`` merged over it."""
    doc = example_json(kind)
    doc["data"].update(data or {})
    for name in drop:
        doc["data"].pop(name, None)
    doc["applicant"].update(applicant or {})
    definition = get_form(kind)
    form, issues = parse_form(definition, doc["data"])
    assert not issues, [i.describe() for i in issues]
    profile, issues = parse_form(APPLICANT, doc["applicant"])
    assert not issues, [i.describe() for i in issues]
    return validate(
        definition,
        form,
        applicant=profile,
        applicant_definition=APPLICANT,
        catalogue=catalogue or load_catalogue(),
        history=history,
        today=TODAY,
    )


def result(report: ValidationReport, rule_id: str) -> RuleResult:
    matches = [r for r in report.results if r.rule_id == rule_id]
    assert matches, f"no rule {rule_id}"
    return matches[0]
