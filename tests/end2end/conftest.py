"""Fixtures of the GUI tests: a store in a temporary folder, a recovery journal, answered dialogs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QMessageBox

from app.gui.officers.officer import OfficerSession
from app.gui.widgets import plain
from app.gui.widgets.theme import apply_theme
from tests.helpers.copies import Copy, officer, open_copy


@pytest.fixture
def dialogs(monkeypatch) -> list[tuple[str, str]]:
    """Message boxes answer at once (Yes) and are recorded, instead of waiting for a click."""
    shown: list[tuple[str, str]] = []

    def record(kind: str, answer=QMessageBox.StandardButton.Ok):
        def show(_parent, title, text, *args, **kwargs):
            shown.append((title, text))
            return answer

        return show

    for owner in (QMessageBox, plain):  # the app's boxes go through app.gui.widgets.plain
        monkeypatch.setattr(owner, "warning", record("warning"))
        monkeypatch.setattr(owner, "critical", record("critical"))
        monkeypatch.setattr(owner, "information", record("information"))
        monkeypatch.setattr(owner, "question", record("question", QMessageBox.StandardButton.Yes))
    return shown


@pytest.fixture
def enterprise(tmp_path) -> Copy:
    """An enterprise's store in its own folder, closed after the test."""
    copy = open_copy(tmp_path / "enterprise")
    yield copy
    copy.store.close()


# The park office of the review screens: 南宁高新区管委会, an officer's account, nobody signed in.
@pytest.fixture
def office(tmp_path) -> Copy:
    copy = open_copy(tmp_path / "office", "enclave")  # 南宁高新区管委会
    officer(copy)  # the account exists; nobody is signed in yet
    yield copy
    copy.store.close()


@pytest.fixture
def session(qtbot, office) -> OfficerSession:
    return OfficerSession(office.store)


@pytest.fixture
def shipped_font(qapp) -> Iterator[QFont]:
    """The look the desktop app has (app/gui/widgets/theme.py: 10.5 pt 文泉驿微米黑, its style
    sheet), whatever an earlier test left; the application's font as it was afterwards."""
    font, sheet = QFont(qapp.font()), qapp.styleSheet()
    apply_theme(qapp, set_style=False, rare_font=False)
    yield QFont(qapp.font())
    qapp.setFont(font)
    qapp.setStyleSheet(sheet)
