"""``gxapply db copy``: a single-desktop SQLite store moved onto the office's database server.

Every table of the models' metadata is copied (so a table a later migration adds comes along
without a change here), parents before children, in one transaction on the target that is
checked before it commits: per table, the number of rows and a hash of their content must be the
same on both sides, or nothing is kept. The target must be an upgraded, empty database; the
source is opened read-only and never changed. The sequences behind the numeric ids are moved
past the copied rows, so the next row the office saves gets a new id.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    Connection,
    Engine,
    Integer,
    Numeric,
    Table,
    Text,
    bindparam,
    cast,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.exc import DBAPIError

from db.connecting import reach_server, read_only_engine
from db.engine import HEAD_REVISION, current_revision, make_engine
from db.errors import SERVER_GUIDE, StoreError
from db.models import Base
from db.opening import known_revisions, probe, store_file
from db.server_errors import server_error
from db.server_url import is_server

BATCH_ROWS = 200  # rows read and written at a time (attachments hold whole files)
# what people call each table, for the report (a table without a name here shows its own)
TABLE_NAMES = {
    "accounts": "审核人员账户",
    "applicants": "申报主体",
    "known_keys": "已知密钥",
    "office_pins": "园区公钥",
    "office_keys": "办公室签名密钥",
    "settings": "设置",
    "sign_in_failures": "登录失败记录",
    "applications": "申报",
    "application_contents": "申报内容",
    "application_revisions": "申报的历次版本",
    "attachments": "附件",
    "audit_events": "操作记录",
    "exchanged_packages": "收发的申报包",
    "manual_checks": "人工核实",
    "review_decisions": "审核决定",
    "search_terms": "检索词",
    "revision_attachments": "历次版本的附件",
}


@dataclass(frozen=True)
class TableCopy:
    table: str
    source_rows: int
    target_rows: int
    source_hash: str
    target_hash: str

    @property
    def same(self) -> bool:
        return self.source_rows == self.target_rows and self.source_hash == self.target_hash

    def line(self) -> str:
        name = TABLE_NAMES.get(self.table, self.table)
        mark = "一致" if self.same else "不一致"
        return (
            f"  {name}（{self.table}）：原 {self.source_rows} 行，复制后 {self.target_rows} 行，"
            f"内容校验 {self.source_hash[:12]} / {self.target_hash[:12]}，{mark}"
        )


@dataclass(frozen=True)
class CopyReport:
    tables: tuple[TableCopy, ...]

    @property
    def ok(self) -> bool:
        return all(table.same for table in self.tables)

    def text(self) -> str:
        rows = sum(table.source_rows for table in self.tables)
        head = (
            f"已把本机数据复制到数据库服务器：{len(self.tables)} 张表，共 {rows} 行，"
            "逐表核对行数和内容校验值，全部一致。本机数据文件未做任何更改。"
            if self.ok
            else "复制后核对不一致，已全部撤销，服务器上的数据库仍是空的；本机数据文件未做任何更改。"
            "请将本报告交给技术支持。"
        )
        return "\n".join([head, *(table.line() for table in self.tables)]) + "\n"


class CopyRefused(StoreError):
    """The copy cannot start (source or target not as it must be); nothing was changed."""


def copy_store(source_url: str, target_url: str) -> CopyReport:
    """Copy the SQLite store at ``source_url`` into the empty, upgraded server database at
    ``target_url``; the report says what was compared. Nothing is kept unless every table
    compares equal (then ``CopyReport.ok``)."""
    source = _open_source(source_url)
    try:
        target = _open_target(target_url)
        try:
            return _copy(source, target)
        except DBAPIError as exc:
            said = server_error(exc, target.url.database or "")
            if said is None:
                raise
            raise said from exc
        finally:
            target.dispose()
    finally:
        source.dispose()


def _open_source(url: str) -> Engine:
    path = store_file(url)
    if path is None or is_server(url) or not path.is_file():
        raise CopyRefused(
            "要复制的必须是本机的数据文件（单机使用时的数据），而所给的数据位置不是一个已有的数据文件。"
            "请检查数据位置；未做任何更改"
        )
    probe(path)  # another program's file, a damaged or newer one: refused untouched
    engine, revision = read_only_engine(path)
    if revision != HEAD_REVISION:
        engine.dispose()
        if revision is None:  # empty, writable (probe: NEW) or not (probe: READ_ONLY)
            raise CopyRefused(f"数据文件 {path.name} 是空的，没有可复制的数据；未做任何更改")
        raise CopyRefused(
            f"数据文件 {path.name} 是旧版本（{revision}），本程序为版本 {HEAD_REVISION}。"
            "请先用本程序正常打开一次该数据文件（会自动升级），再复制；未做任何更改"
        )
    return engine


def _open_target(url: str) -> Engine:
    if not is_server(url):
        raise CopyRefused(
            "复制的目标必须是数据库服务器上的数据库，而所给的是本机数据文件。"
            "请给出服务器上的数据库；未做任何更改"
        )
    engine = make_engine(url)
    database = engine.url.database or ""
    # first: current_revision takes a server it cannot reach for a database without our tables
    reach_server(engine)
    try:
        revision = current_revision(engine)
        counts = _row_counts(engine) if revision == HEAD_REVISION else {}
    except DBAPIError as exc:
        engine.dispose()
        said = server_error(exc, database, reading=True)
        if said is None:
            raise
        raise said from exc
    if revision != HEAD_REVISION:
        engine.dispose()
        now = "尚未建立本程序的数据表" if revision is None else f"为版本 {revision}"
        newer = revision is not None and revision not in known_revisions()
        fix = (
            "请使用与数据库同一版本的程序复制"
            if newer
            else f"请先由数据库所有者升级该数据库（见{SERVER_GUIDE}）"
        )
        raise CopyRefused(
            f"服务器上的数据库“{database}”{now}，本程序为版本 {HEAD_REVISION}。{fix}；未做任何更改"
        )
    filled = {name: count for name, count in counts.items() if count}
    if filled:
        engine.dispose()
        some = "、".join(
            f"{TABLE_NAMES.get(name, name)} {count} 行" for name, count in list(filled.items())[:3]
        )
        if len(filled) > 3:
            some += f" 等 {len(filled)} 张表"
        raise CopyRefused(
            f"服务器上的数据库“{database}”不是空的（已有 {some}），为免覆盖已有数据，"
            "不复制到其中。请换一个新建的空数据库；未做任何更改"
        )
    return engine


def _row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table.name: int(connection.scalar(select(func.count()).select_from(table)) or 0)
            for table in Base.metadata.sorted_tables
        }


def _copy(source: Engine, target: Engine) -> CopyReport:
    compared = []
    with source.connect() as reading, target.connect() as writing, writing.begin() as transaction:
        for table in Base.metadata.sorted_tables:  # parents before children
            source_rows, source_hash = 0, _Digest()
            for batch in _batches(reading, table):
                writing.execute(_insert(table), batch)
                source_rows += len(batch)
                source_hash.add_rows(table, batch)
            _reset_sequence(writing, table)
            target_rows, target_hash = 0, _Digest()
            for batch in _batches(writing, table):
                target_rows += len(batch)
                target_hash.add_rows(table, batch)
            compared.append(
                TableCopy(
                    table.name,
                    source_rows,
                    target_rows,
                    source_hash.hexdigest(),
                    target_hash.hexdigest(),
                )
            )
        report = CopyReport(tuple(compared))
        if not report.ok:
            transaction.rollback()
    return report


def _is_json(column: Any) -> bool:
    return isinstance(column.type, JSON)


def _batches(connection: Connection, table: Table) -> Iterator[list[dict[str, Any]]]:
    """The table's rows as they are stored: a JSON column as its text (so SQL NULL stays apart
    from JSON null and nothing is re-encoded), everything else as its Python value."""
    columns = [
        cast(column, Text).label(column.name) if _is_json(column) else column
        for column in table.columns
    ]
    # per statement: a connection's own options would stay on it (and its inserts)
    result = connection.execute(select(*columns).execution_options(yield_per=BATCH_ROWS))
    for part in result.mappings().partitions(BATCH_ROWS):
        yield [dict(row) for row in part]


def _insert(table: Table) -> Any:
    """An INSERT taking each JSON column's stored text as it is."""
    values = {
        column.name: cast(bindparam(column.name, type_=Text), column.type)
        for column in table.columns
        if _is_json(column)
    }
    return insert(table).values(values) if values else insert(table)


def _reset_sequence(connection: Connection, table: Table) -> None:
    """Move the sequence behind an integer id past the rows copied in with their ids."""
    column = table.autoincrement_column
    if column is None or not isinstance(column.type, Integer):
        return
    sequence = connection.scalar(
        text("SELECT pg_get_serial_sequence(:table, :column)"),
        {"table": table.name, "column": column.name},
    )
    if sequence is None:
        return
    connection.execute(
        text(
            f"SELECT setval(:sequence, COALESCE((SELECT MAX({column.name}) FROM {table.name}), 0) + 1, false)"
        ),
        {"sequence": sequence},
    )


class _Digest:
    """A hash of a table's rows that does not depend on their order (the two databases sort
    text differently): the sorted hashes of each row's normalised values, hashed."""

    def __init__(self) -> None:
        self.rows: list[bytes] = []

    def add_rows(self, table: Table, rows: Iterable[dict[str, Any]]) -> None:
        names = [column.name for column in table.columns]
        scales = {
            column.name: column.type.scale
            for column in table.columns
            if isinstance(column.type, Numeric) and column.type.scale is not None
        }
        for row in rows:
            values = [_normal(row[name], scales.get(name)) for name in names]
            encoded = json.dumps(values, ensure_ascii=False, separators=(",", ":"))
            self.rows.append(hashlib.sha256(encoded.encode("utf-8")).digest())

    def hexdigest(self) -> str:
        digest = hashlib.sha256()
        for row in sorted(self.rows):
            digest.update(row)
        return digest.hexdigest()


def _normal(value: Any, scale: int | None) -> Any:
    """A value as both databases give it back: bytes by their hash, amounts to their scale,
    times as ISO text."""
    if isinstance(value, memoryview):
        value = value.tobytes()
    if isinstance(value, bytes):
        return "bytes:" + hashlib.sha256(value).hexdigest()
    if isinstance(value, Decimal):
        return "decimal:" + str(value.quantize(Decimal(1).scaleb(-scale)) if scale else value)
    if isinstance(value, float):
        return "float:" + repr(value)
    if isinstance(value, (datetime, date)):
        return "time:" + value.isoformat()
    return value
