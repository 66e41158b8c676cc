"""Fixtures of the GUI tests: a store in a temporary folder, a recovery journal, answered dialogs."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.gui import plain
from app.recovery import RecoveryJournal
from db.repository import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield s
    s.close()


@pytest.fixture
def journal(tmp_path: Path) -> RecoveryJournal:
    return RecoveryJournal(tmp_path / "recovery")


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes answer at once (Yes) and are recorded, instead of waiting for a click."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer=QMessageBox.StandardButton.Ok):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return answer

        return show

    for owner in (QMessageBox, plain):  # the app's boxes go through app.gui.plain
        monkeypatch.setattr(owner, "warning", record("warning"))
        monkeypatch.setattr(owner, "critical", record("critical"))
        monkeypatch.setattr(owner, "information", record("information"))
        monkeypatch.setattr(owner, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown
