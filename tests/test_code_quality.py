"""ruff and mypy stay clean, so they are tests: CI fails when they do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean():
    result = run("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean():
    result = run("mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_refuses_qt_in_the_domain_and_the_store():
    """forms/ and db/ know nothing of Qt: their ruff.toml bans PySide6 (TID251)."""
    for folder in ("forms", "db"):
        result = subprocess.run(
            [sys.executable, "-m", "ruff", "check", "--stdin-filename", f"{folder}/probe.py", "-"],
            cwd=ROOT,
            input="from PySide6.QtCore import QObject\n\nQObject()\n",
            capture_output=True,
            text=True,
        )
        assert result.returncode == 1 and "TID251" in result.stdout, result.stdout
