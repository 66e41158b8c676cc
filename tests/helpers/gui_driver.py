"""Drive the generated editor as a user would: typing (Chinese through the input method),
clicking boxes, choosing from lists with the keyboard, adding rows with the button."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget

from app.gui.editor.field_editors import (
    ChoiceEditor,
    DateEditor,
    FieldEditor,
    FlagEditor,
    LongTextEditor,
    MultiChoiceEditor,
    NumberEditor,
    TextEditor,
    TextListEditor,
)
from app.gui.editor.form_editor import FormEditor
from app.gui.editor.rows_editor import RowsEditor
from app.gui.editor.zone_editor import ZoneEditor
from forms.core.zones import load_register


def type_text(widget: QWidget, text: str) -> None:
    """ASCII as key presses; Chinese as an input method would commit it."""
    pending = ""

    def commit() -> None:
        nonlocal pending
        if pending:
            event = QInputMethodEvent()
            event.setCommitString(pending)
            QApplication.sendEvent(widget, event)
            pending = ""

    for ch in text:
        if ch.isascii() and ch.isprintable():
            commit()
            QTest.keyClicks(widget, ch)
        elif ch == "\n":
            commit()
            QTest.keyClick(widget, Qt.Key.Key_Return)
        else:
            pending += ch
    commit()


def clear(widget: QWidget) -> None:
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(widget, Qt.Key.Key_Delete)


def toggle(box: QWidget) -> None:
    """Tick or untick a check box with the space bar."""
    box.setFocus()
    QTest.keyClick(box, Qt.Key.Key_Space)


def choose(combo: QComboBox, value: Any) -> None:
    """Pick ``value`` with the arrow keys, as a keyboard user does."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == value:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    raise AssertionError(
        f"{value!r} is not offered in {[combo.itemData(i) for i in range(combo.count())]}"
    )


def suggestions(editor: ZoneEditor) -> list[str]:
    """What the 高新区 picker's list offers for the text typed so far."""
    model = editor._combo.completer().completionModel()
    return [model.index(i, 0).data() for i in range(model.rowCount())]


def pick_zone(editor: ZoneEditor, typed: str, label: str) -> None:
    """Type part of a zone's name into the picker and take ``label`` from its list."""
    edit = editor._combo.lineEdit()
    clear(edit)
    type_text(edit, typed)
    popup = editor._combo.completer().popup()
    offered = suggestions(editor)
    assert popup.isVisible() and label in offered, offered
    for _ in range(offered.index(label) + 1):
        QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)


def enter(editor: FieldEditor, value: Any) -> None:
    """Put ``value`` (as in the JSON form) into one field, through its widgets."""
    if isinstance(editor, RowsEditor):
        for row_index, row in enumerate(value or []):
            QTest.mouseClick(editor._add, Qt.MouseButton.LeftButton)
            for spec in editor.spec.row_fields:
                cell = editor.row_editor(row_index, spec.name)
                assert cell is not None
                if row.get(spec.name) not in (None, "", [], False):
                    enter(cell, row[spec.name])
        return
    if isinstance(editor, MultiChoiceEditor):
        for box in editor._boxes:  # each box shows a label and stands for a code
            if editor._codes[box] in (value or []):
                toggle(box)
        return
    if isinstance(editor, FlagEditor):
        if bool(value) != editor.value():
            toggle(editor._check)
        return
    if isinstance(editor, ChoiceEditor):
        choose(editor._combo, value)
        return
    if isinstance(editor, ZoneEditor):  # by a short name, as a clerk would type it
        register = load_register()
        zone = register.get(value)
        typed = zone.short_names[0] if zone and zone.short_names else register.label(value)
        pick_zone(editor, typed, register.label(value))
        return
    target = editor.focus_target()
    clear(target)
    if isinstance(editor, TextListEditor):
        type_text(target, "、".join(value))
    elif isinstance(editor, TextEditor | NumberEditor | DateEditor | LongTextEditor):
        type_text(target, str(value))
    else:
        raise AssertionError(f"no way to type into {type(editor).__name__}")
    QTest.keyClick(target, Qt.Key.Key_Tab)  # leave the field, as the user moves on


def fill(form: FormEditor, data: dict[str, Any]) -> None:
    """Fill every shown field in the order the form shows them."""
    for name, row in form.rows.items():
        value = data.get(name)
        if value in (None, "", [], False) or row.label.isHidden():
            continue
        enter(row.editor, value)
