"""The office passphrase, as officers meet it on a shared PostgreSQL store: the first decision
asks to set it (with its rule and a confirmation), the first export of a session asks for it
once (a wrong one is said in the dialog, which stays open), and a SQLite store never asks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from app.gui.exchange.office_passphrase import OfficePassphraseDialog, ensure_office_key
from app.gui.officers.officer import OfficerSession
from app.gui.review.review_page import ReviewPage
from app.gui.review.review_window import ReviewWindow
from db.exchange import Exchange
from db.office_key import create_office_key, is_unlocked, office_key_info
from db.repository import Store
from forms.exchange.decision_package import read_decision
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, officer, own_profile
from tests.helpers.scenarios import send

pytestmark = pytest.mark.office_key_prompts  # what happens before the passphrase is typed

PASSWORD = "审核密码2026"
PASSPHRASE = "南宁高新区审核2026"


@pytest.fixture
def office_url(server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "this-desktop"))
    return server_database


@pytest.fixture
def office(office_url: str) -> Iterator[Copy]:
    """南宁高新区管委会 on the shared store, with an officer's account; no office key yet."""
    store = Store.open(office_url)
    own_profile(store, "enclave")
    copy = Copy(store)
    officer(copy)
    yield copy
    store.close()


def open_review(qtbot, office: Copy, enterprise: Copy) -> tuple[ReviewWindow, int]:
    office_id = send(enterprise, office)
    session = OfficerSession(office.store)
    page = ReviewPage(office.store, session)
    qtbot.addWidget(page)
    page.show()
    session.sign_in("wangfang", PASSWORD)
    page.table.selectRow(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window = page.windows[office_id]
    qtbot.addWidget(window)
    return window, office_id


def type_into(dialog: OfficePassphraseDialog, passphrase: str, repeat: str | None = None) -> None:
    dialog.passphrase.clear()
    dialog.passphrase.insert(passphrase)  # Chinese comes through the input method
    if dialog.repeat is not None:
        dialog.repeat.clear()
        dialog.repeat.insert(passphrase if repeat is None else repeat)


def shown_error(dialog: OfficePassphraseDialog) -> str:
    label = dialog.errors["passphrase"]
    return label.text() if label.isVisible() else ""


def test_the_first_decision_on_the_server_sets_the_office_passphrase(qtbot, office, enterprise):
    window, _office_id = open_review(qtbot, office, enterprise)
    window.decide()
    dialog = window.passphrase_dialog
    assert dialog is not None and dialog.isVisible() and dialog.creating
    assert window.decision_dialog is None  # nothing decided before the key exists
    assert "设置办公室签名口令" in dialog.windowTitle()

    type_into(dialog, "短口令1")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "至少 10 个字符" in shown_error(dialog) and office_key_info(office.store) is None

    type_into(dialog, PASSPHRASE, "南宁高新区审核2027")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "不一致" in dialog.errors["repeat"].text() and office_key_info(office.store) is None

    type_into(dialog, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    info = office_key_info(office.store)
    assert info is not None and info.created_by.startswith("王芳")
    assert is_unlocked(office.store)
    assert window.decision_dialog is not None  # the decision goes on as asked
    window.decision_dialog.reject()


def test_the_first_export_of_a_session_asks_for_the_passphrase_once(
    qtbot, monkeypatch, office, enterprise, dialogs, tmp_path
):
    colleague = Store.open(office.store.engine.url.render_as_string(hide_password=False))
    made = create_office_key(colleague, PASSPHRASE, actor="李四（lisi）")  # another desktop
    colleague.close()
    window, office_id = open_review(qtbot, office, enterprise)
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    window.reload()
    saved = tmp_path / "决定.gxdec"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(saved), ""))

    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    dialog = window.passphrase_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.creating
    assert any(made.fingerprint in label.text() for label in _labels(dialog))
    type_into(dialog, "南宁高新区审核2025")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "口令不正确" in shown_error(dialog), timeout=30000)
    assert dialog.isVisible() and dialog.passphrase.text() == "" and not saved.exists()

    type_into(dialog, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert saved.is_file()  # the export went on once the key was open
    assert read_decision(saved.read_bytes()).signer.public_key == made.public_key

    saved.unlink()
    window.passphrase_dialog = None
    qtbot.mouseClick(window.export_button, Qt.MouseButton.LeftButton)
    assert window.passphrase_dialog is None and saved.is_file()  # not asked again


def _labels(dialog: QWidget) -> list:
    from app.gui.widgets.plain import PlainLabel

    return dialog.findChildren(PlainLabel)


def test_a_sqlite_store_never_asks(qtbot, tmp_path):
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    parent = QWidget()
    qtbot.addWidget(parent)
    went_on: list[int] = []
    assert ensure_office_key(parent, store, "导出审核决定", lambda: went_on.append(1)) is None
    assert went_on == [1]
    assert Exchange(store).fingerprint  # its key file, made without a word
    store.close()


def test_a_desktop_that_signed_for_the_store_before_keeps_its_key(qtbot, office):
    """An earlier version kept a key per desktop for a server store: the first officer's dialog
    stores that key as the office key, so enterprises that pinned it see the same fingerprint."""
    from db.identity import key_folder, load_or_create_key, store_id

    before = load_or_create_key(key_folder(office.store.engine), store_id(office.store))
    parent = QWidget()
    qtbot.addWidget(parent)
    went_on: list[int] = []
    dialog = ensure_office_key(parent, office.store, "导出园区名片", lambda: went_on.append(1))
    assert dialog is not None and dialog.legacy_key is not None
    assert any("指纹保持不变" in label.text() for label in _labels(dialog))
    type_into(dialog, PASSPHRASE)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert went_on == [1]
    assert Exchange(office.store).fingerprint == before.fingerprint
