"""Officers sign in at the shared office machine, as a user would: first account, sign-in, accounts."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QLineEdit, QMessageBox, QWidget
from sqlalchemy import text

from app.gui.officers.account_dialogs import (
    AccountsDialog,
    ChangePasswordDialog,
    NewOfficerDialog,
    ResetPasswordDialog,
)
from app.gui.officers.account_form import PASSWORDS_DIFFER
from app.gui.officers.officer import OfficerSession, OfficerStatus
from app.gui.officers.recovery_dialogs import RecoverDialog, RecoveryCodeDialog
from app.gui.officers.sign_in_dialogs import FirstAccountDialog, SignInDialog
from app.gui.widgets import plain
from db.accounts import RECOVERY_FAILED, SIGN_IN_FAILED, AccountRecord, Accounts
from db.idle_sign_out import IDLE_MINUTES, IDLE_MINUTES_KEY
from db.sign_in import SIGN_IN_POLICY
from tests.helpers.clocks import Clock
from tests.helpers.gui_driver import clear, type_text

MAX_FAILURES = SIGN_IN_POLICY.max_failures

PASSWORD = "shenhe-2026"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    """The same code with a tiny scrypt cost, so each hash takes microseconds, not 60 ms."""
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


@pytest.fixture(autouse=True)
def shown_codes(monkeypatch) -> list[tuple[str, str]]:
    """Recovery codes shown once, as (account, code): the dialog closes at once, as if read."""
    shown: list[tuple[str, str]] = []

    def show(self: RecoveryCodeDialog) -> int:
        shown.append((self.actor, self.code))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(RecoveryCodeDialog, "exec", show)
    return shown


@pytest.fixture
def session(qtbot, store) -> OfficerSession:
    return OfficerSession(store)


@pytest.fixture
def wangfang(store) -> AccountRecord:
    return Accounts(store).create("wangfang", "王芳", PASSWORD)


def click_ok(qtbot, dialog) -> None:
    """Press the dialog's main button and wait until its work on the worker has come back."""
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=5000)


def fill(_qtbot, edit, text: str) -> None:
    clear(edit)
    type_text(edit, text)


def when_modal_opens(act: Callable[[QWidget], None]) -> None:
    """Act on the modal dialog the next call opens (exec() would otherwise wait for a user)."""

    def go() -> None:
        dialog = QApplication.activeModalWidget()
        assert dialog is not None
        act(dialog)

    QTimer.singleShot(0, go)


def error_under(dialog, key: str | None) -> str:
    label = dialog.errors[key] if key else dialog.general
    return label.text() if label.isVisibleTo(dialog) else ""


# --- the first account ------------------------------------------------------------------------


def test_the_first_account_is_checked_then_made_and_signed_in(qtbot, session, store, shown_codes):
    dialog = FirstAccountDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    rules = " ".join(label.text() for label in dialog.findChildren(QLabel, "hint"))
    assert "至少 8 位，区分大小写" in rules and "2—32 位英文字母" in rules  # told up front
    assert "恢复码" in rules and "无法找回" not in rules  # a forgotten password can be reset
    fill(qtbot, dialog.username, "wangfang")
    fill(qtbot, dialog.name, "王芳")
    fill(qtbot, dialog.password, PASSWORD)
    fill(qtbot, dialog.repeat, PASSWORD + "x")
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert error_under(dialog, "repeat") == PASSWORDS_DIFFER
    assert dialog.repeat.text() == "" and not Accounts(store).has_accounts()

    fill(qtbot, dialog.password, "short")
    fill(qtbot, dialog.repeat, "short")
    click_ok(qtbot, dialog)
    assert error_under(dialog, "password") == "至少 8 位，请设置更长的密码"
    assert error_under(dialog, "repeat") == "" and session.current is None
    assert not Accounts(store).has_accounts()

    fill(qtbot, dialog.password, PASSWORD)
    fill(qtbot, dialog.repeat, PASSWORD)
    with qtbot.waitSignal(session.changed):
        click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert session.current is not None and session.current.actor == "王芳（wangfang）"
    assert session.current.last_sign_in_at is not None  # signed in, not only created
    [(actor, code)] = shown_codes  # its recovery code, shown once
    assert actor == "王芳（wangfang）" and len(code) == 19


def test_require_asks_for_the_first_account_when_there_is_none(qtbot, session):
    def create(dialog: QWidget) -> None:
        assert isinstance(dialog, FirstAccountDialog)
        assert dialog.windowTitle() == "创建第一个审核人账号"
        fill(qtbot, dialog.username, "wangfang")
        fill(qtbot, dialog.name, "王芳")
        fill(qtbot, dialog.password, PASSWORD)
        fill(qtbot, dialog.repeat, PASSWORD)
        click_ok(qtbot, dialog)

    when_modal_opens(create)
    account = session.require(None)
    assert account is not None and account.username == "wangfang"
    assert session.current == account


def test_require_returns_none_when_the_officer_cancels(qtbot, session, wangfang):
    def cancel(dialog: QWidget) -> None:
        assert isinstance(dialog, SignInDialog) and dialog.windowTitle() == "审核人登录"
        qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton)

    when_modal_opens(cancel)
    assert session.require(None) is None and session.current is None


def test_require_when_signed_in_returns_at_once(qtbot, session, wangfang, monkeypatch):
    session.sign_in("wangfang", PASSWORD)
    monkeypatch.setattr(QDialog, "exec", lambda _self: pytest.fail("no dialog should open"))
    assert session.require(None) == session.current


# --- signing in -------------------------------------------------------------------------------


def sign_in_dialog(qtbot, session) -> SignInDialog:
    dialog = SignInDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_signing_in_with_the_right_password(qtbot, session, wangfang):
    dialog = sign_in_dialog(qtbot, session)
    fill(qtbot, dialog.username, "wangfang")
    fill(qtbot, dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    assert not dialog.ok.isEnabled()  # the hash runs on a worker; the window keeps painting
    qtbot.waitUntil(lambda: dialog.job is None)
    assert session.current is not None and session.current.id == wangfang.id
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_wrong_password_and_an_unknown_name_read_alike(qtbot, session, wangfang):
    dialog = sign_in_dialog(qtbot, session)
    messages = []
    for username, password in [("wangfang", "wrong-password"), ("nobody", PASSWORD)]:
        fill(qtbot, dialog.username, username)
        fill(qtbot, dialog.password, password)
        click_ok(qtbot, dialog)
        messages.append(error_under(dialog, "password"))
        assert dialog.username.text() == username and dialog.password.text() == ""
    assert messages == [SIGN_IN_FAILED, SIGN_IN_FAILED]
    assert session.current is None and dialog.isVisible()

    fill(qtbot, dialog.password, "x")  # typing again clears the old message
    assert error_under(dialog, "password") == ""
    dialog.username.clear()
    click_ok(qtbot, dialog)
    assert error_under(dialog, "username") == "请输入登录名"


def test_repeated_failures_make_the_next_try_wait_without_freezing(qtbot, session, wangfang):
    session.accounts.policy = replace(SIGN_IN_POLICY, wait=timedelta(milliseconds=600))
    dialog = sign_in_dialog(qtbot, session)
    fill(qtbot, dialog.username, "wangfang")
    for _ in range(MAX_FAILURES):
        fill(qtbot, dialog.password, "wrong-password")
        click_ok(qtbot, dialog)
    assert not dialog.ok.isEnabled() and dialog.ok.text() == "登录（1）"
    assert error_under(dialog, None) == f"已连续 {MAX_FAILURES} 次登录失败，请 1 秒后再试"
    fill(qtbot, dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)  # Enter does not get round the wait
    assert session.current is None and dialog.job is None

    qtbot.waitUntil(dialog.ok.isEnabled, timeout=3000)
    assert dialog.ok.text() == "登录" and error_under(dialog, None) == ""
    click_ok(qtbot, dialog)
    assert session.current is not None and session.accounts.failed_sign_ins("wangfang") == 0


def test_the_wait_holds_for_a_new_dialog_and_for_sign_in_itself(qtbot, session, wangfang):
    for _ in range(MAX_FAILURES):
        with pytest.raises(Exception, match="登录名或密码不正确"):
            session.sign_in("wangfang", "wrong-password")
    with pytest.raises(Exception, match="秒后再试"):
        session.sign_in("wangfang", PASSWORD)
    dialog = sign_in_dialog(qtbot, session)
    assert not dialog.ok.isEnabled() and "秒后再试" in error_under(dialog, None)


def test_a_wait_recorded_before_a_restart_is_shown_as_the_store_says_it(qtbot, store, wangfang):
    clock = Clock(datetime(2026, 12, 1, 9, 0))
    before_restart = Accounts(clock.watching(store), clock=clock)
    for _ in range(MAX_FAILURES):
        with pytest.raises(Exception, match="登录名或密码不正确"):
            before_restart.sign_in("wangfang", "wrong-password")
    session = OfficerSession(store)  # a new run of the app: it knows of no wait itself
    clock.advance(seconds=12)  # on a server, its clock has moved on as much
    session.accounts.clock = clock
    dialog = sign_in_dialog(qtbot, session)
    assert dialog.ok.isEnabled()
    fill(qtbot, dialog.username, "wangfang")
    fill(qtbot, dialog.password, PASSWORD)  # the right password, refused while the wait runs
    click_ok(qtbot, dialog)
    assert session.current is None
    assert error_under(dialog, None) == f"已连续 {MAX_FAILURES} 次登录失败，请 18 秒后再试"
    assert error_under(dialog, "password") == "" and dialog.password.text() == ""
    assert not dialog.ok.isEnabled() and dialog.ok.text() == "登录（18）"


# --- signed in: the status widget and signing out ------------------------------------------------


def test_the_status_shows_who_is_signed_in_and_signs_out(qtbot, session, wangfang, store):
    status = OfficerStatus(session)
    qtbot.addWidget(status)
    status.show()
    assert status.label.text() == "未登录" and status.sign_in_button.isVisible()
    assert not status.sign_out_button.isVisible() and not status.manage_button.isVisible()
    with qtbot.waitSignal(session.changed):
        session.sign_in("wangfang", PASSWORD)
    assert status.label.text() == "审核人：王芳（wangfang）"
    assert status.sign_out_button.isVisible() and not status.sign_in_button.isVisible()
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(status.sign_out_button, Qt.MouseButton.LeftButton)
    assert session.current is None and status.label.text() == "未登录"


def test_signing_out_when_nobody_is_signed_in_changes_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.changed):
        session.sign_out()


# --- managing the accounts ----------------------------------------------------------------------


def accounts_dialog(qtbot, session) -> AccountsDialog:
    session.sign_in("wangfang", PASSWORD)
    dialog = AccountsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def table_rows(dialog: AccountsDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.item(r, c).text() for c in range(3)] + [table.item(r, 4).text()]
        for r in range(table.rowCount())
    ]


def test_managing_accounts_needs_a_signed_in_officer(qtbot, session, wangfang, monkeypatch):
    opened = []
    monkeypatch.setattr(AccountsDialog, "exec", lambda self: opened.append(self))
    when_modal_opens(lambda dialog: qtbot.mouseClick(dialog.cancel, Qt.MouseButton.LeftButton))
    session.manage(None)
    assert opened == []
    session.sign_in("wangfang", PASSWORD)
    session.manage(None)
    assert len(opened) == 1


def test_adding_an_officer(qtbot, session, wangfang, store, shown_codes):
    dialog = accounts_dialog(qtbot, session)
    assert dialog.who.text() == "当前登录：王芳（wangfang）"
    assert table_rows(dialog)[0][:3] == ["wangfang", "王芳（我）", "启用"]

    def add(new: QWidget) -> None:
        assert isinstance(new, NewOfficerDialog)
        fill(qtbot, new.username, "WangFang")  # a 登录名 is taken whatever its case
        fill(qtbot, new.name, "另一个王芳")
        fill(qtbot, new.password, "lisi-pass-1")
        fill(qtbot, new.repeat, "lisi-pass-1")
        click_ok(qtbot, new)
        assert error_under(new, "username") == "“WangFang”已被使用（登录名不分大小写），请换一个"
        fill(qtbot, new.username, "lisi")
        fill(qtbot, new.name, "李四")
        click_ok(qtbot, new)

    when_modal_opens(add)
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert table_rows(dialog) == [
        ["lisi", "李四", "启用", "从未登录"],
        ["wangfang", "王芳（我）", "启用", table_rows(dialog)[1][3]],
    ]
    assert dialog.selected() is not None and dialog.selected().username == "lisi"
    assert Accounts(store).sign_in("lisi", "lisi-pass-1").actor == "李四（lisi）"
    [(actor, code)] = shown_codes  # once, for 李四 to keep
    assert actor == "李四（lisi）" and Accounts(store).recover("lisi", code, "lisi-pass-2")


def test_changing_ones_own_password(qtbot, session, wangfang, store, dialogs):
    session.sign_in("wangfang", PASSWORD)
    dialog = ChangePasswordDialog(session, wangfang, None)
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog.old, "guessed-password")
    fill(qtbot, dialog.new, "new-password-2027")
    fill(qtbot, dialog.repeat, "new-password-2027")
    click_ok(qtbot, dialog)
    assert error_under(dialog, "old") == "原密码不正确，密码未修改" and dialog.old.text() == ""

    fill(qtbot, dialog.old, PASSWORD)
    fill(qtbot, dialog.repeat, "new-password-2028")
    click_ok(qtbot, dialog)
    assert error_under(dialog, "repeat") == PASSWORDS_DIFFER

    fill(qtbot, dialog.new, "short")
    fill(qtbot, dialog.repeat, "short")
    click_ok(qtbot, dialog)
    assert error_under(dialog, "password") == "至少 8 位，请设置更长的密码"

    fill(qtbot, dialog.new, "new-password-2027")
    fill(qtbot, dialog.repeat, "new-password-2027")
    click_ok(qtbot, dialog)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialogs == [("修改我的密码", "密码已修改，下次登录请使用新密码。")]
    assert Accounts(store).sign_in("wangfang", "new-password-2027").id == wangfang.id


def test_the_password_button_opens_the_change_for_the_signed_in_officer(qtbot, session, wangfang):
    dialog = accounts_dialog(qtbot, session)

    def look(change: QWidget) -> None:
        assert isinstance(change, ChangePasswordDialog) and change.account.id == wangfang.id
        qtbot.mouseClick(change.cancel, Qt.MouseButton.LeftButton)

    when_modal_opens(look)
    qtbot.mouseClick(dialog.password_button, Qt.MouseButton.LeftButton)


def test_deactivating_refuses_oneself_and_the_last_active_account(
    qtbot, session, wangfang, store, dialogs
):
    dialog = accounts_dialog(qtbot, session)
    dialog.table.selectRow(0)
    assert dialog.toggle_button.text() == "停用"
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialogs == [
        ("停用账号", "这是最后一个启用的账号，停用后将无人能登录；请先新增或启用其他账号")
    ]

    lisi = Accounts(store).create("lisi", "李四", "lisi-pass-1", by=wangfang)
    dialog.reload(select_id=wangfang.id)
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialogs[-1] == ("停用账号", "不能停用自己的账号：请由其他审核人员登录后停用")
    assert [row[2] for row in table_rows(dialog)] == ["启用", "启用"]

    dialog.reload(select_id=lisi.id)
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert dialogs[-1][0] == "停用账号" and "李四（lisi）将不能登录" in dialogs[-1][1]
    assert table_rows(dialog)[0][2] == "停用" and dialog.toggle_button.text() == "启用"
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert table_rows(dialog)[0][2] == "启用"


def test_deactivating_is_not_done_when_the_officer_says_no(
    qtbot, session, wangfang, store, monkeypatch
):
    lisi = Accounts(store).create("lisi", "李四", "lisi-pass-1", by=wangfang)
    dialog = accounts_dialog(qtbot, session)
    monkeypatch.setattr(plain, "question", lambda *a: QMessageBox.StandardButton.No)
    dialog.reload(select_id=lisi.id)
    qtbot.mouseClick(dialog.toggle_button, Qt.MouseButton.LeftButton)
    assert table_rows(dialog)[0][2] == "启用"


def test_the_accounts_dialog_closes_when_the_officer_signs_out(qtbot, session, wangfang):
    dialog = accounts_dialog(qtbot, session)
    session.sign_out()
    assert not dialog.isVisible()


# --- signing out after inactivity ---------------------------------------------------------------


def test_an_officer_who_leaves_the_machine_is_signed_out(qtbot, session, wangfang, store):
    status = OfficerStatus(session)
    qtbot.addWidget(status)
    session.set_idle_limit(300)
    session.sign_in("wangfang", PASSWORD)
    qtbot.waitUntil(lambda: session.current is None, timeout=3000)
    assert status.label.text() == "未登录（1 秒无操作，已自动退出登录）"
    with store.engine.connect() as connection:
        last = connection.execute(
            text("SELECT actor, action, detail FROM audit_events ORDER BY id DESC LIMIT 1")
        ).one()
    assert tuple(last) == ("王芳（wangfang）", "退出登录", "1 秒无操作，自动退出")
    session.sign_in("wangfang", PASSWORD)
    assert status.label.text() == "审核人：王芳（wangfang）"


def test_typing_or_clicking_keeps_the_officer_signed_in(qtbot, session, wangfang):
    field = QLineEdit()
    qtbot.addWidget(field)
    session.set_idle_limit(600)
    session.sign_in("wangfang", PASSWORD)
    qtbot.waitUntil(lambda: session.idle.remainingTime() < 300, timeout=2000)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert session.idle.remainingTime() > 500 and session.current is not None
    qtbot.waitUntil(lambda: session.idle.remainingTime() < 300, timeout=2000)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    assert session.idle.remainingTime() > 500 and session.current is not None


def test_the_inactivity_limit_is_a_setting(qtbot, store, wangfang):
    assert OfficerSession(store).idle.interval() == IDLE_MINUTES * 60_000 == 30 * 60_000
    store.set_setting(IDLE_MINUTES_KEY, "10")
    assert OfficerSession(store).idle.interval() == 10 * 60_000
    store.set_setting(IDLE_MINUTES_KEY, "十分钟")  # not a number: the default
    assert OfficerSession(store).idle.interval() == IDLE_MINUTES * 60_000
    store.set_setting(IDLE_MINUTES_KEY, "0")  # never
    never = OfficerSession(store)
    never.sign_in("wangfang", PASSWORD)
    assert not never.idle.isActive() and never.current is not None


@pytest.mark.parametrize(("stored", "minutes"), [("35792", 480), ("0", 0), ("abc", 30), ("45", 45)])
def test_the_idle_setting_is_kept_within_a_working_day(store, stored, minutes):
    from db.idle_sign_out import IDLE_MINUTES_KEY, idle_minutes

    store.set_setting(IDLE_MINUTES_KEY, stored)  # 35,792 minutes overflowed Qt's timer
    assert idle_minutes(store) == minutes
    OfficerSession(store)  # and the office opens


# --- a forgotten password ---------------------------------------------------------------------


def test_another_officer_resets_a_forgotten_password(qtbot, session, wangfang, store, dialogs):
    lisi = Accounts(store).create("lisi", "李四", "lisi-pass-1", by=wangfang)
    dialog = accounts_dialog(qtbot, session)
    dialog.table.selectRow(1)  # wangfang, oneself: changed with the old password, not reset
    assert dialog.selected().id == wangfang.id and not dialog.reset_button.isEnabled()
    dialog.table.selectRow(0)
    assert dialog.selected().id == lisi.id and dialog.reset_button.isEnabled()

    def reset(opened: QWidget) -> None:
        assert isinstance(opened, ResetPasswordDialog) and opened.account.id == lisi.id
        fill(qtbot, opened.new, "short")
        fill(qtbot, opened.repeat, "short")
        click_ok(qtbot, opened)
        assert error_under(opened, "password") == "至少 8 位，请设置更长的密码"
        fill(qtbot, opened.new, "lisi-new-2027")
        fill(qtbot, opened.repeat, "lisi-new-2027")
        click_ok(qtbot, opened)
        assert opened.result() == QDialog.DialogCode.Accepted

    when_modal_opens(reset)
    qtbot.mouseClick(dialog.reset_button, Qt.MouseButton.LeftButton)
    assert dialogs == [("重设密码", "已为李四（lisi）重设密码。")]
    assert Accounts(store).sign_in("lisi", "lisi-new-2027").id == lisi.id
    with store.engine.connect() as connection:
        trail = connection.execute(
            text("SELECT actor, detail FROM audit_events WHERE action = '重设密码'")
        ).all()
    assert [tuple(row) for row in trail] == [("王芳（wangfang）", "李四（lisi）")]


def test_a_forgotten_password_is_reset_with_the_recovery_code(qtbot, session, store, shown_codes):
    code = Accounts(store).create_with_code("wangfang", "王芳", PASSWORD).recovery_code
    dialog = sign_in_dialog(qtbot, session)
    fill(qtbot, dialog.username, "wangfang")
    assert dialog.forgot.text() == "忘记密码？用恢复码重设"

    def recover(opened: QWidget) -> None:
        assert isinstance(opened, RecoverDialog) and opened.username.text() == "wangfang"
        fill(qtbot, opened.code, "AAAA-BBBB-CCCC-DDDD")
        fill(qtbot, opened.password, "new-password-2027")
        fill(qtbot, opened.repeat, "new-password-2027")
        click_ok(qtbot, opened)
        assert error_under(opened, "code") == RECOVERY_FAILED and shown_codes == []
        fill(qtbot, opened.code, code.lower().replace("-", ""))  # as typed off a printout
        click_ok(qtbot, opened)
        assert opened.result() == QDialog.DialogCode.Accepted
        [(_actor, shown)] = shown_codes  # shown once, then kept by nothing of the dialog's
        assert shown not in [value for value in vars(opened).values() if isinstance(value, str)]

    when_modal_opens(recover)
    qtbot.mouseClick(dialog.forgot, Qt.MouseButton.LeftButton)
    [(actor, fresh)] = shown_codes  # the new code, shown once
    assert actor == "wangfang" and fresh != code
    assert dialog.username.text() == "wangfang" and dialog.password.text() == ""
    assert error_under(dialog, None) == "密码已用恢复码重设，请输入新密码登录"
    fill(qtbot, dialog.password, "new-password-2027")
    click_ok(qtbot, dialog)
    assert session.current is not None and session.current.username == "wangfang"
    with store.engine.connect() as connection:
        actions = connection.execute(text("SELECT action FROM audit_events ORDER BY id")).all()
    assert [row.action for row in actions][-3:] == ["恢复码错误", "用恢复码重设密码", "登录"]


def test_wrong_recovery_codes_make_the_next_try_wait(qtbot, session, store):
    Accounts(store).create_with_code("wangfang", "王芳", PASSWORD)
    dialog = RecoverDialog(session, None, "wangfang")
    qtbot.addWidget(dialog)
    dialog.show()
    fill(qtbot, dialog.password, "new-password-2027")
    fill(qtbot, dialog.repeat, "new-password-2027")
    for _ in range(MAX_FAILURES):
        fill(qtbot, dialog.code, "AAAA-BBBB-CCCC-DDDD")
        click_ok(qtbot, dialog)
    assert error_under(dialog, "code") == RECOVERY_FAILED
    assert error_under(dialog, None).startswith(f"已连续 {MAX_FAILURES} 次登录失败")
    assert session.locked_ms() > 0  # signing in waits as well


def test_the_recovery_code_is_shown_with_a_way_to_keep_it(qtbot, tmp_path, monkeypatch, dialogs):
    dialog = RecoveryCodeDialog("王芳（wangfang）", "K7QM-2XPA-H9RT-5WCE", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.code_label.text() == "K7QM-2XPA-H9RT-5WCE"
    target = tmp_path / "恢复码"
    monkeypatch.setattr(
        "app.gui.widgets.save_dialogs.QFileDialog.getSaveFileName",
        lambda *_args, **_kwargs: (str(target), ""),
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = (tmp_path / "恢复码.txt").read_text(encoding="utf-8-sig")
    assert "恢复码：K7QM-2XPA-H9RT-5WCE" in saved and "王芳（wangfang）" in saved
    assert dialogs and dialogs[0][0] == "保存恢复码"


def test_the_recovery_code_prints_through_the_print_dialog(qtbot, tmp_path, monkeypatch):
    from pypdf import PdfReader
    from PySide6.QtPrintSupport import QPrinter

    from app.gui.officers import recovery_dialogs

    printed = tmp_path / "printed.pdf"

    class PrintDialog:  # the system's dialog, with a PDF file chosen as the printer
        def __init__(self, printer: QPrinter, _parent) -> None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(str(printed))

        def setWindowTitle(self, _title: str) -> None:
            pass

        def exec(self):
            return QDialog.DialogCode.Accepted

    monkeypatch.setattr(recovery_dialogs, "QPrintDialog", PrintDialog)
    dialog = RecoveryCodeDialog("王芳（wangfang）", "K7QM-2XPA-H9RT-5WCE", None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.printed
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    text = "".join(page.extract_text() for page in PdfReader(printed).pages)
    assert "K7QM-2XPA-H9RT-5WCE" in text and "王芳" in text
    assert dialog.printed and not any(tmp_path.glob("*.txt"))  # no file of the code left


def test_the_first_account_is_the_offices_not_this_computers(qtbot, session):
    """On the office's server the accounts are shared by every computer: the first-account
    window does not tell the officer that "this computer" (本机) has none."""
    dialog = FirstAccountDialog(session)
    qtbot.addWidget(dialog)
    said = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "本园区还没有审核人账号" in said and "本机" not in said
    assert "各台电脑共用" in said
