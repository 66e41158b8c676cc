"""The exchange's trust in the GUI: 撤回并重新报送 in the application window, the office card
(export at the office, import and pinned list at the enterprise), and a changed key accepted
for one sender only in the import dialog."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from db.repository import Store
from db.trust import PinSource, pinned_offices
from forms.core.workflow import Status
from tests.app.gui_driver import type_text
from tests.app.test_enterprise_exchange import SaveDialog, export_by_keyboard, open_window
from tests.conftest import example_document
from tests.db.copies import Copy, open_copy, submit

LIUZHOU = "柳州高新技术产业开发区"


def answering_withdrawal(qtbot, reason: str):
    def exec_(self) -> int:
        type_text(self.entry, reason)
        qtbot.mouseClick(self.confirm, Qt.MouseButton.LeftButton)
        return self.result()

    return exec_


def test_withdraw_and_resend_to_the_corrected_office(
    qtbot, store: Store, journal, dialogs, monkeypatch, tmp_path
):
    from app.gui.withdrawal import WithdrawDialog

    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    app_id = submit(Copy(store))
    window = open_window(qtbot, store, journal, app_id)
    assert not window.withdraw_action.isEnabled()  # 待提交: nothing to withdraw
    SaveDialog(monkeypatch, tmp_path / "南宁.gxpkg")
    export_by_keyboard(qtbot, window)
    assert window.withdraw_action.isEnabled()

    profile = example_document("incubator").applicant
    store.save_applicant(profile.model_copy(update={"hitech_zone": LIUZHOU}))  # corrected
    monkeypatch.setattr(WithdrawDialog, "exec", answering_withdrawal(qtbot, "高新区选错"))
    SaveDialog(monkeypatch, tmp_path / "柳州.gxpkg")
    window.withdraw_action.trigger()
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)

    assert store.load(app_id).status is Status.SUBMITTED
    heading, text = dialogs[-1]
    assert heading == "已导出申报包" and "第1版" in text and f"交给{LIUZHOU}的园区管理部门" in text
    received = liuzhou.exchange.import_package((tmp_path / "柳州.gxpkg").read_bytes(), "柳州.gxpkg")
    assert received.revision == 1 and not received.duplicate


def test_the_withdraw_dialog_needs_a_reason(qtbot):
    from app.gui.withdrawal import WithdrawDialog

    dialog = WithdrawDialog("GX2026", "南宁<b>高新区</b>", LIUZHOU)
    qtbot.addWidget(dialog)
    assert not dialog.confirm.isEnabled()
    qtbot.keyClick(dialog.entry, Qt.Key.Key_Return)
    assert dialog.result() != QDialog.DialogCode.Accepted
    type_text(dialog.entry, "选错了")
    assert dialog.confirm.isEnabled()
