"""The Qt editors of one value each (text, number, date, choice…); ``editor_registry`` picks one.

Every editor yields *raw* values (text as typed, without thousands separators) and leaves all
checking to the form's pydantic model, so the GUI never holds rules of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.widgets.field_input import apply_field_policy
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from forms.core.definition import FieldSpec
from forms.core.display import DATE_HINT
from forms.core.fields import FieldKind, normalise_date, plain_number, plain_value

NUMBER_PATTERN = QRegularExpression(r"^-?[0-9,，]*([.。][0-9]*)?$")
INTEGER_PATTERN = QRegularExpression(r"^-?[0-9,，]*$")
REMARK_BORDER = "#d97706"  # the park office's remarks: amber, apart from the red of errors


class FieldEditor(QObject):
    """Adapter around the widget(s) editing one field."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.widget = self._build(parent)
        if spec.help:
            self.widget.setToolTip(spec.help)
        self.widget.setAccessibleName(spec.label)
        apply_field_policy(self.widget)  # the wheel scrolls past it; the window's keys work in it
        self._plain_tooltip: str | None = None  # kept while a remark borrows the tooltip

    # subclasses implement these three
    def _build(self, parent: QWidget | None) -> QWidget:
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def focus_target(self) -> QWidget:
        return self.widget

    def focus_chain(self) -> list[QWidget]:
        """The widgets Tab visits in this editor, in order."""
        return [self.focus_target()]

    def set_error(self, has_error: bool) -> None:
        target = self.focus_target()
        target.setProperty("error", has_error)
        target.style().unpolish(target)
        target.style().polish(target)

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setEnabled(not read_only)

    def set_remark(self, text: str | None) -> None:
        """Mark the editor with the park office's words about it (a cell's own remark line
        would not fit under a table row); ``None`` clears the mark."""
        target = self.focus_target()
        if self._plain_tooltip is None:
            self._plain_tooltip = target.toolTip()
        if text:
            name = target.metaObject().className()
            target.setStyleSheet(f"{name} {{ border: 2px solid {REMARK_BORDER}; }}")
            target.setToolTip(plain_tooltip(text))
        else:
            target.setStyleSheet("")
            target.setToolTip(self._plain_tooltip or "")


class TextEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        edit = QLineEdit(parent)
        if self.spec.max_length:
            edit.setMaxLength(self.spec.max_length)
        edit.setPlaceholderText(self.spec.placeholder or "")
        edit.textEdited.connect(self.changed)
        self._edit = edit
        return edit

    def value(self) -> Any:
        return self._edit.text().strip() or None

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else str(value))
        self._edit.setCursorPosition(0)  # show the start of a long name, not its end

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)


class LongTextEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        box = QWidget(parent)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self._edit = QPlainTextEdit(box)
        self._edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self._edit.setMinimumHeight(84)
        self._edit.setMaximumHeight(160)
        self._count = PlainLabel(box)
        self._count.setObjectName("hint")
        self._count.setAlignment(Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self._edit)
        layout.addWidget(self._count)
        self._edit.textChanged.connect(self._on_change)
        self._on_change(emit=False)
        return box

    def _on_change(self, emit: bool = True) -> None:
        length = len(self._edit.toPlainText())
        limit = self.spec.max_length
        self._count.setText(f"{length} / {limit} 字" if limit else f"{length} 字")
        if emit:
            self.changed.emit()

    def value(self) -> Any:
        return self._edit.toPlainText().strip() or None

    def set_value(self, value: Any) -> None:
        self._edit.blockSignals(True)
        self._edit.setPlainText("" if value is None else str(value))
        self._edit.blockSignals(False)
        self._on_change(emit=False)

    def focus_target(self) -> QWidget:
        return self._edit

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)


def _unit_box(parent: QWidget | None, editor: QWidget, unit: str | None) -> QWidget:
    box = QWidget(parent)
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(6)
    layout.addWidget(editor, 1)
    if unit:
        layout.addWidget(PlainLabel(unit, box))
    return box


def group_thousands(text: str) -> str:
    """``1234567.5`` → ``1,234,567.5``; anything that isn't a number comes back unchanged."""
    try:
        number = Decimal(text)
    except InvalidOperation:
        return text
    whole, dot, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole or '0'):,}"
    return ("-" if number < 0 or text.startswith("-") else "") + grouped + dot + fraction


class NumberEditor(FieldEditor):
    """Money, counts, areas and shares: typed freely, grouped by thousands when left."""

    def _build(self, parent: QWidget | None) -> QWidget:
        self._edit = QLineEdit(parent)
        self._edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        integer = self.spec.kind is FieldKind.INTEGER
        pattern = INTEGER_PATTERN if integer else NUMBER_PATTERN
        self._edit.setValidator(QRegularExpressionValidator(pattern, self._edit))
        self._edit.setPlaceholderText("0" if integer else "0.00")
        self._edit.setMaximumWidth(240)
        self._edit.textEdited.connect(self.changed)
        self._edit.editingFinished.connect(self._regroup)
        return _unit_box(parent, self._edit, self.spec.unit)

    def _plain(self) -> str:
        return plain_number(self._edit.text())

    def _regroup(self) -> None:
        plain = self._plain()
        if plain and self.spec.kind is not FieldKind.PERCENT:
            self._edit.setText(group_thousands(plain))

    def value(self) -> Any:
        plain = self._plain()
        return plain if plain not in ("", "-", ".") else None

    def set_value(self, value: Any) -> None:
        text = "" if value is None else str(value)
        self._edit.setText(
            group_thousands(text) if text and self.spec.kind is not FieldKind.PERCENT else text
        )

    def focus_target(self) -> QWidget:
        return self._edit

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)


class DateEditor(FieldEditor):
    """A date typed as 2025-06-30 (or 2025/6/30, 20250630), or picked from a calendar."""

    def _build(self, parent: QWidget | None) -> QWidget:
        self._edit = QLineEdit(parent)
        self._edit.setPlaceholderText(DATE_HINT)
        self._edit.setMinimumWidth(140)
        self._edit.setMaximumWidth(200)
        if not self.spec.help:
            self._edit.setToolTip("按 年-月-日 填写，也可输入 2025/6/30 或 20250630")
        self._edit.textEdited.connect(self.changed)
        self._edit.editingFinished.connect(self._normalise)
        self._button = QToolButton(parent)
        self._button.setText("日历")
        self._button.setToolTip("从日历中选择日期")
        self._button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes field to field
        self._button.clicked.connect(self._pick)
        box = QWidget(parent)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self._edit)
        layout.addWidget(self._button)
        layout.addStretch(1)
        return box

    def _normalise(self) -> None:
        text = normalise_date(self._edit.text())
        if text != self._edit.text():
            self._edit.setText(text)
            self.changed.emit()

    def _pick(self) -> None:
        popup = QCalendarWidget(self._button.window())
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setGridVisible(True)
        current = QDate.fromString(self._edit.text(), "yyyy-MM-dd")
        if current.isValid():
            popup.setSelectedDate(current)
        popup.clicked.connect(lambda day: self._picked(popup, day))
        popup.move(self._button.mapToGlobal(self._button.rect().bottomLeft()))
        popup.show()

    def _picked(self, popup: QCalendarWidget, day: QDate) -> None:
        self._edit.setText(day.toString("yyyy-MM-dd"))
        popup.close()
        self._edit.setFocus()
        self.changed.emit()

    def value(self) -> Any:
        return normalise_date(self._edit.text()) or None

    def set_value(self, value: Any) -> None:
        self._edit.setText("" if value is None else str(value))

    def focus_target(self) -> QWidget:
        return self._edit

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)
        self._button.setEnabled(not read_only)


class ChoiceEditor(FieldEditor):
    """A choice; a dependent choice gets its options from ``set_options`` as its parent moves."""

    PROMPT = "请选择…"

    def _build(self, parent: QWidget | None) -> QWidget:
        self._combo = QComboBox(parent)
        self._combo.setMinimumContentsLength(12)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._fill(self.spec.options)
        self._combo.activated.connect(lambda _index: self.changed.emit())
        return self._combo

    def _fill(self, options: tuple[str, ...]) -> None:
        self._combo.clear()
        # an open list shows its hint in the empty edit, where the entry is typed
        prompt = "" if self._combo.isEditable() else self.PROMPT
        self._combo.addItem(prompt if options else "（请先选择上一项）", None)
        for option in options:  # shown by its label, held as its code
            self._combo.addItem(self.spec.option_label(option), option)

    OPEN_HINT = "从列表中选择，或直接输入其他领域"

    def set_options(self, options: tuple[str, ...], open_list: bool = False) -> None:
        """The options for the parent's value; ``open_list`` also lets another entry be typed
        (the text lists them with 等), which is kept as typed."""
        current = self.value()
        self._combo.blockSignals(True)
        self._set_open(open_list)
        self._fill(options)
        if current in options:
            self._combo.setCurrentIndex(self._combo.findData(current))
        elif open_list and current:
            self._combo.setCurrentIndex(0)
            self._combo.setEditText(str(current))
        self._combo.blockSignals(False)

    def _set_open(self, open_list: bool) -> None:
        if open_list == self._combo.isEditable():
            return
        self._combo.setEditable(open_list)
        if open_list:
            self._combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            edit = self._combo.lineEdit()
            assert edit is not None  # an editable combo box has its line edit
            edit.setPlaceholderText(self.OPEN_HINT)
            edit.textEdited.connect(lambda _text: self.changed.emit())

    def value(self) -> Any:
        if not self._combo.isEditable():
            return self._combo.currentData()
        typed = self._combo.currentText().strip()
        if not typed or typed == self.PROMPT:
            return None
        index = self._combo.findText(typed)  # a listed option typed or picked: its code
        return self._combo.itemData(index) if index > 0 else typed

    def set_value(self, value: Any) -> None:
        index = self._combo.findData(value) if value is not None else 0
        if index < 0 and self._combo.isEditable():  # an entry of the applicant's own
            self._combo.setCurrentIndex(0)
            self._combo.setEditText(str(value))
            return
        if index < 0 and value is not None:  # a stored value no longer offered: keep and show it
            self._combo.addItem(self.spec.option_label(value), value)
            index = self._combo.count() - 1
        self._combo.setCurrentIndex(max(index, 0))
        if self._combo.isEditable() and index <= 0:
            self._combo.setEditText("")


class MultiChoiceEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        box = QWidget(parent)
        layout = QHBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self._boxes: list[QCheckBox] = []
        self._codes: dict[QCheckBox, str] = {}
        for option in self.spec.options:  # shown by its label, held as its code
            check = QCheckBox(self.spec.option_label(option), box)
            self._codes[check] = option
            check.toggled.connect(lambda _on: self.changed.emit())
            layout.addWidget(check)
            self._boxes.append(check)
        layout.addStretch(1)
        return box

    def value(self) -> Any:
        return [self._codes[b] for b in self._boxes if b.isChecked()]

    def set_value(self, value: Any) -> None:
        chosen = {plain_value(v) for v in value or []}
        for check in self._boxes:
            check.blockSignals(True)
            check.setChecked(self._codes[check] in chosen)
            check.blockSignals(False)

    def focus_target(self) -> QWidget:
        return self._boxes[0] if self._boxes else self.widget

    def focus_chain(self) -> list[QWidget]:
        return list(self._boxes) or [self.widget]


class FlagEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        self._check = QCheckBox("是", parent)
        self._check.toggled.connect(lambda _on: self.changed.emit())
        return self._check

    def value(self) -> Any:
        return self._check.isChecked()

    def set_value(self, value: Any) -> None:
        self._check.blockSignals(True)
        self._check.setChecked(bool(value))
        self._check.blockSignals(False)


class TextListEditor(FieldEditor):
    """A few short items typed on one line, separated by 、 or commas."""

    SEPARATORS = ("、", "，", ",", ";", "；")

    def _build(self, parent: QWidget | None) -> QWidget:
        self._edit = QLineEdit(parent)
        self._edit.setPlaceholderText("多项之间用顿号“、”分隔")
        self._edit.textEdited.connect(self.changed)
        return self._edit

    def value(self) -> Any:
        text = self._edit.text()
        for separator in self.SEPARATORS[1:]:
            text = text.replace(separator, self.SEPARATORS[0])
        return [item.strip() for item in text.split(self.SEPARATORS[0]) if item.strip()]

    def set_value(self, value: Any) -> None:
        self._edit.setText("、".join(value or []))

    def set_read_only(self, read_only: bool) -> None:
        self._edit.setReadOnly(read_only)


EditorFactory = Callable[[FieldSpec, QWidget | None], FieldEditor]

# The editors of one value, by field kind: also what a row's cells are edited with. The map of
# every kind (rows and the zone picker too) is ``editor_registry.EDITORS``.
VALUE_EDITORS: dict[FieldKind, EditorFactory] = {
    FieldKind.TEXT: TextEditor,
    FieldKind.LONG_TEXT: LongTextEditor,
    FieldKind.MONEY: NumberEditor,
    FieldKind.INTEGER: NumberEditor,
    FieldKind.DECIMAL: NumberEditor,
    FieldKind.PERCENT: NumberEditor,
    FieldKind.DATE: DateEditor,
    FieldKind.CHOICE: ChoiceEditor,
    FieldKind.DEPENDENT_CHOICE: ChoiceEditor,
    FieldKind.MULTI_CHOICE: MultiChoiceEditor,
    FieldKind.BOOL: FlagEditor,
    FieldKind.TEXT_LIST: TextListEditor,
}
