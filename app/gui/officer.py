"""Who is reviewing at this shared office machine: the signed-in officer and a status widget."""

from __future__ import annotations

import time
from contextlib import suppress

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from app.gui.account_dialogs import AccountsDialog
from app.gui.plain import PlainLabel
from app.gui.sign_in_dialogs import FirstAccountDialog, SignInDialog
from db.accounts import AccountRecord, Accounts, SignInError
from db.engine import StoreError
from db.repository import Store

MAX_FAILURES = 5  # consecutive failed sign-ins before each further try must wait
LOCKOUT_MS = 30_000
# Minutes without a key press or click before the officer is signed out; 0 keeps them signed in.
IDLE_MINUTES_KEY = "officer_idle_minutes"
IDLE_MINUTES = 30
MAX_IDLE_MINUTES = 8 * 60
ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
    }
)
LINK_STYLE = (
    "QPushButton { color: #1d4ed8; border: none; padding: 0 4px; }"
    " QPushButton:hover { text-decoration: underline; }"
)


def idle_minutes(store: Store) -> int:
    """The store's setting, or IDLE_MINUTES when it is missing or not a whole number."""
    value = (store.get_setting(IDLE_MINUTES_KEY) or "").strip()
    if not value.isdigit():
        return IDLE_MINUTES
    # Within a working day (0: never): a larger figure overflowed Qt's timer (35,792 minutes
    # and up) and the office could not open its store.
    return min(int(value), MAX_IDLE_MINUTES)


class OfficerSession(QObject):
    """The officer signed in at this copy of the app, if any; ``changed`` when that changes.

    Failed sign-ins are counted here, for the whole run of the app: after ``MAX_FAILURES`` in a
    row each further try waits ``lockout_ms``, whether or not the dialog was closed meanwhile.
    An officer who leaves the machine is signed out after ``idle_minutes`` without input.
    """

    changed = Signal()

    def __init__(self, store: Store, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.accounts = Accounts(store)
        self.lockout_ms = LOCKOUT_MS
        self.failures = 0
        self._locked_until = 0.0
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

        For scripts and tests; the sign-in dialog does the same off the GUI thread (it checks
        ``locked_ms`` first, then runs ``Accounts.sign_in`` on a worker, then ``adopt`` or
        ``note_failure``).
        """
        self.refuse_while_locked()
        try:
            account = self.accounts.sign_in(username, password)
        except SignInError:
            self.note_failure()
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
                account, reason=f"{self.idle_text()}无操作，自动退出" if idle else ""
            )
        self.changed.emit()

    def adopt(self, account: AccountRecord) -> None:
        """Make ``account`` (just checked by ``Accounts.sign_in`` or created) the signed-in one."""
        self.failures = 0
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
        ms = self.idle.interval()
        return f"{ms // 60_000} 分钟" if ms >= 60_000 else f"{-(-ms // 1000)} 秒"

    # --- failed tries -----------------------------------------------------------------------

    def note_failure(self) -> None:
        self.failures += 1
        if self.failures >= MAX_FAILURES:
            self._locked_until = time.monotonic() + self.lockout_ms / 1000

    def locked_ms(self) -> int:
        """How long the next try must still wait; 0 when it may go ahead."""
        return max(0, round((self._locked_until - time.monotonic()) * 1000))

    def lockout_message(self) -> str:
        seconds = -(-self.locked_ms() // 1000)  # rounded up: never "0 秒后"
        return f"已连续 {self.failures} 次登录失败，请 {seconds} 秒后再试"

    def refuse_while_locked(self) -> None:
        if self.locked_ms():
            raise SignInError(self.lockout_message())

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
