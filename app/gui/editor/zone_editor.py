"""The 高新区 picker: a list from the register, found by typing any of a zone's names or its city.

「不在高新区内」 comes first, an answer like any other. What the editor yields is the zone id;
text that names no zone is yielded as typed, so the form asks to pick again instead of losing it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from app.gui.editor.field_editors import FieldEditor
from app.gui.widgets.plain import plain_tooltip
from forms.core.zones import NOT_IN_ZONE, NOT_IN_ZONE_LABEL, ZoneRegister, load_register

ID_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1  # every name of the zone and its city: what typing finds
PLACEHOLDER = "输入名称中的字查找，如“南宁高新”，或从列表中选择"


def zone_items(register: ZoneRegister) -> QStandardItemModel:
    """One row per answer: 「不在高新区内」 first, then the zones as the register lists them."""
    model = QStandardItemModel()
    rows = [(NOT_IN_ZONE, NOT_IN_ZONE_LABEL, f"{NOT_IN_ZONE_LABEL} 无")]
    for zone in register.zones:
        words = " ".join((*zone.names, register.city_label(zone), zone.level.label))
        rows.append((zone.id, zone.label, words))
    for zone_id, label, words in rows:
        item = QStandardItem(label)
        item.setData(zone_id, ID_ROLE)
        item.setData(f"{label} {words}", SEARCH_ROLE)
        item.setToolTip(plain_tooltip(words))  # names from an imported register
        model.appendRow(item)
    return model


class ZoneCompleter(QCompleter):
    """Finds rows by every name (SEARCH_ROLE) but puts the row's label in the box: whichever of
    the line edit and the list takes the pick last, both then say the same."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class ZoneEditor(FieldEditor):
    def _build(self, parent: QWidget | None) -> QWidget:
        self.register = load_register()
        self._combo = QComboBox(parent)
        self._combo.setEditable(True)
        self._combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._combo.setMinimumContentsLength(24)
        self._combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._combo.setMaxVisibleItems(14)
        self._offer(self.register)
        edit = self._combo.lineEdit()
        assert edit is not None  # an editable combo has one
        edit.setPlaceholderText(PLACEHOLDER)
        edit.textEdited.connect(self.changed)
        self._combo.activated.connect(lambda _index: self.changed.emit())
        self._combo.setCurrentIndex(-1)
        self._combo.installEventFilter(self)
        return self._combo

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # a register imported while this page was open: offer its zones from the next visit on
        if event.type() == QEvent.Type.FocusIn and load_register() is not self.register:
            self.refresh()
        return False

    def refresh(self) -> None:
        """Offer the zones of the current register, keeping what is chosen."""
        chosen = self.value()
        self._combo.blockSignals(True)
        self._offer(load_register())
        self.set_value(chosen)
        self._combo.blockSignals(False)

    def _offer(self, register: ZoneRegister) -> None:
        """List the zones of ``register``, with a completer over the same rows: picking a
        suggestion then selects that row of the list."""
        self.register = register
        self._combo.setModel(zone_items(register))
        completer = ZoneCompleter(self._combo.model(), self._combo)
        completer.setCompletionRole(SEARCH_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._combo.setCompleter(completer)

    def value(self) -> Any:
        index = self._combo.currentIndex()
        typed = self._combo.currentText().strip()
        if index >= 0 and typed == self._combo.itemText(index):
            return self._combo.itemData(index, ID_ROLE)
        if not typed:
            return None
        return self.register.resolve(typed) or typed

    def set_value(self, value: Any) -> None:
        index = self._combo.findData(value, ID_ROLE) if value else -1
        self._combo.setCurrentIndex(index)
        if index < 0:  # nothing chosen, or a name from before the register: show it as it was
            self._combo.setEditText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self._combo.setEnabled(not read_only)
