"""A crafted .gxbak is refused with the store unchanged: another program's database in it, or a
store id that would steer the key file out of its folder (found by review of issue 11)."""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from db.backup import BACKUP_SUFFIX, BackupError, make_backup, restore_backup
from db.identity import key_folder, signing_key
from db.repository import Store
from tests.helpers.copies import dump, open_copy, submit

pytestmark = pytest.mark.sqlite_only(
    reason="a backup is SQLite's online copy of the store file; a server's store is backed up by the server"
)


def _crafted(
    good: Path, bad: Path, database: bytes | None = None, keys: dict | None = None
) -> None:
    """``good`` with its database (and keys) replaced, the manifest's digests updated to match."""
    with zipfile.ZipFile(good) as old:
        manifest = json.loads(old.read("manifest.json"))
        members = {n: old.read(n) for n in old.namelist() if n != "manifest.json"}
    if database is not None:
        members["store.sqlite3"] = database
    if keys is not None:
        members = {n: c for n, c in members.items() if not n.startswith("keys/")} | keys
    manifest["members"] = [
        {"name": n, "size": len(c), "sha256": hashlib.sha256(c).hexdigest()}
        for n, c in members.items()
    ]
    with zipfile.ZipFile(bad, "w") as new:
        for n, c in members.items():
            new.writestr(n, c)
        new.writestr("manifest.json", json.dumps(manifest))


def _foreign_database(folder: Path, revision: str) -> bytes:
    """Another program's SQLite database (with an alembic_version of ours, as a crafted one may)."""
    path = folder / "foreign.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    connection.execute("INSERT INTO contacts (name) VALUES ('张三')")
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)")
    connection.execute("INSERT INTO alembic_version VALUES (?)", (revision,))
    connection.commit()
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize("with_version_table", [True, False])
def test_a_backup_holding_another_programs_database_is_refused(tmp_path, with_version_table):
    """db/backup.py restore_backup: the extracted database is never probed (db/opening.probe)
    for being ours; only the manifest's *claimed* revision is checked. A .gxbak whose
    store.sqlite3 is another program's database replaces the user's store with it."""
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    good = make_backup(copy.store, tmp_path / "good").path
    head = json.loads(zipfile.ZipFile(good).read("manifest.json"))["revision"]
    database = _foreign_database(tmp_path, head)
    if not with_version_table:
        raw = sqlite3.connect(tmp_path / "foreign.sqlite3")
        raw.execute("DROP TABLE alembic_version")
        raw.commit()
        raw.close()
        database = (tmp_path / "foreign.sqlite3").read_bytes()
    bad = tmp_path / f"foreign{BACKUP_SUFFIX}"
    _crafted(good, bad, database)
    before = dump(copy.store)
    try:
        restore_backup(copy.store, bad)
    except BackupError:
        pass
    else:
        pytest.fail("a backup holding another program's database was restored")
    assert dump(copy.store) == before


def test_a_restored_store_id_never_becomes_a_path(tmp_path):
    """db/identity.py signing_key/load_or_create_key: the key file is keys/<store_id>.pem, the
    store id read from the store's settings. A crafted backup (or any store file handed over)
    sets store_id to '../../x' and the program reads or creates its signing key outside keys/."""
    copy = open_copy(tmp_path / "pc")
    submit(copy)
    good = make_backup(copy.store, tmp_path / "good").path
    with zipfile.ZipFile(good) as old:
        db = tmp_path / "x.sqlite3"
        db.write_bytes(old.read("store.sqlite3"))
    raw = sqlite3.connect(db)
    raw.execute("UPDATE settings SET value = '../../planted' WHERE key = 'store_id'")
    raw.commit()
    raw.close()
    bad = tmp_path / f"traversal{BACKUP_SUFFIX}"
    _crafted(good, bad, db.read_bytes())
    try:
        restore_backup(copy.store, bad)
    except BackupError:
        return  # refused: fine
    store = Store.open(str(copy.store.engine.url))
    with contextlib.suppress(Exception):
        signing_key(store)
    folder = key_folder(store.engine)
    assert not (folder / "../../planted.pem").resolve().exists(), (
        "the signing key was written outside the key folder"
    )
