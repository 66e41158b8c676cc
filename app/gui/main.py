"""Start the desktop app: one copy per store, window first, then the store, set-up, recovery.

The main window is shown before SQLAlchemy, pydantic and the forms are imported, with the first
page of 我的申报 read straight from the store's file (db/first_page.py) when it can be; the store
is opened (imports, migrations) on a worker thread once the window has painted, and the pages
take it over when it is ready.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

# What the start needs that does not use Qt comes before Qt: once PySide6 is imported, it reads
# the source of every module an import statement names (looking for `from __feature__ import`),
# and for these and all they import that would be some milliseconds of every cold start.
from app.gui.widgets import plain
from app.gui.widgets.errors import user_errors
from app.instance_lock import LockUnavailable, acquire_instance_lock
from db.first_page import read_first_page, sqlite_file
from db.location import data_dir, database_url
from db.opening import store_place, writable
from db.server_url import is_server, mask_passwords, password_of, server_key, with_password
from forms.core.errors import UserError, explain

# isort: split
from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app.exit_codes import EXIT_ALREADY_RUNNING
from app.gui.main_window import APP_TITLE, MainWindow
from app.gui.widgets.theme import (
    add_rare_font,
    apply_style_sheet,
    apply_theme,
    create_application,
)

if TYPE_CHECKING:
    from app.recovery import RecoveryJournal

# Benchmarks: print "window-shown" (the window is up), "window-ready" (the list has painted its
# rows: from the file, or from the store when the file could not be read) and "store-open" (the
# store is attached), then exit.
PROBE = "GXAPPLY_STARTUP_PROBE"
PROBE_MARKS = ("window-shown", "window-ready", "store-open")
OPEN_STORE_AFTER_MS = 500  # open the store then even if the window has not painted (minimised)


def error_log() -> Path:
    return data_dir() / "logs" / "errors.log"


def log_errors_to_file() -> None:
    """Errors logged anywhere (``forms.core.errors.explain`` among them) go to logs/errors.log."""
    import logging

    log = error_log()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return  # nowhere to write: the messages still say what went wrong
    handler = logging.FileHandler(log, encoding="utf-8", delay=True)  # made on first error
    handler.setLevel(logging.ERROR)

    class Masking(logging.Formatter):
        """A log record, its traceback included, with every URL's password masked."""

        def format(self, record: logging.LogRecord) -> str:
            return mask_passwords(super().format(record))

    handler.setFormatter(Masking("%(asctime)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def install_crash_handler(window_parent: Any = None) -> None:
    """Errors no slot caught: log them and tell the user plainly, instead of vanishing."""
    log_errors_to_file()

    told: dict[str, float] = {}  # a refusal's message -> when it was last shown

    def handle(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        import logging
        import time

        if isinstance(error, UserError):
            # A refusal no slot caught: a list reading the store when the database server has
            # gone (a Qt model's data() cannot show it itself). Said as it is, once a while:
            # every repaint meanwhile would raise it again.
            logging.getLogger("gxapply").warning("uncaught refusal: %s", error.message)
            now = time.monotonic()
            if QApplication.instance() is not None and now - told.get(error.message, -1e9) > 30:
                told[error.message] = now
                plain.critical(window_parent, "无法完成操作", error.message)
            return
        logging.getLogger("gxapply").critical("uncaught", exc_info=(kind, error, trace))
        sys.__excepthook__(kind, error, trace)
        if QApplication.instance() is not None:
            plain.critical(
                window_parent,
                "程序出错",
                f"发生了意外错误（{kind.__name__}）。已填写的内容保留在恢复文件中，"
                f"重新启动后可以恢复。\n错误记录：{error_log()}",
            )

    sys.excepthook = handle


class AfterPaint(QObject):
    """Calls ``callback`` once, just after ``widget`` has first been painted.

    A paint of a widget paints its children in the same pass, so for a page this is when its
    rows are on screen. With ``fallback_ms``, calls it then if no paint has come by.
    """

    def __init__(self, widget: QObject, callback: Any, fallback_ms: int | None = None) -> None:
        super().__init__(widget)
        self._widget = widget
        self._callback = callback
        self._done = False
        widget.installEventFilter(self)
        if fallback_ms is not None:
            QTimer.singleShot(fallback_ms, self._call)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self._done:
            QTimer.singleShot(0, self._call)  # after the paint, not before it
        return False

    def _call(self) -> None:
        if not self._done:
            self._done = True
            self._widget.removeEventFilter(self)
            self._callback()


class StartupProbe:
    """Prints PROBE_MARKS as they happen (benchmarks, tests), then quits the app."""

    def __init__(self, app: QApplication) -> None:
        self.app = app
        self.printed: list[str] = []

    def mark(self, name: str) -> None:
        if name in self.printed:
            return
        self.printed.append(name)
        print(name, flush=True)
        if len(self.printed) == len(PROBE_MARKS):
            QTimer.singleShot(0, self.app.quit)


class StoreOpener(QObject):
    """Opens the store on a worker thread and hands the result back to the GUI thread."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.worker: threading.Thread | None = None
        self.store: Any = None
        self.error: BaseException | None = None  # why it failed, for the GUI thread

    def start(self, url: str) -> None:
        # Not a daemon: if the window is closed early, the app waits for the store to finish
        # opening (a first migration must not be cut short) and then closes it.
        self.worker = threading.Thread(target=self._open, args=(url,), name="open-store")
        self.worker.start()

    def wait(self) -> None:
        if self.worker is not None:
            self.worker.join()

    def _open(self, url: str) -> None:
        try:
            from db.repository import Store

            self.store = Store.open(url)
            from app.settings import remember_kind_titles

            remember_kind_titles(self.store)  # loads the forms here too, off the GUI thread
            self.opened.emit(self.store)
        except Exception as exc:  # never leave the window waiting for ever
            self.error = exc
            self.failed.emit(explain(exc))  # a UserError's message; a bug is logged as one


def self_check(app: QApplication) -> int:
    """Every form must build into an editor; the window and store are already up."""
    from app.gui.editor.form_editor import FormEditor
    from forms import all_forms
    from forms.applicant import APPLICANT

    try:
        editors = [FormEditor(d) for d in (APPLICANT, *all_forms().values())]
        for editor in editors:  # every field of every form gets an editor that takes a value
            editor.set_data(editor.data())
        app.processEvents()
    except Exception as exc:
        print(f"自检失败：{exc.__class__.__name__}：{exc}", file=sys.stderr, flush=True)
        return 1
    for editor in editors:
        editor.deleteLater()
    print(f"自检通过：数据库、{len(editors)} 张表单的编辑器和主窗口均正常", flush=True)
    return 0


class _NoLock:
    """Stands for the instance lock of a store in a read-only folder: nothing can write there,
    so two copies reading it at once do no harm."""

    def unlock(self) -> None:
        pass


def _tell(args: argparse.Namespace, title: str, message: str, parent: Any = None) -> None:
    """A start-up failure: a dialog for a user, one line on stderr for --self-check (which must
    never wait on a dialog nobody will close)."""
    if args.self_check:
        print(f"自检失败：{title}：{message}", file=sys.stderr, flush=True)
        return
    plain.critical(parent, title, message)


def run(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else create_application(sys.argv)
    app.setApplicationName("gxapply")
    app.setApplicationDisplayName(APP_TITLE)
    apply_theme(app, set_style=app is existing, style_sheet=False, rare_font=False)
    from app.server_login import move_password_out_of_settings

    with user_errors() as refused:
        moved = move_password_out_of_settings()  # never kept in settings.toml: see README
        url = database_url(args.db)
    if refused:  # told on stderr under --self-check, which must never wait on a dialog
        _tell(args, "无法读取设置", refused.message)
        return 2
    lock: Any
    try:
        lock = acquire_instance_lock(url)
    except LockUnavailable as unavailable:
        path = sqlite_file(url)
        if path is not None and path.is_file() and not writable(path):
            lock = _NoLock()  # a read-only store: it opens read-only and says so
        else:
            _tell(
                args,
                "无法打开数据库",
                f"无法在文件夹 {unavailable.folder} 中建立锁文件：没有写入权限或该文件夹为只读。\n"
                "请检查文件夹权限，或在设置中选择一个可写的数据位置。",
            )
            return 2
    files: list[str] = [] if args.self_check else list(getattr(args, "files", None) or [])
    locked_url = url  # as the lock and the hand-over know the store: without a password
    if lock is None and files:  # a double click on a file while the program runs
        return hand_files_over(locked_url, files)
    if lock is None:
        if args.self_check:
            _tell(args, "程序已在运行", "另一个窗口正在使用同一个数据库")
            return EXIT_ALREADY_RUNNING
        plain.warning(
            None,
            "程序已在运行",
            "本程序的另一个窗口正在使用同一个数据库。\n"
            "为避免数据损坏，本窗口将关闭，请切换到已打开的窗口继续工作。",
        )
        return EXIT_ALREADY_RUNNING

    remember: str | None = None  # a password typed now, kept once it has let us in
    login_url: str | None = None  # a server store whose password this start looks for
    if is_server(url) and password_of(url) is None:  # asked for once this copy holds the lock
        login_url = url
        password, remember = _server_password(args, url, moved)
        if password is None:
            lock.unlock()
            return 2
        url = with_password(url, password)

    first_page = None if args.self_check else read_first_page(url)
    window = MainWindow(first_page=first_page)
    install_crash_handler(window)
    window.show()
    if files:
        window.open_files(files)  # once the store is open
    probe = StartupProbe(app) if os.environ.get(PROBE) else None
    if probe is not None:
        QTimer.singleShot(0, lambda: probe.mark("window-shown"))
    outcome: dict[str, Any] = {"code": 0, "store": None}

    def ready(store: Any) -> None:
        outcome["store"] = store
        if remember is not None:
            from app.server_login import save_password

            save_password(url, remember)
        try:
            show_pages(store)
        except Exception as exc:  # a slot must not fail silently and leave "正在打开…" for ever
            failed(explain(exc))

    def show_pages(store: Any) -> None:
        if args.self_check:
            window.attach(store, _journal(url))
            _warn_of_network_file(args, url, window)
            outcome["code"] = self_check(app)
            app.quit()
            return
        from PySide6.QtWidgets import QDialog

        from app.gui.applications.setup_wizard import SetupWizard
        from app.settings import is_set_up

        if not is_set_up(store):
            wizard = SetupWizard(store, window)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                app.quit()
                return
            if wizard.server_url() is not None:  # start again on the office's server store
                window.restart_requested = True
                app.quit()
                return
        window.attach(store, _journal(url))
        QTimer.singleShot(0, lambda: _warn_of_network_file(args, url, window))
        if probe is not None:
            probe.mark("store-open")
            AfterPaint(window.applications_page, lambda: probe.mark("window-ready"), 2000)
            return
        QTimer.singleShot(0, window.finish_start)

    def failed(message: str) -> None:
        nonlocal url, remember
        from db.errors import ServerLoginRefused

        if isinstance(opener.error, ServerLoginRefused) and login_url is not None:
            from app.server_login import credential_store_available, forget_password

            forget_password(login_url)  # refused: never tried again by itself
            if not args.self_check:
                from app.gui.server_password import ask_password

                again = ask_password(
                    login_url,
                    can_remember=credential_store_available(),
                    refused=True,
                    parent=window,
                )
                if again is None:  # 退出
                    outcome["code"] = 2
                    app.quit()
                    return
                url, remember = with_password(login_url, again), again
                opener.start(url)
                return
        _tell(args, "无法打开数据库", f"{message}\n\n{store_place(url)}", window)
        outcome["code"] = 2
        app.quit()

    opener = StoreOpener()

    def painted() -> None:
        if probe is not None and first_page is not None:
            probe.mark("window-ready")
        # Only now what the first frame can do without: the style sheet for the pages and
        # editors to come, Qt's namespace (which naming Qt.ConnectionType builds, ~40 ms) and
        # the store, whose imports on the worker hold the interpreter the paint would wait for.
        apply_style_sheet(app)
        add_rare_font(app)
        if probe is None:  # files a second start hands over (a double click on a file)
            listen_for_files(locked_url, window, replace_stale=not isinstance(lock, _NoLock))
        opener.opened.connect(ready, QtCore.Qt.ConnectionType.QueuedConnection)
        opener.failed.connect(failed, QtCore.Qt.ConnectionType.QueuedConnection)
        opener.start(url)

    AfterPaint(window, painted, OPEN_STORE_AFTER_MS)
    try:
        code = app.exec()
        return int(outcome["code"]) or code
    finally:
        opener.wait()
        if opener.store is not None:
            opener.store.close()
        lock.unlock()
        if window.restart_requested:
            restart()


def hand_files_over(url: str, files: list[str]) -> int:
    """A second start with files: give them to the copy running on this store, then exit."""
    from app.gui.file_handover import hand_over, server_name
    from forms.core.display import one_line

    if hand_over(server_name(url), files):
        return 0
    names = "\n".join(one_line(Path(f).name) for f in files[:10])
    plain.warning(
        None,
        "无法打开文件",
        f"本程序已有一个窗口在使用同一个数据库，但没有接收以下文件：\n{names}\n\n"
        "那个窗口可能正忙或没有响应（也可能是另一个用户账户打开的）。"
        "请切换到已打开的窗口，在“文件”菜单中选择相应的导入；文件没有任何改动。",
    )
    return EXIT_ALREADY_RUNNING


def listen_for_files(url: str, window: MainWindow, *, replace_stale: bool) -> None:
    """Let a second start hand its files to this window (see app/gui/file_handover.py)."""
    from app.gui.file_handover import FileHandoverServer, server_name

    server = FileHandoverServer(server_name(url), window)
    server.received.connect(window.receive_files)
    server.listen(replace_stale=replace_stale)


def _server_password(
    args: argparse.Namespace, url: str, moved: str | None
) -> tuple[str | None, str | None]:
    """The password of the server store at ``url`` (no password in it): the one just moved out
    of settings.toml (``moved``: the URL it was in, if that is this store's), the credential
    store's, or one asked for (then also returned as the one to keep once it has let us in).
    (None, None) when there is none and none may be asked for (--self-check asks nothing)."""
    from app.server_login import credential_store_available, saved_password

    password = password_of(moved) if moved and server_key(moved) == server_key(url) else None
    password = password or saved_password(url)
    if password is not None:
        return password, None
    if args.self_check:
        why = (
            "而本机的系统凭据管理器中没有保存。请先正常启动程序并输入密码（连接成功后会保存），"
            "再运行自检"
            if credential_store_available()
            else "而本机没有可用的系统凭据管理器，无法保存密码，自检时无法连接。"
            "请正常启动程序，输入密码后检查"
        )
        _tell(args, "需要数据库密码", f"连接数据库服务器需要密码，{why}")
        return None, None
    from app.gui.server_password import ask_password

    password = ask_password(url, can_remember=credential_store_available())
    return password, password


def _warn_of_network_file(args: argparse.Namespace, url: str, window: Any) -> None:
    """A SQLite file on a network share: said once per start (the store still opens)."""
    from db.network_path import NETWORK_STORE_WARNING, on_network

    path = sqlite_file(url)
    if path is None or not on_network(path):
        return
    message = NETWORK_STORE_WARNING.format(folder=path.parent)
    if args.self_check:
        print(f"注意：{message}", file=sys.stderr, flush=True)
        return
    plain.warning(window, "数据文件位于网络盘", message)


def restart() -> None:
    """Start this program again, as it was started (after a restore)."""
    from PySide6.QtCore import QProcess

    frozen = getattr(sys, "frozen", False)
    arguments = sys.argv[1:] if frozen else ["-m", "app", *sys.argv[1:]]
    QProcess.startDetached(sys.executable, arguments)


def _journal(url: str) -> RecoveryJournal:
    from app.recovery import RecoveryJournal, store_key

    return RecoveryJournal(data_dir() / "recovery" / store_key(url))
