"""Found by a second review: read-only stores in the GUI: say it before the clerk types, not after."""

from __future__ import annotations

import pytest

from db.repository import Store
from tests.helpers.examples import example_document
from tests.helpers.windows import main_window

pytestmark = pytest.mark.sqlite_only(reason="read-only SQLite files")


def test_an_application_opened_from_a_read_only_store_cannot_be_typed_into(
    qtbot, tmp_path, dialogs
):
    """The status bar says 只读, but the window opens editable with 保存 enabled: a clerk types a
    whole page and only then learns (a status-bar line, or a 保存失败 box at close) that none
    of it can be saved."""
    path = tmp_path / "store.sqlite3"
    writable = Store.open(f"sqlite:///{path}")
    window = main_window(qtbot, writable, tmp_path)  # sets the copy up as an enterprise
    app_id = writable.import_document(example_document("incubator"))
    window.close()
    writable.close()
    store = Store._open_read_only(path, None)
    try:
        from app.gui.main_window import MainWindow
        from app.recovery import RecoveryJournal

        ro = MainWindow(store, RecoveryJournal(tmp_path / "r2"))
        qtbot.addWidget(ro)
        opened = ro.open_application(app_id)
        assert opened is not None
        assert not opened.save_action.isEnabled()
        assert not opened.editor.rows["carrier_name"].editor.focus_target().isEnabled() or (
            opened.editor.rows["carrier_name"].editor.focus_target().isReadOnly()
        )
        opened.close()
    finally:
        store.close()


def test_withdrawing_on_a_read_only_store_says_so_instead_of_an_unexpected_error(
    qtbot, tmp_path, dialogs, monkeypatch
):
    """withdraw_and_resend catches TransitionError only; the store's StoreError (read-only
    here; busy or full disk alike) escapes the slot, and the crash handler shows
    「发生了意外错误（StoreError）」."""
    from PySide6.QtWidgets import QDialog

    import app.gui.editor.withdrawal as withdrawal_gui
    from app.gui.main_window import MainWindow
    from app.recovery import RecoveryJournal
    from tests.helpers.copies import open_copy, submit
    from tests.helpers.scenarios import LIUZHOU, zone_of
    from tests.helpers.windows import set_up

    enterprise = open_copy(tmp_path / "enterprise")
    set_up(enterprise.store)
    app_id = submit(enterprise)
    enterprise.exchange.export_package(app_id)
    zone_of(enterprise, LIUZHOU)
    enterprise.store.close()
    store = Store._open_read_only(tmp_path / "enterprise" / "store.sqlite3", None)
    monkeypatch.setattr(
        withdrawal_gui.WithdrawDialog, "exec", lambda self: QDialog.DialogCode.Accepted
    )
    monkeypatch.setattr(
        withdrawal_gui.WithdrawDialog, "reason", property(lambda self: "应报送柳州")
    )
    try:
        window = MainWindow(store, RecoveryJournal(tmp_path / "r2"))
        qtbot.addWidget(window)
        opened = window.open_application(app_id)
        assert not opened.withdraw_action.isEnabled()  # nothing can be withdrawn here
        # And should the store refuse all the same (read-only, busy, a full disk), it is said:
        monkeypatch.setattr(opened, "_withdrawable", lambda: True)
        opened.withdraw_and_resend()  # StoreError used to escape the slot
        assert any("只读" in text for _, text in dialogs)
        opened.close()
    finally:
        store.close()
