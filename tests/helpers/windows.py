"""Windows the GUI tests open and answer: a main window, an application window, the zone picker, dialogs answered as a user would."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from app.gui.editor.application_window import ApplicationWindow
from app.gui.editor.form_editor import FormEditor
from app.gui.editor.zone_editor import ZoneEditor
from app.gui.main_window import MainWindow
from app.recovery import RecoveryJournal
from app.settings import Mode, write_mode
from db.repository import Store
from forms.applicant import APPLICANT
from tests.helpers.examples import example_document
from tests.helpers.gui_driver import type_text

Shown = TypeVar("Shown", bound=QWidget)


def shown(qtbot, widget: Shown, size: tuple[int, int] | None = None) -> Shown:
    """``widget`` on the (offscreen) screen, at ``size`` if given (else as it placed itself),
    closed with the test."""
    qtbot.addWidget(widget)
    if size is not None:
        widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def finished(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.job is None and dialog.run is not None, timeout=60000)


def answering(qtbot, typed: str):
    """AcceptKeyDialog.exec as a user who types ``typed`` and clicks the accept button."""

    def exec_(self) -> int:
        qtbot.keyClicks(self.entry, typed)
        qtbot.mouseClick(self.accept_button, Qt.MouseButton.LeftButton)
        return self.result()

    return exec_


def answering_withdrawal(qtbot, reason: str):
    def exec_(self) -> int:
        type_text(self.entry, reason)
        qtbot.mouseClick(self.confirm, Qt.MouseButton.LeftButton)
        return self.result()

    return exec_


def picker(qtbot) -> tuple[FormEditor, ZoneEditor]:
    editor = FormEditor(APPLICANT)
    qtbot.addWidget(editor)
    editor.show()
    zone = editor.rows["hitech_zone"].editor
    assert isinstance(zone, ZoneEditor)
    return editor, zone


def set_up(store: Store, mode: Mode = Mode.ENTERPRISE) -> int:
    applicant_id = store.save_applicant(example_document("incubator").applicant)
    store.set_setting("own_applicant_id", str(applicant_id))
    write_mode(store, mode)
    return applicant_id


def main_window(qtbot, store: Store, tmp_path: Path, mode: Mode = Mode.ENTERPRISE) -> MainWindow:
    """The main window of a copy set up in ``mode``."""
    set_up(store, mode)
    window = MainWindow(store, RecoveryJournal(tmp_path / "r"))
    qtbot.addWidget(window)
    return window


def open_window(qtbot, store, journal, app_id, **kwargs) -> ApplicationWindow:
    window = ApplicationWindow(store, app_id, journal, **kwargs)
    qtbot.addWidget(window)
    window.show()
    return window
