"""Applications as documents (the JSON a user imports and exports): stored as new drafts with
their applicants and attachments, and read back out whole."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from db.applicants import applicant_by_code
from db.application_rows import fill_content, give_number, new_application
from db.attachment_materials import refile_attachments
from db.attachments import stored_attachments, verified_content
from db.audit import SYSTEM_ACTOR, audit
from db.errors import InputError
from db.models import Applicant, Attachment
from db.records import application_record
from db.unit_of_work import UnitOfWork
from db.unparsed import refuse_typed
from forms.applicant import ApplicantProfile
from forms.core.document import ApplicationDocument, AttachmentData
from forms.core.issues import FieldIssue
from forms.core.workflow import Move, Status, apply_move

_MISSING_USCC = FieldIssue(
    ("applicant", "uscc"), "missing", "为必填项，请填写", "申报主体·统一社会信用代码"
)


@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    notes: list[str]  # things the user should know, e.g. a profile that differs from ours


def import_documents(
    store: UnitOfWork, docs: Sequence[ApplicationDocument], actor: str = SYSTEM_ACTOR
) -> ImportResult:
    """Store documents as new drafts, with applicants and attachments: all or none."""
    issues = [
        _MISSING_USCC.under(index) if len(docs) > 1 else _MISSING_USCC
        for index, doc in enumerate(docs)
        if not getattr(doc.applicant, "uscc", None) or not getattr(doc.applicant, "name", None)
    ]
    if issues:
        raise InputError(issues)
    ids: list[int] = []
    notes: list[str] = []
    with store.writing() as session:
        for doc in docs:
            assert isinstance(doc.applicant, ApplicantProfile)
            profile = doc.applicant.model_dump(mode="json")
            applicant = applicant_by_code(session, doc.applicant.uscc or "")  # checked above
            if applicant is None:
                applicant = Applicant(
                    uscc=doc.applicant.uscc, name=doc.applicant.name, profile=profile
                )
                session.add(applicant)
            elif applicant.profile != profile:
                notes.append(
                    f"申报主体“{applicant.name}”本机已有且与文件中的信息不同，已保留本机信息；"
                    "如需更新，请在“申报主体”页修改"
                )
            row = new_application(session, applicant, doc.definition)
            fill_content(
                row,
                doc.definition,
                doc.form,
                profile=profile,
                catalogue_version=store.catalogue.version,
                applicant=applicant,
            )
            row.attachments = stored_attachments(doc.attachments)
            apply_move(row, Status.DRAFT, Move.CREATE)
            give_number(session, row)
            source = f"导入自编号 {doc.number}" if doc.number else "导入"
            audit(session, row, actor, "导入", None, Status.DRAFT, source)
            refile_attachments(session, row, doc.definition, doc.form, actor)
            ids.append(row.id)
    return ImportResult(ids, sorted(set(notes)))


def export_document(store: UnitOfWork, application_id: int) -> ApplicationDocument:
    """The application as a document, its attachments checked against their SHA-256."""
    with store.reading() as session:
        record = application_record(store.application(session, application_id))
        refuse_typed(record, "导出申报文件")
        attachments = tuple(
            AttachmentData(a.name, verified_content(a.name, a.sha256, a.content), a.material)
            for a in session.scalars(
                select(Attachment)
                .where(Attachment.application_id == application_id)
                .order_by(Attachment.id)
            )
        )
    return ApplicationDocument(
        definition=record.definition,
        applicant=record.applicant,
        form=record.form,
        attachments=attachments,
        number=record.number,
        status=record.status.value,
        uid=record.uid,
    )
