"""kill -9 during a backup or a restore leaves a working store and no file that looks whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from db.backup import BACKUP_SUFFIX, make_backup, read_backup
from db.repository import Store
from tests.helpers.examples import example_document

ROOT = Path(__file__).resolve().parents[3]


def _store(path: Path, applications: int) -> str:
    url = f"sqlite:///{path}"
    store = Store.open(url)
    for n in range(applications):
        app_id = store.import_document(example_document("incubator"))
        store.add_attachment(app_id, f"附件{n}.pdf", os.urandom(40_000))  # many pages to copy
    store.close()
    return url


def _killed_mid_way(action: str, url: str, file: Path) -> None:
    worker = subprocess.Popen(
        [sys.executable, "-m", "tests.helpers.backup_worker", action, url, str(file)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    line = worker.stdout.readline()  # the worker is now waiting inside its progress callback
    assert line.startswith("at "), line + (worker.stderr.read() if worker.stderr else "")
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=60)


def _healthy(url: str) -> int:
    store = Store.open(url)
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    count = store.count_applications()
    store.close()
    return count


@pytest.mark.sqlite_only(reason="a backup is SQLite's online copy of the store file")
def test_kill_during_backup_leaves_no_backup_and_a_working_store(tmp_path):
    url = _store(tmp_path / "store.sqlite3", 60)
    target = tmp_path / "out" / f"b{BACKUP_SUFFIX}"
    _killed_mid_way("backup", url, target)
    assert not target.exists()  # only a .part (or nothing): never a file that looks whole
    assert _healthy(url) == 60
    assert (
        read_backup(make_backup(Store.open(url), target).path).applications == 60
    )  # next one works


@pytest.mark.sqlite_only(reason="a backup is SQLite's online copy of the store file")
def test_kill_during_restore_leaves_a_working_store(tmp_path):
    url = _store(tmp_path / "store.sqlite3", 60)
    backup = make_backup(Store.open(url), tmp_path / "b").path
    store = Store.open(url)
    store.import_document(example_document("rd_subsidy"))
    store.close()
    _killed_mid_way("restore", url, backup)  # while it backs up the store as it was
    assert _healthy(url) == 61  # nothing restored yet: the store as it was, whole
