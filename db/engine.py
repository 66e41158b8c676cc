"""Where the store lives, how it is opened, and how its schema is brought up to date."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from db.errors import StoreError
from db.location import ENV_URL
from db.revision import HEAD_REVISION  # the newest migration; Alembic only when behind it

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


# PostgreSQL's SQLSTATE for "insufficient privilege" (and "must be owner of ...")
INSUFFICIENT_PRIVILEGE = "42501"
# How long a writer waits for another to finish before giving up (SQLite's busy timeout).
BUSY_TIMEOUT_S = 5
# A database server: how long to try to reach it before saying it cannot be reached, and how
# soon a connection whose far end went silent (network cut, server switched off) is found dead.
CONNECT_TIMEOUT_S = 10
SERVER_CONNECT_ARGS: dict[str, dict[str, Any]] = {
    "postgresql": {
        "connect_timeout": CONNECT_TIMEOUT_S,
        "keepalives": 1,
        "keepalives_idle": 30,
        "keepalives_interval": 10,
        "keepalives_count": 3,
    }
}


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed save survives a power cut too
    _common_pragmas(dbapi_connection, cursor)


def _read_only_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # No journal mode or synchronous setting: those would write to a file that cannot be.
    _common_pragmas(dbapi_connection, dbapi_connection.cursor())


def _common_pragmas(dbapi_connection: sqlite3.Connection, cursor: sqlite3.Cursor) -> None:
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin


def make_engine(url: str, *, read_only: bool = False) -> Engine:
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        raise StoreError(  # never the address itself: it may hold a password
            f"数据库地址格式不正确，请检查设置文件中的数据库地址（或环境变量 {ENV_URL}）"
        ) from None
    database = parsed.database or ""
    if (
        parsed.get_backend_name() == "sqlite"
        and database not in ("", ":memory:")
        and not database.startswith("file:")
    ):
        folder = Path(database).expanduser().resolve().parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"无法创建数据文件夹 {folder}，请检查权限和磁盘空间") from exc
    options: dict[str, Any] = {}
    if parsed.get_backend_name() != "sqlite":
        # pre-ping: a pooled connection the server dropped (restart, network cut) is replaced
        # before use, so the first read after it works instead of failing
        options = {"pool_pre_ping": True}
        connect_args = SERVER_CONNECT_ARGS.get(parsed.get_backend_name())
        if connect_args:
            options["connect_args"] = dict(connect_args)
    try:
        engine = create_engine(parsed, **options)
    except (ImportError, ArgumentError) as exc:
        raise StoreError(
            f"无法连接“{parsed.get_backend_name()}”类型的数据库：缺少对应的驱动程序"
            f"（{getattr(exc, 'name', None) or exc.__class__.__name__}），请安装后重试"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _read_only_pragmas if read_only else _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


WRITE = "gxapply_write"  # execution option: this transaction will write (see _sqlite_begin)


def writing(engine: Engine) -> Engine:
    """The same engine (same pool, same events) whose transactions take the write lock at once."""
    return engine.execution_options(**{WRITE: True})


def _sqlite_begin(connection: Any) -> None:
    # pysqlite opens transactions only before INSERT/UPDATE/DELETE, so schema changes (a first
    # migration) would commit table by table; an explicit BEGIN makes them all-or-nothing too.
    # A transaction that will write takes the write lock at its start (IMMEDIATE): a deferred
    # one that read first and then writes gets SQLITE_BUSY at once, without the busy timeout,
    # whenever another writer got in between; an immediate one waits its turn instead.
    immediate = connection.get_execution_options().get(WRITE)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    """The newest revision as Alembic's scripts say (tests compare it with HEAD_REVISION)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The store's revision, read with plain SQL (None for an empty store).

    A server role that may not read the table raises (``INSUFFICIENT_PRIVILEGE``): the store is
    not empty, and an upgrade would not give the role its rights."""
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (OperationalError, ProgrammingError) as exc:
        if getattr(exc.orig, "sqlstate", None) == INSUFFICIENT_PRIVILEGE:
            raise
        return None  # no alembic_version table: a new, empty store


class MigrationError(StoreError):
    """A migration would have left rows that break a foreign key; nothing was changed."""


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there."""
    if current_revision(engine) == HEAD_REVISION:
        return
    run_migration(engine, "head")


def run_migration(engine: Engine, target: str, *, downgrade: bool = False) -> None:
    """Upgrade (or downgrade) to ``target`` in one transaction that cannot cascade.

    SQLite rebuilds a table to alter it (batch mode: copy, DROP, rename); with foreign keys on,
    that DROP deletes every row referring to it through ON DELETE CASCADE. So foreign keys are
    switched off on the migration's connection *before* its transaction begins (SQLite ignores
    the pragma inside one), and ``PRAGMA foreign_key_check`` must come back empty before the
    commit: a migration that orphans rows is rolled back whole.
    """
    from alembic import command

    config = alembic_config()
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        raw = connection.connection.dbapi_connection if sqlite else None
        if raw is not None:
            raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                if downgrade:
                    command.downgrade(config, target)
                else:
                    command.upgrade(config, target)
                if sqlite:
                    orphans = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if orphans:
                        tables = ", ".join(sorted({str(row[0]) for row in orphans}))
                        # the tables (English names) go to the error log, for support
                        logging.getLogger(__name__).error("orphaned rows in %s", tables)
                        raise MigrationError(
                            f"升级数据库会使 {len(orphans)} 条记录失去关联，"
                            "已取消升级，数据未做任何更改。请将此情况告知技术支持"
                        )
        finally:
            if raw is not None:
                raw.execute("PRAGMA foreign_keys=ON")
