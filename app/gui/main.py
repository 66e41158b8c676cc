"""Start the desktop app: one copy per store, window first, then the store, set-up, recovery.

The main window is shown before SQLAlchemy, pydantic and the forms are imported; the store is
opened (imports, migrations) on a worker thread, and the pages appear when it is ready.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QLockFile, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.gui.main_window import APP_TITLE, MainWindow
from app.gui.theme import apply_theme
from db.location import StoreError, data_dir, database_url

if TYPE_CHECKING:
    from app.recovery import RecoveryJournal

EXIT_ALREADY_RUNNING = 3
PROBE = "GXAPPLY_STARTUP_PROBE"  # benchmarks: print when the window shows and when it is ready


def lock_path(url: str) -> Path:
    """Beside a SQLite file (so copies on other accounts see it too), else in the data folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url and "?" not in url:
        database = Path(url[len(prefix) :])
        return database.with_name(database.name + ".lock")
    from app.recovery import store_key

    return data_dir() / "locks" / f"{store_key(url)}.lock"


class LockUnavailable(Exception):
    """The lock file cannot be created at all (no permission, read-only folder)."""


def acquire_instance_lock(url: str) -> QLockFile | None:
    """The lock held while this copy uses the store; None if another live copy holds it."""
    path = lock_path(url)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LockUnavailable(str(path.parent)) from exc
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
    if lock.tryLock(200):
        return lock
    if lock.error() is not QLockFile.LockError.LockFailedError:
        raise LockUnavailable(str(path.parent))
    return None


def install_crash_handler(window_parent: Any = None) -> None:
    """Errors no slot caught: log them and tell the user plainly, instead of vanishing."""

    def handle(kind: type[BaseException], error: BaseException, trace: Any) -> None:
        import traceback

        log = data_dir() / "logs" / "errors.log"
        try:
            log.parent.mkdir(parents=True, exist_ok=True)
            with log.open("a", encoding="utf-8") as handle_file:
                handle_file.write("".join(traceback.format_exception(kind, error, trace)) + "\n")
        except OSError:
            pass
        sys.__excepthook__(kind, error, trace)
        if QApplication.instance() is not None:
            QMessageBox.critical(
                window_parent,
                "程序出错",
                f"发生了意外错误（{kind.__name__}）。已填写的内容保留在恢复文件中，"
                f"重新启动后可以恢复。\n错误记录：{log}",
            )

    sys.excepthook = handle


class StoreOpener(QObject):
    """Opens the store on a worker thread and hands the result back to the GUI thread."""

    opened = Signal(object)
    failed = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.worker: threading.Thread | None = None
        self.store: Any = None

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
            from forms import all_forms

            all_forms()  # load the form modules here too, off the GUI thread
            self.opened.emit(self.store)
        except StoreError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # never leave the window waiting for ever
            self.failed.emit(f"程序内部错误（{exc.__class__.__name__}）：{exc}")


def self_check(app: QApplication) -> int:
    """Every form must build into an editor; the window and store are already up."""
    from app.gui.form_editor import FormEditor
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


def run(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("gxapply")
    app.setApplicationDisplayName(APP_TITLE)
    apply_theme(app)
    try:
        url = database_url(args.db)
    except StoreError as exc:
        QMessageBox.critical(None, "无法读取设置", str(exc))
        return 2
    try:
        lock = acquire_instance_lock(url)
    except LockUnavailable as folder:
        QMessageBox.critical(
            None,
            "无法打开数据库",
            f"无法在文件夹 {folder} 中建立锁文件：没有写入权限或该文件夹为只读。\n"
            "请检查文件夹权限，或用 GXAPPLY_DATABASE_URL 指定一个可写的位置。",
        )
        return 2
    if lock is None:
        QMessageBox.warning(
            None,
            "程序已在运行",
            "另一个 gxapply 窗口正在使用同一个数据库。\n"
            "为避免数据损坏，本窗口将关闭，请切换到已打开的窗口继续工作。",
        )
        return EXIT_ALREADY_RUNNING

    window = MainWindow()
    install_crash_handler(window)
    window.show()
    probe = bool(os.environ.get(PROBE))
    if probe:
        QTimer.singleShot(0, lambda: print("window-shown", flush=True))
    outcome: dict[str, Any] = {"code": 0, "store": None}

    def ready(store: Any) -> None:
        outcome["store"] = store
        try:
            show_pages(store)
        except Exception as exc:  # a slot must not fail silently and leave "正在打开…" for ever
            failed(f"{exc.__class__.__name__}：{exc}")

    def show_pages(store: Any) -> None:
        if args.self_check:
            window.attach(store, _journal(url))
            outcome["code"] = self_check(app)
            app.quit()
            return
        from app.gui.setup_wizard import SetupWizard
        from app.settings import is_set_up

        if not is_set_up(store):
            wizard = SetupWizard(store, window)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                app.quit()
                return
        window.attach(store, _journal(url))
        if probe:
            print("window-ready", flush=True)
            QTimer.singleShot(0, app.quit)
            return
        QTimer.singleShot(0, window.offer_recovery)

    def failed(message: str) -> None:
        QMessageBox.critical(window, "无法打开数据库", f"{message}\n\n数据库地址：{url}")
        outcome["code"] = 2
        app.quit()

    opener = StoreOpener()
    opener.opened.connect(ready, Qt.ConnectionType.QueuedConnection)
    opener.failed.connect(failed, Qt.ConnectionType.QueuedConnection)
    opener.start(url)
    try:
        code = app.exec()
        return int(outcome["code"]) or code
    finally:
        opener.wait()
        if opener.store is not None:
            opener.store.close()
        lock.unlock()


def _journal(url: str) -> RecoveryJournal:
    from app.recovery import RecoveryJournal, store_key

    return RecoveryJournal(data_dir() / "recovery" / store_key(url))
