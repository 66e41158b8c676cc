"""Start the desktop app: open the store, show the main window, run the event loop."""

from __future__ import annotations

import argparse
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from app.gui.theme import apply_theme
from db.engine import StoreError
from db.repository import Store
from forms import all_forms


class MainWindow(QMainWindow):
    """Placeholder until the editor lands: shows which forms and store this copy uses."""

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.setWindowTitle("广西高新区创新政策申报助手")
        kinds = "\n".join(f"· {d.title}" for d in all_forms().values())
        label = QLabel(f"已载入的申报表：\n{kinds}\n\n数据库：{store.engine.url}")
        label.setMargin(24)
        self.setCentralWidget(label)
        self.resize(720, 420)


def run(args: argparse.Namespace) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("gxapply")
    apply_theme(app)
    try:
        store = Store.open(args.db)
    except StoreError as exc:
        QMessageBox.critical(None, "无法打开数据库", str(exc))
        return 2
    window = MainWindow(store)
    window.show()
    if args.self_check:
        for definition in all_forms().values():
            definition.model()
        QTimer.singleShot(0, app.quit)
        app.exec()
        print("自检通过：数据库、表单和主窗口均正常")
        return 0
    return app.exec()
