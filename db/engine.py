"""Where the store lives, how it is opened, and how its schema is brought up to date."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

from db.location import (  # noqa: F401 (re-exported: callers know them as db.engine's)
    APP_NAME,
    ENV_HOME,
    ENV_URL,
    StoreError,
    config_dir,
    data_dir,
    database_url,
    read_settings,
    settings_file,
)
from db.revision import HEAD_REVISION  # the newest migration; Alembic only when behind it

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed save survives a power cut too
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
    dbapi_connection.isolation_level = None  # transactions are begun by _sqlite_begin


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"数据库地址“{url}”格式不正确，请检查 {ENV_URL} 或设置文件") from exc
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
    try:
        engine = create_engine(parsed)
    except (ImportError, ArgumentError) as exc:
        raise StoreError(
            f"无法连接“{parsed.get_backend_name()}”类型的数据库：缺少对应的驱动程序"
            f"（{getattr(exc, 'name', None) or exc.__class__.__name__}），请安装后重试"
        ) from exc
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: Any) -> None:
    # pysqlite opens transactions only before INSERT/UPDATE/DELETE, so schema changes (a first
    # migration) would commit table by table; an explicit BEGIN makes them all-or-nothing too.
    connection.exec_driver_sql("BEGIN")


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
    """The store's revision, read with plain SQL (None for an empty store)."""
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except (OperationalError, ProgrammingError):
        return None  # no alembic_version table: a new, empty store


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there."""
    if current_revision(engine) == HEAD_REVISION:
        return
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
