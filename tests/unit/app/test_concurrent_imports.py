"""Two park-office processes importing batches into one store at once: every file comes in.

Before writers took the lock at their start, a concurrent CLI import aborted its remaining files
the moment the other process held the store.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers.copies import open_copy
from tests.helpers.scenarios import export

ROOT = Path(__file__).resolve().parents[3]
EACH = 12


def test_two_processes_importing_at_once_import_every_file(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    url = str(office.store.engine.url)
    office.store.close()
    batches = []
    for n in range(2):
        folder = tmp_path / f"mail{n}"
        folder.mkdir()
        batches.append(export(enterprise, folder, EACH))

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    workers = [
        subprocess.Popen(
            [sys.executable, "-m", "app", "--db", url, "package", "import", *map(str, batch)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for batch in batches
    ]
    for worker in workers:
        _out, err = worker.communicate(timeout=240)
        assert worker.returncode == 0, err
        assert "导入中止" not in err and "已拒收" not in err

    reopened = open_copy(tmp_path / "office")
    assert reopened.store.count_applications() == 2 * EACH
