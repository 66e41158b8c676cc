"""管理审核人账号: the list of officers, adding one, changing one's password, 停用/启用."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.gui.officers.account_form import AccountFormDialog, OfficerSeat
from app.gui.officers.recovery_dialogs import show_recovery_code
from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.store_changes import store_changes
from app.gui.widgets.window_geometry import place_window
from db.accounts import PASSWORD_RULE, AccountRecord, NewAccount, SignInError
from db.changes import Change
from forms.core.display import format_local_time

COLUMNS = ("登录名", "姓名", "状态", "创建时间", "最近登录")


class NewOfficerDialog(AccountFormDialog):
    """新增审核人, made by the signed-in officer (who is named in the audit trail)."""

    def __init__(self, session: OfficerSeat, by: AccountRecord, parent: QWidget | None) -> None:
        super().__init__("新增审核人", "新增", parent)
        self.session, self.by = session, by
        self.add_intro("新审核人用这里设置的登录名和密码登录，登录后可自行修改密码。")
        self.username, self.name, self.password, self.repeat = self.add_account_fields()
        self.created: AccountRecord | None = None

    def submit(self) -> None:
        if not self.repeated(self.password, self.repeat):
            return
        accounts, by = self.session.accounts, self.by
        username, name, password = self.username.text(), self.name.text(), self.password.text()
        self.run(lambda: accounts.create_with_code(username, name, password, by=by), self._created)

    def _created(self, made: NewAccount) -> None:
        self.created = made.account
        show_recovery_code(
            self,
            made.account.actor,
            made.recovery_code,
            lead="账号已创建，请把恢复码交给本人保管。",
        )
        self.accept()


class ChangePasswordDialog(AccountFormDialog):
    """修改我的密码: the old one, then the new one twice."""

    def __init__(
        self, session: OfficerSeat, account: AccountRecord, parent: QWidget | None
    ) -> None:
        super().__init__("修改我的密码", "修改密码", parent)
        self.session, self.account = session, account
        self.add_intro(f"为{account.actor}设置新密码。")
        self.old = self.add_field("old", "原密码", password=True)
        self.new = self.add_field("password", "新密码", password=True, hint=PASSWORD_RULE)
        self.repeat = self.add_field("repeat", "确认新密码", password=True)

    def submit(self) -> None:
        if not self.repeated(self.new, self.repeat):
            return
        accounts, account = self.session.accounts, self.account
        old, new = self.old.text(), self.new.text()
        self.run(lambda: accounts.change_password(account, old, new), self._changed)

    def refused(self, exc: Exception) -> None:
        if isinstance(exc, SignInError):  # a wrong old password: say so by that field
            self.show_error("old", str(exc))
            self.old.clear()
            self.old.setFocus()
        else:
            super().refused(exc)

    def _changed(self, _result: None) -> None:
        plain.information(self, "修改我的密码", "密码已修改，下次登录请使用新密码。")
        self.accept()


class ResetPasswordDialog(AccountFormDialog):
    """重设密码 of another officer who forgot it: the new password twice; audited."""

    def __init__(
        self,
        session: OfficerSeat,
        by: AccountRecord,
        account: AccountRecord,
        parent: QWidget | None,
    ) -> None:
        super().__init__("重设密码", "重设密码", parent)
        self.session, self.by, self.account = session, by, account
        self.add_intro(
            f"为{account.actor}设置新密码（操作将记入操作记录）。请把新密码当面告诉本人，"
            "由其登录后在“修改我的密码”中改为只有自己知道的密码。"
        )
        self.new = self.add_field("password", "新密码", password=True, hint=PASSWORD_RULE)
        self.repeat = self.add_field("repeat", "确认新密码", password=True)
        self.reset = False

    def submit(self) -> None:
        if not self.repeated(self.new, self.repeat):
            return
        accounts, by, account_id = self.session.accounts, self.by, self.account.id
        new = self.new.text()
        self.run(lambda: accounts.reset_password(account_id, new, by=by), self._reset)

    def _reset(self, account: AccountRecord) -> None:
        self.reset = True
        plain.information(self, "重设密码", f"已为{account.actor}重设密码。")
        self.accept()


class AccountsDialog(QDialog):
    """Every officer's account with its state; reachable only by a signed-in officer."""

    def __init__(self, session: OfficerSeat, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("管理审核人账号")
        layout = QVBoxLayout(self)
        self.who = PlainLabel(self)
        layout.addWidget(self.who)
        self.table = QTableWidget(0, len(COLUMNS), self)
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setStyleSheet("QTableWidget::item { padding: 0 8px; }")  # not text to the line
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        note = PlainLabel(
            "停用的账号不能再登录，已签署的审核意见和操作记录不受影响，可随时重新启用。",
            self,
        )
        note.setObjectName("hint")
        note.setStyleSheet("color: #6b7280;")
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("新增审核人…", self)
        self.password_button = QPushButton("修改我的密码…", self)
        self.reset_button = QPushButton("重设其密码…", self)
        self.reset_button.setToolTip("为忘记密码的其他审核人设置新密码")
        self.toggle_button = QPushButton("停用", self)
        self.close_button = QPushButton("关闭", self)
        for button in (
            self.add_button,
            self.password_button,
            self.reset_button,
            self.toggle_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_officer)
        self.password_button.clicked.connect(self.change_password)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.reset_button.clicked.connect(self.reset_selected)
        self.close_button.clicked.connect(self.accept)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        session.changed.connect(self._signed_in_changed)
        # another officer (on this desktop or another of the office) adds or 停用 an account
        store_changes(session.accounts.store).changed.connect(self._store_changed)
        place_window(self, "accounts", (680, 360))
        self.reload()

    def _signed_in_changed(self) -> None:
        if self.session.current is None:  # signed out meanwhile: nobody may manage any more
            for dialog in self.findChildren(AccountFormDialog):  # 新增审核人, 修改密码 included
                dialog.reject()
            self.reject()

    def _store_changed(self, change: Change) -> None:
        if change.accounts:
            shown = self.selected()
            self.reload(shown.id if shown is not None else None)

    # --- the list -----------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        me = self.session.current
        self.who.setText(f"当前登录：{me.actor}" if me else "未登录")
        self.accounts = self.session.accounts.list_accounts()
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            last = account.last_sign_in_at
            cells = (
                account.username,
                account.display_name + ("（我）" if me and account.id == me.id else ""),
                "启用" if account.active else "停用",
                format_local_time(account.created_at),
                format_local_time(last) if last else "从未登录",
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not account.active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if account.id == select_id:
                self.table.selectRow(row)
        self._selection_changed()

    def selected(self) -> AccountRecord | None:
        rows = self.table.selectionModel().selectedRows()
        return self.accounts[rows[0].row()] if rows else None

    def _selection_changed(self) -> None:
        account = self.selected()
        self.toggle_button.setEnabled(account is not None)
        self.toggle_button.setText("启用" if account and not account.active else "停用")
        me = self.session.current
        # one's own password is changed with the old one (修改我的密码), not reset
        self.reset_button.setEnabled(account is not None and me is not None and account.id != me.id)

    # --- actions ------------------------------------------------------------------------

    def add_officer(self) -> None:
        me = self.session.current
        if me is None:
            return
        dialog = NewOfficerDialog(self.session, me, self)
        accepted = dialog.exec()
        created = dialog.created
        dialog.deleteLater()  # with the passwords typed into it
        if accepted and created is not None and self.session.current is not None:
            self.reload(select_id=created.id)

    def change_password(self) -> None:
        me = self.session.current
        if me is not None:
            dialog = ChangePasswordDialog(self.session, me, self)
            dialog.exec()
            dialog.deleteLater()  # with the passwords typed into it

    def reset_selected(self) -> None:
        account, me = self.selected(), self.session.current
        if account is None or me is None:
            return
        dialog = ResetPasswordDialog(self.session, me, account, self)
        dialog.exec()
        dialog.deleteLater()  # with the passwords typed into it

    def toggle_selected(self) -> None:
        account, me = self.selected(), self.session.current
        if account is None or me is None:
            return
        # one's own account is always refused (by the store, which says why): no need to confirm
        if account.active and account.id != me.id:
            answer = plain.question(
                self,
                "停用账号",
                f"停用后，{account.actor}将不能登录；其已签署的审核意见和操作记录不受影响，"
                "以后可以重新启用。\n\n确定停用？",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        with shows_errors(self, "停用账号" if account.active else "启用账号") as refused:
            self.session.accounts.set_active(account.id, not account.active, by=me)
        if refused:
            return
        self.reload(select_id=account.id)
