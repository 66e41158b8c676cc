"""Who is reviewing at this shared office machine: the signed-in officer and a status widget."""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from app.gui.officers.account_dialogs import AccountsDialog
from app.gui.officers.sign_in_dialogs import FirstAccountDialog, SignInDialog
from app.gui.widgets.plain import PlainLabel
from db.accounts import AccountRecord, Accounts, SignInError
from db.errors import StoreError
from db.idle_sign_out import (
    UserInput,
    counts_as_activity,
    idle_minutes,
    idle_sign_out_reason,
    idle_text,
)
from db.repository import Store
from db.sign_in import SignInLock

# How Qt names the input that db/idle_sign_out.py judges; the events that keep an officer in.
QT_INPUT = {
    QEvent.Type.KeyPress: UserInput.KEY_PRESS,
    QEvent.Type.KeyRelease: UserInput.KEY_RELEASE,
    QEvent.Type.MouseButtonPress: UserInput.BUTTON_PRESS,
    QEvent.Type.MouseButtonRelease: UserInput.BUTTON_RELEASE,
    QEvent.Type.MouseMove: UserInput.POINTER_MOVE,
    QEvent.Type.Wheel: UserInput.WHEEL,
    QEvent.Type.TouchBegin: UserInput.TOUCH_BEGIN,
    QEvent.Type.TouchUpdate: UserInput.TOUCH_UPDATE,
}
ACTIVITY = frozenset(qt for qt, kind in QT_INPUT.items() if counts_as_activity(kind))
LINK_STYLE = (
    "QPushButton { color: #1d4ed8; border: none; padding: 0 4px; }"
    " QPushButton:hover { text-decoration: underline; }"
)


class OfficerSession(QObject):
    """The officer signed in at this copy of the app, if any; ``changed`` when that changes.

    Failed sign-ins are counted and made to wait by the store (``Accounts.sign_in``, with the
    policy of db/sign_in.py); this keeps the last wait it was told of, so every sign-in dialog
    shows it and counts it down. An officer who leaves the machine is signed out after
    ``idle_minutes`` without input.
    """

    changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.accounts = Accounts(store)
        self.lock: SignInLock | None = None  # the store's last refusal that asked for a wait
        self._current: AccountRecord | None = None
        self.signed_out_idle = False  # the last sign-out was for inactivity
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.timeout.connect(self._idle_sign_out)
        self.set_idle_limit(idle_minutes(store) * 60_000)

    def set_idle_limit(self, ms: int) -> None:
        """Sign out after ``ms`` without input; 0 never does."""
        self.idle.setInterval(ms)
        self._watch_activity()

    @property
    def current(self) -> AccountRecord | None:
        return self._current

    # --- signing in and out -----------------------------------------------------------------

    def require(self, parent: QWidget | None) -> AccountRecord | None:
        """The signed-in officer; else asks for one (or for the first account). None if cancelled."""
        if self._current is not None:
            return self._current
        dialog = (SignInDialog if self.accounts.has_accounts() else FirstAccountDialog)(
            self, parent
        )
        dialog.exec()
        dialog.deleteLater()  # with the password typed into it
        return self._current

    def sign_in(self, username: str, password: str) -> AccountRecord:
        """Check and adopt an officer, on the calling thread (one scrypt, some 60 ms).

        For scripts and tests; the sign-in dialog does the same off the GUI thread (it runs
        ``Accounts.sign_in`` on a worker, then ``adopt`` or ``note_refusal``).
        """
        try:
            account = self.accounts.sign_in(username, password)
        except SignInError as exc:
            self.note_refusal(exc)
            raise
        self.adopt(account)
        return account

    def sign_out(self) -> None:
        self._end(idle=False)

    def _end(self, *, idle: bool) -> None:
        account, self._current = self._current, None
        if account is None:
            return
        self.signed_out_idle = idle
        self._watch_activity()
        # signed out even when the trail cannot be written (a read-only store records nothing)
        with suppress(StoreError):
            self.accounts.sign_out(
                account, reason=idle_sign_out_reason(self.idle.interval()) if idle else ""
            )
        self.changed.emit()

    def adopt(self, account: AccountRecord) -> None:
        """Make ``account`` (just checked by ``Accounts.sign_in`` or created) the signed-in one."""
        self.lock = None
        self.signed_out_idle = False
        self._current = account
        self._watch_activity()
        self.changed.emit()

    # --- inactivity ---------------------------------------------------------------------

    def _watch_activity(self) -> None:
        # watched only while someone is signed in: a filter sees every event of the app
        app = QApplication.instance()
        watching = self._current is not None and self.idle.interval() > 0
        if app is not None:
            app.removeEventFilter(self)
            if watching:
                app.installEventFilter(self)
        if watching:
            self.idle.start()
        else:
            self.idle.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY:
            self.idle.start()
        return False

    def _idle_sign_out(self) -> None:
        self._end(idle=True)

    def idle_text(self) -> str:
        """The inactivity limit as a user reads it: 「30 分钟」."""
        return idle_text(self.idle.interval())

    # --- failed tries: the store decides, this shows ----------------------------------------

    def note_refusal(self, exc: SignInError) -> None:
        """Keep the wait the store asked for, if any, for the dialogs to show."""
        if exc.lock is not None:
            self.lock = exc.lock

    def locked_ms(self) -> int:
        """How long the store said the next try must still wait; 0 when it may go ahead."""
        if self.lock is None:
            return 0
        remaining = self.lock.remaining(self.accounts.clock())
        return -(-remaining // timedelta(milliseconds=1))  # rounded up: never 0 while waiting

    def lockout_message(self) -> str:
        """The store's words for the wait, as it stands now."""
        return self.lock.message(self.accounts.clock()) if self.lock is not None else ""

    # --- accounts ---------------------------------------------------------------------------

    def manage(self, parent: QWidget | None) -> None:
        """管理审核人账号, once an officer is signed in (asked for first if need be)."""
        if self.require(parent) is None:
            return
        AccountsDialog(self, parent).exec()


class OfficerStatus(QWidget):
    """「审核人：王芳（wangfang）」 with 管理账号… and 退出登录, or 「未登录」 with 登录…."""

    def __init__(self, session: OfficerSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = PlainLabel(self)
        self.sign_in_button = QPushButton("登录…", self)
        self.manage_button = QPushButton("管理账号…", self)
        self.sign_out_button = QPushButton("退出登录", self)
        layout.addWidget(self.label)
        for button in (self.sign_in_button, self.manage_button, self.sign_out_button):
            button.setFlat(True)  # links in a status bar, but still buttons for the keyboard
            button.setStyleSheet(LINK_STYLE)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            layout.addWidget(button)
        self.sign_in_button.clicked.connect(lambda: session.require(self.window()))
        self.manage_button.clicked.connect(lambda: session.manage(self.window()))
        self.sign_out_button.clicked.connect(session.sign_out)
        session.changed.connect(self.show_state)
        self.show_state()

    def show_state(self) -> None:
        account = self.session.current
        if account is not None:
            self.label.setText(f"审核人：{account.actor}")
        elif self.session.signed_out_idle:
            self.label.setText(f"未登录（{self.session.idle_text()}无操作，已自动退出登录）")
        else:
            self.label.setText("未登录")
        self.sign_in_button.setVisible(account is None)
        self.manage_button.setVisible(account is not None)
        self.sign_out_button.setVisible(account is not None)
