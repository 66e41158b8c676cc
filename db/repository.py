"""What the app does with the store, one function per act: save a draft, submit, list, audit.

Callers get plain records, never ORM objects or sessions. Every write is one transaction: it
commits whole or not at all, so a crash mid-save leaves the last saved version as it was.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, event, func, select, text
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

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
from db.first_page import sqlite_file
from db.listing import DENSE_SEARCH_HITS, ListQuery, ListRow, SortKey
from db.models import (
    Applicant,
    Application,
    ApplicationContent,
    Attachment,
    AuditEvent,
    SearchTerm,
    Setting,
    utcnow,
)
from db.opening import OpenMode, StoreDamaged, damaged_message, probe, read_only_uri
from db.search import bigrams, query_words
from forms import all_forms, get_form
from forms.applicant import APPLICANT, ApplicantProfile, stored_profile
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.definition import FormDefinition
from forms.core.document import (
    ApplicationDocument,
    AttachmentData,
    attachment_name_problem,
    attachment_size_problem,
)
from forms.core.fields import FormModel
from forms.core.issues import FieldIssue
from forms.core.materials import OTHER, OTHER_NAME, material_ids_for
from forms.core.rules import FirmHistory, PriorClaim
from forms.core.validation import ValidationReport, parse_form, validate
from forms.core.workflow import (
    EDITABLE,
    NEEDS_CLEAN_REPORT,
    Status,
    TransitionError,
    check_transition,
)

SYSTEM_ACTOR = "本机用户"


class InputError(Exception):
    """Input refused before anything was written; ``issues`` name each field."""

    def __init__(self, issues: Sequence[FieldIssue]) -> None:
        self.issues = list(issues)
        super().__init__("；".join(i.describe() for i in self.issues))


EDITABLE_VALUES = frozenset(s.value for s in EDITABLE)
_MISSING_USCC = FieldIssue(
    ("applicant", "uscc"), "missing", "为必填项，请填写", "申报主体·统一社会信用代码"
)


@dataclass(frozen=True)
class ImportResult:
    ids: list[int]
    notes: list[str]  # things the user should know, e.g. a profile that differs from ours


class ConflictError(StoreError):
    pass


class NotFound(StoreError):
    pass


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

    @property
    def definition(self) -> FormDefinition:
        return get_form(self.kind)

    @property
    def received(self) -> bool:
        return self.received_at is not None

    @property
    def editable(self) -> bool:
        return not self.received and self.status in EDITABLE


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    actor: str
    action: str
    from_status: Status | None  # show with .label
    to_status: Status | None
    detail: str


@dataclass(frozen=True)
class StoreHistory:
    """A firm's other applications, read from the store, for rules that span applications."""

    claims_by_kind: Mapping[str, Sequence[PriorClaim]]
    available: bool = True

    def claims(self, kind: str) -> Sequence[PriorClaim]:
        return self.claims_by_kind.get(kind, ())


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
    return StoreError(f"保存失败（{exc.__class__.__name__}），已保存的内容未受影响")


@event.listens_for(Session, "before_flush")
def _refresh_search_keys(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.new, *session.dirty):
        if isinstance(obj, Application):
            obj.refresh_search()


RECEIVING = "receiving"  # session.info flag of the exchange (db/exchange.py, db/review.py)
RECEIVED_READ_ONLY = (
    "这份申报是从申报包收到的，本机不能修改其内容或状态；如需更正，请在审核中“退回补正”，"
    "由申报单位修改后重新提交"
)


@event.listens_for(Session, "before_flush")
def _keep_received_read_only(session: Session, _context: Any, _instances: Any) -> None:
    """Nothing of a received application changes here except through the exchange and review."""
    if session.info.get(RECEIVING):
        return
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
        self._catalogue = catalogue

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
                f"“{engine.url.database}”不是 gxapply 的数据库文件，或已损坏。"
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

    @contextmanager
    def _write(self) -> Iterator[Session]:
        if self.read_only:
            raise StoreError(READ_ONLY_MESSAGE)
        try:
            with self._writer_sessions() as session, session.begin():
                yield session
        except (StoreError, InputError, TransitionError):
            raise
        except StaleDataError as exc:
            raise ConflictError(
                "该申报已在别处被修改（可能是另一个窗口），请关闭后重新打开再修改"
            ) from exc
        except IntegrityError as exc:
            raise StoreError(f"数据冲突，未保存：{exc.orig}") from exc
        except (OperationalError, OSError) as exc:
            raise _write_error(exc) from exc

    @contextmanager
    def _read(self) -> Iterator[Session]:
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

    # --- settings ---------------------------------------------------------------------------

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        with self._read() as session:
            row = session.get(Setting, key)
            return row.value if row is not None else default

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as session:
            session.merge(Setting(key=key, value=value))

    # --- applicants -------------------------------------------------------------------------

    def save_applicant(self, profile: ApplicantProfile, actor: str = SYSTEM_ACTOR) -> int:
        """Create or update the applicant with this profile's code; returns its id."""
        if not profile.uscc or not profile.name:
            raise InputError(
                [FieldIssue(("uscc",), "missing", "为必填项，请填写", "统一社会信用代码")]
            )
        data = profile.model_dump(mode="json")
        with self._write() as session:
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
        with self._read() as session:
            row = session.get(Applicant, applicant_id)
            if row is None:
                raise NotFound(f"找不到编号为 {applicant_id} 的申报主体")
            return _applicant_record(row)

    def list_applicants(self) -> list[ApplicantRecord]:
        with self._read() as session:
            rows = session.scalars(select(Applicant).order_by(Applicant.name))
            return [_applicant_record(r) for r in rows]

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
        with self._write() as session:
            applicant = session.get(Applicant, applicant_id)
            if applicant is None:
                raise NotFound(f"找不到编号为 {applicant_id} 的申报主体，请先填写申报主体信息")
            row = Application(
                uid=str(uuid.uuid4()),
                kind=kind,
                title=definition.title_of(form)[:200],
                status=Status.DRAFT.value,
                applicant=applicant,
                applicant_name=applicant.name,
                content=ApplicationContent(
                    data=form.model_dump(mode="json"), applicant=applicant.profile
                ),
                catalogue_version=self.catalogue.version,
                requested_amount=definition.amount_of(form),
            )
            session.add(row)
            session.flush()
            row.number = f"GX{row.created_at:%Y}{row.id:07d}"
            _audit(session, row, actor, "新建", None, Status.DRAFT, definition.title)
            session.flush()
            return _record(row)

    def save_draft(
        self,
        application_id: int,
        form: FormModel | Mapping[str, Any],
        *,
        expected_revision: int | None = None,
        actor: str = SYSTEM_ACTOR,
    ) -> ApplicationRecord:
        """Save new content; raw data is parsed first and refused whole if any field is wrong."""
        with self._write() as session:
            row = self._get(session, application_id)
            definition = get_form(row.kind)
            if not isinstance(form, FormModel):
                parsed, issues = parse_form(definition, form)
                if parsed is None:
                    raise InputError(issues)
                form = parsed
            elif not isinstance(form, definition.model):
                raise TypeError(f"{type(form).__name__} is not a {definition.kind} form")
            status = Status(row.status)
            if status not in EDITABLE:
                raise TransitionError(
                    f"“{status.label}”状态的申报不能修改；如需更正，请等待退回补正"
                )
            if expected_revision is not None and row.revision != expected_revision:
                raise ConflictError(
                    "该申报已在别处被修改（可能是另一个窗口），请关闭后重新打开再修改"
                )
            row.content.data = form.model_dump(mode="json")
            row.content.applicant = row.applicant.profile
            row.title = definition.title_of(form)[:200]
            row.requested_amount = definition.amount_of(form)
            row.catalogue_version = self.catalogue.version
            row.updated_at = utcnow()
            if status is Status.READY:  # content changed: it must be checked again
                row.status = Status.DRAFT.value
            _audit(session, row, actor, "保存", status, Status(row.status), "")
            _refile_attachments(session, row, definition, form, actor)
            session.flush()
            return _record(row)

    def load(self, application_id: int) -> ApplicationRecord:
        with self._read() as session:
            return _record(self._get(session, application_id))

    def delete_application(self, application_id: int, actor: str = SYSTEM_ACTOR) -> None:
        with self._write() as session:
            row = self._get(session, application_id)
            if Status(row.status) not in (Status.DRAFT, Status.READY):
                raise TransitionError(
                    f"“{Status(row.status).label}”状态的申报不能删除，只能删除草稿"
                )
            _audit(session, row, actor, "删除", Status(row.status), None, row.title)
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
        if catalogue is None:
            catalogue = self.catalogue
            if not record.editable and record.catalogue_version != catalogue.version:
                catalogue = load_catalogue(record.catalogue_version)
        return validate(
            record.definition,
            record.form,
            applicant=record.applicant,
            applicant_definition=APPLICANT,
            catalogue=catalogue,
            history=history
            if history is not None
            else self.firm_history(record.applicant.uscc or "", exclude_id=record.id),
            attachments=_typed_attachments(record),
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
        with self._write() as session:
            row = self._get(session, application_id)
            session.execute(
                select(Applicant.id).where(Applicant.id == row.applicant_id).with_for_update()
            )
            before = Status(row.status)
            check_transition(before, target)
            if target in NEEDS_CLEAN_REPORT:
                record = _record(row)
                history = _history(session, record.applicant.uscc or "", exclude_id=row.id)
                report = self.validate_record(record, history=history)
                if not report.can_submit:
                    reasons = "\n".join(f"· {r}" for r in report.reasons())
                    raise TransitionError(f"尚不能改为“{target.label}”，请先处理：\n{reasons}")
            row.status = target.value
            row.updated_at = utcnow()
            if target is Status.SUBMITTED:
                row.submitted_at = row.updated_at
                row.catalogue_version = self.catalogue.version
            if target not in EDITABLE:  # from now on it is checked with the profile it had
                row.content.applicant = row.applicant.profile
            _audit(session, row, actor, "变更状态", before, target, comment)
            session.flush()
            return _record(row)

    # --- lists ------------------------------------------------------------------------------

    @staticmethod
    def _conditions(query: ListQuery, *, dense: bool = False) -> list[Any]:
        """WHERE clauses of a list query.

        ``dense`` (many rows match the search) checks each row's character pairs where it
        stands, so a page is found by walking the sort order and stopping after 50 rows; else
        the matching rows are first collected from the pair index, so a rare word never walks
        the whole table.
        """
        conditions: list[Any] = []
        if query.kind:
            conditions.append(Application.kind == query.kind)
        if query.status:
            conditions.append(Application.status == query.status.value)
        words = query_words(query.search)
        # Latin letters and digits (numbers such as GX2026…) share a few common pairs ("gx",
        # "00"), which would make the pair index slower than reading the text: only Chinese
        # words go through the index.
        indexed = [w for w in words if not w.isascii()]
        pairs = sorted(set().union(*(bigrams(w) for w in indexed))) if indexed else []
        if dense:
            conditions.extend(
                select(SearchTerm.term)
                .where(SearchTerm.application_id == Application.id, SearchTerm.term == pair)
                .exists()
                for pair in pairs
            )
        elif pairs:
            holders = select(SearchTerm.application_id).where(SearchTerm.term.in_(pairs))
            if len(pairs) > 1:
                holders = holders.group_by(SearchTerm.application_id).having(
                    func.count() == len(pairs)
                )
            conditions.append(Application.id.in_(holders))
        texts = [
            Application.search_key.like("%" + _escape_like(word) + "%", escape="\\")
            for word in words
            if word.isascii() or len(word) != 2  # no pair, or a pair match to confirm
        ]
        if texts and not dense and not pairs:
            # Read the text once to find the few matches, rather than walking the sort order
            # through every row (which a rare number would make it do).
            conditions.append(Application.id.in_(select(Application.id).where(*texts)))
        else:
            conditions.extend(texts)
        return conditions

    def list_applications(self, query: ListQuery = ListQuery()) -> tuple[list[ListRow], int]:
        """One page of applications, filtered and sorted, and the total count of the filter."""
        words = query_words(query.search)
        if words and all(w.isascii() for w in words):
            # A number or Latin word has no pair index: read the text once for both the count
            # and the page, instead of once each.
            with self._read() as session:
                ids = list(session.scalars(select(Application.id).where(*self._conditions(query))))
            if len(ids) <= DENSE_SEARCH_HITS:
                only = ListQuery(
                    sort=query.sort,
                    descending=query.descending,
                    offset=query.offset,
                    limit=query.limit,
                )
                return self.list_page(only, among=ids), len(ids)
            return self.list_page(query, dense=True), len(ids)
        total = self.count_applications(query)
        dense = bool(query.search.strip()) and total > DENSE_SEARCH_HITS
        return self.list_page(query, dense=dense), total

    def count_applications(self, query: ListQuery = ListQuery()) -> int:
        with self._read() as session:
            stmt = select(func.count(Application.id)).where(*self._conditions(query))
            return session.scalar(stmt) or 0

    def list_page(
        self, query: ListQuery = ListQuery(), *, dense: bool = False, among: list[int] | None = None
    ) -> list[ListRow]:
        """One page; ``among`` limits it to rows already found (by id)."""
        column = getattr(Application, query.sort.value)
        order = column.desc() if query.descending else column.asc()
        tie = Application.id.desc() if query.descending else Application.id.asc()
        stmt = (
            select(
                Application.id,
                Application.number,
                Application.kind,
                Application.title,
                Application.applicant_name,
                Application.status,
                Application.requested_amount,
                Application.updated_at,
            )
            .where(*self._conditions(query, dense=dense))
            .where(*([Application.id.in_(among)] if among is not None else []))
            .order_by(order, tie)
            .offset(query.offset)
            .limit(query.limit)
        )
        with self._read() as session:
            rows = session.execute(stmt).all()
        return [
            ListRow(
                r.id,
                r.number or "",
                r.kind,
                r.title,
                r.applicant_name,
                Status(r.status),
                r.requested_amount,
                r.updated_at,
            )
            for r in rows
        ]

    def firm_history(
        self, uscc: str, exclude_id: int | None = None, exclude_uid: str | None = None
    ) -> StoreHistory:
        """The firm's applications other than the one being checked (by id or by uid)."""
        with self._read() as session:
            return _history(session, uscc, exclude_id=exclude_id, exclude_uid=exclude_uid)

    def audit_trail(self, application_id: int) -> list[AuditEntry]:
        with self._read() as session:
            rows = session.scalars(
                select(AuditEvent)
                .where(AuditEvent.application_id == application_id)
                .order_by(AuditEvent.id)
            )
            return [
                AuditEntry(
                    r.at, r.actor, r.action, _status(r.from_status), _status(r.to_status), r.detail
                )
                for r in rows
            ]

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
        with self._write() as session:
            row = self._get(session, application_id)
            if Status(row.status) not in EDITABLE:
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能添加附件")
            label = _listed_material(row, material)
            attachment = Attachment(
                name=name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                material=material,
            )
            row.attachments.append(attachment)
            row.updated_at = utcnow()
            _audit(session, row, actor, "添加附件", None, None, f"{label}：{name}")
            session.flush()
            return _attachment_info(attachment)

    def file_attachment(
        self, attachment_id: int, material: str, actor: str = SYSTEM_ACTOR
    ) -> AttachmentInfo:
        """Move an attachment to another material (or to 其他材料); its note is cleared."""
        with self._write() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFound(f"找不到编号为 {attachment_id} 的附件")
            row = attachment.application
            if Status(row.status) not in EDITABLE:
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能调整附件")
            label = _listed_material(row, material)
            before = get_form(row.kind).material(attachment.material).name
            attachment.material, attachment.note = material, ""
            row.updated_at = utcnow()
            _audit(
                session,
                row,
                actor,
                "调整附件材料",
                None,
                None,
                f"{attachment.name}：{before} → {label}",
            )
            session.flush()
            return _attachment_info(attachment)

    def remove_attachment(self, attachment_id: int, actor: str = SYSTEM_ACTOR) -> None:
        with self._write() as session:
            attachment = session.get(Attachment, attachment_id)
            if attachment is None:
                raise NotFound(f"找不到编号为 {attachment_id} 的附件")
            row = attachment.application
            if Status(row.status) not in EDITABLE:
                raise TransitionError(f"“{Status(row.status).label}”状态的申报不能删除附件")
            _audit(session, row, actor, "删除附件", None, None, attachment.name)
            session.delete(attachment)

    def attachment_content(self, attachment_id: int) -> bytes:
        """The attachment's bytes, checked against the SHA-256 recorded when it was added."""
        with self._read() as session:
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
        with self._write() as session:
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
                row = Application(
                    uid=str(uuid.uuid4()),
                    kind=doc.kind,
                    title=doc.title[:200],
                    status=Status.DRAFT.value,
                    applicant=applicant,
                    applicant_name=applicant.name,
                    content=ApplicationContent(
                        data=doc.form.model_dump(mode="json"), applicant=profile
                    ),
                    catalogue_version=self.catalogue.version,
                    requested_amount=doc.definition.amount_of(doc.form),
                    attachments=[
                        Attachment(
                            name=a.name,
                            size=a.size,
                            sha256=a.sha256,
                            content=a.content,
                            material=a.material,
                        )
                        for a in doc.attachments
                    ],
                )
                session.add(row)
                session.flush()
                row.number = f"GX{row.created_at:%Y}{row.id:07d}"
                source = f"导入自编号 {doc.number}" if doc.number else "导入"
                _audit(session, row, actor, "导入", None, Status.DRAFT, source)
                _refile_attachments(session, row, doc.definition, doc.form, actor)
                ids.append(row.id)
        return ImportResult(ids, sorted(set(notes)))

    def export_document(self, application_id: int) -> ApplicationDocument:
        record = self.load(application_id)
        with self._read() as session:
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
        with self._read() as session:
            stmt = select(Application.id).order_by(Application.id)
            if kind:
                stmt = stmt.where(Application.kind == kind)
            if status:
                stmt = stmt.where(Application.status == status.value)
            return list(session.scalars(stmt))

    def find_application_id(self, reference: str) -> int:
        """The id of the application with this 申报编号 (GX…), or this internal id."""
        reference = reference.strip()
        with self._read() as session:
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

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _get(session: Session, application_id: int) -> Application:
        row = session.get(Application, application_id)
        if row is None:
            raise NotFound(f"找不到编号为 {application_id} 的申报")
        return row


def _status(code: str | None) -> Status | None:
    return Status(code) if code else None


def _history(
    session: Session, uscc: str, *, exclude_id: int | None = None, exclude_uid: str | None = None
) -> StoreHistory:
    rows = session.scalars(
        select(Application)
        .join(Applicant)
        .where(
            Applicant.uscc == uscc,
            Application.id != (exclude_id or -1),
            Application.uid != (exclude_uid or ""),
        )
    )
    by_kind: dict[str, list[PriorClaim]] = {}
    for row in rows:
        by_kind.setdefault(row.kind, []).append(
            PriorClaim(row.id, row.number or "", row.kind, row.status, row.title, _claim_data(row))
        )
    return StoreHistory(by_kind)


def _claim_data(row: Application) -> Any:
    """A claim's data with choices as today's codes, so caps compare codes, whatever the data's
    version."""
    definition = all_forms().get(row.kind)
    data = row.content.data
    return definition.upgrade(data)[0] if definition is not None else data


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _audit(
    session: Session,
    row: Application,
    actor: str,
    action: str,
    before: Status | None,
    after: Status | None,
    detail: str,
) -> None:
    session.add(
        AuditEvent(
            application_id=row.id,
            application_number=row.number,
            actor=actor,
            action=action,
            from_status=before.value if before else None,
            to_status=after.value if after else None,
            detail=detail,
        )
    )


def _applicant_record(row: Applicant) -> ApplicantRecord:
    return ApplicantRecord(row.id, stored_profile(row.profile), row.updated_at)


def _attachment_info(a: Attachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.name, a.size, a.sha256, a.created_at, a.material, a.note)


def _typed_attachments(record: ApplicationRecord) -> tuple[AttachmentInfo, ...] | None:
    """The attachments the 材料齐全 lines judge; None for a received application whose files
    name no material: it came in a package from before materials (format 1 or 2; a newer one
    always names at least the licence, or it is refused on receipt), so an officer looks."""
    if record.received and all(a.material == OTHER for a in record.attachments):
        return None
    return record.attachments


def _listed_material(row: Application, material: str) -> str:
    """The name of ``material`` if the saved answers ask for it (or it is 其他材料); else the
    refusal, in Chinese."""
    definition = get_form(row.kind)
    if material == OTHER:
        return OTHER_NAME
    if material in material_ids_for(definition, definition.load(row.content.data)):
        return definition.material(material).name
    raise InputError(
        [
            FieldIssue(
                ("attachments",),
                "material",
                f"不是本申报按已保存的内容需要的材料（“{material}”），请选择所列材料之一或“其他材料”",
                "附件材料",
            )
        ]
    )


def _refile_attachments(
    session: Session, row: Application, definition: FormDefinition, form: FormModel, actor: str
) -> None:
    """Files of a material the answers no longer ask for (申请类别 switched, say) move to
    其他材料 with a note saying what they were: never lost, and filed again by a click."""
    listed = material_ids_for(definition, form)
    for attachment in row.attachments:
        if attachment.material == OTHER or attachment.material in listed:
            continue
        was = definition.material(attachment.material).name
        if attachment.material not in {m.id for m in definition.materials}:
            was = attachment.material  # an id no release of this form lists
        attachment.note = f"原为“{was}”；按修改后的申报内容已不需要该材料，移入其他材料"
        attachment.material = OTHER
        _audit(
            session, row, actor, "附件移入其他材料", None, None, f"{attachment.name}（原为{was}）"
        )


def _record(row: Application) -> ApplicationRecord:
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
        attachments=tuple(_attachment_info(a) for a in row.attachments),
        received_at=row.received_at,
        submission_revision=row.submission_revision,
    )


__all__ = [
    "ApplicantRecord",
    "ApplicationRecord",
    "ConflictError",
    "InputError",
    "ListQuery",
    "ListRow",
    "NotFound",
    "SortKey",
    "Store",
    "StoreError",
]
