"""What the mouse wheel and the window's shortcuts do over a form's fields, for every field kind.

- A wheel over a choice, spin box or slider that does not have focus scrolls the form instead
  of changing the field (a 申领类别 flipped while scrolling hid a whole section, then autosaved).
- The window's own commands (Ctrl+E 导出申报包…) work while the cursor is in a text field: on
  some systems a line edit claims Ctrl+E for itself (end of line) and the command did nothing.
"""

from __future__ import annotations

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import QChildEvent, QCoreApplication, QEvent, QObject
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QWidget,
)

WHEEL_CHANGED = (QComboBox, QAbstractSpinBox, QAbstractSlider)  # what a wheel would change
# Editing keys stay the field's even if a window binds them.
EDITING_KEYS = (
    QKeySequence.StandardKey.Copy,
    QKeySequence.StandardKey.Cut,
    QKeySequence.StandardKey.Paste,
    QKeySequence.StandardKey.Undo,
    QKeySequence.StandardKey.Redo,
    QKeySequence.StandardKey.SelectAll,
)


class FieldInputPolicy(QObject):
    """The one event filter every field's widgets get (``apply_field_policy``)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Wheel and isinstance(watched, WHEEL_CHANGED):
            return self._wheel(watched, event)
        if kind == QEvent.Type.ShortcutOverride and isinstance(watched, QWidget):
            return self._shortcut_override(watched, event)
        if kind == QEvent.Type.ChildAdded and isinstance(watched, QComboBox):
            assert isinstance(event, QChildEvent)
            event.child().installEventFilter(self)  # the line edit of a choice made editable
        return False

    @staticmethod
    def _wheel(field: QWidget, event: QEvent) -> bool:
        if field.hasFocus():
            return False  # chosen on purpose: the wheel changes it, as everywhere
        area = _scroll_area_around(field)
        if area is not None:
            QCoreApplication.sendEvent(area.viewport(), event)
        event.accept()
        return True

    @staticmethod
    def _shortcut_override(field: QWidget, event: QEvent) -> bool:
        assert isinstance(event, QKeyEvent)
        pressed = QKeySequence(event.keyCombination())
        if any(event.matches(key) for key in EDITING_KEYS):
            return False
        for action in field.window().actions():
            if action.isEnabled() and any(
                pressed.matches(key) == QKeySequence.SequenceMatch.ExactMatch
                for key in action.shortcuts()
            ):
                event.ignore()  # not the field's: the window's shortcut runs
                return True
        return False


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


_POLICY: FieldInputPolicy | None = None


def apply_field_policy(widget: QWidget) -> None:
    """Give ``widget`` and the widgets in it the wheel and shortcut policy of a form's fields;
    a choice, spin box or slider then takes focus by click or Tab only, never by the wheel."""
    global _POLICY
    if _POLICY is None:
        _POLICY = FieldInputPolicy()
    strong, wheel = QtCore.Qt.FocusPolicy.StrongFocus, QtCore.Qt.FocusPolicy.WheelFocus
    no_focus = QtCore.Qt.FocusPolicy.NoFocus
    for target in (widget, *widget.findChildren(QWidget)):
        if isinstance(target, WHEEL_CHANGED) and target.focusPolicy() == wheel:
            target.setFocusPolicy(strong)
        if isinstance(target, WHEEL_CHANGED) or target.focusPolicy() != no_focus:
            target.installEventFilter(_POLICY)  # labels and boxes need no look at their events
