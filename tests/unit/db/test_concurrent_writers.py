"""Two processes saving to one SQLite store at once: every save waits its turn, none is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from db.repository import Store
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_document

SAVES = 60
ROOT = Path(__file__).resolve().parents[3]


def test_racing_saves_from_two_processes_all_go_through(tmp_path):
    url = store_url_in(tmp_path)
    store = Store.open(url)
    ids = [store.import_document(example_document("incubator")) for _ in range(2)]
    start = [store.load(app_id).revision for app_id in ids]
    store.close()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "tests.helpers.race_worker", url, str(app_id), str(SAVES)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for app_id in ids
    ]
    outputs = [w.communicate(timeout=120) for w in workers]
    for worker, (out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
        assert out.strip().splitlines()[-1] == f"done {SAVES}", out

    store = Store.open(url)
    assert [store.load(app_id).revision for app_id in ids] == [r + SAVES for r in start]
    assert store.load(ids[0]).title == f"并发保存第{SAVES - 1}次"
    store.close()
