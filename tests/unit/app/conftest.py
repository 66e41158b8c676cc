"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's folder is the test's own, and no database is named by the environment."""
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
