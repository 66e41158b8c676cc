"""The park office's review: the queue of received applications, their revisions, and the
decisions officers record (通过并推荐 / 退回补正 / 不予推荐), each with the officer in the audit trail.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from types import EllipsisType

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.accounts import AccountRecord, require_active
from db.attachments import verified_content
from db.audit import audit
from db.checking import check_application, check_row, firm_history, record_catalogue
from db.errors import InputError, NotFound, StoreError
from db.identity import own_profile, public_key
from db.listing import REVIEW_QUEUE, ListQuery, ListRow
from db.manual_checks import (
    ManualCheck,
    checked_note,
    checklist,
    lock_checklist,
    manual_rule,
    record_check,
    refuse_if_changed,
    refuse_unless_checkable,
)
from db.models import (
    Application,
    ApplicationRevision,
    ReviewDecision,
    RevisionAttachment,
    utcnow,
)
from db.receiving import received_package_id
from db.records import AttachmentInfo, application_record
from db.repository import Store
from forms import get_form
from forms.applicant import APPLICANT, ApplicantProfile, stored_profile
from forms.core.catalogue import load_catalogue
from forms.core.control_chars import STORED
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue
from forms.core.validation import ValidationReport
from forms.core.workflow import Move, Status, TransitionError, apply_move, can_decide
from forms.exchange.review import (
    Outcome,
    Reason,
    decision_problems,
    officer_shown,
    resolve_reasons,
    rule_label,
)
from forms.exchange.signing import fingerprint

NO_OFFICE_PROFILE = (
    "本机尚未填写本园区的单位信息（名称和统一社会信用代码），审核决定无法署名；"
    "请先在“申报主体”页填写本园区的信息"
)


def refuse_unless_current(row: Application, revision: int | None, doing: str) -> None:
    """TransitionError when the officer acts on ``revision`` (the one on screen) and a newer one
    has come in meanwhile; ``None`` means the caller did not say, and the current one is meant."""
    if revision is not None and revision != row.submission_revision:
        raise TransitionError(
            f"申报 {row.number} 现为第{row.submission_revision}版，您看到的是第{revision}版；"
            f"请重新打开该申报，看过第{row.submission_revision}版后再{doing}"
        )


def decided_by_another(session: Session, row: Application, officer: AccountRecord) -> str | None:
    """Why ``officer`` cannot decide when another officer (on this desktop or another of the
    office) has already decided the current revision, naming them; None otherwise."""
    decision = session.scalar(
        select(ReviewDecision)
        .where(
            ReviewDecision.application_id == row.id,
            ReviewDecision.received.is_(False),
            ReviewDecision.revision == row.submission_revision,
        )
        .order_by(ReviewDecision.id.desc())
        .limit(1)
    )
    if decision is None or (decision.officer_username or "").lower() == officer.username.lower():
        return None
    return (
        f"申报 {row.number} 的第{decision.revision}版已由审核人员"
        f"{officer_shown(decision.officer, decision.officer_username)}"
        f"于 {decision.decided_on:%Y-%m-%d} 作出审核决定“{Outcome(decision.outcome).label}”，"
        "您的决定未保存。请查看该申报现在的状态和审核意见"
    )


def office_profile(store: Store) -> ApplicantProfile:
    """The office's own profile, which signs its decisions; StoreError while it lacks a name
    or a code."""
    profile = own_profile(store)
    if profile is None or not profile.uscc or not profile.name:
        raise StoreError(NO_OFFICE_PROFILE)
    return profile


@dataclass(frozen=True)
class DecisionRecord:
    """A decision made here (at the office) or received (at the enterprise)."""

    id: int
    application_id: int
    package_id: str
    revision: int
    outcome: Outcome
    officer: str  # 姓名
    decided_on: date
    comment: str
    reasons: tuple[Reason, ...]
    office_name: str
    office_uscc: str
    office_fingerprint: str
    received: bool
    recorded_at: datetime
    officer_username: str | None = None  # 登录名; None from packages made before it travelled

    @property
    def officer_shown(self) -> str:
        """姓名（登录名）: two officers may share a 姓名."""
        return officer_shown(self.officer, self.officer_username)

    def reasons_for_field(self, name: str) -> list[Reason]:
        """Reasons about field ``name`` (or a row or part of it), to show beside it."""
        return [
            r
            for r in self.reasons
            if r.field_path is not None
            and (r.field_path == name or r.field_path.startswith(name + "."))
        ]

    def reasons_for_rule(self, rule_id: str) -> list[Reason]:
        return [r for r in self.reasons if r.rule_id == rule_id]

    def reasons_for_material(self, material_id: str) -> list[Reason]:
        """Reasons aimed at one material (the 附件 tab shows them on its slot)."""
        return [r for r in self.reasons if r.material == material_id]

    def reasons_by_material(self) -> dict[str, list[Reason]]:
        """Reasons aimed at materials, by material id, in the order the officer gave them."""
        found: dict[str, list[Reason]] = {}
        for reason in self.reasons:
            if reason.material is not None:
                found.setdefault(reason.material, []).append(reason)
        return found


def decision_record(row: ReviewDecision) -> DecisionRecord:
    return DecisionRecord(
        id=row.id,
        application_id=row.application_id,
        package_id=row.package_id,
        revision=row.revision,
        outcome=Outcome(row.outcome),
        officer=row.officer,
        officer_username=row.officer_username,
        decided_on=row.decided_on,
        comment=row.comment,
        reasons=tuple(Reason.model_validate(r, context=STORED) for r in row.reasons),
        office_name=row.office_name,
        office_uscc=row.office_uscc,
        office_fingerprint=fingerprint(row.office_key),
        received=row.received,
        recorded_at=row.recorded_at,
    )


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    title: str
    received_at: datetime | None
    package_id: str | None
    current: bool


@dataclass(frozen=True)
class RevisionRecord:
    """One revision of a received application, as it came."""

    application_id: int
    revision: int
    kind: str
    title: str
    form: FormModel
    applicant: ApplicantProfile
    catalogue_version: str
    received_at: datetime | None
    attachments: tuple[AttachmentInfo, ...]
    current: bool


class Review:
    """The review of received applications in one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- the queue ----------------------------------------------------------------------------

    def queue(self, query: ListQuery = REVIEW_QUEUE) -> tuple[list[ListRow], int]:
        """One page of received applications, and how many the filter matches."""
        return self.store.list_applications(query._replace(received_only=True))

    # --- revisions ----------------------------------------------------------------------------

    def revisions(self, application_id: int) -> list[RevisionInfo]:
        """Every revision received of an application, oldest first; the last is current."""
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            old = session.scalars(
                select(ApplicationRevision)
                .where(ApplicationRevision.application_id == application_id)
                .order_by(ApplicationRevision.revision)
            )
            found = [
                RevisionInfo(r.revision, r.title, r.received_at, r.package_id, False) for r in old
            ]
            current_package = received_package_id(session, row.id, row.submission_revision)
            found.append(
                RevisionInfo(
                    row.submission_revision, row.title, row.received_at, current_package, True
                )
            )
            return found

    def load_revision(self, application_id: int, revision: int) -> RevisionRecord:
        """A revision as it came; the current one is the application itself."""
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            definition = get_form(row.kind)
            if revision == row.submission_revision:
                record = application_record(row)
                return RevisionRecord(
                    row.id,
                    revision,
                    row.kind,
                    row.title,
                    record.form,
                    record.applicant,
                    row.catalogue_version,
                    row.received_at,
                    record.attachments,
                    True,
                )
            old = session.scalar(
                select(ApplicationRevision).where(
                    ApplicationRevision.application_id == application_id,
                    ApplicationRevision.revision == revision,
                )
            )
            if old is None:
                raise NotFound(f"申报 {row.number} 没有第{revision}版")
            return RevisionRecord(
                row.id,
                revision,
                row.kind,
                old.title,
                definition.load(old.data),
                stored_profile(old.applicant),
                old.catalogue_version,
                old.received_at,
                tuple(
                    AttachmentInfo(a.id, a.name, a.size, a.sha256, old.superseded_at, a.material)
                    for a in old.attachments
                ),
                False,
            )

    def revision_attachment_content(self, attachment_id: int) -> bytes:
        """An attachment of an old revision (ids from ``load_revision`` of a past revision)."""
        with self.store.reading() as session:
            found = session.execute(
                select(
                    RevisionAttachment.name, RevisionAttachment.sha256, RevisionAttachment.content
                ).where(RevisionAttachment.id == attachment_id)
            ).one_or_none()
        if found is None:
            raise NotFound(f"找不到编号为 {attachment_id} 的历史附件")
        return verified_content(*found)

    # --- decisions ----------------------------------------------------------------------------

    def record_decision(
        self,
        application_id: int,
        outcome: Outcome,
        *,
        officer: AccountRecord,
        comment: str = "",
        reasons: Sequence[Reason] = (),
        decided_on: date | None = None,
        revision: int | None = None,
    ) -> DecisionRecord:
        """Decide on a received, 已提交 application; the signed-in ``officer`` (still active) is
        the actor. ``revision``, the one the officer read, must still be the current one.

        退回补正 needs at least one reason (per field, rule or material), 不予推荐 a comment or a
        reason. A material must be one the form declares (or 其他材料).
        The decision is sent back with ``Decisions.export_decision``.
        """
        profile = office_profile(self.store)
        # the office's key as it stands; the package is signed, and the key recorded again,
        # at export (Decisions.record_sent), so the recorded key is always the one that signed
        office_key = public_key(self.store)
        with self.store.writing(receiving=True) as session:
            require_active(session, officer, "作出审核决定")
            row = self.store.application(session, application_id)
            if row.received_at is None:
                raise TransitionError(
                    f"申报 {row.number} 是本机自己填写的，不是从申报包收到的，不能在此审核"
                )
            refuse_unless_current(row, revision, "作出审核决定")
            if not can_decide(Status(row.status)):
                raise TransitionError(
                    decided_by_another(session, row, officer)
                    or f"申报 {row.number} 的状态为“{Status(row.status).label}”，只有“已提交”的申报可以作出审核决定"
                )
            rule_labels = self._rule_labels(session, row)
            resolved, unknown = resolve_reasons(get_form(row.kind), APPLICANT, reasons, rule_labels)
            problems = decision_problems(outcome, comment, reasons, decided_on) + unknown
            if problems:
                raise InputError(
                    [FieldIssue(("reasons",), "decision", p, "审核意见") for p in problems]
                )
            submission = received_package_id(session, row.id, row.submission_revision)
            assert submission is not None  # every received revision has its package record
            decision = ReviewDecision(
                application_id=row.id,
                package_id=str(uuid.uuid4()),
                submission_package_id=submission,
                revision=row.submission_revision,
                outcome=outcome.value,
                officer=officer.display_name,
                officer_username=officer.username,
                decided_on=decided_on or date.today(),
                comment=comment.strip(),
                reasons=[r.model_dump(mode="json") for r in resolved],
                office_name=profile.name,
                office_uscc=profile.uscc,
                office_key=office_key,
                received=False,
            )
            session.add(decision)
            apply_move(row, outcome.status, Move.DECIDE)
            row.updated_at = utcnow()
            summary = "；".join(f"{r.label}：{r.message}" for r in resolved)
            detail = "；".join(p for p in (outcome.label, comment.strip(), summary) if p)
            audit(session, row, officer.actor, "审核决定", Status.SUBMITTED, outcome.status, detail)
            session.flush()
            return decision_record(decision)

    def _rule_labels(self, session: Session, row: Application) -> dict[str, str]:
        """Each rule's article and requirement with the catalogue's figures, as officers see them."""
        report = self._office_report(session, row)
        return {r.rule_id: rule_label(r) for r in report.results}

    def _office_report(self, session: Session, row: Application) -> ValidationReport:
        """The office's own run of the rules over the current revision (never the sender's)."""
        record = application_record(row)
        return check_row(session, record, record_catalogue(record, self.store.catalogue))

    def office_report(self, application_id: int, revision: int | None = None) -> ValidationReport:
        """The rules run here over a revision (the current one by default), under the catalogue
        it was submitted with, with the firm's other applications in this store in view."""
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            if revision is None or revision == row.submission_revision:
                return self._office_report(session, row)
        old = self.load_revision(application_id, revision)
        with self.store.reading() as session:
            history = firm_history(session, old.applicant.uscc or "", exclude_id=application_id)
        return check_application(
            get_form(old.kind),
            old.form,
            old.applicant,
            catalogue=load_catalogue(old.catalogue_version),
            history=history,
            attachments=old.attachments,
        )

    # --- the 需人工核实 checklist -----------------------------------------------------------------

    def manual_checks(
        self, application_id: int, revision: int | None = None
    ) -> dict[str, ManualCheck]:
        """The officer's ticks on a revision's 需人工核实 rules (the current one by default)."""
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            return checklist(session, row.id, revision or row.submission_revision)

    def set_manual_check(
        self,
        application_id: int,
        rule_id: str,
        done: bool,
        *,
        officer: AccountRecord,
        note: str = "",
        revision: int | None = None,
        seen: ManualCheck | EllipsisType | None = ...,
    ) -> ManualCheck:
        """Tick (or untick) a rule the office's run says 需人工核实, on the current revision of a
        received, 已提交 application (``revision``, the one on screen, must still be it); the
        officer, still active, is the actor in the audit trail.

        ``seen`` is the rule's record as the officer saw it (None: none yet); when another
        officer changed it since, nothing is saved and a ConflictError names them. Left out,
        the record is not compared (a script that sets it regardless)."""
        note = checked_note(note)
        with self.store.writing() as session:
            require_active(session, officer, "勾选人工核实")
            row = self.store.application(session, application_id)
            refuse_unless_checkable(row)
            refuse_unless_current(row, revision, "勾选人工核实")
            rule = manual_rule(row, self._office_report(session, row), rule_id)
            if not isinstance(seen, EllipsisType):
                lock_checklist(session, row)
                latest = checklist(session, row.id, row.submission_revision).get(rule_id)
                refuse_if_changed(latest, seen, rule)
            return record_check(session, row, rule, done, officer, note)

    def decisions(self, application_id: int) -> list[DecisionRecord]:
        """Every decision on an application, oldest first (made here or received)."""
        with self.store.reading() as session:
            rows = session.scalars(
                select(ReviewDecision)
                .where(ReviewDecision.application_id == application_id)
                .order_by(ReviewDecision.id)
            )
            return [decision_record(r) for r in rows]

    def latest_decision(self, application_id: int) -> DecisionRecord | None:
        found = self.decisions(application_id)
        return found[-1] if found else None
