"""The one way an application is checked: its form's rules and the applicant's required fields,
under a catalogue, with the firm's other applications in view.

The store, the review, the exchange, the editor window and the command line all call
``check_application``; the firm's history is always a ``StoreHistory``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Applicant, Application
from db.records import ApplicationRecord, AttachmentInfo
from forms import all_forms, form_registry
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.definition import FormDefinition
from forms.core.fields import FormModel
from forms.core.materials import OTHER, Attached
from forms.core.rules import FirmHistory, PriorClaim
from forms.core.typed import kept_issue
from forms.core.validation import ValidationReport, validate


@dataclass(frozen=True)
class StoreHistory:
    """A firm's other applications, for rules that span applications."""

    claims_by_kind: Mapping[str, Sequence[PriorClaim]]
    available: bool = True  # False: the store was not asked, so a cap cannot be confirmed

    def claims(self, kind: str) -> Sequence[PriorClaim]:
        return self.claims_by_kind.get(kind, ())

    @classmethod
    def of(cls, claims: Iterable[PriorClaim], *, available: bool = True) -> StoreHistory:
        by_kind: dict[str, list[PriorClaim]] = {}
        for claim in claims:
            by_kind.setdefault(claim.kind, []).append(claim)
        return cls(by_kind, available)

    def plus(self, claims: Iterable[PriorClaim]) -> StoreHistory:
        """This history with more claims (a file's other documents, checked together)."""
        mine = [c for k in self.claims_by_kind.values() for c in k]
        return StoreHistory.of([*mine, *claims], available=self.available)


def firm_history(
    session: Session, uscc: str, *, exclude_id: int | None = None, exclude_uid: str | None = None
) -> StoreHistory:
    """The firm's applications in the store other than the one being checked (by id or uid)."""
    rows = session.scalars(
        select(Application)
        .join(Applicant)
        .where(
            Applicant.uscc == uscc,
            Application.id != (exclude_id or -1),
            Application.uid != (exclude_uid or ""),
        )
    )
    return StoreHistory.of(
        PriorClaim(row.id, row.number or "", row.kind, row.status, row.title, _claim_data(row))
        for row in rows
    )


def _claim_data(row: Application) -> Any:
    """A claim's data with choices as today's codes, so caps compare codes, whatever the data's
    version."""
    definition = all_forms().get(row.kind)
    data = row.content.data
    return definition.upgrade(data)[0] if definition is not None else data


def check_application(
    definition: FormDefinition,
    form: FormModel,
    applicant: Any,
    *,
    catalogue: Catalogue,
    history: FirmHistory,
    attachments: Iterable[Attached] | None = None,
) -> ValidationReport:
    """Run every rule of ``definition`` over ``form``, with the applicant's profile checked by
    its profile form (a 管委会's by the office form), under ``catalogue``, with the firm's
    ``history``; with ``attachments`` (each with ``name`` and ``material``) the 材料齐全 lines
    too."""
    return validate(
        definition,
        form,
        applicant=applicant,
        applicant_definition=form_registry().profile_definition(applicant),
        catalogue=catalogue,
        history=history,
        attachments=attachments,
    )


def record_catalogue(record: ApplicationRecord, current: Catalogue) -> Catalogue:
    """Editable applications are checked against the current catalogue; handed-in ones keep the
    catalogue they were submitted under."""
    if not record.editable and record.catalogue_version != current.version:
        return load_catalogue(record.catalogue_version)
    return current


def check_record(
    record: ApplicationRecord, *, catalogue: Catalogue, history: FirmHistory
) -> ValidationReport:
    """A stored application checked; a draft's values kept as typed (they did not parse) lead
    its field issues, so it can be neither marked 待提交 nor submitted until they are right."""
    report = check_application(
        record.definition,
        record.form,
        record.applicant,
        catalogue=catalogue,
        history=history,
        attachments=judged_attachments(record),
    )
    if not record.unparsed:
        return report
    kept = tuple(kept_issue(v) for v in record.unparsed)
    typed = {v.path[0] for v in record.unparsed}
    rest = tuple(i for i in report.field_issues if not i.path or i.path[0] not in typed)
    return replace(report, field_issues=(*kept, *rest))


def judged_attachments(record: ApplicationRecord) -> tuple[AttachmentInfo, ...] | None:
    """The attachments the 材料齐全 lines judge; None for a received application whose files
    name no material: it came in a package from before materials (format 1 or 2; a newer one
    always names at least the licence, or it is refused on receipt), so an officer looks."""
    if record.received and all(a.material == OTHER for a in record.attachments):
        return None
    return record.attachments


def check_row(
    session: Session, record: ApplicationRecord, catalogue: Catalogue
) -> ValidationReport:
    """A stored application checked with the firm's other applications, in the writer's own
    transaction (so what it sees is what the move will count against)."""
    history = firm_history(session, record.applicant.uscc or "", exclude_id=record.id)
    return check_record(record, catalogue=catalogue, history=history)
