"""What the app does with the store, one function per act: save a draft, submit, list, audit.

Callers get plain records, never ORM objects or sessions. Every write is one transaction: it
commits whole or not at all, so a crash mid-save leaves the last saved version as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import select

from db import applicants, attachments, documents, listing_sql
from db.application_rows import fill_content, give_number, new_application
from db.attachment_materials import refile_attachments
from db.audit import SYSTEM_ACTOR, audit, audit_trail
from db.checking import (
    StoreHistory,
    check_record,
    firm_history,
    record_catalogue,
)
from db.connecting import connect, connect_read_only, disconnect
from db.documents import ImportResult
from db.errors import ConflictError, InputError, NotFound, SettingChanged
from db.listing import ListQuery, ListRow, SortKey
from db.models import Applicant, Application, Setting, utcnow
from db.moves import enter_status
from db.races import retrying, serialise
from db.records import (
    ApplicantRecord,
    ApplicationRecord,
    AttachmentInfo,
    AuditEntry,
    application_record,
)
from db.unit_of_work import UnitOfWork
from forms import get_form
from forms.applicant import ApplicantProfile
from forms.core.catalogue import Catalogue
from forms.core.document import ApplicationDocument
from forms.core.fields import FormModel
from forms.core.materials import OTHER
from forms.core.rules import FirmHistory
from forms.core.typed import TypedValue
from forms.core.validation import ValidationReport, parse_form
from forms.core.workflow import (
    Move,
    Status,
    TransitionError,
    after_edit,
    apply_move,
    can_delete,
    can_edit,
)


class Store(UnitOfWork):
    """The repository over one database: a facade whose methods say what the app does, each
    handing the work to the module that does it (applicants, attachments, documents, lists).
    The unit of work (``reading``/``writing``/``application``) comes from db/unit_of_work.py."""

    @classmethod
    def open(cls, url: str | None = None, catalogue: Catalogue | None = None) -> Store:
        """Open (creating if need be) and migrate the store at ``url`` or the configured place;
        see db/connecting.py for what is refused and what opens read-only."""
        engine, read_only = connect(url)
        return cls(engine, catalogue, read_only=read_only)

    @classmethod
    def _open_read_only(cls, path: Path, catalogue: Catalogue | None) -> Store:
        return cls(connect_read_only(path), catalogue, read_only=True)

    def close(self) -> None:
        self.stop_listening()
        disconnect(self.engine)

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as session:
            row = session.get(Setting, key)
            return row.value if row is not None else default

    def set_setting(self, key: str, value: str) -> None:
        """Write a setting; two desktops making the same new one at once both get through."""

        def write() -> None:
            with self.writing() as session:
                session.merge(Setting(key=key, value=value))

        retrying(write)

    def change_setting(self, key: str, value: str, *, seen: str | None, label: str) -> None:
        """Write a setting the user chose, if it is still ``seen`` (as it was shown; None: not
        set): else SettingChanged, naming ``label``, and nothing is written."""
        with self.writing() as session:
            serialise(session, f"gxapply.setting.{key}")
            row = session.get(Setting, key, populate_existing=True)
            current = row.value if row is not None else None
            if current not in (seen, value):
                raise SettingChanged(self.someone_else, label)
            session.merge(Setting(key=key, value=value))

    # --- applicants -------------------------------------------------------------------------

    def save_applicant(self, profile: ApplicantProfile, actor: str = SYSTEM_ACTOR) -> int:
        """Create or update the applicant with this profile's code; returns its id."""
        return applicants.save_applicant(self, profile, actor)

    def get_applicant(self, applicant_id: int) -> ApplicantRecord:
        return applicants.get_applicant(self, applicant_id)

    def list_applicants(self) -> list[ApplicantRecord]:
        return applicants.list_applicants(self)

    # --- applications -----------------------------------------------------------------------

    def create_application(
        self,
        kind: str,
        applicant_id: int,
        form: FormModel | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> ApplicationRecord:
        definition = get_form(kind)
        form = form if form is not None else definition.model()
        with self.writing() as session:
            applicant = session.get(Applicant, applicant_id)
            if applicant is None:
                raise NotFound(f"找不到编号为 {applicant_id} 的申报主体，请先填写申报主体信息")
            row = new_application(session, applicant, definition)
            fill_content(
                row,
                definition,
                form,
                profile=applicant.profile,
                catalogue_version=self.catalogue.version,
                applicant=applicant,
            )
            apply_move(row, Status.DRAFT, Move.CREATE)
            give_number(session, row)
            audit(session, row, actor, "新建", None, Status.DRAFT, definition.title)
            session.flush()
            return application_record(row)

    def save_draft(
        self,
        application_id: int,
        form: FormModel | Mapping[str, Any],
        *,
        expected_revision: int | None = None,
        actor: str = SYSTEM_ACTOR,
        unparsed: Sequence[TypedValue] = (),
    ) -> ApplicationRecord:
        """Save new content; raw data is parsed first and refused whole if any field is wrong.
        ``unparsed``: values typed that ``form`` could not take, kept as typed (a draft is saved
        errors and all; see forms/core/typed.py and ``db.drafts.save_as_typed``)."""
        with self.writing() as session:
            row = self.application(session, application_id)
            definition = get_form(row.kind)
            if not isinstance(form, FormModel):
                parsed, issues = parse_form(definition, form)
                if parsed is None:
                    raise InputError(issues)
                form = parsed
            elif not isinstance(form, definition.model):
                raise TypeError(f"{type(form).__name__} is not a {definition.kind} form")
            status = Status(row.status)
            if not can_edit(status):
                raise TransitionError(
                    f"“{status.label}”状态的申报不能修改；如需更正，请等待退回补正"
                )
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError(self.changed_elsewhere)
            fill_content(
                row,
                definition,
                form,
                profile=row.applicant.profile,
                catalogue_version=self.catalogue.version,
                unparsed=unparsed,
            )
            row.updated_at = utcnow()
            after = apply_move(row, after_edit(status), Move.EDIT)
            audit(session, row, actor, "保存", status, after, "")
            refile_attachments(session, row, definition, form, actor)
            session.flush()
            return application_record(row)

    def load(self, application_id: int) -> ApplicationRecord:
        with self.reading() as session:
            return application_record(self.application(session, application_id))

    def delete_application(self, application_id: int, actor: str = SYSTEM_ACTOR) -> None:
        with self.writing() as session:
            row = self.application(session, application_id)
            if not can_delete(Status(row.status)):
                raise TransitionError(
                    f"“{Status(row.status).label}”状态的申报不能删除，只能删除草稿"
                )
            audit(session, row, actor, "删除", Status(row.status), None, row.title)
            session.delete(row)

    def report(self, application_id: int, catalogue: Catalogue | None = None) -> ValidationReport:
        """Validate a stored application, with the firm's other claims in view.

        Editable applications are checked against the current catalogue; submitted ones keep the
        catalogue they were submitted under.
        """
        record = self.load(application_id)
        return self.validate_record(record, catalogue)

    def validate_record(
        self,
        record: ApplicationRecord,
        catalogue: Catalogue | None = None,
        history: FirmHistory | None = None,
    ) -> ValidationReport:
        """Check a record (see ``db.checking``); by default under the catalogue it belongs to
        and with the firm's other applications in this store."""
        if history is None:
            history = self.firm_history(record.applicant.uscc or "", exclude_id=record.id)
        return check_record(
            record, catalogue=catalogue or record_catalogue(record, self.catalogue), history=history
        )

    def change_status(
        self,
        application_id: int,
        target: Status,
        *,
        actor: str = SYSTEM_ACTOR,
        comment: str = "",
    ) -> ApplicationRecord:
        """Move to ``target``; into 待提交/已提交 only with a clean report.

        The check and the move share one transaction with the applicant's row locked, so two
        claims of one firm cannot both slip under a firm-wide cap at the same moment.
        """
        with self.writing() as session:
            row = self.application(session, application_id)
            before = enter_status(
                session,
                row,
                target,
                Move.CHANGE,
                catalogue=self.catalogue,
                refused=f"尚不能改为“{target.label}”，请先处理：",
            )
            audit(session, row, actor, "变更状态", before, target, comment)
            session.flush()
            return application_record(row)

    # --- lists ------------------------------------------------------------------------------

    def list_applications(self, query: ListQuery = ListQuery()) -> tuple[list[ListRow], int]:
        """One page of applications, filtered and sorted, and the total count of the filter."""
        with self.reading() as session:
            return listing_sql.count_and_page(session, query)

    def count_applications(self, query: ListQuery = ListQuery()) -> int:
        with self.reading() as session:
            return listing_sql.count(session, query)

    def list_page(
        self, query: ListQuery = ListQuery(), *, dense: bool = False, among: list[int] | None = None
    ) -> list[ListRow]:
        """One page; ``dense`` for a search of many hits; ``among`` limits it to rows found."""
        with self.reading() as session:
            return listing_sql.page(session, query, dense=dense, among=among)

    def list_rows_of(self, query: ListQuery, ids: list[int]) -> dict[int, int]:
        """Where each of ``ids`` stands in the list ``query`` gives (its paging ignored)."""
        with self.reading() as session:
            return listing_sql.rows_of(session, query, ids)

    def firm_history(
        self, uscc: str, exclude_id: int | None = None, exclude_uid: str | None = None
    ) -> StoreHistory:
        """The firm's applications other than the one being checked (by id or by uid)."""
        with self.reading() as session:
            return firm_history(session, uscc, exclude_id=exclude_id, exclude_uid=exclude_uid)

    def audit_trail(self, application_id: int) -> list[AuditEntry]:
        with self.reading() as session:
            return audit_trail(session, application_id)

    # --- attachments ------------------------------------------------------------------------

    def add_attachment(
        self,
        application_id: int,
        name: str,
        content: bytes,
        actor: str = SYSTEM_ACTOR,
        *,
        material: str = OTHER,
    ) -> AttachmentInfo:
        """Attach a file under ``material`` (see db/attachments.py)."""
        return attachments.add_attachment(
            self, application_id, name, content, actor, material=material
        )

    def file_attachment(
        self, attachment_id: int, material: str, actor: str = SYSTEM_ACTOR
    ) -> AttachmentInfo:
        """Move an attachment to another material (or to 其他材料); its note is cleared."""
        return attachments.file_attachment(self, attachment_id, material, actor)

    def remove_attachment(self, attachment_id: int, actor: str = SYSTEM_ACTOR) -> None:
        attachments.remove_attachment(self, attachment_id, actor)

    def attachment_content(self, attachment_id: int) -> bytes:
        """The attachment's bytes, checked against the SHA-256 recorded when it was added."""
        return attachments.attachment_content(self, attachment_id)

    # --- documents (JSON import and export) -------------------------------------------------

    def import_document(self, doc: ApplicationDocument, actor: str = SYSTEM_ACTOR) -> int:
        """Store one document as a new draft; see ``import_documents``."""
        return self.import_documents([doc], actor).ids[0]

    def import_documents(
        self, docs: Sequence[ApplicationDocument], actor: str = SYSTEM_ACTOR
    ) -> ImportResult:
        """Store documents as new drafts, with applicants and attachments: all or none."""
        return documents.import_documents(self, docs, actor)

    def export_document(self, application_id: int) -> ApplicationDocument:
        return documents.export_document(self, application_id)

    def application_ids(self, kind: str | None = None, status: Status | None = None) -> list[int]:
        with self.reading() as session:
            stmt = select(Application.id).order_by(Application.id)
            if kind:
                stmt = stmt.where(Application.kind == kind)
            if status:
                stmt = stmt.where(Application.status == status.value)
            return list(session.scalars(stmt))

    def find_application_id(self, reference: str) -> int:
        """The id of the application with this 申报编号 (GX…), or this internal id."""
        reference = reference.strip()
        with self.reading() as session:
            found = session.scalar(
                select(Application.id).where(Application.number == reference.upper())
            )
            if found is None and reference.isdigit():
                found = session.scalar(
                    select(Application.id).where(Application.id == int(reference))
                )
        if found is None:
            raise NotFound(
                f"本机数据库中没有申报编号或内部编号为“{reference}”的申报，"
                "请在“我的申报”列表中核对编号"
            )
        return found


# What callers outside db/ know as the repository's: the records it hands out, the errors it
# raises, the actor of unattended acts and the query of a list.
__all__ = [
    "SYSTEM_ACTOR",
    "ApplicationRecord",
    "AuditEntry",
    "ConflictError",
    "InputError",
    "ListQuery",
    "NotFound",
    "SortKey",
    "Store",
]
