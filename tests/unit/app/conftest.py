"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.databases import on_postgres, store_url_in


@pytest.fixture
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The program's folder is the test's own, and so is its database: the default file in that
    folder, or on a PostgreSQL test server a fresh database named by the environment."""
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    if on_postgres():
        monkeypatch.setenv("GXAPPLY_DATABASE_URL", store_url_in(tmp_path / "home"))
    else:
        monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
