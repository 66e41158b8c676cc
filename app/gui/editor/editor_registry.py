"""The map from field kind to its Qt editor: a new kind is one entry here, not a change to
every form (magicgui's type map). It sits above every editor module, rows and the zone picker
included, so none of them needs to know the others."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.gui.editor.field_editors import VALUE_EDITORS, EditorFactory, FieldEditor
from app.gui.editor.rows_editor import RowsEditor
from app.gui.editor.zone_editor import ZoneEditor
from forms.core.definition import FieldSpec
from forms.core.fields import FieldKind

EDITORS: dict[FieldKind, EditorFactory] = {
    **VALUE_EDITORS,
    FieldKind.ROWS: RowsEditor,  # rows hold value editors of their own
    FieldKind.ZONE: ZoneEditor,  # the 高新区 picker, over the register
}


def make_editor(spec: FieldSpec, parent: QWidget | None = None) -> FieldEditor:
    return EDITORS[spec.kind](spec, parent)
