"""Start the desktop app: one copy per store, first-start set-up, crash recovery, main window."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from app.gui.form_editor import FormEditor
from app.gui.main_window import APP_TITLE, MainWindow
from app.gui.setup_wizard import SetupWizard
from app.gui.theme import apply_theme
from app.recovery import RecoveryJournal, store_key
from app.settings import is_set_up
from db.engine import StoreError, data_dir, database_url
from db.repository import Store
from forms import all_forms
from forms.applicant import APPLICANT

EXIT_ALREADY_RUNNING = 3


def lock_path(url: str) -> Path:
    """Beside a SQLite file (so copies on other accounts see it too), else in the data folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and ":memory:" not in url and "?" not in url:
        database = Path(url[len(prefix) :])
        return database.with_name(database.name + ".lock")
    return data_dir() / "locks" / f"{store_key(url)}.lock"


def acquire_instance_lock(url: str) -> QLockFile | None:
    """The lock held while this copy uses the store; None if another live copy holds it."""
    path = lock_path(url)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(path))
    lock.setStaleLockTime(0)  # a lock is stale only when its process is gone, never by age
    if lock.tryLock(200):
        return lock
    return None


def self_check(app: QApplication, store: Store, journal: RecoveryJournal) -> int:
    window = MainWindow(store, journal)
    window.show()
    editors = [FormEditor(d) for d in (APPLICANT, *all_forms().values())]
    QTimer.singleShot(0, app.quit)
    app.exec()
    for editor in editors:
        editor.deleteLater()
    print(f"自检通过：数据库、{len(editors)} 张表单的编辑器和主窗口均正常")
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
    lock = acquire_instance_lock(url)
    if lock is None:
        QMessageBox.warning(
            None,
            "程序已在运行",
            "另一个 gxapply 窗口正在使用同一个数据库。\n"
            "为避免数据损坏，本窗口将关闭，请切换到已打开的窗口继续工作。",
        )
        return EXIT_ALREADY_RUNNING
    try:
        store = Store.open(url)
    except StoreError as exc:
        QMessageBox.critical(None, "无法打开数据库", f"{exc}\n\n数据库地址：{url}")
        return 2
    journal = RecoveryJournal(data_dir() / "recovery" / store_key(url))
    try:
        if args.self_check:
            return self_check(app, store, journal)
        if not is_set_up(store):
            wizard = SetupWizard(store)
            if wizard.exec() != QDialog.DialogCode.Accepted:
                return 0
        window = MainWindow(store, journal)
        window.show()
        QTimer.singleShot(0, window.offer_recovery)
        return app.exec()
    finally:
        store.close()
        lock.unlock()
