"""Parse raw form data into a model, and check a parsed application against its measure rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import ValidationError

from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.control_chars import holds_control_chars
from forms.core.definition import FieldSpec, FormDefinition
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue, from_validation_error
from forms.core.materials import Attached, material_results
from forms.core.rules import (
    NO_HISTORY,
    FirmHistory,
    RuleContext,
    RuleResult,
    Severity,
    Verdict,
    run_rule,
)


def parse_form(definition: FormDefinition, data: Any) -> tuple[FormModel | None, list[FieldIssue]]:
    """The model for ``data``, or None and every problem with it, each naming its field.

    Values of older versions of the form are upgraded first (``FormDefinition.value_map``); a
    retired choice is a problem on its field."""
    if not isinstance(data, Mapping):
        return None, [FieldIssue((), "model_type", "应为一组栏目（JSON 对象）", definition.title)]
    upgraded, retired = definition.upgrade(data)
    try:
        form = definition.model.model_validate(dict(upgraded))
    except ValidationError as exc:
        return None, [*retired, *from_validation_error(exc, definition.fields)]
    return (None, retired) if retired else (form, [])


def row_issues(spec: FieldSpec, values: Mapping[str, Any]) -> list[FieldIssue]:
    """What is wrong with one row of the rows field ``spec`` as typed (``values`` by column
    name), checked by the row's own model as the whole form checks it; each issue's path is
    the column's name."""
    if spec.row_model is None:
        return []
    try:
        spec.row_model.model_validate(dict(values))
    except ValidationError as exc:
        return from_validation_error(exc, {field.name: field for field in spec.row_fields})
    return []


@dataclass(frozen=True)
class EntryCheck:
    """What is wrong with a form's values as typed (``wrong``: they do not parse) and, once
    they parse, its required fields still empty (``missing``); each issue labelled."""

    model: FormModel | None
    wrong: list[FieldIssue]
    missing: list[FieldIssue]

    @property
    def issues(self) -> list[FieldIssue]:
        return [*self.wrong, *self.missing]


def check_entry(definition: FormDefinition, data: Any) -> EntryCheck:
    """``data`` as an editor holds it, checked the way saving it checks it."""
    model, wrong = parse_form(definition, data)
    if model is None:
        return EntryCheck(None, wrong, [])
    return EntryCheck(model, [], _missing(definition, model))


def _missing(definition: FormDefinition, form: FormModel) -> list[FieldIssue]:
    """The required fields left empty, each labelled as the user reads it."""
    return [i.with_label(definition.label_of(i.path)) for i in definition.missing_required(form)]


@dataclass(frozen=True)
class ValidationReport:
    """Every rule with its verdict, plus unfilled required fields; what the 自查表 prints."""

    kind: str
    catalogue_version: str
    field_issues: tuple[FieldIssue, ...]
    results: tuple[RuleResult, ...]

    @property
    def blocking(self) -> tuple[RuleResult, ...]:
        return tuple(r for r in self.results if r.blocks_submission)

    @property
    def can_submit(self) -> bool:
        return not self.field_issues and not self.blocking

    def count(self, verdict: Verdict) -> int:
        return sum(1 for r in self.results if r.verdict is verdict)

    def reasons(self) -> list[str]:
        """Why submission is refused, one Chinese sentence each."""
        reasons = [issue.describe() for issue in self.field_issues]
        for r in self.blocking:
            detail = r.message or f"{r.requirement}（{r.verdict.value}）"
            reasons.append(f"{r.article}：{detail}")
        return reasons

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "catalogue_version": self.catalogue_version,
            "can_submit": self.can_submit,
            "field_issues": [
                {"path": list(i.path), "label": i.label, "message": i.describe()}
                for i in self.field_issues
            ],
            "results": [
                {
                    "rule": r.rule_id,
                    "article": r.article,
                    "requirement": r.requirement,
                    "severity": r.severity.value,
                    "verdict": r.verdict.value,
                    "observed": r.observed,
                    "message": r.message,
                    "fields": list(r.fields),
                    "form_requirement": r.form_requirement,
                    "source_note": r.source_note,
                }
                for r in self.results
            ],
        }


def stored_text_issues(definition: FormDefinition, form: FormModel) -> list[FieldIssue]:
    """Texts an older release stored with a control character, which the form now refuses and
    ``FormDefinition.load`` keeps (an application never becomes unreadable for a character):
    each told at its field as typing it is told, so it is corrected before it is submitted."""
    data = form.model_dump()
    if not holds_control_chars(data):
        return []
    return parse_form(definition, data)[1]


def validate(
    definition: FormDefinition,
    form: FormModel,
    *,
    applicant: Any = None,
    applicant_definition: FormDefinition | None = None,
    catalogue: Catalogue | None = None,
    history: FirmHistory = NO_HISTORY,
    today: date | None = None,
    attachments: Iterable[Attached] | None = None,
) -> ValidationReport:
    """Run every rule of ``definition`` over the whole application.

    Given its ``attachments``, the report also says whether the declared materials are all there
    (材料齐全, see ``forms.core.materials``); without them (None) it says nothing about them."""
    catalogue = catalogue or load_catalogue()
    issues = [*stored_text_issues(definition, form), *_missing(definition, form)]
    if applicant is None:
        issues.append(
            FieldIssue(("applicant",), "missing", "尚未填写，请先完善申报主体信息", "申报主体")
        )
    elif applicant_definition is not None:
        issues.extend(
            i.with_label("申报主体·" + i.label).under("applicant")
            for i in stored_text_issues(applicant_definition, applicant)
        )
        issues.extend(
            i.with_label("申报主体·" + applicant_definition.label_of(i.path)).under("applicant")
            for i in applicant_definition.missing_required(applicant)
        )
    ctx = RuleContext(
        form=form,
        applicant=applicant,
        catalogue=catalogue,
        history=history,
        today=today or date.today(),
        definition=definition,
    )
    results = tuple(run_rule(rule, ctx) for rule in definition.rules)
    if attachments is not None:
        results += tuple(material_results(definition, form, attachments, catalogue))
    return ValidationReport(definition.kind, catalogue.version, tuple(issues), results)


def severity_order(result: RuleResult) -> tuple[int, int]:
    """Sort key putting failing errors first, then warnings, then manual checks."""
    severity = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.MANUAL: 2}[result.severity]
    verdict = {Verdict.FAIL: 0, Verdict.INCOMPLETE: 1}.get(result.verdict, 2)
    return (verdict, severity)


# A 不适用 rule's requirement as named in the one-line summary: enough to recognise it.
SUMMARY_REQUIREMENT_CHARACTERS = 30


def not_applicable_summary(results: Iterable[RuleResult], *, titles: bool = True) -> str:
    """Every 不适用 rule in one line, grouped by article in the order first cited, e.g.
    「不适用（3 条）：《若干措施》第（九）条（2 条）：A／B；《若干措施》第（十）条：C」, without
    ``titles`` only 「…第（九）条（2 条）；…第（十）条」; "" when every rule applies."""
    groups: dict[str, list[str]] = {}
    for result in results:
        if result.verdict is Verdict.NOT_APPLICABLE:
            groups.setdefault(result.article, []).append(_shortened(result.requirement))
    if not groups:
        return ""
    total = sum(len(requirements) for requirements in groups.values())
    parts = [
        f"{article}{f'（{len(names)} 条）' if len(names) > 1 else ''}"
        + (f"：{'／'.join(names)}" if titles else "")
        for article, names in groups.items()
    ]
    return f"不适用（{total} 条）：" + "；".join(parts) + "。"


def _shortened(requirement: str) -> str:
    if len(requirement) <= SUMMARY_REQUIREMENT_CHARACTERS:
        return requirement
    return requirement[: SUMMARY_REQUIREMENT_CHARACTERS - 1].rstrip("，、；（ ") + "…"
