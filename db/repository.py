"""What the app does with the store, one function per act: save a draft, submit, list, audit.

Callers get plain records, never ORM objects or sessions. Every write is one transaction: it
commits whole or not at all, so a crash mid-save leaves the last saved version as it was.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from db import listing_sql
from db.application_rows import fill_content, give_number, new_application
from db.attachment_materials import listed_material, refile_attachments
from db.audit import audit, audit_trail
from db.changes import StoreChanges
from db.checking import (
    StoreHistory,
    check_record,
    firm_history,
    record_catalogue,
)
from db.engine import (
    BUSY_TIMEOUT_S,
    HEAD_REVISION,
    StoreBusyError,
    StoreError,
    current_revision,
    database_url,
    make_engine,
    migrate,
    writing,
)
from db.errors import ConflictError, InputError, NotFound
from db.first_page import sqlite_file
from db.listing import ListQuery, ListRow, SortKey
from db.models import (
    Applicant,
    Application,
    Attachment,
    AuditEvent,
    Setting,
    utcnow,
)
from db.moves import enter_status
from db.opening import OpenMode, StoreDamaged, damaged_message, probe, read_only_uri
from db.records import (
    EDITABLE_VALUES,
    ApplicantRecord,
    ApplicationRecord,
    AttachmentInfo,
    AuditEntry,
    applicant_record,
    application_record,
    attachment_info,
)
from db.unparsed import refuse_typed
from forms import get_form
from forms.applicant import ApplicantProfile
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.document import (
    ApplicationDocument,
    AttachmentData,
    attachment_name_problem,
    attachment_size_problem,
)
from forms.core.errors import UserError
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue
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

SYSTEM_ACTOR = "本机用户"


_MISSING_USCC = FieldIssue(
    ("applicant", "uscc"), "missing", "为必填项，请填写", "申报主体·统一社会信用代码"
)


@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    notes: list[str]  # things the user should know, e.g. a profile that differs from ours


READ_ONLY_MESSAGE = (
    "数据文件为只读（位于只读的磁盘或文件夹，或文件设为只读），可以查看、导出和打印，但不能保存。"
    "请将数据文件复制到可写的位置，或取消其只读属性后重新打开程序"
)


def verified_content(name: str, sha256: str, content: bytes) -> bytes:
    """``content`` if it still hashes to the SHA-256 recorded when it was stored; damaged
    content is reported, never silently printed, exported or opened."""
    if hashlib.sha256(content).hexdigest() != sha256:
        raise StoreDamaged(
            f"附件“{name}”的内容与保存时的校验值（SHA-256）不符，文件可能已损坏。"
            "请删除该附件后重新添加原文件；如原文件已丢失，请从备份恢复"
        )
    return content


def _damaged(exc: Exception) -> bool:
    text = str(exc).lower()
    return "malformed" in text or "corrupt" in text


def _write_error(exc: Exception) -> StoreError:
    text = str(exc).lower()
    if "readonly" in text or "read-only" in text:
        return StoreError(READ_ONLY_MESSAGE)
    if _damaged(exc):
        return StoreDamaged(damaged_message(None))
    if "full" in text:
        return StoreError("磁盘空间不足，无法保存。请清理磁盘后重试，已填写的内容仍在窗口中")
    if "i/o" in text:
        return StoreError(
            "读写数据库文件时磁盘出错，未保存。请检查磁盘或 U 盘是否已拔出、网络盘是否断开，"
            "然后重试；已填写的内容仍在窗口中"
        )
    if "locked" in text or "busy" in text:
        return StoreBusyError(
            f"数据库被其他程序（或本程序正在进行的另一项操作）占用超过 {BUSY_TIMEOUT_S} 秒，"
            "本次未保存。请稍后重试；已保存的内容未受影响"
        )
    return StoreError(
        "保存失败（数据库出错），已保存的内容未受影响；请重试，如仍失败请告知技术支持"
    )


def _refresh_search_keys(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Application):
            obj.refresh_search()


RECEIVED_READ_ONLY = (
    "这份申报是从申报包收到的，本机不能修改其内容或状态；如需更正，请在审核中“退回补正”，"
    "由申报单位修改后重新提交"
)


def _keep_received_read_only(session: Session, _context: Any, _instances: Any) -> None:
    """Nothing of a received application changes here except through the exchange and review
    (which write with ``Store.writing(receiving=True)``, whose sessions lack this hook)."""
    dirty = session.dirty
    for obj in (*session.new, *dirty, *session.deleted):
        row = obj if isinstance(obj, Application) else getattr(obj, "application", None)
        if not isinstance(row, Application) or row.received_at is None:
            continue
        if obj in dirty and not session.is_modified(obj):
            continue
        raise TransitionError(RECEIVED_READ_ONLY)


class Store:
    """The repository over one database."""

    def __init__(
        self, engine: Engine, catalogue: Catalogue | None = None, *, read_only: bool = False
    ) -> None:
        self.engine = engine
        self.read_only = read_only  # the file or its folder cannot be written: reading only
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        # Writers take SQLite's write lock when they begin, so they wait for one another (up to
        # the busy timeout) instead of failing when a read turns into a write.
        self._writer_sessions = sessionmaker(writing(engine), expire_on_commit=False)
        # The exchange and the review write received applications; no one else may.
        self._receiving_sessions = sessionmaker(writing(engine), expire_on_commit=False)
        for sessions in (self._sessions, self._writer_sessions, self._receiving_sessions):
            event.listen(sessions, "before_flush", _refresh_search_keys)
        event.listen(self._writer_sessions, "before_flush", _keep_received_read_only)
        self._catalogue = catalogue
        # subscribe: told after each write, the exchange's and the review's included
        self.changes = StoreChanges(self._writer_sessions, self._receiving_sessions)

    @classmethod
    def open(cls, url: str | None = None, catalogue: Catalogue | None = None) -> Store:
        """Open (creating if need be) and migrate the store at ``url`` or the configured place.

        A SQLite file is looked at first without writing (db/opening.py): a folder, another
        program's database, a newer program's store or a damaged file is refused untouched,
        and one that cannot be written opens read-only.
        """
        url = database_url(url)
        path = sqlite_file(url)
        mode = probe(path) if path is not None else OpenMode.READ_WRITE
        if path is not None and mode is OpenMode.READ_ONLY:
            return cls._open_read_only(path, catalogue)
        engine = make_engine(url)
        try:
            migrate(engine)
        except OperationalError as exc:
            raise _write_error(exc) from exc
        except DatabaseError as exc:
            if path is not None and _damaged(exc):
                raise StoreDamaged(damaged_message(path)) from exc
            raise StoreError(
                f"“{engine.url.database}”不是本软件的数据库文件，或已损坏。"
                "请检查数据库地址；如文件已损坏，请从备份恢复"
            ) from exc
        return cls(engine, catalogue)

    @classmethod
    def _open_read_only(cls, path: Path, catalogue: Catalogue | None) -> Store:
        engine = make_engine(f"sqlite:///{read_only_uri(path)}&uri=true", read_only=True)
        revision = current_revision(engine)
        if revision is None:  # an empty file: a store cannot be made where nothing is written
            engine.dispose()
            raise StoreError(
                f"数据文件 {path.name} 是空的，且位于只读位置，无法在此新建数据库。"
                "请在设置中选择一个可写的数据位置"
            )
        if revision != HEAD_REVISION:
            engine.dispose()
            raise StoreError(
                f"数据文件 {path.name} 位于只读位置（或文件为只读），且需要升级后才能打开。"
                "请将它复制到可写的文件夹（或取消只读属性）后再打开"
            )
        return cls(engine, catalogue, read_only=True)

    def close(self) -> None:
        if self.engine.dialect.name == "sqlite":
            try:  # keep the query planner's statistics fresh for the list's indexes
                with self.engine.begin() as connection:
                    connection.execute(text("PRAGMA optimize"))
            except OperationalError:
                pass  # read-only or busy: statistics can wait for the next close
        self.engine.dispose()

    @property
    def catalogue(self) -> Catalogue:
        return self._catalogue or load_catalogue()

    # --- the unit of work: what db/ modules use to read and write ----------------------------

    @contextmanager
    def writing(self, *, receiving: bool = False) -> Iterator[Session]:
        """One transaction that commits whole or not at all; store errors come out in Chinese.

        ``receiving``: for the exchange and the review, which alone may change a received
        application.
        """
        if self.read_only:
            raise StoreError(READ_ONLY_MESSAGE)
        sessions = self._receiving_sessions if receiving else self._writer_sessions
        try:
            with sessions() as session, session.begin():
                yield session
        except UserError:  # already says what is wrong, in Chinese
            raise
        except StaleDataError as exc:
            raise ConflictError(
                "该申报已在别处被修改（可能是另一个窗口），请关闭后重新打开再修改"
            ) from exc
        except IntegrityError as exc:
            raise StoreError(  # not exc.orig: SQLite's English, kept in the chained error
                "数据冲突，未保存：与已保存的数据重复或不一致（可能另一个窗口刚保存过）。"
                "请关闭后重新打开再试"
            ) from exc
        except (OperationalError, OSError) as exc:
            raise _write_error(exc) from exc
        # Committed: tell the subscribers what changed (db/changes.py).
        self.changes.committed(session)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A session to read in; damaged or unreadable data comes out as a StoreError."""
        try:
            with self._sessions() as session:
                yield session
        except json.JSONDecodeError as exc:  # a JSON column that is not JSON
            raise StoreDamaged(
                "数据文件中有一份申报的内容已损坏（不是有效的数据），无法打开。"
                "请用“文件 › 数据检查”查看是哪一份，并从备份恢复"
            ) from exc
        except DatabaseError as exc:
            if _damaged(exc):
                raise StoreDamaged(damaged_message(Path(self.engine.url.database or ""))) from exc
            if isinstance(exc, OperationalError) and "i/o" in str(exc).lower():
                raise StoreError(
                    "读取数据库文件时磁盘出错。请检查磁盘、U 盘或网络盘后重试"
                ) from exc
            raise

    @staticmethod
    def application(session: Session, application_id: int) -> Application:
        """The application row with this id, in a session of ``reading``/``writing``."""
        row = session.get(Application, application_id)
        if row is None:
            raise NotFound(f"找不到编号为 {application_id} 的申报")
        return row

    # older names, kept for tests that reach into a store's sessions
    _write = writing
    _read = reading
    _get = application

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self.reading() as session:
            row = session.get(Setting, key)
            return row.value if row is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self.writing() as session:
            session.merge(Setting(key=key, value=value))

    # --- applicants -------------------------------------------------------------------------

    def save_applicant(self, profile: ApplicantProfile, actor: str = SYSTEM_ACTOR) -> int:
        """Create or update the applicant with this profile's code; returns its id."""
        if not profile.uscc or not profile.name:
            raise InputError(
                [FieldIssue(("uscc",), "missing", "为必填项，请填写", "统一社会信用代码")]
            )
        data = profile.model_dump(mode="json")
        with self.writing() as session:
            row = session.scalar(select(Applicant).where(Applicant.uscc == profile.uscc))
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

    def get_applicant(self, applicant_id: int) -> ApplicantRecord:
        with self.reading() as session:
            row = session.get(Applicant, applicant_id)
            if row is None:
                raise NotFound(f"找不到编号为 {applicant_id} 的申报主体")
            return applicant_record(row)

    def list_applicants(self) -> list[ApplicantRecord]:
        with self.reading() as session:
            rows = session.scalars(select(Applicant).order_by(Applicant.name))
            return [applicant_record(r) for r in rows]

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
                raise ConflictError(
                    "该申报已在别处被修改（可能是另一个窗口），请关闭后重新打开再修改"
                )
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
        """Attach a file under ``material`` (an id the form lists for the saved answers, or
        其他材料). A file of a type the material does not take is kept, and the 材料齐全 line
        of the self-check says so."""
        name = name.strip()
        problem = attachment_name_problem(name) or attachment_size_problem(name, len(content))
        if problem:
            raise InputError([FieldIssue(("attachments",), "attachment", problem, "附件")])
        with self.writing() as session:
            row = self.application(session, application_id)
            if not can_edit(Status(row.status)):
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能添加附件")
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
        self, attachment_id: int, material: str, actor: str = SYSTEM_ACTOR
    ) -> AttachmentInfo:
        """Move an attachment to another material (or to 其他材料); its note is cleared."""
        with self.writing() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFound(f"找不到编号为 {attachment_id} 的附件")
            row = attachment.application
            if not can_edit(Status(row.status)):
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能调整附件")
            label = listed_material(row, material)
            before = get_form(row.kind).material(attachment.material).name
            attachment.material, attachment.note = material, ""
            row.updated_at = utcnow()
            audit(
                session,
                row,
                actor,
                "调整附件材料",
                None,
                None,
                f"{attachment.name}：{before} → {label}",
            )
            session.flush()
            return attachment_info(attachment)

    def remove_attachment(self, attachment_id: int, actor: str = SYSTEM_ACTOR) -> None:
        with self.writing() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFound(f"找不到编号为 {attachment_id} 的附件")
            row = attachment.application
            if not can_edit(Status(row.status)):
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能删除附件")
            audit(session, row, actor, "删除附件", None, None, attachment.name)
            session.delete(attachment)

    def attachment_content(self, attachment_id: int) -> bytes:
        """The attachment's bytes, checked against the SHA-256 recorded when it was added."""
        with self.reading() as session:
            found = session.execute(
                select(Attachment.name, Attachment.sha256, Attachment.content).where(
                    Attachment.id == attachment_id
                )
            ).one_or_none()
            if found is None:
                raise NotFound(f"找不到编号为 {attachment_id} 的附件")
            return verified_content(*found)

    # --- documents (JSON import and export) -------------------------------------------------

    def import_document(self, doc: ApplicationDocument, actor: str = SYSTEM_ACTOR) -> int:
        """Store one document as a new draft; see ``import_documents``."""
        return self.import_documents([doc], actor).ids[0]

    def import_documents(
        self, docs: Sequence[ApplicationDocument], actor: str = SYSTEM_ACTOR
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
        with self.writing() as session:
            for doc in docs:
                assert isinstance(doc.applicant, ApplicantProfile)
                profile = doc.applicant.model_dump(mode="json")
                applicant = session.scalar(
                    select(Applicant).where(Applicant.uscc == doc.applicant.uscc)
                )
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
                    catalogue_version=self.catalogue.version,
                    applicant=applicant,
                )
                row.attachments = [
                    Attachment(
                        name=a.name,
                        size=a.size,
                        sha256=a.sha256,
                        content=a.content,
                        material=a.material,
                    )
                    for a in doc.attachments
                ]
                apply_move(row, Status.DRAFT, Move.CREATE)
                give_number(session, row)
                source = f"导入自编号 {doc.number}" if doc.number else "导入"
                audit(session, row, actor, "导入", None, Status.DRAFT, source)
                refile_attachments(session, row, doc.definition, doc.form, actor)
                ids.append(row.id)
        return ImportResult(ids, sorted(set(notes)))

    def export_document(self, application_id: int) -> ApplicationDocument:
        record = self.load(application_id)
        refuse_typed(record, "导出申报文件")
        with self.reading() as session:
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


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = [
    "ApplicantRecord",
    "ApplicationRecord",
    "AttachmentInfo",
    "AuditEntry",
    "ConflictError",
    "InputError",
    "ListQuery",
    "ListRow",
    "NotFound",
    "SortKey",
    "Store",
    "StoreError",
    "StoreHistory",
]
