"""A store file that is not what it should be gets its own plain message and stays untouched."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from db.errors import StoreError
from db.opening import StoreDamaged
from db.repository import Store
from db.unit_of_work import write_error
from tests.helpers.examples import example_document

pytestmark = pytest.mark.sqlite_only(reason="damaged, foreign and read-only SQLite files")


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder and its hash: what 'unchanged' means (no -wal appears either)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()
    }


def made_store(folder: Path, applications: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "store.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    for _ in range(applications):
        store.import_document(example_document("incubator"))
    store.close()
    return path


def refused(path: Path, match: str) -> StoreError:
    before = fingerprint(path.parent) if path.parent.exists() else {}
    with pytest.raises(StoreError, match=match) as caught:
        Store.open(f"sqlite:///{path}").list_applications()
    assert fingerprint(path.parent) == before
    return caught.value


def test_another_programs_database_is_refused_untouched(tmp_path):
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total TEXT)")
        connection.execute("INSERT INTO invoices (total) VALUES ('12.50')")
    connection.close()
    refused(path, "其他程序的数据库")
    with sqlite3.connect(path) as connection:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master")]
        mode = connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert tables == ["invoices"] and mode == "delete"  # no tables added, not switched to WAL


def test_a_file_that_is_not_a_database_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite3"
    path.write_bytes("这是一份文本文件，不是数据库。".encode() * 20)
    refused(path, "不是本程序的数据文件")


def test_a_store_of_a_newer_program_asks_for_an_upgrade(tmp_path):
    path = made_store(tmp_path / "data")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    error = refused(path, "此数据库由更新版本的程序创建，请升级后再打开")
    assert "CommandError" not in str(error)


def test_a_folder_as_the_store_says_it_is_a_folder(tmp_path):
    folder = tmp_path / "gxapply.sqlite3"
    folder.mkdir()
    refused(folder, "是一个文件夹")


def test_damaged_pages_say_the_store_is_damaged(tmp_path):
    path = made_store(tmp_path / "data", applications=30)
    size = path.stat().st_size
    data = bytearray(path.read_bytes())
    page = 4096
    for offset in range(2 * page, size, page):  # keep page 1 (the schema) and smash the rest
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged, match="已损坏") as caught:
        store = Store.open(f"sqlite:///{path}")
        store.list_applications()
        for row in store.list_applications()[0]:
            store.load(row.id)
    assert "从备份恢复" in str(caught.value)
    assert path.read_bytes() == bytes(data)


def test_a_truncated_store_says_it_is_damaged(tmp_path):
    path = made_store(tmp_path / "data", applications=30)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(StoreError, match="损坏"):
        store = Store.open(f"sqlite:///{path}")
        for row in store.list_applications()[0]:
            store.load(row.id)
    assert path.read_bytes() == data[: len(data) // 3]


def test_content_that_is_not_json_says_which_store_is_damaged(tmp_path):
    path = made_store(tmp_path / "data")
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE application_contents SET data = '{not json'")
    connection.close()
    store = Store.open(f"sqlite:///{path}")
    with pytest.raises(StoreDamaged, match="内容已损坏"):
        store.load(store.list_applications()[0][0].id)


def test_an_io_error_is_not_called_a_full_disk():
    error = write_error(OperationalError("INSERT", {}, Exception("disk I/O error")))
    assert "磁盘出错" in str(error) and "空间不足" not in str(error)
    full = write_error(OperationalError("INSERT", {}, Exception("database or disk is full")))
    assert "空间不足" in str(full)


# --- a read-only disk -------------------------------------------------------------------------


@pytest.fixture
def immutable(tmp_path) -> Iterator[Path]:
    """A store whose file and folder even root cannot write (chattr +i): a read-only disk."""
    if shutil.which("chattr") is None:
        pytest.skip("chattr is not available")
    path = made_store(tmp_path / "ro")
    locked = [path, path.parent]
    try:
        for target in locked:
            subprocess.run(["chattr", "+i", str(target)], check=True, capture_output=True)
    except subprocess.CalledProcessError:
        pytest.skip("this file system cannot make files immutable")
    yield path
    for target in reversed(locked):
        subprocess.run(["chattr", "-i", str(target)], check=False)


def test_a_read_only_store_opens_for_reading_and_says_why_it_cannot_save(immutable):
    before = fingerprint(immutable.parent)
    store = Store.open(f"sqlite:///{immutable}")
    assert store.read_only
    rows, total = store.list_applications()
    record = store.load(rows[0].id)
    assert total == 1 and record.form is not None
    assert store.export_document(rows[0].id).form == record.form  # exporting and printing read
    with pytest.raises(StoreError, match="只读") as caught:
        store.save_draft(rows[0].id, record.form.model_dump(mode="json") | {"carrier_name": "新"})
    assert "保存失败" not in str(caught.value)
    store.close()
    assert fingerprint(immutable.parent) == before


def test_attachment_content_is_checked_against_its_hash(tmp_path):
    path = made_store(tmp_path / "data")
    store = Store.open(f"sqlite:///{path}")
    app_id = store.list_applications()[0][0].id
    info = store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 original")
    assert store.attachment_content(info.id) == b"%PDF-1.4 original"
    with sqlite3.connect(path) as connection:  # a flipped byte on disk
        connection.execute("UPDATE attachments SET content = ?", (b"%PDF-1.4 origina1",))
    connection.close()
    with pytest.raises(StoreDamaged, match=r"营业执照\.pdf.*校验值"):
        store.attachment_content(info.id)
    with pytest.raises(StoreDamaged, match="校验值"):
        store.export_document(app_id)


def test_a_read_only_store_keeps_its_keys_beside_it(immutable):
    from db.identity import key_folder

    store = Store.open(f"sqlite:///{immutable}")
    assert store.read_only
    assert key_folder(store.engine) == immutable.parent.resolve() / "keys"  # not the data folder
    store.close()


def test_an_empty_store_in_a_read_only_place_says_it_cannot_be_made_here(tmp_path, monkeypatch):
    import db.opening

    path = tmp_path / "empty.sqlite3"
    path.write_bytes(b"")
    monkeypatch.setattr(db.opening, "writable", lambda _path: False)  # as on a read-only disk
    with pytest.raises(StoreError, match="是空的，且位于只读位置"):
        Store.open(f"sqlite:///{path}")
    assert path.read_bytes() == b""
