"""Where the store lives, how it is opened, and how its schema is brought up to date."""

from __future__ import annotations

import os
import sqlite3
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from platformdirs import user_config_dir, user_data_dir
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

if TYPE_CHECKING:
    from alembic.config import Config

APP_NAME = "gxapply"
ENV_URL = "GXAPPLY_DATABASE_URL"
ENV_HOME = "GXAPPLY_HOME"  # one folder for data and settings; tests and portable installs use it
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class StoreError(Exception):
    """The store cannot be opened or written; the message is Chinese and says what to do."""


def data_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) if home else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    home = os.environ.get(ENV_HOME)
    return Path(home) if home else Path(user_config_dir(APP_NAME, appauthor=False))


def settings_file() -> Path:
    return config_dir() / "settings.toml"


def read_settings() -> dict[str, Any]:
    path = settings_file()
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"设置文件 {path} 无法读取（{exc}），请修正或删除该文件后重试") from exc


def database_url(explicit: str | None = None) -> str:
    """The store's URL: argument, then GXAPPLY_DATABASE_URL, then settings, then the default."""
    url = explicit or os.environ.get(ENV_URL) or read_settings().get("database_url")
    if url:
        return str(url)
    return f"sqlite:///{data_dir() / 'gxapply.sqlite3'}"


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # a committed save survives a power cut too
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


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
    return engine


# The newest migration. Alembic is imported only when a store is behind this, which keeps it
# (about a quarter of a second) out of every ordinary start; a test keeps the two in step.
HEAD_REVISION = "0001"


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
