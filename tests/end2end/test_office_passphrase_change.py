"""The office passphrase on a shared PostgreSQL store, in the windows: an officer changes it from
the 审核 menu (a SQLite office has no such entry); and every path that signs opens the key first
through the passphrase dialog, worded for 本单位 at an enterprise whose store is on the server
(导出申报包, exporting an 已提交 application again, 撤回并重新报送, the office's card)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from app.gui.exchange.office_passphrase import (
    PASSPHRASE_FITS,
    PASSPHRASES_SAME,
    ChangeOfficePassphraseDialog,
    OfficePassphraseDialog,
)
from app.gui.main_window import MainWindow
from app.recovery import RecoveryJournal
from app.settings import Mode, write_mode
from db.office_key import (
    change_office_passphrase,
    create_office_key,
    is_unlocked,
    office_key_info,
    unlock_office_key,
)
from db.repository import Store
from forms.core.workflow import Status
from forms.exchange.submission import read_submission
from forms.registry import FORMS
from tests.helpers.copies import Copy, officer, own_profile, submit
from tests.helpers.exchange_windows import SaveDialog, open_window
from tests.helpers.windows import answering_withdrawal, set_up

pytestmark = pytest.mark.office_key_prompts  # what happens before the passphrase is typed

OLD = "南宁高新区审核2026"
NEW = "邕江两岸审核2027"
PASSWORD = "审核密码2026"


@pytest.fixture
def server_url(server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "this-desktop"))
    return server_database


@pytest.fixture
def office(server_url: str) -> Iterator[Store]:
    """南宁高新区管委会 on the shared store: an officer, the key set (by another desktop)."""
    store = Store.open(server_url)
    own_profile(store, "enclave")
    write_mode(store, Mode.PARK_OFFICE)
    officer(Copy(store))
    yield store
    store.close()


def keyed_elsewhere(url: str, passphrase: str = OLD) -> str:
    """The key made on another desktop (the first officer's); its fingerprint."""
    other = Store.open(url)
    try:
        return create_office_key(other, passphrase, actor="李四（lisi）", n=2**10).fingerprint
    finally:
        other.close()


def main_window(qtbot, store: Store, tmp_path: Path) -> MainWindow:
    window = MainWindow(store, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    window.show()
    return window


def menu_action(window: MainWindow, name: str) -> QAction | None:
    return next((a for a in window.findChildren(QAction) if a.objectName() == name), None)


def field_error(dialog, key: str | None) -> str:
    label = dialog.errors.get(key or "", dialog.general)
    return label.text() if label.isVisible() else ""


def fill(dialog: ChangeOfficePassphraseDialog, old: str, new: str, repeat: str | None = None):
    for field, text in ((dialog.old, old), (dialog.new, new), (dialog.repeat, repeat or new)):
        field.clear()
        field.insert(text)  # Chinese comes through the input method


# --- 更改办公室签名口令 ------------------------------------------------------------------------


def test_an_officer_changes_the_passphrase_from_the_review_menu(
    qtbot, office, server_url, tmp_path, dialogs
):
    made = keyed_elsewhere(server_url)
    window = main_window(qtbot, office, tmp_path)
    action = menu_action(window, "change_office_passphrase")
    assert action is not None and action.text() == "更改办公室签名口令(&P)…"
    window.officers.sign_in("wangfang", PASSWORD)
    action.trigger()
    dialog = window.passphrase_change
    assert isinstance(dialog, ChangeOfficePassphraseDialog) and dialog.isVisible()
    assert dialog.windowTitle() == "更改办公室签名口令"

    hint = dialog.hints["new"]
    dialog.new.insert("短口令1")  # the rule followed as it is typed
    assert "至少 10 个字符" in hint.text()
    dialog.new.insert("234567")
    assert hint.text() == PASSPHRASE_FITS

    fill(dialog, OLD, OLD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert field_error(dialog, "new") == PASSPHRASES_SAME

    fill(dialog, OLD, NEW, "邕江两岸审核2028")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert "不一致" in field_error(dialog, "repeat")

    fill(dialog, "南宁高新区审核2025", NEW)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "口令不正确" in field_error(dialog, "old"), timeout=30000)
    assert dialog.isVisible() and dialog.old.text() == ""

    fill(dialog, OLD, NEW)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    title, text = dialogs[-1]
    assert title == "已更改办公室签名口令" and "指纹不变" in text and "告知" in text
    assert office_key_info(office).fingerprint == made
    assert is_unlocked(office)  # this desktop may sign at once
    later = Store.open(server_url)
    assert unlock_office_key(later, NEW).fingerprint == made
    later.close()


def test_a_change_another_officer_made_meanwhile_is_said_in_the_dialog(
    qtbot, office, server_url, tmp_path, dialogs, monkeypatch
):
    from db import office_key

    keyed_elsewhere(server_url)
    window = main_window(qtbot, office, tmp_path)
    window.officers.sign_in("wangfang", PASSWORD)
    dialog = window.change_office_passphrase()
    assert isinstance(dialog, ChangeOfficePassphraseDialog)
    derive, calls = office_key._derive, []

    def meanwhile(*args):  # 张三 changes it on his desktop while this one is sealing
        calls.append(1)
        if len(calls) == 2:
            monkeypatch.setattr(office_key, "_derive", derive)
            other = Store.open(server_url)
            change_office_passphrase(other, OLD, "张三定的口令abc1", actor="张三（zhangsan）")
            other.close()
        return derive(*args)

    monkeypatch.setattr(office_key, "_derive", meanwhile)
    fill(dialog, OLD, NEW)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "张三（zhangsan）" in field_error(dialog, None), timeout=60000)
    assert "未保存" in field_error(dialog, None) and dialog.isVisible()
    assert dialog.old.text() == "" and dialog.new.text() == ""
    later = Store.open(server_url)
    assert unlock_office_key(later, "张三定的口令abc1")  # his change stands
    later.close()


def test_without_a_key_the_change_says_when_one_is_made(qtbot, office, tmp_path, dialogs):
    window = main_window(qtbot, office, tmp_path)
    window.officers.sign_in("wangfang", PASSWORD)
    assert window.change_office_passphrase() is None
    title, text = dialogs[-1]
    assert title == "更改办公室签名口令" and "还没有" in text and "第一次签名" in text


def test_a_sqlite_office_has_no_passphrase_to_change(qtbot, store, tmp_path):
    own_profile(store, "enclave")
    write_mode(store, Mode.PARK_OFFICE)
    window = main_window(qtbot, store, tmp_path)
    assert menu_action(window, "change_office_passphrase") is None
    assert window.review_page is not None  # the office's menus are there, just not this entry


# --- every path that signs opens the key first -------------------------------------------------


@pytest.fixture
def enterprise(server_url: str) -> Iterator[Store]:
    """An enterprise whose store is on the server (rare; shares_office_key holds too)."""
    store = Store.open(server_url)
    set_up(store, Mode.ENTERPRISE)
    yield store
    store.close()


def asked(window) -> OfficePassphraseDialog:
    dialog = window.passphrase_dialog
    assert isinstance(dialog, OfficePassphraseDialog) and dialog.isVisible()
    return dialog


def type_passphrase(qtbot, dialog: OfficePassphraseDialog, passphrase: str) -> None:
    dialog.passphrase.insert(passphrase)
    if dialog.repeat is not None:
        dialog.repeat.insert(passphrase)
    with qtbot.waitSignal(dialog.accepted, timeout=30000):
        qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)


def signed_by(path: Path) -> str:
    return read_submission(path.read_bytes(), forms=FORMS).manifest.signer.public_key


def test_an_enterprise_sets_its_own_passphrase_at_its_first_export(
    qtbot, enterprise, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(enterprise))
    window = open_window(qtbot, enterprise, journal, app_id)
    SaveDialog(monkeypatch, tmp_path / "申报包.gxpkg")
    assert window.export_submission() is None
    dialog = asked(window)
    assert dialog.creating and dialog.windowTitle() == "设置本单位签名口令"
    shown = " ".join(label.text() for label in dialog.findChildren(type(dialog.general)))
    assert "本单位的签名密钥" in shown and "本园区" not in shown and "审核人员" not in shown
    assert enterprise.load(app_id).status is Status.READY  # nothing signed before the key

    type_passphrase(qtbot, dialog, OLD)
    assert window.export is not None  # the export went on once the key was made
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
    info = office_key_info(enterprise)
    assert info is not None and signed_by(tmp_path / "申报包.gxpkg") == info.public_key
    assert enterprise.load(app_id).status is Status.SUBMITTED


def test_an_enterprise_types_its_passphrase_to_export_again(
    qtbot, enterprise, server_url, journal, dialogs, monkeypatch, tmp_path
):
    """An 已提交 application exported again (the same package) signs too: asked once."""
    keyed_elsewhere(server_url)
    app_id = submit(Copy(enterprise))
    unlock_office_key(enterprise, OLD)
    first = Copy(enterprise).exchange.export_package(app_id, b"%PDF-1.7 packet")
    again = Store.open(server_url)  # the next day: the key not open in this session
    window = open_window(qtbot, again, journal, app_id)
    SaveDialog(monkeypatch, tmp_path / "again.gxpkg")
    assert window.export_submission() is None
    dialog = asked(window)
    assert not dialog.creating and dialog.windowTitle() == "输入本单位签名口令"
    type_passphrase(qtbot, dialog, OLD)
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
    assert signed_by(tmp_path / "again.gxpkg") == office_key_info(again).public_key
    assert read_submission(
        (tmp_path / "again.gxpkg").read_bytes(), forms=FORMS
    ).manifest.package_id == (read_submission(first.content, forms=FORMS).manifest.package_id)
    again.close()


def test_withdraw_and_resend_opens_the_key_before_withdrawing(
    qtbot, enterprise, server_url, journal, dialogs, monkeypatch, tmp_path
):
    from app.gui.editor.withdrawal import WithdrawDialog

    keyed_elsewhere(server_url)
    app_id = submit(Copy(enterprise))
    unlock_office_key(enterprise, OLD)
    Copy(enterprise).exchange.export_package(app_id, b"%PDF-1.7 packet")
    again = Store.open(server_url)
    window = open_window(qtbot, again, journal, app_id)
    monkeypatch.setattr(WithdrawDialog, "exec", answering_withdrawal(qtbot, "报错了高新区"))
    SaveDialog(monkeypatch, tmp_path / "resent.gxpkg")
    monkeypatch.setattr(window, "_withdrawable", lambda: True)
    assert window.withdraw_and_resend() is None
    dialog = asked(window)
    assert again.load(app_id).status is Status.SUBMITTED  # nothing withdrawn yet
    dialog.reject()
    assert again.load(app_id).status is Status.SUBMITTED  # cancelled: still as it was
    again.close()


def test_withdraw_and_resend_goes_on_once_the_passphrase_opens_the_key(
    qtbot, enterprise, server_url, journal, dialogs, monkeypatch
):
    """The passing side of the test above: the right passphrase leads to the withdrawal's own
    question, the key open for the export that follows."""
    from app.gui.editor.withdrawal import WithdrawDialog

    keyed_elsewhere(server_url)
    app_id = submit(Copy(enterprise))
    unlock_office_key(enterprise, OLD)
    Copy(enterprise).exchange.export_package(app_id, b"%PDF-1.7 packet")
    again = Store.open(server_url)
    window = open_window(qtbot, again, journal, app_id)
    asked_reason: list[bool] = []

    def cancelled(_dialog: WithdrawDialog) -> int:
        asked_reason.append(is_unlocked(again))
        return 0  # QDialog.DialogCode.Rejected: this test stops at the question

    monkeypatch.setattr(WithdrawDialog, "exec", cancelled)
    monkeypatch.setattr(window, "_withdrawable", lambda: True)
    assert window.withdraw_and_resend() is None
    assert asked_reason == []  # the key first
    type_passphrase(qtbot, asked(window), OLD)
    assert asked_reason == [True]  # then the reason, with the key open
    assert again.load(app_id).status is Status.SUBMITTED
    again.close()


def test_the_offices_card_asks_for_the_passphrase_first(
    qtbot, office, server_url, tmp_path, dialogs, monkeypatch
):
    from app.gui.exchange import office_card

    made = keyed_elsewhere(server_url)
    exported: list[int] = []
    monkeypatch.setattr(office_card, "export_office_card", lambda *_a: exported.append(1))
    window = main_window(qtbot, office, tmp_path)
    dialogs_before = list(window.findChildren(OfficePassphraseDialog))
    window.export_office_card()
    [dialog] = [d for d in window.findChildren(OfficePassphraseDialog) if d not in dialogs_before]
    assert dialog.windowTitle() == "输入办公室签名口令" and made in " ".join(
        label.text() for label in dialog.findChildren(type(dialog.general))
    )
    assert exported == []
    type_passphrase(qtbot, dialog, OLD)
    assert exported == [1]
