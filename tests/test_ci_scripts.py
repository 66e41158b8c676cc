"""The README's test command is what CI runs, and CI's private PostgreSQL server starts, takes
connections and is gone when the script that started it ends."""

from __future__ import annotations

import glob
import re
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

ROOT = Path(__file__).resolve().parents[1]


def test_the_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (command,) = re.findall(r"^Set up and run the tests: `(.+)`$", readme, re.M)
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in run.splitlines()
    assert "bash .ci/test.sh" in command  # the SQLite run, then the PostgreSQL run


def test_the_private_server_starts_and_is_gone_at_the_end(tmp_path):
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL 未安装（.ci/test.sh 会通过 apt 安装）")
    pytest.importorskip("psycopg", reason="psycopg 未安装（pip install -e '.[postgres]' 会安装它）")
    script = f"""
        set -euo pipefail
        export PYTHON={sys.executable}
        source .ci/postgres.sh
        start_postgres
        echo "$GXAPPLY_TEST_DATABASE_URL"
        echo "$PG_FOLDER"
        "$PYTHON" -c 'import os, sqlalchemy as sa
        e = sa.create_engine(os.environ["GXAPPLY_TEST_DATABASE_URL"])
        with e.connect() as c: print(c.execute(sa.text("SHOW server_encoding")).scalar())'
    """
    result = subprocess.run(
        ["bash", "-c", "\n".join(line.strip() for line in script.splitlines())],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    url, folder, encoding = result.stdout.split()
    assert url.startswith("postgresql+psycopg://postgres@127.0.0.1:") and encoding == "UTF8"
    assert not Path(folder).exists()  # the trap stopped the server and removed its files
    with pytest.raises(OperationalError):
        create_engine(url, connect_args={"connect_timeout": 5}).connect().execute(text("SELECT 1"))
