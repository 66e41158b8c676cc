"""文件 › 备份与恢复 in the GUI: back up, check, and restore (the new-PC move), off the GUI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

import app.gui.backup_dialog as backup_dialog
from app.gui.backup_dialog import BackupDialog
from tests.helpers.examples import example_document
from tests.helpers.windows import set_up

pytestmark = pytest.mark.sqlite_only(reason="a backup is SQLite's online copy of the store file")


def test_back_up_check_and_restore_from_the_dialog(qtbot, store, tmp_path, dialogs, monkeypatch):
    set_up(store)  # an enterprise restoring its own backup
    store.import_document(example_document("incubator"))
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    assert any("自动备份位置" in label.text() for label in dialog.findChildren(type(dialog.status)))

    target = tmp_path / "U盘" / "备份.gxbak"
    target.parent.mkdir()
    monkeypatch.setattr(backup_dialog, "ask_save_path", lambda *a, **k: target)
    dialog.backup_button.click()
    qtbot.waitUntil(lambda: "已备份到" in dialog.status.text(), timeout=20000)
    assert target.exists() and dialog.backup_button.isEnabled()

    dialog.check_button.click()
    qtbot.waitUntil(lambda: "数据检查完成" in dialog.status.text(), timeout=20000)
    assert "未发现问题" in dialog.status.text()

    store.import_document(example_document("rd_subsidy"))  # made after the backup
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(target), ""))
    with qtbot.waitSignal(dialog.restored, timeout=30000) as restored:
        dialog.restore_button.click()
    assert restored.args[0].restored.applications == 1
    asked = [text for title, text in dialogs if title == "从备份恢复"]  # asked first
    assert asked and "注意" not in asked[0]  # this side's own backup: no warning about sides
    assert store.count_applications() == 1
    assert Path(restored.args[0].safety.path).exists()


def test_a_bad_backup_is_refused_in_plain_words(qtbot, store, tmp_path, dialogs, monkeypatch):
    bogus = tmp_path / "坏的.gxbak"
    bogus.write_bytes(b"PK broken")
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bogus), ""))
    dialog.restore_button.click()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    assert dialogs[0][0] == "备份与恢复" and "不是可用的备份" in dialogs[0][1]
    assert dialog.restore_button.isEnabled()
