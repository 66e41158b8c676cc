"""The 核实说明 of the 人工核实 checklist in the review window: typed per rule, recorded with the
tick or by 记录说明, never lost while typing, and never recorded over another officer's change
unseen (app/gui/review/review_panels.py ChecklistPanel, db/manual_checks.py).

Here the other officer writes through a second Store on the same store (another window, or on
SQLite another desktop's program on the same file). SQLite tells no other program of a write, so
the open window learns of it only when its own save is refused; a PostgreSQL server tells it at
once (tests/end2end/test_live_office_gui.py, with another desktop's process).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.gui.review.review_window import ReviewWindow
from db.repository import Store
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy
from tests.helpers.scenarios import send

PASSWORD = "审核密码2026"


@pytest.fixture
def window(qtbot, office, enterprise, session) -> ReviewWindow:
    application_id = send(enterprise, office)
    session.sign_in("wangfang", PASSWORD)
    opened = ReviewWindow(office.store, application_id, session)
    qtbot.addWidget(opened)
    opened.show()
    opened.tabs.setCurrentIndex(3)  # 政策条款与人工核实
    return opened


@pytest.fixture
def colleague(office) -> Iterator[Copy]:
    """李四, through a store of his own on the same database (another desktop's program)."""
    url = office.store.engine.url.render_as_string(hide_password=False)
    other = Copy(Store.open(url))
    other.accounts.create(
        "lisi", "李四", "李四的密码2026", by=other.accounts.sign_in("wangfang", PASSWORD)
    )
    yield other
    other.store.close()


def choose(window: ReviewWindow, rule: str) -> None:
    window.checklist.tree.setCurrentItem(window.checklist.items[rule])


def type_note(window: ReviewWindow, text: str) -> None:
    """Chinese arrives through the input method as committed text (QTest cannot type it)."""
    edit = window.checklist.note_edit
    edit.setFocus()
    edit.selectAll()
    edit.insert(text)


def lisi_ticks(colleague: Copy, window: ReviewWindow, rule: str, note: str = "") -> None:
    """李四, on his desktop, ticks ``rule`` of the application open in ``window``."""
    lisi = colleague.accounts.sign_in("lisi", "李四的密码2026")
    colleague.review.set_manual_check(window.application_id, rule, True, officer=lisi, note=note)


def note_saved_over_his_tick(qtbot, window: ReviewWindow, colleague: Copy) -> str:
    """王芳 types a note on the first rule, 李四 ticks it meanwhile, she clicks 记录说明: the rule."""
    checklist = window.checklist
    rule = next(iter(checklist.items))
    choose(window, rule)
    type_note(window, "营业执照原件已核对")
    lisi_ticks(colleague, window, rule, "已电话核实")
    qtbot.mouseClick(checklist.save_note_button, Qt.MouseButton.LeftButton)
    return rule


def test_a_note_typed_is_kept_per_rule_and_recorded_with_the_tick(qtbot, window, office):
    checklist = window.checklist
    first, second = list(checklist.items)[:2]
    choose(window, first)
    type_note(window, "营业执照原件已核对")
    choose(window, second)  # another rule: its own (empty) note; the first one's is kept
    assert checklist.note_edit.text() == ""
    choose(window, first)
    assert checklist.note_edit.text() == "营业执照原件已核对"
    assert office.review.manual_checks(window.application_id) == {}  # nothing recorded yet
    checklist.items[first].setCheckState(0, Qt.CheckState.Checked)  # the officer ticks it
    recorded = office.review.manual_checks(window.application_id)[first]
    assert (recorded.done, recorded.note, recorded.officer) == (True, "营业执照原件已核对", "王芳")
    assert "营业执照原件已核对" in checklist.items[first].text(2)
    assert not checklist.save_note_button.isEnabled()  # recorded: no draft left
    # unticking keeps the note on record (it is not wiped by a click)
    checklist.items[first].setCheckState(0, Qt.CheckState.Unchecked)
    recorded = office.review.manual_checks(window.application_id)[first]
    assert (recorded.done, recorded.note) == (False, "营业执照原件已核对")


def test_a_note_is_not_recorded_over_another_officers_change_and_is_kept(
    qtbot, window, office, colleague, dialogs
):
    checklist = window.checklist
    rule = note_saved_over_his_tick(qtbot, window, colleague)
    (title, text) = dialogs[-1]
    assert title == "人工核实" and text.startswith("未保存：")
    assert "已由李四于" in text and "核实说明“已电话核实”" in text
    recorded = office.review.manual_checks(window.application_id)[rule]
    assert (recorded.officer, recorded.note) == ("李四", "已电话核实")  # his stands
    assert checklist.note_edit.text() == "营业执照原件已核对"  # her text stays
    assert "李四" in checklist.items[rule].text(2) and checklist.items[rule].text(0) == "已核实"
    assert checklist.conflict.isVisible() and checklist.conflict.text().startswith("李四于 ")
    # seen now: recorded over his, as she chose
    qtbot.mouseClick(checklist.save_note_button, Qt.MouseButton.LeftButton)
    recorded = office.review.manual_checks(window.application_id)[rule]
    assert (recorded.officer, recorded.done, recorded.note) == ("王芳", True, "营业执照原件已核对")
    assert not checklist.conflict.isVisible()


def test_a_tick_on_a_record_changed_meanwhile_is_refused_and_shows_it(
    qtbot, window, office, colleague, dialogs
):
    checklist = window.checklist
    rule = next(iter(checklist.items))
    lisi_ticks(colleague, window, rule)
    assert checklist.items[rule].text(0) == "未核实"  # not told: SQLite tells no one (see above)
    checklist.items[rule].setCheckState(0, Qt.CheckState.Checked)
    assert "已由李四于" in dialogs[-1][1]
    assert checklist.items[rule].text(0) == "已核实" and "李四" in checklist.items[rule].text(2)
    trail = office.store.audit_trail(window.application_id)
    assert [e.actor for e in trail if e.action == "人工核实"] == ["李四（lisi）"]


def test_a_decision_made_meanwhile_keeps_the_note_typed_read_only(qtbot, window, office, colleague):
    checklist = window.checklist
    rule = next(iter(checklist.items))
    choose(window, rule)
    type_note(window, "营业执照原件已核对")
    lisi = colleague.accounts.sign_in("lisi", "李四的密码2026")
    colleague.review.record_decision(
        window.application_id,
        Outcome.RETURN,
        officer=lisi,
        reasons=[Reason(rule_id=rule, message="请补充原件扫描件")],
    )
    window.reload()  # as after the change is heard (a server) or the window is opened again
    assert checklist.note_edit.text() == "营业执照原件已核对" and checklist.note_edit.isReadOnly()
    assert "未保存的核实说明仍显示在框中" in checklist.note.text()
    assert not checklist.save_note_button.isEnabled()


def test_the_warning_over_a_draft_takes_its_own_room_on_a_small_screen(
    qtbot, window, office, colleague, dialogs, shipped_font
):
    """1366×768 at 150 % leaves the window about 895×472 (in the app's own font and style
    sheet; a little narrower here, so the hint under the note wraps too): the wrapped warning and
    hint get the lines they need, the page scrolling if it must, instead of being drawn over the
    checklist's rows or each other."""
    from PySide6.QtWidgets import QApplication

    window.resize(800, 472)
    checklist = window.checklist
    note_saved_over_his_tick(qtbot, window, colleague)
    assert checklist.conflict.isVisible()

    def apart() -> bool:  # once the layouts the warning asked for are done
        QApplication.processEvents()
        parts = [checklist.tree, checklist.conflict, checklist.note_edit, checklist.note]
        tops = [part.geometry().top() for part in parts]
        bottoms = [part.geometry().bottom() for part in parts]
        in_order = all(b < t for b, t in zip(bottoms[:-1], tops[1:], strict=True))
        return in_order and bottoms[-1] < checklist.height()

    qtbot.waitUntil(apart, timeout=2000)
    warning = checklist.conflict.geometry()
    assert warning.height() >= checklist.conflict.heightForWidth(warning.width())
