"""Found by a second review: 从备份恢复 in the GUI: what happens to windows open on the data replaced."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from db.backup import make_backup, restore_backup
from db.repository import Store
from tests.helpers.examples import example_document
from tests.helpers.gui_driver import enter
from tests.helpers.windows import main_window, set_up

pytestmark = pytest.mark.sqlite_only(reason="a backup is SQLite's online copy of the store file")


def _other_pc(tmp_path: Path) -> Path:
    """Another enterprise PC's backup: its application no. 1 is a different one."""
    other = Store.open(f"sqlite:///{tmp_path / 'other' / 'store.sqlite3'}")
    try:
        set_up(other)
        doc = example_document("incubator")
        form = doc.form.model_copy(update={"carrier_name": "乙单位的孵化基地"})
        other.import_document(replace(doc, form=form))
        return make_backup(other, tmp_path / "other.gxbak").path
    finally:
        other.close()


def test_restore_does_not_save_an_open_windows_old_edits_into_the_restored_data(
    qtbot, store, tmp_path, dialogs
):
    backup = _other_pc(tmp_path)
    window = main_window(qtbot, store, tmp_path)
    app_id = store.import_document(example_document("incubator"))
    opened = window.open_application(app_id)
    enter(opened.editor.rows["carrier_name"].editor, "本机未保存的修改")
    assert opened.dirty

    restore_backup(store, backup)  # what the dialog's worker does, then it emits restored
    window._reopen_after_restore()

    restored = store.load(app_id)
    # The restored application must be the backup's, untouched by the old window.
    assert restored.form.carrier_name == "乙单位的孵化基地"


def test_restoring_an_offices_backup_on_an_enterprise_pc_says_so_before_it_happens(
    qtbot, store, tmp_path, dialogs, monkeypatch
):
    """The confirmation must say the backup is of a 园区端 copy: after it, this PC is an office
    with the office's signing key, and the enterprise's own data is gone."""
    from PySide6.QtWidgets import QFileDialog

    from app.gui.backup_dialog import BackupDialog
    from app.settings import Mode

    office = Store.open(f"sqlite:///{tmp_path / 'office' / 'store.sqlite3'}")
    try:
        set_up(office, Mode.PARK_OFFICE)
        backup = make_backup(office, tmp_path / "office.gxbak").path
    finally:
        office.close()
    set_up(store)
    dialog = BackupDialog(store)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    with qtbot.waitSignal(dialog.restored, timeout=30000):
        dialog.restore_button.click()
    asked = next(text for title, text in dialogs if title == "从备份恢复")
    assert "园区端" in asked, asked


def test_unsaved_edits_kept_before_a_restore_are_not_offered_onto_the_restored_data(
    qtbot, store, tmp_path, dialogs, monkeypatch
):
    """The recovery journal is keyed by application id and revision only. After a restore
    from another PC, the restarted program offers this PC's unsaved edits of its application
    no. 1 as a recovery of the backup's application no. 1 (a different application)."""
    backup = _other_pc(tmp_path)
    window = main_window(qtbot, store, tmp_path)
    app_id = store.import_document(example_document("incubator"))
    record = store.load(app_id)
    data = record.form.model_dump(mode="json") | {"carrier_name": "本机未保存的修改"}
    window.journal.write(app_id, record.revision, record.title, data)

    restore_backup(store, backup)
    offered: list = []
    monkeypatch.setattr(window, "ask_recovery", lambda drafts: offered.extend(drafts) or "later")
    window.offer_recovery()  # what the restarted program does first
    assert offered == []
