"""Plain records the store hands out, and the mappers from its rows to them.

Callers of the store get these, never ORM objects or sessions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.errors import StoreError
from db.models import Applicant, Application, Attachment
from forms import get_form
from forms.applicant import ApplicantProfile, stored_profile
from forms.core.definition import FormDefinition
from forms.core.fields import FormModel
from forms.core.materials import OTHER
from forms.core.typed import TypedValue, typed_values, with_typed
from forms.core.workflow import EDITABLE, Status, can_edit

EDITABLE_VALUES = frozenset(s.value for s in EDITABLE)


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    name: str
    size: int
    sha256: str
    created_at: datetime
    material: str = OTHER  # the material it is filed under (forms.core.materials)
    note: str = ""  # why it was moved to 其他材料, if it was


@dataclass(frozen=True)
class ApplicantRecord:
    id: int
    profile: ApplicantProfile
    updated_at: datetime


@dataclass(frozen=True)
class ApplicationRecord:
    id: int
    uid: str
    number: str
    kind: str
    title: str
    status: Status
    applicant_id: int
    applicant: ApplicantProfile
    form: FormModel
    catalogue_version: str
    revision: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    attachments: tuple[AttachmentInfo, ...]
    received_at: datetime | None = None  # came in a package: read-only in this copy
    submission_revision: int = 0  # 第几版 as submitted (0: never submitted)
    # a draft's values as typed that ``form`` cannot take (forms/core/typed.py): until they
    # are corrected it can be neither marked 待提交 nor exported
    unparsed: tuple[TypedValue, ...] = ()

    @property
    def definition(self) -> FormDefinition:
        return get_form(self.kind)

    def typed_data(self) -> dict[str, Any]:
        """What the editor shows: the form's values, with those kept as typed put back."""
        return with_typed(self.form.model_dump(mode="json"), self.unparsed)

    @property
    def received(self) -> bool:
        return self.received_at is not None

    @property
    def editable(self) -> bool:
        return can_edit(self.status, received=self.received)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    from_status: Status | None  # show with .label
    to_status: Status | None
    detail: str


def status_or_none(code: str | None) -> Status | None:
    return Status(code) if code else None


def applicant_record(row: Applicant) -> ApplicantRecord:
    return ApplicantRecord(row.id, stored_profile(row.profile), row.updated_at)


def attachment_info(a: Attachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.name, a.size, a.sha256, a.created_at, a.material, a.note)


def application_record(row: Application) -> ApplicationRecord:
    definition = get_form(row.kind)
    try:
        form = definition.load(row.content.data)
    except Exception as exc:  # the stored JSON no longer fits the model: say so, don't crash
        raise StoreError(
            f"申报 {row.number} 的数据与当前表单定义不符（{exc.__class__.__name__}），"
            "请升级软件或联系管理员"
        ) from exc
    return ApplicationRecord(
        id=row.id,
        uid=row.uid,
        number=row.number or "",
        kind=row.kind,
        title=row.title,
        status=Status(row.status),
        applicant_id=row.applicant_id,
        # while editable it is checked with the current profile, afterwards with its own copy
        applicant=stored_profile(
            row.applicant.profile
            if row.status in EDITABLE_VALUES and row.received_at is None
            else row.content.applicant
        ),
        form=form,
        catalogue_version=row.catalogue_version,
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        attachments=tuple(attachment_info(a) for a in row.attachments),
        received_at=row.received_at,
        submission_revision=row.submission_revision,
        unparsed=typed_values(row.content.unparsed),
    )
