"""An officer whose account was made before recovery codes (store made at revision 0011 and
upgraded) signs in and is shown a code, once, in the window new accounts get; closing it
unsaved asks once, plainly."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import text

from app.gui.officers.officer import OfficerSession
from app.gui.officers.recovery_dialogs import RecoveryCodeDialog
from app.gui.officers.sign_in_dialogs import SignInDialog
from app.gui.widgets import plain
from db.accounts import verify_password
from db.repository import Store
from tests.helpers.gui_driver import clear, type_text
from tests.helpers.legacy_accounts import store_made_at_0011

PASSWORD = "shenhe-2026"
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


@pytest.fixture
def legacy(store_url: str) -> Iterator[Store]:
    store = Store.open(store_made_at_0011(store_url, [("wangfang", "王芳", PASSWORD, True)]))
    yield store
    store.close()


@pytest.fixture
def asked(monkeypatch) -> list[str]:
    """Questions put to the officer, each answered 否 (back to the code)."""
    questions: list[str] = []

    def answer_no(_parent, title, text, *args, **kwargs):
        questions.append(f"{title}：{text}")
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(plain, "question", answer_no)
    return questions


def when_code_shows(act: Callable[[RecoveryCodeDialog], None]) -> QTimer:
    """Act on the recovery code window once it is up (its exec() waits for a user)."""
    timer = QTimer()
    timer.setInterval(5)

    def look() -> None:
        window = QApplication.activeModalWidget()
        if isinstance(window, RecoveryCodeDialog):
            timer.stop()
            act(window)

    timer.timeout.connect(look)
    timer.start()
    return timer


def sign_in(qtbot, session: OfficerSession) -> SignInDialog:
    dialog = SignInDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    for edit, typed in ((dialog.username, "wangfang"), (dialog.password, PASSWORD)):
        clear(edit)
        type_text(edit, typed)
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: session.current is not None, timeout=10_000)
    return dialog


def stored_code_hash(store: Store) -> str | None:
    with store.engine.connect() as connection:
        return connection.execute(text("SELECT recovery_hash FROM accounts")).scalar_one()


def test_an_old_account_is_shown_its_code_once_and_asked_once_if_closed_unsaved(
    qtbot, legacy, asked
):
    session = OfficerSession(legacy)
    seen: dict[str, object] = {}

    def read_then_close_twice(window: RecoveryCodeDialog) -> None:
        seen["code"], seen["title"] = window.code_label.text(), window.windowTitle()
        seen["intro"] = " ".join(label.text() for label in window.findChildren(plain.PlainLabel))
        qtbot.mouseClick(window.done_button, LEFT)  # neither saved nor printed: asked
        seen["open after 否"] = window.isVisible()
        window.reject()  # the window's ×, or Esc: not asked again
        seen["open after ×"] = window.isVisible()

    timer = when_code_shows(read_then_close_twice)
    dialog = sign_in(qtbot, session)
    timer.stop()
    code = str(seen["code"])
    assert seen["title"] == "恢复码（只显示这一次）" and "补发" in str(seen["intro"])
    assert seen["open after 否"] is True and seen["open after ×"] is False
    [question] = asked
    assert "还没有保存为文件，也没有打印" in question and "无法再次查看" in question
    assert verify_password(code, stored_code_hash(legacy) or "")
    assert session.current is not None and session.current.username == "wangfang"
    assert dialog.result() == SignInDialog.DialogCode.Accepted

    # once: signing in again shows no code
    session.sign_out()
    shown: list[RecoveryCodeDialog] = []
    timer = when_code_shows(shown.append)
    sign_in(qtbot, session)
    timer.stop()
    assert shown == [] and len(asked) == 1


def test_a_saved_code_closes_without_asking(qtbot, legacy, asked, tmp_path, monkeypatch):
    target = tmp_path / "恢复码"
    monkeypatch.setattr(
        "app.gui.widgets.save_dialogs.QFileDialog.getSaveFileName",
        lambda *_args, **_kwargs: (str(target), ""),
    )
    monkeypatch.setattr(plain, "information", lambda *_args, **_kwargs: None)
    session = OfficerSession(legacy)

    def save_then_close(window: RecoveryCodeDialog) -> None:
        qtbot.mouseClick(window.save_button, LEFT)
        qtbot.mouseClick(window.done_button, LEFT)

    timer = when_code_shows(save_then_close)
    sign_in(qtbot, session)
    timer.stop()
    saved = (tmp_path / "恢复码.txt").read_text(encoding="utf-8-sig")
    assert "王芳（wangfang）" in saved and asked == []
