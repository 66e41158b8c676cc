"""Connecting to a store and letting it go: the file is probed first (db/opening.py), then
migrated, or opened read-only where it cannot be written; a server store is only checked to be
at this program's revision (its administrator upgrades it: db/schema_admin.py)."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import DatabaseError, DBAPIError, OperationalError

from db.engine import HEAD_REVISION, current_revision, make_engine, migrate
from db.errors import StoreError
from db.first_page import sqlite_file
from db.location import database_url
from db.opening import OpenMode, StoreDamaged, damaged, damaged_message, probe, read_only_uri
from db.schema_admin import check_server_revision
from db.server_errors import server_error
from db.unit_of_work import write_error


def connect(url: str | None = None) -> tuple[Engine, bool]:
    """The engine of the store at ``url`` (or the configured place), created and migrated if
    need be, and whether it is read-only.

    A SQLite file is looked at first without writing: a folder, another program's database, a
    newer program's store or a damaged file is refused untouched, and one that cannot be
    written opens read-only.
    """
    url = database_url(url)
    path = sqlite_file(url)
    mode = probe(path) if path is not None else OpenMode.READ_WRITE
    if path is not None and mode is OpenMode.READ_ONLY:
        return connect_read_only(path), True
    engine = make_engine(url)
    try:
        if path is None and engine.dialect.name != "sqlite":
            reach_server(engine)
            # shared by several desktops: upgraded by its administrator only (db/schema_admin.py)
            check_server_revision(engine)
        else:
            migrate(engine)
    except OperationalError as exc:
        engine.dispose()
        said = server_error(exc, engine.url.database or "") if path is None else None
        raise (said or write_error(exc)) from exc
    except DatabaseError as exc:
        if path is not None and damaged(exc):
            raise StoreDamaged(damaged_message(path)) from exc
        raise StoreError(
            f"“{engine.url.database}”不是本软件的数据库文件，或已损坏。"
            "请检查数据库地址；如文件已损坏，请从备份恢复"
        ) from exc
    except StoreError:  # a server store at another revision
        engine.dispose()
        raise
    return engine, False


def reach_server(engine: Engine) -> None:
    """Connect once, so that a server that cannot be reached, a refused password or a missing
    database is said as such (and not as a failed migration)."""
    try:
        with engine.connect():
            pass
    except DBAPIError as exc:
        engine.dispose()
        said = server_error(exc, engine.url.database or "", reading=True)
        if said is None:
            raise
        raise said from exc


def read_only_engine(path: Path) -> tuple[Engine, str | None]:
    """An engine that reads the store file at ``path`` and writes nothing beside it, and the
    revision the file is at."""
    engine = make_engine(f"sqlite:///{read_only_uri(path)}&uri=true", read_only=True)
    return engine, current_revision(engine)


def connect_read_only(path: Path) -> Engine:
    """An engine that reads the store at ``path``, which must be at this program's revision."""
    engine, revision = read_only_engine(path)
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
    return engine


def disconnect(engine: Engine) -> None:
    if engine.dialect.name == "sqlite":
        try:  # keep the query planner's statistics fresh for the list's indexes
            with engine.begin() as connection:
                connection.execute(text("PRAGMA optimize"))
        except OperationalError:
            pass  # read-only or busy: statistics can wait for the next close
    engine.dispose()
