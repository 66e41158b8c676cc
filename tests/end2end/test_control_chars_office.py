"""A control character pasted into the office's own entries (the decision dialog, an officer's
name, a withdrawal reason) is said at once, where it is, as a form's field says it; nothing is
recorded with it (issue 16: a decision holding one would be refused by the enterprise)."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.gui.editor.withdrawal import WithdrawDialog
from app.gui.officers.sign_in_dialogs import FirstAccountDialog
from app.gui.review.decision_dialog import DecisionDialog
from app.gui.review.review_page import ReviewPage
from app.gui.review.review_window import ReviewWindow
from forms.core.workflow import Status
from forms.exchange.review import Outcome
from tests.helpers.scenarios import send

PASSWORD = "审核密码2026"


@pytest.fixture
def page(qtbot, office, session) -> ReviewPage:
    widget = ReviewPage(office.store, session)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    return widget


def shot(widget, name: str) -> None:
    if folder := os.environ.get("GXAPPLY_SHOTS"):
        QApplication.processEvents()  # the layout a message just asked for
        widget.grab().save(os.path.join(folder, name))


def deciding(qtbot, page, office, enterprise, session) -> tuple[ReviewWindow, DecisionDialog]:
    """An application received and opened from the queue, 作出审核决定 clicked: the window and
    its decision dialog."""
    office_id = send(enterprise, office)
    page.refresh()
    session.sign_in("wangfang", PASSWORD)
    page.table.selectRow(0)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    window = page.windows[office_id]
    qtbot.addWidget(window)
    qtbot.mouseClick(window.decide_button, Qt.MouseButton.LeftButton)
    dialog = window.decision_dialog
    assert isinstance(dialog, DecisionDialog)
    return window, dialog


def test_the_decision_dialog_says_where_a_control_character_is_and_records_nothing(
    qtbot, monkeypatch, page, office, enterprise, session, dialogs
):
    window, dialog = deciding(qtbot, page, office, enterprise, session)
    office_id = window.application_id
    dialog.resize(760, 640)
    window.resize(1366, 768)

    qtbot.mouseClick(dialog.outcomes[Outcome.RETURN], Qt.MouseButton.LeftButton)
    dialog.comment.insertPlainText("材料\x00不全")  # as pasted from another program
    qtbot.waitUntil(dialog.banner.isVisible)
    assert "「审核意见」第 3 个字符处有不可见的控制字符（U+0000）" in dialog.banner.text()
    assert "请删去后重新输入" in dialog.banner.text()

    dialog.choose_target("field", "applicant.uscc")
    dialog.message_edit.insert("请核对\x07代码")
    assert "「意见」第 4 个字符处有不可见的控制字符（U+0007）" in dialog.banner.text()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.reasons.rowCount() == 0 and dialog.message_edit.text() == "请核对\x07代码"
    assert "「审核意见」第 3 个字符处" in dialog.banner.text()  # both still said
    shot(dialog, "decision-control-char.png")
    shot(window, "review-window-behind.png")

    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and office.review.decisions(office_id) == []
    assert office.store.load(office_id).status is Status.SUBMITTED
    assert "「意见」第 4 个字符处" in dialog.banner.text()  # kept, said again

    dialog.message_edit.setText("请核对代码")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.reasons.rowCount() == 1
    assert "「审核意见」第 3 个字符处" in dialog.banner.text()  # the comment still holds it
    dialog.reasons.item(0, 1).setText("请核对\x1b代码")  # edited in the table
    assert "「第1条理由（申报主体·统一社会信用代码）的意见」第 4 个字符处" in dialog.banner.text()
    dialog.reasons.item(0, 1).setText("请核对代码")
    dialog.comment.setPlainText("材料不全")
    assert not dialog.banner.isVisible()  # mended: the message goes

    monkeypatch.setattr(window, "export_decision", lambda: None)
    with qtbot.waitSignal(window.decided):
        qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    decision = office.review.latest_decision(office_id)
    assert decision is not None and decision.comment == "材料不全"


def test_an_officers_name_with_a_control_character_is_marked_under_it(qtbot, store):
    from app.gui.officers.officer import OfficerSession
    from db.accounts import Accounts

    dialog = FirstAccountDialog(OfficerSession(store))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("wangfang")
    dialog.name.setText("王\x00芳")
    label = dialog.errors["display_name"]
    assert label.isVisibleTo(dialog)
    assert "第 2 个字符处有不可见的控制字符（U+0000）" in label.text()
    shot(dialog, "account-control-char.png")
    dialog.password.setText(PASSWORD)
    dialog.repeat.setText(PASSWORD)
    qtbot.mouseClick(dialog.ok, Qt.MouseButton.LeftButton)
    # the store refuses it in the same words (the button is not disabled: its rules decide)
    qtbot.waitUntil(lambda: dialog.job is None and label.isVisibleTo(dialog))
    assert "U+0000" in label.text() and not Accounts(store).has_accounts()
    dialog.name.setText("王芳")
    assert not label.isVisibleTo(dialog)


def test_a_withdrawal_reason_with_a_control_character_cannot_be_confirmed(qtbot):
    dialog = WithdrawDialog("GX2026", "nanning", "liuzhou")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.entry.setText("高新区选\x00错")
    assert not dialog.confirm.isEnabled()
    assert dialog.problem.isVisibleTo(dialog)
    assert "「撤回原因」第 5 个字符处有不可见的控制字符（U+0000）" in dialog.problem.text()
    dialog.accept()  # Enter
    assert dialog.isVisible()
    shot(dialog, "withdrawal-control-char.png")
    dialog.entry.setText("高新区选错")
    assert dialog.confirm.isEnabled() and not dialog.problem.isVisibleTo(dialog)


def test_a_withdrawal_reason_pasted_over_two_lines_can_be_confirmed(qtbot):
    """The store joins a reason's line breaks and tabs into spaces (db/withdrawal.py): the
    dialog must not refuse what the store takes, only what it refuses."""
    dialog = WithdrawDialog("GX2026", "nanning", "liuzhou")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.entry.setText("所在高新区选错\r\n应报送柳州高新区\t（见函）")  # pasted from a letter
    assert dialog.confirm.isEnabled() and not dialog.problem.isVisibleTo(dialog)
    dialog.entry.setText("所在高新区选错\x00")
    assert not dialog.confirm.isEnabled() and "U+0000" in dialog.problem.text()


def test_a_reason_pasted_over_two_lines_is_added_as_the_table_keeps_it(
    qtbot, page, office, enterprise, session
):
    """A reason's words may hold line breaks and tabs (forms.exchange.review.message_problem,
    what the table's reasons are checked with): the one being typed is held to the same rule."""
    _, dialog = deciding(qtbot, page, office, enterprise, session)
    qtbot.mouseClick(dialog.outcomes[Outcome.RETURN], Qt.MouseButton.LeftButton)
    dialog.choose_target("field", "applicant.uscc")
    dialog.message_edit.insert("请核对代码：\n与营业执照\t不一致")  # pasted from a note
    assert not dialog.banner.isVisible()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.reasons.rowCount() == 1
    assert dialog.typed_reasons()[0][1] == "请核对代码：\n与营业执照\t不一致"
    dialog.message_edit.insert("请核对\x00代码")  # a control character still is one
    assert "「意见」第 4 个字符处有不可见的控制字符（U+0000）" in dialog.banner.text()
