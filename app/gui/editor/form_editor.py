"""The editor generated from a form's definition: its sections, in order, field by field."""

from __future__ import annotations

import contextlib
import html
from collections.abc import Mapping, Sequence
from itertools import pairwise
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QGroupBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.editor_registry import make_editor
from app.gui.editor.field_editors import ChoiceEditor, FieldEditor
from app.gui.editor.rows_editor import RowsEditor
from app.gui.widgets.plain import PlainLabel, plain_tooltip
from forms.core.definition import FieldSpec, FormDefinition
from forms.core.field_issues import cell_of, issues_by_field
from forms.core.fields import FieldKind
from forms.core.issues import FieldIssue, Path
from forms.guide.field_help import inline_hint

HELP_SIZE = 0.88  # the grey help line under a field, relative to the window's font
REMARK_STYLE = (
    "QLabel { color: #8a4b08; background: #fff7e6; border-left: 3px solid #d97706;"
    " padding: 2px 6px; }"
)


class FieldRow:
    """Label, editor, the field's help in grey (seen without hovering) and the error line."""

    def __init__(self, spec: FieldSpec, grid: QGridLayout, parent: QWidget, hint: str = "") -> None:
        self.spec = spec
        # rich only for the red star: the label itself is escaped like any other text
        star = "<span style='color:#c0392b'> *</span>" if spec.required else ""
        self.label = QLabel(html.escape(spec.label) + star, parent)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.label.setToolTip(plain_tooltip(spec.help))
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(180)
        self.editor = make_editor(spec, parent)
        self.label.setBuddy(self.editor.focus_target())
        self.cell = QWidget(parent)
        layout = QVBoxLayout(self.cell)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.editor.widget)
        self.help: QLabel | None = None
        if hint:
            self.help = PlainLabel(hint, self.cell)
            self.help.setObjectName("hint")
            self.help.setWordWrap(True)
            font = self.help.font()
            font.setPointSizeF(font.pointSizeF() * HELP_SIZE)
            self.help.setFont(font)
            # a table's help is read before its rows: above it, under its label
            layout.insertWidget(0 if spec.kind is FieldKind.ROWS else 1, self.help)
        self.error = PlainLabel(self.cell)
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.remark: QLabel | None = None
        row = grid.rowCount()
        if spec.kind is FieldKind.ROWS:  # a table needs the whole width: label above it
            self.label.setAlignment(Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(self.label, row, 0, 1, 2)
            grid.addWidget(self.cell, row + 1, 0, 1, 2)
        else:
            grid.addWidget(self.label, row, 0)
            grid.addWidget(self.cell, row, 1)

    def set_visible(self, visible: bool) -> None:
        self.label.setVisible(visible)
        self.cell.setVisible(visible)

    def show_remarks(self, texts: list[str]) -> None:
        """The park office's words about this field, under it and apart from any error."""
        if self.remark is None:
            if not texts:
                return
            # made on first need: most fields never get a remark, and the editor opens fast
            self.remark = PlainLabel(self.cell)
            self.remark.setObjectName("officeRemark")
            self.remark.setWordWrap(True)
            self.remark.setStyleSheet(REMARK_STYLE)
            layout = self.cell.layout()
            assert layout is not None
            layout.addWidget(self.remark)
        self.remark.setText("\n".join(texts))
        self.remark.setVisible(bool(texts))

    def show_errors(self, messages: list[str]) -> None:
        self.error.setText("\n".join(messages))
        self.error.setVisible(bool(messages))
        self.editor.set_error(bool(messages))


class FormEditor(QScrollArea):
    """Edits one form. ``data()``/``set_data()`` speak the form's JSON; checks live elsewhere."""

    edited = Signal()

    def __init__(self, definition: FormDefinition, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.definition = definition
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget(self.viewport())  # its final parent (see setWidget below)
        content.setObjectName("formContent")
        outer = QVBoxLayout(content)
        outer.setContentsMargins(12, 8, 12, 12)
        outer.setSpacing(12)
        self.rows: dict[str, FieldRow] = {}
        self.sections: dict[str, QGroupBox] = {}
        for section in definition.sections:
            box = QGroupBox(section.title, content)
            grid = QGridLayout(box)
            grid.setColumnStretch(1, 1)
            grid.setHorizontalSpacing(12)
            grid.setVerticalSpacing(8)
            if section.help:
                hint = PlainLabel(section.help, box)
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                grid.addWidget(hint, 0, 0, 1, 2)
            for name in section.fields:
                spec = definition.spec(name)
                row = FieldRow(spec, grid, box, inline_hint(spec))
                row.editor.changed.connect(lambda name=name: self._on_change(name))
                self.rows[name] = row
            outer.addWidget(box)
            self.sections[section.title] = box
        outer.addStretch(1)
        self.setWidget(content)
        self._dependents = {
            spec.depends_on: name
            for name, spec in definition.fields.items()
            if spec.kind is FieldKind.DEPENDENT_CHOICE and spec.depends_on
        }
        self._conditional = [name for name, spec in definition.fields.items() if spec.when]
        self._remarks: list[tuple[Path, str]] = []
        self._marked_cells: list[FieldEditor] = []
        self._refresh_dependents()
        self._refresh_visibility()
        self.fix_tab_order()

    def fix_tab_order(self) -> None:
        """Tab follows the form as it is seen, rows added later included."""
        chain = [w for row in self.rows.values() for w in row.editor.focus_chain()]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    @property
    def editors(self) -> dict[str, FieldEditor]:
        return {name: row.editor for name, row in self.rows.items()}

    def data(self) -> dict[str, Any]:
        return {name: row.editor.value() for name, row in self.rows.items()}

    def set_data(self, data: dict[str, Any]) -> None:
        # parents first, so dependent choices offer the right options when their value arrives
        for name, row in self.rows.items():
            if name in self._dependents:
                row.editor.set_value(data.get(name))
        self._refresh_dependents()
        for name, row in self.rows.items():
            if name not in self._dependents:
                row.editor.set_value(data.get(name))
        self._refresh_visibility()
        self.fix_tab_order()

    def _on_change(self, name: str) -> None:
        if name in self._dependents:
            self._refresh_dependents()
        if self.rows[name].spec.kind is FieldKind.ROWS:
            self.fix_tab_order()  # rows were added or removed
            if self._remarks:
                self._mark_cells()
        self._refresh_visibility()
        self.edited.emit()

    def _refresh_dependents(self) -> None:
        for parent, child in self._dependents.items():
            editor = self.rows[child].editor
            if isinstance(editor, ChoiceEditor):
                spec, parent_value = self.rows[child].spec, self.rows[parent].editor.value()
                editor.set_options(spec.options_for(parent_value), spec.is_open(parent_value))

    def _refresh_visibility(self) -> None:
        values = {name: self.rows[name].editor.value() for name in self._watched()}
        for name in self._conditional:
            self.rows[name].set_visible(self.rows[name].spec.is_relevant(values))
        for box in self.sections.values():
            rows = [r for r in self.rows.values() if r.label.parentWidget() is box]
            box.setVisible(any(not r.label.isHidden() for r in rows))

    def _watched(self) -> set[str]:
        return {other for name in self._conditional for other in self.rows[name].spec.when}

    def show_issues(self, issues: list[FieldIssue]) -> None:
        """Put each problem under the field forms/core/field_issues.py says it belongs to."""
        self.show_field_issues(issues_by_field(issues))

    def show_field_issues(self, by_field: Mapping[str, Sequence[FieldIssue]]) -> None:
        """Show each field's problems under it (a cell's: under the table, naming the row, with
        the cell marked); fields not named are cleared."""
        for name, row in self.rows.items():
            issues = by_field.get(name, ())
            cells = {cell for i in issues if (cell := cell_of(i.path)) is not None}
            row.show_errors([i.describe() if cell_of(i.path) else i.message for i in issues])
            if isinstance(row.editor, RowsEditor):
                row.editor.set_cell_errors(cells)

    def show_remarks(self, remarks: list[tuple[Path, str]]) -> None:
        """The park office's words under their fields; a row's cell is also marked (amber)."""
        self._remarks = list(remarks)
        by_field: dict[str, list[str]] = {}
        for path, text in remarks:
            if path and isinstance(path[0], str) and path[0] in self.rows:
                by_field.setdefault(path[0], []).append(text)
        for name, row in self.rows.items():
            row.show_remarks(by_field.get(name, []))
        self._mark_cells()

    def _mark_cells(self) -> None:
        for editor in self._marked_cells:
            with contextlib.suppress(RuntimeError):  # its row was removed meanwhile
                editor.set_remark(None)
        self._marked_cells = []
        for path, text in self._remarks:
            cell = self._cell(path)
            if cell is not None:
                cell.set_remark(text)
                self._marked_cells.append(cell)

    def _cell(self, path: Path) -> FieldEditor | None:
        """The editor of one cell of a rows field (``("partners", 1, "uscc")``), if it exists."""
        if len(path) < 3 or not isinstance(path[0], str) or not isinstance(path[1], int):
            return None
        row = self.rows.get(path[0])
        if row is None or not isinstance(row.editor, RowsEditor):
            return None
        return row.editor.row_editor(path[1], str(path[2]))

    def focus_path(self, path: Path) -> bool:
        """Go to a field, or to one cell of a rows field when the path names one."""
        cell = self._cell(path)
        row = self.rows.get(str(path[0])) if path else None
        if cell is None or row is None or row.label.isHidden():
            return bool(path) and self.focus_field(str(path[0]))
        self.ensureWidgetVisible(cell.widget, 40, 80)
        cell.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def focus_field(self, name: str) -> bool:
        row = self.rows.get(name)
        if row is None or row.label.isHidden():
            return False
        self.ensureWidgetVisible(row.cell, 40, 80)
        row.editor.focus_target().setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def set_read_only(self, read_only: bool) -> None:
        for row in self.rows.values():
            row.editor.set_read_only(read_only)
