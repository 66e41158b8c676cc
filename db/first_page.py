"""The first page of 我的申报 read straight from the SQLite file, before SQLAlchemy is imported.

The desktop app shows it the moment its window appears, while the store itself (SQLAlchemy,
migrations, the forms) opens on a worker thread, about a second. Only the standard library is
used, the file is opened read-only, and any doubt gives None — no file, not SQLite, a schema at
another revision, no kind titles yet, any SQLite error — so the app then simply waits for the
store. The rows are those of ``Store.list_page(ListQuery())``: the same columns (db/listing.py's
ROW_COLUMNS), the same order.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from db.listing import ROW_COLUMNS, ListQuery, ListRow
from db.revision import HEAD_REVISION
from forms.core.workflow import Status

FIRST_PAGE_ROWS = 50  # two screens or so: within the list model's first block (BLOCK_ROWS)

# The forms' titles (类别) by kind, kept in the settings table by the app when the store opens
# (app/settings.py: remember_kind_titles), so that this page needs no form module (pydantic);
# one "kind<TAB>title" line per form (plain text: json would cost this start a few ms).
KIND_TITLES_KEY = "kind_titles"

SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
SQLITE_HEADER = b"SQLite format 3\x00"
AMOUNT_FORMAT = "%.4f"  # as SQLAlchemy reads Numeric(18, 4) from SQLite (db/models.py)


class FirstPage(NamedTuple):
    rows: tuple[ListRow, ...]
    total: int  # every application, as Store.count_applications(ListQuery())
    kind_titles: dict[str, str]  # in the forms' declared order


def encode_kind_titles(titles: dict[str, str]) -> str:
    lines = [f"{kind}\t{title}" for kind, title in titles.items()]
    if any(line.count("\t") != 1 or "\n" in line for line in lines):
        raise ValueError(f"a kind or title holds a tab or a line break: {titles!r}")
    return "\n".join(lines)


def decode_kind_titles(text: str) -> dict[str, str] | None:
    pairs = [line.split("\t") for line in text.split("\n")]
    if not all(len(pair) == 2 and all(pair) for pair in pairs):
        return None
    return {kind: title for kind, title in pairs}


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for any other kind of store."""
    database = next((url[len(p) :] for p in SQLITE_PREFIXES if url.startswith(p)), None)
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    if any(ch in database for ch in "?%#"):  # query options or escapes: leave them to SQLAlchemy
        return None
    return Path(database)


def read_first_page(url: str, limit: int = FIRST_PAGE_ROWS) -> FirstPage | None:
    """The newest ``limit`` applications and the count, or None when in any doubt."""
    path = sqlite_file(url)
    if path is None:
        return None
    try:
        return _read(path, limit)
    except Exception:  # a surprise of any kind only means: wait for the store
        return None


def _read(path: Path, limit: int) -> FirstPage | None:
    if not path.is_file():
        return None
    with path.open("rb") as file:
        header = file.read(100)
    if len(header) < 100 or not header.startswith(SQLITE_HEADER):
        return None
    wal = path.with_name(path.name + "-wal")
    # A read-only connection to a WAL database creates -wal and -shm files and leaves them
    # behind. The store checkpoints and removes them when it closes; if they are gone, every
    # change is in the main file, which is then read as immutable (no locks, no side files).
    # If they are both there (a copy still open, or one that crashed) they are read as they
    # are; a -wal without its -shm would need one created, so that case waits for the store.
    in_wal_mode = header[18] == 2 and header[19] == 2
    immutable = in_wal_mode and not wal.exists()
    if in_wal_mode and not immutable and not path.with_name(path.name + "-shm").exists():
        return None
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    uri = f"{path.resolve().as_uri()}?{options}"
    connection = sqlite3.connect(uri, uri=True, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN")  # the count and the rows from one snapshot
        page = _query(connection, limit)
        connection.execute("COMMIT")
    finally:
        connection.close()
    if immutable and wal.exists():
        return None  # a writer opened the store while we read the file without locks
    return page


def _query(connection: sqlite3.Connection, limit: int) -> FirstPage | None:
    revisions = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    if revisions != [(HEAD_REVISION,)]:
        return None
    found = connection.execute(
        "SELECT value FROM settings WHERE key = ?", (KIND_TITLES_KEY,)
    ).fetchone()
    if found is None:
        return None
    titles = decode_kind_titles(found[0])
    if titles is None:
        return None
    (count,) = connection.execute("SELECT count(id) FROM applications").fetchone()
    query = ListQuery(limit=limit)  # the list's default: newest first, ties by id
    direction = "DESC" if query.descending else "ASC"
    rows = connection.execute(
        f"SELECT {', '.join(ROW_COLUMNS)} FROM applications"
        f" ORDER BY {query.sort.value} {direction}, id {direction} LIMIT ? OFFSET ?",
        (query.limit, query.offset),
    ).fetchall()
    return FirstPage(tuple(_list_row(*row) for row in rows), count, titles)


def _list_row(
    row_id: int,
    number: str | None,
    kind: str,
    title: str,
    applicant_name: str,
    status: str,
    amount: float | int | None,
    updated_at: str,
    revision: int,
    received_at: str | None,
) -> ListRow:
    return ListRow(
        row_id,
        number or "",
        kind,
        title,
        applicant_name,
        Status(status),
        None if amount is None else Decimal(AMOUNT_FORMAT % amount),
        datetime.fromisoformat(updated_at),
        revision,
        None if received_at is None else datetime.fromisoformat(received_at),
    )
