"""The enterprise's application window driven as at the keyboard: opened active, exported by Ctrl+E, saved where asked."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFileDialog

from app.gui.editor.application_window import ApplicationWindow
from db.repository import Store


def open_window(qtbot, store: Store, journal, app_id: int) -> ApplicationWindow:
    window = ApplicationWindow(store, app_id, journal)
    qtbot.addWidget(window)
    window.show()
    activate(qtbot, window)
    return window


def activate(qtbot, window: ApplicationWindow) -> None:
    """Shortcuts reach the active window only (after a dialog, the system gives it back)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


class SaveDialog:
    """QFileDialog.getSaveFileName answering with a chosen path, or cancelled (None)."""

    def __init__(self, monkeypatch, answer: Path | None) -> None:
        self.answer = answer
        self.asked: list[tuple[str, str, str]] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self)

    def __call__(self, _parent, title, suggested, filters, *args, **kwargs):
        self.asked.append((title, suggested, filters))
        return (str(self.answer) if self.answer else "", filters if self.answer else "")


def export_by_keyboard(qtbot, window: ApplicationWindow) -> None:
    """Ctrl+E, then wait for the whole run (print, sign, save) to end."""
    activate(qtbot, window)
    QTest.keySequence(window, "Ctrl+E")
    assert window.export is not None, "导出申报包 did not start"
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
