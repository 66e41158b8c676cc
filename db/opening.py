"""What a SQLite store file is, found out before anything writes to it.

Opening a store switches it to WAL and runs migrations; done to the wrong file that changes it
(another program's database gets our tables) or fails with a message that misleads (a damaged
file "cannot be saved"). So the file is first looked at read-only, with the standard library
only, and every case gets its own plain Chinese message while the file stays byte-for-byte as
it was: a folder, another program's database, a newer program's store, a damaged file, a file
that is not a database at all. A store that cannot be written opens read-only.
"""

from __future__ import annotations

import os
import re
import sqlite3
from enum import Enum
from pathlib import Path
from urllib.parse import unquote, urlsplit

from db.errors import StoreError
from db.location import DEFAULT_FILE_NAME

SQLITE_HEADER = b"SQLite format 3\x00"
VERSIONS = Path(__file__).resolve().parent / "migrations" / "versions"
# Tables every gxapply store has had since its first revision.
OUR_TABLES = frozenset({"applicants", "applications", "application_contents", "settings"})

RESTORE_HINT = "请在“文件 › 备份与恢复”中从备份恢复；如无备份，请将该文件交给技术支持"


class OpenMode(Enum):
    NEW = "new"  # no file yet, or an empty one: the store will be made
    READ_WRITE = "read_write"
    READ_ONLY = "read_only"  # the file or its folder cannot be written


class StoreDamaged(StoreError):
    """The file is a SQLite database whose pages are damaged."""


def store_file(url: str) -> Path | None:
    """The file of a SQLite store's URL, including a read-only store's ``file:`` URI; None for
    a store in memory or on a server."""
    from db.first_page import sqlite_file

    path = sqlite_file(url)
    if path is None and url.startswith("sqlite:///file:"):  # a read-only store's URI
        path = Path(unquote(urlsplit(url.removeprefix("sqlite:///")).path))
    return path


def store_place(url: str) -> str:
    """Where the store is, for people: the file for SQLite; never the URL (it may hold a
    password, and means nothing to a clerk)."""
    path = store_file(url)
    if path is None and url.startswith("sqlite"):
        return "数据文件：内存中的临时数据库"
    if path is None:
        return "数据库：办公室服务器上的共享数据库"
    # the folder says where; the file's own name only when it is not the usual one
    where = path.parent if path.name == DEFAULT_FILE_NAME else path
    return f"数据文件：本机 · {where}"


def known_revisions() -> frozenset[str]:
    """Every revision id this program's migrations know, read from the scripts' text."""
    found = set()
    for script in VERSIONS.glob("*.py"):
        match = re.search(r'^revision\s*=\s*"([^"]+)"', script.read_text("utf-8"), re.MULTILINE)
        if match:
            found.add(match.group(1))
    return frozenset(found)


def writable(path: Path) -> bool:
    """Whether the store file and its folder (for the -wal and -shm files) can be written."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def damaged(exc: Exception) -> bool:
    """Whether SQLite's error says the file's pages are damaged."""
    text = str(exc).lower()
    return "malformed" in text or "corrupt" in text


def damaged_message(path: Path | None) -> str:
    """A damaged store, named by its file where it is known."""
    which = f"数据文件 {path.name}" if path is not None else "数据文件"
    return f"{which}已损坏，无法读取其中的部分内容。{RESTORE_HINT}"


def probe(path: Path) -> OpenMode:
    """Look at ``path`` without changing it: how it may be opened, or a StoreError saying why
    it may not."""
    if path.is_dir():
        raise StoreError(
            f"数据位置 {path} 是一个文件夹，不是数据文件。请在设置中选择文件夹中的数据文件"
            f"（如 {DEFAULT_FILE_NAME}），或选择一个新的文件名"
        )
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        existing = next(p for p in path.parents if p.exists())  # the folders are made later
        if not os.access(existing, os.W_OK | os.X_OK):
            raise StoreError(
                f"无法在文件夹 {path.parent} 中新建数据文件：该位置为只读或没有写入权限。"
                "请选择一个可写的位置"
            ) from None
        return OpenMode.NEW
    except OSError as exc:
        raise StoreError(f"无法读取数据文件 {path}，请检查磁盘和文件权限") from exc
    if not header:
        return OpenMode.NEW if writable(path) else OpenMode.READ_ONLY
    if header != SQLITE_HEADER:
        raise StoreError(
            f"文件 {path.name} 不是本程序的数据文件（也不是 SQLite 数据库），未做任何更改。"
            "请检查所选的文件"
        )
    tables, revision = store_schema(path)
    if not tables:
        return OpenMode.NEW if writable(path) else OpenMode.READ_ONLY
    if "alembic_version" not in tables or not tables >= OUR_TABLES:
        raise StoreError(
            f"文件 {path.name} 是其他程序的数据库，不是本程序的数据文件，未做任何更改。"
            "请选择本程序的数据文件，或选择一个新的文件名"
        )
    if revision is not None and revision not in known_revisions():
        raise StoreError("此数据库由更新版本的程序创建，请升级后再打开（本程序未做任何更改）")
    return OpenMode.READ_WRITE if writable(path) else OpenMode.READ_ONLY


def read_only_uri(path: Path) -> str:
    """A URI that reads ``path`` without writing anything beside it.

    A read-only connection to a WAL database makes -wal and -shm files; when there is no -wal
    (every change is in the main file) or the folder cannot be written (no -shm can be made),
    the file is read as immutable instead: no locks, no side files.
    """
    with path.open("rb") as file:
        header = file.read(20)
    in_wal_mode = len(header) == 20 and header[18] == 2 and header[19] == 2
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    wal = path.with_name(path.name + "-wal")
    immutable = not folder_ok or (in_wal_mode and not wal.exists())
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{path.resolve().as_uri()}?{options}"


def store_schema(path: Path) -> tuple[set[str], str | None]:
    """The table names and the schema revision, read through a read-only connection."""
    uri = read_only_uri(path)
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=5, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"无法打开数据文件 {path}，请检查磁盘和文件权限") from exc
    try:
        tables = {
            row[0]
            for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return tables, revision
    except sqlite3.DatabaseError as exc:
        if damaged(exc):
            raise StoreDamaged(damaged_message(path)) from exc
        if "not a database" in str(exc):
            raise StoreError(
                f"文件 {path.name} 不是本程序的数据文件，或已严重损坏，未做任何更改。{RESTORE_HINT}"
            ) from exc
        raise StoreError(f"无法读取数据文件 {path.name}，请检查磁盘后重试") from exc
    finally:
        connection.close()
