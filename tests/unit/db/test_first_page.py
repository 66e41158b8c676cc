"""The first page of 我的申报 read straight from the SQLite file, before SQLAlchemy loads."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from app.settings import remember_kind_titles
from db.first_page import (
    FIRST_PAGE_ROWS,
    KIND_TITLES_KEY,
    decode_kind_titles,
    encode_kind_titles,
    read_first_page,
    sqlite_file,
)
from db.listing import ListQuery
from db.repository import Store
from db.revision import HEAD_REVISION
from forms import all_forms
from forms.core.workflow import Status
from tests.helpers.examples import KINDS, example_document

pytestmark = pytest.mark.sqlite_only(
    reason="the first page is read from the SQLite file before the store opens"
)

ROOT = Path(__file__).resolve().parents[3]


def fill(store: Store) -> None:
    """Every kind in every status, an empty draft (no amount), and ties on the sort column."""
    remember_kind_titles(store)
    ids = [store.import_document(example_document(kind)) for kind in KINDS for _ in Status]
    applicant_id = store.save_applicant(example_document("incubator").applicant)
    ids.append(store.create_application("enclave", applicant_id).id)
    statuses = [*Status] * len(KINDS)
    tie = datetime(2026, 3, 1, 9, 30, 15, 123456)
    with store.engine.begin() as connection:
        for application_id, status in zip(ids, statuses, strict=False):
            connection.execute(
                text("UPDATE applications SET status = :s WHERE id = :i"),
                {"s": status.value, "i": application_id},
            )
        for application_id in ids[3:12]:  # the same moment: the order falls back on the id
            connection.execute(
                text("UPDATE applications SET updated_at = :t WHERE id = :i"),
                {"t": tie, "i": application_id},
            )


@pytest.fixture
def filled(store_url: str) -> Iterator[Store]:
    store = Store.open(store_url)
    fill(store)
    yield store
    store.close()


def side_files(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir() if p.name.startswith(path.name)}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def expected(store: Store, limit: int = FIRST_PAGE_ROWS):
    return store.list_page(ListQuery(limit=limit)), store.count_applications(ListQuery())


def test_same_rows_and_count_as_the_store_with_the_store_open(filled, store_url):
    rows, total = expected(filled)
    path = sqlite_file(store_url)
    assert path is not None and (path.with_name(path.name + "-wal")).exists()  # WAL in use
    page = read_first_page(store_url)
    assert page is not None
    assert list(page.rows) == rows and page.total == total == len(Status) * len(KINDS) + 1
    assert [repr(r.requested_amount) for r in page.rows] == [repr(r.requested_amount) for r in rows]
    assert page.kind_titles == {kind: form.title for kind, form in all_forms().items()}
    assert {r.status for r in page.rows} == set(Status)
    assert any(r.requested_amount is None for r in page.rows)


@pytest.mark.parametrize("limit", [1, 5, 7, 100])
def test_same_rows_as_the_store_once_it_is_closed(filled, store_url, limit):
    """Closed, the store has no -wal: the file alone is read, and nothing is added beside it."""
    rows, total = expected(filled, limit)
    filled.close()
    path = sqlite_file(store_url)
    assert path is not None
    before, files = digest(path), side_files(path)
    assert files == {path.name}
    page = read_first_page(store_url, limit)
    assert page is not None and list(page.rows) == rows and page.total == total
    assert digest(path) == before and side_files(path) == files


def test_never_writes_to_an_open_store(filled, store_url):
    path = sqlite_file(store_url)
    assert path is not None
    before, files = digest(path), side_files(path)
    assert read_first_page(store_url) is not None
    assert digest(path) == before and side_files(path) == files


def test_a_wal_without_its_shm_is_left_to_the_store(filled, store_url, tmp_path):
    """Reading it would need an -shm created beside it: wait for the store instead."""
    path = sqlite_file(store_url)
    assert path is not None
    copy = tmp_path / "copy" / "store.sqlite3"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    shutil.copy(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    assert read_first_page(f"sqlite:///{copy}") is None
    assert side_files(copy) == {"store.sqlite3", "store.sqlite3-wal"}


def test_an_empty_store_has_an_empty_first_page(store, store_url):
    remember_kind_titles(store)
    page = read_first_page(store_url)
    assert page is not None and page.rows == () and page.total == 0


@pytest.mark.parametrize("revision", ["0001", "9999", ""])
def test_another_schema_revision_is_left_to_the_store(filled, store_url, revision):
    assert revision != HEAD_REVISION
    with filled.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": revision})
    assert read_first_page(store_url) is None


def test_no_kind_titles_yet_is_left_to_the_store(store, store_url):
    """A store the desktop app has never opened (made by `gxapply import`, say)."""
    store.import_document(example_document("incubator"))
    assert read_first_page(store_url) is None
    store.set_setting(KIND_TITLES_KEY, "incubator")  # not kind<TAB>title
    assert read_first_page(store_url) is None
    remember_kind_titles(store)
    assert read_first_page(store_url) is not None


def test_missing_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'none.sqlite3'}"
    assert read_first_page(url) is None
    assert not any(tmp_path.iterdir())  # not created either


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not a database at all",
        b"SQLite format 3\x00" + b"\x00" * 84,
        b"SQLite format 3\x00" + bytes(range(256)) * 16,
    ],
)
def test_corrupt_file(tmp_path, content):
    path = tmp_path / "store.sqlite3"
    path.write_bytes(content)
    assert read_first_page(f"sqlite:///{path}") is None
    assert path.read_bytes() == content and side_files(path) == {path.name}


def test_a_truncated_store(filled, store_url, tmp_path):
    filled.close()
    path = sqlite_file(store_url)
    assert path is not None
    cut = tmp_path / "cut.sqlite3"
    cut.write_bytes(path.read_bytes()[:3000])
    assert read_first_page(f"sqlite:///{cut}") is None


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://clerk@localhost/gxapply",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:store.sqlite3?mode=ro&uri=true",
        "sqlite:///store.sqlite3?timeout=5",
        "mysql+pymysql://clerk@localhost/gxapply",
    ],
)
def test_anything_but_a_plain_sqlite_file_is_left_to_the_store(url):
    assert sqlite_file(url) is None
    assert read_first_page(url) is None


def test_kind_titles_round_trip():
    titles = {kind: form.title for kind, form in all_forms().items()}
    assert decode_kind_titles(encode_kind_titles(titles)) == titles
    assert list(decode_kind_titles(encode_kind_titles(titles)) or {}) == list(titles)
    with pytest.raises(ValueError):
        encode_kind_titles({"incubator": "孵化器\t申请表"})
    assert decode_kind_titles("") is None


def test_kind_titles_are_written_once(store):
    remember_kind_titles(store)
    stored = store.get_setting(KIND_TITLES_KEY)
    assert stored and decode_kind_titles(stored) == {k: f.title for k, f in all_forms().items()}
    calls = []
    store.set_setting = lambda *args: calls.append(args)  # type: ignore[method-assign]
    remember_kind_titles(store)
    assert not calls  # unchanged: nothing written


def test_light_modules_load_neither_sqlalchemy_nor_pydantic_nor_qt():
    code = (
        "import sys, db.first_page, db.listing, db.revision, db.location;"
        "bad = [m for m in sys.modules if m.split('.')[0] in"
        " ('sqlalchemy', 'pydantic', 'alembic', 'PySide6')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
