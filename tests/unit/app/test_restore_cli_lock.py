"""Found by a second review: `gxapply restore` under a running program."""

from __future__ import annotations

import pytest

from app.cli import main
from app.instance_lock import acquire_instance_lock
from db.repository import Store
from tests.helpers.examples import example_document

pytestmark = pytest.mark.sqlite_only(reason="a backup is SQLite's online copy of the store file")


def test_restore_from_a_script_is_refused_while_the_program_has_the_store_open(tmp_path):
    """The GUI holds the instance lock; `gxapply restore` ignores it and replaces the data and
    the signing key under the running program, whose open windows then save their old edits
    into the restored data (see test_second_look_restore.py) and whose cached key no longer
    matches the key file."""
    old = f"sqlite:///{tmp_path / 'old' / 'store.sqlite3'}"
    url = f"sqlite:///{tmp_path / 'pc' / 'store.sqlite3'}"
    other = Store.open(old)
    other.import_document(example_document("new_track"))
    other.close()
    backup = tmp_path / "b.gxbak"
    assert main(["--db", old, "backup", "-o", str(backup)]) == 0
    store = Store.open(url)
    store.import_document(example_document("incubator"))
    store.close()

    lock = acquire_instance_lock(url)  # the running program's
    assert lock is not None
    try:
        code = main(["--db", url, "restore", str(backup)])
    finally:
        lock.unlock()
    assert code != 0
    store = Store.open(url)
    try:
        rows, _ = store.list_applications()
        assert [r.kind for r in rows] == ["incubator"]
    finally:
        store.close()
