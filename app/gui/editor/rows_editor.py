"""Repeatable rows (参与单位, 合作单位…): a grid of the row model's own field editors.

A row too cramped in the grid opens in a form of its own (「编辑行…」, or a double-click on its
number): app/gui/editor/row_dialog.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.field_editors import VALUE_EDITORS, FieldEditor, TextEditor
from app.gui.editor.row_dialog import RowDialog
from app.gui.widgets.plain import PlainLabel
from forms.core.definition import FieldSpec
from forms.core.fields import FieldKind


def _cell_editor(spec: FieldSpec, parent: QWidget) -> FieldEditor:
    # Long text would make every row tall; inside a row it is a single line.
    factory = TextEditor if spec.kind is FieldKind.LONG_TEXT else VALUE_EDITORS[spec.kind]
    return factory(spec, parent)


def _stretch(spec: FieldSpec) -> int:
    """How much of the row's width a column takes: free text most, codes and choices less."""
    if spec.kind in (FieldKind.TEXT, FieldKind.LONG_TEXT) and (spec.max_length or 0) > 18:
        return 3
    return 1 if spec.kind is FieldKind.TEXT else 0


class RowNumber(PlainLabel):
    """A row's number at its start; a double-click opens the row in its own form."""

    def __init__(self, number: int, opened: Callable[[], object], parent: QWidget) -> None:
        super().__init__(str(number), parent)
        self._opened = opened
        self.setObjectName("hint")
        self.setToolTip(f"双击在单独的窗口中编辑第 {number} 行")

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self._opened()
        event.accept()


FIRST = 1  # the grid's first field column: column 0 holds the rows' numbers


@dataclass
class GridRow:
    """One row of the grid: its number, its cells' editors (in declaration order), 编辑行… (查看…
    when read-only) and 删除."""

    number: RowNumber
    editors: list[FieldEditor]
    edit: QToolButton
    remove: QToolButton

    def widgets(self) -> list[QWidget]:
        return [self.number, *(e.widget for e in self.editors), self.edit, self.remove]

    def set_read_only(self, read_only: bool) -> None:
        self.edit.setText("查看…" if read_only else "编辑行…")
        doing = "查看" if read_only else "编辑"
        self.edit.setToolTip(
            f"在单独的窗口中{doing}第 {self.number.text()} 行，每一栏都完整显示（也可双击行号）"
        )
        for editor in self.editors:
            editor.set_read_only(read_only)
        self.remove.setVisible(not read_only)


class RowsEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        box = QWidget(parent)
        outer = QVBoxLayout(box)
        outer.setContentsMargins(0, 0, 0, 0)
        self._grid_host = QWidget(box)
        self._grid = QGridLayout(self._grid_host)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._read_only = False
        self.row_dialog: RowDialog | None = None  # the row open in its own form, if any
        for column, spec in enumerate(self.spec.row_fields, start=FIRST):
            self._grid.setColumnStretch(column, _stretch(spec))
            header = PlainLabel(
                spec.label_with_unit + (" *" if spec.required else ""), self._grid_host
            )
            header.setObjectName("rowHeader")
            header.setWordWrap(True)
            header.setToolTip(spec.help)
            self._grid.addWidget(header, 0, column)
        self._rows: list[GridRow] = []
        self._empty = PlainLabel("尚未添加，点击“添加一行”", box)
        self._empty.setObjectName("hint")
        buttons = QHBoxLayout()
        self._add = QPushButton(f"添加一行{self.spec.label}", box)
        self._add.clicked.connect(self._add_clicked)
        buttons.addWidget(self._add)
        buttons.addStretch(1)
        outer.addWidget(self._grid_host)
        outer.addWidget(self._empty)
        outer.addLayout(buttons)
        self._refresh_empty()
        return box

    def _add_clicked(self) -> None:
        editors = self._append_row()
        if editors:
            editors[0].focus_target().setFocus()
        self.changed.emit()

    def _append_row(self) -> list[FieldEditor]:
        row = len(self._rows) + 1
        editors = []
        number = RowNumber(row, lambda: self.edit_row(row - 1), self._grid_host)
        self._grid.addWidget(number, row, 0)
        for column, spec in enumerate(self.spec.row_fields, start=FIRST):
            editor = _cell_editor(spec, self._grid_host)
            target = editor.focus_target()
            if spec.format == "uscc":  # 统一社会信用代码: all 18 characters in view
                target.setMinimumWidth(170)
            if isinstance(target, QComboBox):  # a cell, not a form row: keep choices compact
                target.setMinimumContentsLength(5)
            editor.changed.connect(self.changed)
            self._grid.addWidget(editor.widget, row, column)
            editors.append(editor)
        # tool buttons: as wide as their text, leaving the cells the room
        edit = QToolButton(self._grid_host)
        edit.clicked.connect(lambda: self.edit_row(row - 1))
        remove = QToolButton(self._grid_host)
        remove.setText("删除")
        remove.setToolTip(f"删除第 {row} 行")
        remove.clicked.connect(lambda: self._remove(row - 1))
        last = FIRST + len(self.spec.row_fields)
        self._grid.addWidget(edit, row, last)
        self._grid.addWidget(remove, row, last + 1)
        grid_row = GridRow(number, editors, edit, remove)
        grid_row.set_read_only(self._read_only)
        self._rows.append(grid_row)
        self._refresh_empty()
        return editors

    def _remove(self, index: int) -> None:
        self._rebuild(
            [[e.value() for e in r.editors] for i, r in enumerate(self._rows) if i != index]
        )
        self.changed.emit()

    def edit_row(self, index: int) -> RowDialog | None:
        """编辑行…: row ``index`` (from 0) in a form of its own; 确定 writes it back."""
        if not 0 <= index < len(self._rows):
            return None
        editors = self._rows[index].editors
        values = {
            spec.name: e.value() for spec, e in zip(self.spec.row_fields, editors, strict=True)
        }
        dialog = RowDialog(
            self.spec, index + 1, values, self.widget.window(), read_only=self._read_only
        )
        dialog.accepted.connect(lambda: self._write_back(index, dialog.values()))
        dialog.finished.connect(dialog.deleteLater)
        self.row_dialog = dialog
        dialog.open()
        return dialog

    def _write_back(self, index: int, values: dict[str, Any]) -> None:
        if index >= len(self._rows) or self._read_only:
            return
        editors = self._rows[index].editors
        for spec, editor in zip(self.spec.row_fields, editors, strict=True):
            editor.set_value(values.get(spec.name))
        self.changed.emit()

    def _rebuild(self, rows: list[list[Any]]) -> None:
        for grid_row in self._rows:
            for widget in grid_row.widgets():
                widget.deleteLater()
        self._rows = []
        for values in rows:
            for editor, value in zip(self._append_row(), values, strict=True):
                editor.set_value(value)
        self._refresh_empty()

    def _refresh_empty(self) -> None:
        self._empty.setVisible(not self._rows)
        self._grid_host.setVisible(bool(self._rows))

    def value(self) -> Any:
        return [
            {
                spec.name: editor.value()
                for spec, editor in zip(self.spec.row_fields, editors, strict=True)
            }
            for editors in (r.editors for r in self._rows)
        ]

    def set_value(self, value: Any) -> None:
        rows = value or []
        self._rebuild([[row.get(spec.name) for spec in self.spec.row_fields] for row in rows])

    def row_editor(self, row: int, name: str) -> FieldEditor | None:
        if row >= len(self._rows):
            return None
        for spec, editor in zip(self.spec.row_fields, self._rows[row].editors, strict=True):
            if spec.name == name:
                return editor
        return None

    def set_cell_errors(self, cells: set[tuple[int, str]]) -> None:
        for row, grid_row in enumerate(self._rows):
            for spec, editor in zip(self.spec.row_fields, grid_row.editors, strict=True):
                editor.set_error((row, spec.name) in cells)

    def focus_target(self) -> QWidget:
        return self._rows[0].editors[0].focus_target() if self._rows else self._add

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for grid_row in self._rows:
            for editor in grid_row.editors:
                chain.extend(editor.focus_chain())
            chain.extend([grid_row.edit, grid_row.remove])
        chain.append(self._add)
        return chain

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for grid_row in self._rows:
            grid_row.set_read_only(read_only)
        self._add.setVisible(not read_only)
