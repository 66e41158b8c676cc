"""The applicants (申报主体): saved once per 统一社会信用代码, read and listed."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import SYSTEM_ACTOR
from db.collation import text_order
from db.errors import InputError, NotFound
from db.models import Applicant, AuditEvent
from db.records import EDITABLE_VALUES, ApplicantRecord, applicant_record
from db.unit_of_work import UnitOfWork
from forms.applicant import ApplicantProfile
from forms.core.issues import FieldIssue


def save_applicant(store: UnitOfWork, profile: ApplicantProfile, actor: str = SYSTEM_ACTOR) -> int:
    """Create or update the applicant with this profile's code; returns its id."""
    if not profile.uscc or not profile.name:
        raise InputError([FieldIssue(("uscc",), "missing", "为必填项，请填写", "统一社会信用代码")])
    data = profile.model_dump(mode="json")
    with store.writing() as session:
        row = applicant_by_code(session, profile.uscc)
        if row is None:
            row = Applicant(uscc=profile.uscc, name=profile.name, profile=data)
            session.add(row)
        else:
            row.name, row.profile = profile.name, data
            for app in row.applications:  # handed-in applications keep the name they had
                if app.status in EDITABLE_VALUES:
                    app.applicant_name = profile.name
        session.flush()
        session.add(AuditEvent(actor=actor, action="保存申报主体", detail=profile.name))
        return row.id


def applicant_by_code(session: Session, uscc: str) -> Applicant | None:
    """The applicant with this 统一社会信用代码, if the store has one."""
    return session.scalar(select(Applicant).where(Applicant.uscc == uscc))


def get_applicant(store: UnitOfWork, applicant_id: int) -> ApplicantRecord:
    with store.reading() as session:
        row = session.get(Applicant, applicant_id)
        if row is None:
            raise NotFound(f"找不到编号为 {applicant_id} 的申报主体")
        return applicant_record(row)


def list_applicants(store: UnitOfWork) -> list[ApplicantRecord]:
    with store.reading() as session:
        rows = session.scalars(select(Applicant).order_by(text_order(Applicant.name), Applicant.id))
        return [applicant_record(r) for r in rows]
