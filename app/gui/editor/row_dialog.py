"""编辑行: one row of a repeatable table (参与单位, 合作单位…) in a roomy form of its own.

The form is generated from the row's declaration (``FieldSpec.row_fields``): each field with its
label, unit, help and the same editor the table uses, checked as you type by the row's own model
(the same pydantic checks the whole form runs). 确定 writes the values back into the table row,
errors and all, as a draft keeps what was typed; the table marks what is still wrong.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.field_editors import VALUE_EDITORS, FieldEditor
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from forms.core.definition import FieldSpec
from forms.core.validation import row_issues


class RowDialog(QDialog):
    """Row ``number`` (from 1) of the rows field ``spec``, starting from ``values``."""

    def __init__(
        self,
        spec: FieldSpec,
        number: int,
        values: dict[str, Any],
        parent: QWidget | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setWindowTitle(f"{spec.label} · 第 {number} 行")
        host = QWidget()
        form = QFormLayout(host)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, PlainLabel] = {}
        for field in spec.row_fields:
            editor = VALUE_EDITORS[field.kind](field, host)
            editor.set_value(values.get(field.name))
            editor.set_read_only(read_only)
            editor.changed.connect(self.check)
            cell = QWidget(host)
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor.widget)
            if field.help:  # visible, not only on hover
                hint = PlainLabel(field.help, cell)
                hint.setObjectName("hint")
                hint.setWordWrap(True)
                column.addWidget(hint)
            error = PlainLabel("", cell)
            error.setObjectName("fieldError")
            error.setWordWrap(True)
            error.hide()
            column.addWidget(error)
            label = PlainLabel(field.label_with_unit + (" *" if field.required else ""), host)
            label.setBuddy(editor.focus_target())
            form.addRow(label, cell)
            self.editors[field.name] = editor
            self.errors[field.name] = error
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(host)
        buttons = QDialogButtonBox(self)
        if read_only:
            buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        else:
            buttons.addButton("确定", QDialogButtonBox.ButtonRole.AcceptRole)
            buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        place_window(self, "row_editor", (720, 420))
        self.check()
        if spec.row_fields:
            self.editors[spec.row_fields[0].name].focus_target().setFocus()

    def values(self) -> dict[str, Any]:
        return {name: editor.value() for name, editor in self.editors.items()}

    def check(self) -> dict[str, list[str]]:
        """Check what is typed with the row's model; each field's problems under it."""
        problems: dict[str, list[str]] = {}
        for issue in row_issues(self.spec, self.values()):
            name = str(issue.path[0]) if issue.path else ""
            problems.setdefault(name, []).append(issue.message)
        for name, editor in self.editors.items():
            found = problems.get(name, [])
            editor.set_error(bool(found))
            self.errors[name].setText("；".join(found))
            self.errors[name].setVisible(bool(found))
        return problems
