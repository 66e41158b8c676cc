"""The Qt layer so far: the shipped font loads and the main window shows the forms."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtGui import QFontDatabase

from app.gui.main import MainWindow
from app.gui.theme import apply_theme
from db.repository import Store
from forms import all_forms


def test_shipped_font_has_chinese_glyphs(qapp):
    family = apply_theme(qapp)
    assert "WenQuanYi" in family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def test_main_window_lists_every_form(qtbot, tmp_path):
    window = MainWindow(Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}"))
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "广西高新区创新政策申报助手"
    text = window.centralWidget().text()
    assert all(d.title in text for d in all_forms().values())


def test_self_check_exits_0(tmp_path):
    env = {"GXAPPLY_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "自检通过" in result.stdout
