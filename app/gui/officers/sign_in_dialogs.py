"""创建第一个审核人账号 and 审核人登录: how an officer comes to be signed in."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from app.gui.officers.account_form import AccountFormDialog, OfficerSeat
from app.gui.officers.recovery_dialogs import RecoverDialog, show_recovery_code
from db.accounts import AccountRecord, SignInError, SignInWait
from db.errors import StoreError

COUNTDOWN_MS = 250  # how often the lockout's countdown is redrawn
FIRST_CODE = (
    "您的账号建立时本软件还没有恢复码功能，现为您补发一个（只显示这一次）。"
    "请保存为文件或打印后妥善保管。\n"
)


class FirstAccountDialog(AccountFormDialog):
    """The office has no account yet: make the first one, and sign in with it."""

    def __init__(self, session: OfficerSeat, parent: QWidget | None = None) -> None:
        super().__init__("创建第一个审核人账号", "创建并登录", parent)
        self.session = session
        self.add_intro(
            "本园区还没有审核人账号。请先创建一个账号，审核意见和操作记录将署上它的姓名和登录名；"
            "其他审核人的账号以后由已登录的审核人在“管理账号”中添加（使用办公室数据库服务器时，"
            "账号由各台电脑共用）。"
        )
        self.username, self.name, self.password, self.repeat = self.add_account_fields()

    def submit(self) -> None:
        if not self.repeated(self.password, self.repeat):
            return
        accounts = self.session.accounts
        username, name, password = self.username.text(), self.name.text(), self.password.text()

        def work() -> tuple[AccountRecord, str]:
            code = accounts.create_with_code(username, name, password).recovery_code
            # so its first sign-in is audited too
            return accounts.sign_in(username, password), code

        self.run(work, self._created)

    def _created(self, made: tuple[AccountRecord, str]) -> None:
        account, code = made
        show_recovery_code(self, account.actor, code, lead="账号已创建。")
        self.session.adopt(account)
        self.accept()


class SignInDialog(AccountFormDialog):
    """登录名 and 密码; one message for any mistake, and the store's wait after repeated failures."""

    def __init__(self, session: OfficerSeat, parent: QWidget | None = None) -> None:
        super().__init__("审核人登录", "登录", parent)
        self.session = session
        self.add_intro("请登录后再审核：审核意见和操作记录将署上登录人的姓名和登录名。")
        self.username = self.add_field("username", "登录名")
        self.password = self.add_field("password", "密码", password=True)
        self.forgot = QPushButton("忘记密码？用恢复码重设", self)
        self.forgot.setFlat(True)
        self.forgot.setAutoDefault(False)
        self.forgot.setStyleSheet("color: #2563eb; text-align: left;")
        self.outer.insertWidget(self.outer.indexOf(self.general), self.forgot)
        self.forgot.clicked.connect(self.recover)
        self.countdown = QTimer(self)
        self.countdown.setInterval(COUNTDOWN_MS)
        self.countdown.timeout.connect(self._tick)
        self._tick()

    def submit(self) -> None:
        if self.session.locked_ms():
            self._tick()
            return
        if not self.username.text().strip():
            self.show_error("username", "请输入登录名")
            self.username.setFocus()
            return
        accounts = self.session.accounts
        username, password = self.username.text(), self.password.text()

        def work() -> tuple[AccountRecord, str | None]:
            account = accounts.sign_in(username, password)
            # an account made before recovery codes gets one now, once; if that cannot be
            # written the officer is still signed in, and the next sign-in offers it again
            with suppress(StoreError):
                return account, accounts.issue_missing_recovery_code(account)
            return account, None

        self.run(work, self._signed_in)

    def _signed_in(self, signed_in: tuple[AccountRecord, str | None]) -> None:
        account, code = signed_in
        if code is not None:
            show_recovery_code(self, account.actor, code, lead=FIRST_CODE, confirm_unsaved=True)
        self.session.adopt(account)
        self.accept()

    def refused(self, exc: Exception) -> None:
        if not isinstance(exc, SignInError):
            super().refused(exc)
            return
        # the store says the same for an unknown name and a wrong password; so does the dialog
        self.session.note_refusal(exc)
        if not isinstance(exc, SignInWait):  # the wait itself is said above the fields
            self.show_error("password", str(exc))
        self.password.clear()
        self.password.setFocus()
        self._tick()

    def recover(self) -> None:
        """用恢复码重设密码; afterwards the name is filled in here, to sign in with the new one."""
        dialog = RecoverDialog(self.session, self, self.username.text())
        dialog.exec()
        recovered = dialog.recovered
        username = dialog.username.text().strip()
        dialog.deleteLater()  # with the code and passwords typed into it
        if recovered:
            self.username.setText(username)
            self.password.clear()
            self.clear_errors()
            self.show_error(None, "密码已用恢复码重设，请输入新密码登录")
            self.password.setFocus()
        self._tick()

    def _tick(self) -> None:
        """While locked: the button waits, counting down; afterwards it may be tried again."""
        if self.session.locked_ms():
            self.ok.setEnabled(False)
            self.ok.setText(f"登录（{-(-self.session.locked_ms() // 1000)}）")
            self.show_error(None, self.session.lockout_message())
            if not self.countdown.isActive():
                self.countdown.start()
        elif self.countdown.isActive() or not self.ok.isEnabled():
            self.countdown.stop()
            self.ok.setEnabled(self.job is None)
            self.ok.setText("登录")
            self.show_error(None, "")
