"""A server store's schema: checked by every desktop as it opens the store, changed only by an
administrator (``gxapply db upgrade``) under a PostgreSQL advisory lock.

A SQLite store belongs to one desktop and keeps migrating itself when it opens (db/connecting.py).
A shared server store does not: officers' desktops sign in with a data-only role (no right to
change tables), several may start at once, and an older program must not meet a newer schema. So
a desktop only reads the revision and refuses any other than its own, saying whom to ask and what
to tell them; the administrator's upgrade holds an advisory lock so that two upgrades started at
once run one after the other, the second finding nothing left to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from db.engine import (
    HEAD_REVISION,
    INSUFFICIENT_PRIVILEGE,
    current_revision,
    make_engine,
    migrate,
    run_migration,
)
from db.errors import SERVER_GUIDE, StoreError
from db.first_page import sqlite_file
from db.opening import OpenMode, known_revisions, probe
from db.server_errors import CALL_ADMIN, server_error

# pg_advisory_lock's key for schema changes: any fixed 64-bit number no other program uses here
# (the ASCII of "gxschema").
SCHEMA_LOCK_KEY = 0x6778736368656D61


class SchemaNeedsUpgrade(StoreError):
    """The server store is empty or at an older revision than this program: the administrator
    must upgrade it before any desktop can use it."""


class SchemaNewerThanProgram(StoreError):
    """The server store was upgraded by a newer program: this desktop's program must be updated."""


class UpgradeNotPermitted(StoreError):
    """The role ``gxapply db upgrade`` signed in with may not change tables (a data-only role)."""


def check_server_revision(engine: Engine) -> None:
    """Refuse a server store at any revision but this program's, changing nothing."""
    try:
        revision = current_revision(engine)
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != INSUFFICIENT_PRIVILEGE:
            raise
        raise StoreError(
            f"数据库用户“{engine.url.username or ''}”没有读写本程序数据表的权限，暂时无法使用。"
            f"{CALL_ADMIN}并告知：请管理员按{SERVER_GUIDE}为该用户授予读写数据的权限，"
            "完成后再启动本程序。本程序未做任何更改"
        ) from exc
    if revision == HEAD_REVISION:
        return
    if revision is None:
        raise SchemaNeedsUpgrade(
            "办公室数据库服务器上的数据库尚未建立本程序的数据表，暂时无法使用。"
            f"{CALL_ADMIN}并告知：请管理员升级数据库（建立数据表，版本 {HEAD_REVISION}），"
            "完成后再启动本程序。本程序未做任何更改"
        )
    if revision in known_revisions():
        raise SchemaNeedsUpgrade(
            f"办公室数据库服务器上的数据库版本较旧（版本 {revision}），本程序需要版本 "
            f"{HEAD_REVISION}。{CALL_ADMIN}并告知：请管理员升级数据库到版本 {HEAD_REVISION}，"
            "完成后再启动本程序。本程序未做任何更改"
        )
    raise SchemaNewerThanProgram(
        f"办公室数据库服务器上的数据库已由更新版本的程序升级（版本 {revision}），"
        f"本程序只能使用版本 {HEAD_REVISION}，请升级程序：{CALL_ADMIN}，"
        "索取与数据库相同版本的程序安装包。本程序未做任何更改"
    )


@dataclass(frozen=True)
class UpgradeResult:
    before: str | None  # None: the database had no tables of ours
    after: str

    @property
    def upgraded(self) -> bool:
        return self.before != self.after

    def describe(self) -> str:
        if not self.upgraded:
            return f"数据库已是最新版本（{self.after}），无需升级，未做任何更改"
        if self.before is None:
            return f"已在空数据库中建立本程序的数据表（版本 {self.after}）"
        return f"已把数据库从版本 {self.before} 升级到 {self.after}"


def upgrade_store(url: str) -> UpgradeResult:
    """Bring the store at ``url`` to this program's revision; on a server, under the advisory
    lock, as the role ``url`` signs in with (which must own the tables). A SQLite store is
    migrated as every desktop does when it opens one."""
    engine = make_engine(url)
    try:
        if engine.dialect.name == "sqlite":
            return _upgrade_sqlite(url, engine)
        return _upgrade_server(engine)
    finally:
        engine.dispose()


def _upgrade_sqlite(url: str, engine: Engine) -> UpgradeResult:
    path = sqlite_file(url)
    # looked at first without writing: another program's file or a newer store is refused
    if path is not None and probe(path) is OpenMode.READ_ONLY:
        raise StoreError(
            f"数据文件 {path.name} 位于只读位置（或文件为只读），无法升级。"
            "请将它复制到可写的文件夹（或取消只读属性）后再升级"
        )
    before = current_revision(engine)
    migrate(engine)
    return UpgradeResult(before, HEAD_REVISION)


def _upgrade_server(engine: Engine) -> UpgradeResult:
    database = engine.url.database or ""
    try:
        with engine.connect() as holder:
            # a session lock on a connection of its own, held while the migration runs on
            # another: a second upgrade waits here and then finds the schema at the head
            holder.exec_driver_sql(f"SELECT pg_advisory_lock({SCHEMA_LOCK_KEY})")
            holder.commit()
            try:
                before = current_revision(engine)
                if before is not None and before not in known_revisions():
                    raise SchemaNewerThanProgram(
                        f"数据库已由更新版本的程序升级（版本 {before}），本程序只认识到版本 "
                        f"{HEAD_REVISION}，不能升级，也不应降级。请使用与数据库相同或更新版本的"
                        "程序。未做任何更改"
                    )
                if before != HEAD_REVISION:
                    run_migration(engine, "head")
            finally:
                holder.exec_driver_sql(f"SELECT pg_advisory_unlock({SCHEMA_LOCK_KEY})")
                holder.commit()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            user = engine.url.username or ""
            raise UpgradeNotPermitted(
                f"数据库用户“{user}”没有修改数据表的权限（只能读写数据），不能升级数据库，"
                "数据库未做任何更改。升级须由数据库的所有者（管理员）角色进行："
                f"请用所有者的用户名和密码连接后再升级（见{SERVER_GUIDE}）"
            ) from exc
        said = server_error(exc, database, reading=True)
        if said is None:
            raise
        raise said from exc
    return UpgradeResult(before, HEAD_REVISION)
