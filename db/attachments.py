"""An application's attachments: added under a declared material, refiled, removed, and read
back only while their bytes still match the SHA-256 recorded when they were stored."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.attachment_materials import listed_material
from db.audit import SYSTEM_ACTOR, audit
from db.errors import InputError, NotFound
from db.models import Application, Attachment, utcnow
from db.opening import StoreDamaged
from db.records import AttachmentInfo, attachment_info
from db.unit_of_work import UnitOfWork
from forms import get_form
from forms.core.document import (
    AttachmentData,
    attachment_name_problem,
    attachment_size_problem,
)
from forms.core.issues import FieldIssue
from forms.core.materials import OTHER
from forms.core.workflow import Status, TransitionError, can_edit


def verified_content(name: str, sha256: str, content: bytes) -> bytes:
    """``content`` if it still hashes to the SHA-256 recorded when it was stored; damaged
    content is reported, never silently printed, exported or opened."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StoreDamaged(
            f"附件“{name}”的内容与保存时的校验值（SHA-256）不符，文件可能已损坏。"
            "请删除该附件后重新添加原文件；如原文件已丢失，请从备份恢复"
        )
    return content


def stored_attachments(files: Iterable[AttachmentData]) -> list[Attachment]:
    """Rows for the attachments a document or package carries, as they came."""
    return [
        Attachment(
            name=a.name, size=a.size, sha256=a.sha256, content=a.content, material=a.material
        )
        for a in files
    ]


def add_attachment(
    store: UnitOfWork,
    application_id: int,
    name: str,
    content: bytes,
    actor: str = SYSTEM_ACTOR,
    *,
    material: str = OTHER,
) -> AttachmentInfo:
    """Attach a file under ``material`` (an id the form lists for the saved answers, or
    其他材料). A file of a type the material does not take is kept, and the 材料齐全 line
    of the self-check says so."""
    name = name.strip()
    problem = attachment_name_problem(name) or attachment_size_problem(name, len(content))
    if problem:
        raise InputError([FieldIssue(("attachments",), "attachment", problem, "附件")])
    with store.writing() as session:
        row = store.application(session, application_id)
        _refuse_unless_editable(row, "添加附件")
        label = listed_material(row, material)
        attachment = Attachment(
            name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            content=content,
            material=material,
        )
        row.attachments.append(attachment)
        row.updated_at = utcnow()
        audit(session, row, actor, "添加附件", None, None, f"{label}：{name}")
        session.flush()
        return attachment_info(attachment)


def file_attachment(
    store: UnitOfWork, attachment_id: int, material: str, actor: str = SYSTEM_ACTOR
) -> AttachmentInfo:
    """Move an attachment to another material (or to 其他材料); its note is cleared."""
    with store.writing() as session:
        attachment = _attachment(session, attachment_id)
        row = attachment.application
        _refuse_unless_editable(row, "调整附件")
        label = listed_material(row, material)
        before = get_form(row.kind).material(attachment.material).name
        attachment.material, attachment.note = material, ""
        row.updated_at = utcnow()
        detail = f"{attachment.name}：{before} → {label}"
        audit(session, row, actor, "调整附件材料", None, None, detail)
        session.flush()
        return attachment_info(attachment)


def remove_attachment(store: UnitOfWork, attachment_id: int, actor: str = SYSTEM_ACTOR) -> None:
    with store.writing() as session:
        attachment = _attachment(session, attachment_id)
        row = attachment.application
        _refuse_unless_editable(row, "删除附件")
        audit(session, row, actor, "删除附件", None, None, attachment.name)
        session.delete(attachment)


def attachment_content(store: UnitOfWork, attachment_id: int) -> bytes:
    """The attachment's bytes, checked against the SHA-256 recorded when it was added."""
    with store.reading() as session:
        found = session.execute(
            select(Attachment.name, Attachment.sha256, Attachment.content).where(
                Attachment.id == attachment_id
            )
        ).one_or_none()
        if found is None:
            raise NotFound(f"找不到编号为 {attachment_id} 的附件")
        return verified_content(*found)


def _attachment(session: Session, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(f"找不到编号为 {attachment_id} 的附件")
    return attachment


def _refuse_unless_editable(row: Application, act: str) -> None:
    if not can_edit(Status(row.status)):
        raise TransitionError(f"“{Status(row.status).label}”状态的申报不能{act}")
