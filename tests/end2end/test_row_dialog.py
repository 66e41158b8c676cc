"""编辑行…: a table row in a roomy form of its own, with the row's own fields, editors and checks;
确定 writes it back into the table, 取消 leaves the row as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit

from app.gui.editor.row_dialog import RowDialog
from app.gui.editor.rows_editor import RowsEditor
from forms.core.workflow import Status
from tests.helpers.examples import example_document, example_json
from tests.helpers.gui_driver import clear, type_text
from tests.helpers.materials import plus_required_materials
from tests.helpers.windows import open_window

WRONG = "91450221MA5P0T3L9A"  # a partner's code, its check character mistyped


def participants(window) -> RowsEditor:
    rows = window.editor.rows["participants"].editor
    assert isinstance(rows, RowsEditor)
    return rows


def button(dialog: RowDialog, text: str):
    return next(b for b in dialog.buttons.buttons() if b.text() == text)


def edit_second_row(qtbot, rows: RowsEditor) -> RowDialog:
    edit = rows._rows[1].edit
    assert edit.text() == "编辑行…"
    QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
    dialog = rows.row_dialog
    assert isinstance(dialog, RowDialog)
    qtbot.waitExposed(dialog)
    return dialog


def test_a_row_edited_in_its_own_form_is_written_back(qtbot, store, journal):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    rows = participants(window)
    before = rows.value()[1]
    dialog = edit_second_row(qtbot, rows)
    assert dialog.windowTitle() == "参与单位 · 第 2 行"
    # every field of the row's declaration, with the table's values, in roomy editors
    assert list(dialog.editors) == [spec.name for spec in rows.spec.row_fields]
    assert dialog.values() == before
    name = dialog.editors["name"].focus_target()
    assert isinstance(name, QLineEdit)
    cell = rows.row_editor(1, "name").focus_target()
    assert name.width() > 2 * cell.width()
    assert name.fontMetrics().horizontalAdvance(name.text()) < name.width()  # whole

    # the row's own checks, as you type
    code = dialog.editors["uscc"].focus_target()
    clear(code)
    type_text(code, WRONG)
    assert "校验码" in dialog.errors["uscc"].text() and dialog.errors["uscc"].isVisible()
    clear(name)
    type_text(name, "广西柳工机械股份有限公司南宁分公司")
    QTest.mouseClick(button(dialog, "确定"), Qt.MouseButton.LeftButton)

    after = rows.value()[1]
    assert after["name"] == "广西柳工机械股份有限公司南宁分公司"
    assert after["uscc"] == WRONG  # kept as typed, and marked in the table as a draft is
    qtbot.waitUntil(lambda: window.dirty)
    table = window.editor.rows["participants"]
    qtbot.waitUntil(lambda: "校验码" in table.error.text())


def test_cancel_leaves_the_row_as_it_was(qtbot, store, journal):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    rows = participants(window)
    before = rows.value()
    dialog = edit_second_row(qtbot, rows)
    name = dialog.editors["name"].focus_target()
    clear(name)
    type_text(name, "不要的名称")
    QTest.mouseClick(button(dialog, "取消"), Qt.MouseButton.LeftButton)
    assert rows.value() == before and not window.dirty


def test_a_double_click_on_the_row_number_opens_it(qtbot, store, journal):
    app_id = store.import_document(example_document("new_track"))
    window = open_window(qtbot, store, journal, app_id)
    rows = participants(window)
    number = rows._rows[0].number
    assert number.text() == "1"
    QTest.mouseDClick(number, Qt.MouseButton.LeftButton)
    dialog = rows.row_dialog
    assert isinstance(dialog, RowDialog) and dialog.windowTitle() == "参与单位 · 第 1 行"
    assert dialog.values() == rows.value()[0]


def test_a_handed_in_row_opens_to_read_only(qtbot, store, journal):
    app_id = store.import_document(plus_required_materials(example_document("new_track")))
    store.change_status(app_id, Status.READY)
    store.change_status(app_id, Status.SUBMITTED)
    window = open_window(qtbot, store, journal, app_id)
    rows = participants(window)
    view = rows._rows[0].edit
    assert view.text() == "查看…"
    QTest.mouseClick(view, Qt.MouseButton.LeftButton)
    dialog = rows.row_dialog
    assert isinstance(dialog, RowDialog)
    assert [b.text() for b in dialog.buttons.buttons()] == ["关闭"]
    assert dialog.buttons.buttonRole(dialog.buttons.buttons()[0]) is (
        QDialogButtonBox.ButtonRole.RejectRole
    )
    name = dialog.editors["name"].focus_target()
    assert isinstance(name, QLineEdit) and name.isReadOnly()


def test_rows_shown_after_read_only_is_set_are_read_only_too(qtbot):
    """A read-only table given other rows (the review window showing another revision) shows
    them read-only: no cell to type in, no 删除, 查看… instead of 编辑行…."""
    from PySide6.QtWidgets import QWidget

    from forms import get_form

    host = QWidget()
    qtbot.addWidget(host)
    rows = RowsEditor(get_form("new_track").spec("participants"), host)
    rows.set_read_only(True)
    rows.set_value(example_json("new_track")["data"]["participants"])
    host.show()
    qtbot.waitExposed(host)
    assert rows.value() and len(rows._rows) == len(rows.value())
    name = rows.row_editor(0, "name").focus_target()
    assert isinstance(name, QLineEdit) and name.isReadOnly()
    assert not rows._rows[0].remove.isVisible()
    assert rows._rows[0].edit.text() == "查看…"
