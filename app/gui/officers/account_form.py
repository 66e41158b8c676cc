"""A dialog of account fields, each with its rule and its error, whose work hashes off the GUI thread.

Every account step checks or makes a scrypt hash (some 60–80 ms each, more on a busy machine),
so it runs on a BackgroundJob with a busy cursor; the window keeps painting meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import user_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window, resize_within_screen
from db.accounts import (
    NAME_RULE,
    PASSWORD_RULE,
    USERNAME_RULE,
    AccountRecord,
    Accounts,
    SignInError,
)
from db.errors import InputError
from forms.core.control_chars import control_char_problem


class OfficerSeat(Protocol):
    """What the sign-in and account dialogs need of the officer signed in at this machine.

    ``officer.OfficerSession`` is one; it opens these dialogs, so they know it only by this.
    """

    @property
    def accounts(self) -> Accounts: ...

    @property
    def current(self) -> AccountRecord | None: ...

    @property
    def changed(self) -> SignalInstance: ...

    def adopt(self, account: AccountRecord) -> None: ...

    def note_refusal(self, exc: SignInError) -> None: ...

    def locked_ms(self) -> int: ...

    def lockout_message(self) -> str: ...


PASSWORDS_DIFFER = "两次输入的密码不一致，请重新输入"
MIN_FIELD_WIDTH = 260
MIN_DIALOG_WIDTH = 480  # room for the longest rule and error on one or two lines


class AccountFormDialog(QDialog):
    """Fields in a form, a 确定 button that runs ``work`` on a worker, errors under each field."""

    def __init__(self, title: str, ok_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        place_window(self, "account_form")
        self.setModal(True)
        self.setMinimumWidth(MIN_DIALOG_WIDTH)
        self.job: BackgroundJob | None = None
        self.outer = QVBoxLayout(self)
        # a grid, not a QFormLayout: each label stays level with its field, not with the middle
        # of the field, its rule and its error
        self.form = QGridLayout()
        self.form.setVerticalSpacing(2)
        self.form.setColumnStretch(1, 1)
        self.outer.addLayout(self.form)
        self.errors: dict[str, QLabel] = {}
        self.hints: dict[str, QLabel] = {}  # each field's rule, where it has one
        self.general = self._error_label()
        self.outer.addWidget(self.general)
        self.buttons = QDialogButtonBox(self)
        self.ok: QPushButton = self.buttons.addButton(
            ok_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel = self.buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok.setDefault(True)
        self.ok.clicked.connect(self.submit)
        self.cancel.clicked.connect(self.reject)
        self.outer.addWidget(self.buttons)

    # --- building -----------------------------------------------------------------------

    def add_intro(self, text: str) -> QLabel:
        label = PlainLabel(text, self)
        label.setWordWrap(True)
        self.outer.insertWidget(0, label)
        return label

    def add_field(
        self,
        key: str,
        label: str,
        *,
        password: bool = False,
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> QLineEdit:
        """A field; ``check`` (text → what is wrong, or None) is said under it as it is typed."""
        edit = QLineEdit(self)
        edit.setObjectName(key)
        edit.setMinimumWidth(MIN_FIELD_WIDTH)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        row = self.form.rowCount()
        if row:  # a gap between one field's messages and the next field
            self.form.setRowMinimumHeight(row, 8)
            row += 1
        title = PlainLabel(f"{label}：", self)
        title.setBuddy(edit)
        self.form.addWidget(title, row, 0)
        self.form.addWidget(edit, row, 1)
        if hint:
            note = PlainLabel(hint, self)
            note.setObjectName("hint")
            note.setStyleSheet("color: #6b7280;")
            note.setWordWrap(True)
            self.hints[key] = note
            row += 1
            self.form.addWidget(note, row, 1)
        self.errors[key] = self._error_label()
        self.form.addWidget(self.errors[key], row + 1, 1)
        if check is None:
            edit.textEdited.connect(lambda _text: self._clear(key))
        else:
            edit.textChanged.connect(lambda text: self.show_error(key, check(text) or ""))
        return edit

    def add_account_fields(self) -> tuple[QLineEdit, QLineEdit, QLineEdit, QLineEdit]:
        """登录名, 姓名, 密码 and 确认密码, with the rules the store will apply shown up front."""
        username = self.add_field(
            "username", "登录名", hint=f"{USERNAME_RULE}；登录时用，不分大小写，每个账号不同"
        )
        name = self.add_field(
            "display_name",
            "姓名",
            hint=f"{NAME_RULE}，可与他人相同；审核意见上印作“姓名（登录名）”",
            # the store's own words (db/accounts.py), said as soon as a NUL is pasted in
            check=control_char_problem,
        )
        password = self.add_field(
            "password",
            "密码",
            password=True,
            hint=f"{PASSWORD_RULE}；忘记时可用创建后给出的恢复码重设",
        )
        repeat = self.add_field("repeat", "确认密码", password=True)
        return username, name, password, repeat

    def _error_label(self) -> QLabel:
        label = PlainLabel(self)
        label.setObjectName("fieldError")
        label.setStyleSheet("color: #c0392b;")  # also before the app-wide style sheet applies
        label.setWordWrap(True)
        label.hide()
        return label

    # --- errors -------------------------------------------------------------------------

    def show_error(self, key: str | None, text: str) -> None:
        label = self.errors.get(key or "", self.general)
        label.setText(text)
        label.setVisible(bool(text))
        self._fit()

    def _fit(self) -> None:
        """Grow to show a message whole: a top-level dialog does not follow its wrapped labels."""
        self.outer.activate()
        if self.outer.hasHeightForWidth():
            needed = self.outer.totalHeightForWidth(self.width())
        else:
            needed = self.outer.totalSizeHint().height()
        if needed > self.height():
            resize_within_screen(self, self.width(), needed)

    def repeated(self, password: QLineEdit, repeat: QLineEdit) -> bool:
        """Whether the password was typed the same twice; if not, say so and ask again."""
        if password.text() == repeat.text():
            return True
        self.clear_errors()
        self.show_error("repeat", PASSWORDS_DIFFER)
        repeat.clear()
        repeat.setFocus()
        return False

    def clear_errors(self) -> None:
        for key in [*self.errors, None]:
            self.show_error(key, "")

    def _clear(self, key: str) -> None:
        self.show_error(key, "")

    def show_refusal(self, exc: Exception) -> None:
        """Each issue of an InputError under its field; any other refusal below the form."""
        if isinstance(exc, InputError):
            for issue in exc.issues:
                key = str(issue.path[0]) if issue.path else None
                self.show_error(key if key in self.errors else None, issue.message)
        else:
            self.show_error(None, str(exc))

    # --- work ---------------------------------------------------------------------------

    def submit(self) -> None:  # each dialog checks its fields, then calls ``run``
        raise NotImplementedError

    def run(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """``work`` on a worker; ``done`` on the GUI thread with its result, or its refusal shown."""

        def guarded(_progress: Progress) -> Any:
            with user_errors() as refused:
                return work()
            return refused.error  # handed back whole, so its issues can go under their fields

        self.clear_errors()
        job = BackgroundJob(guarded, self)
        connect_queued(job.finished, lambda result: self._finished(result, done))
        connect_queued(job.failed, self._failed)
        self.job = job
        self._busy(True)
        job.start()

    def _finished(self, result: Any, done: Callable[[Any], None]) -> None:
        self.job = None
        self._busy(False)
        if isinstance(result, Exception):
            self.refused(result)
        else:
            done(result)

    def refused(self, exc: Exception) -> None:
        self.show_refusal(exc)

    def _failed(self, message: str) -> None:
        self.job = None
        self._busy(False)
        self.show_error(None, message)

    def _busy(self, busy: bool) -> None:
        self.ok.setEnabled(not busy)
        self.cancel.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def reject(self) -> None:
        # a step half done on the worker (an account made, a sign-in audited) must be seen through
        if self.job is None:
            super().reject()
