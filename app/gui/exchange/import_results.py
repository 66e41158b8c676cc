"""The rows of a package import as a table (文件, 结果, 签名人, 说明), and each row in full.

One model over the run's list: 1,000 rows cost one reset, not 1,000 widgets. Cells stay on one
line (the whole text is the tooltip, and the pane under the table shows the chosen row wrapped).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from app.gui.widgets.plain import plain_tooltip
from app.package_imports import ImportRow, Outcome
from db.trust import KeyStatus, SignerInfo

HEADERS = ("文件", "结果", "签名单位", "密钥", "说明")
FILE, RESULT, SIGNER, KEY, NOTE = range(len(HEADERS))

KEY_SHORT = {
    KeyStatus.NEW: "首次收到，请电话核对指纹",
    KeyStatus.KNOWN: "与记录一致",
    KeyStatus.ACCEPTED: "已接受核对过的新密钥",
    KeyStatus.CHANGED: "已更换！请先核对指纹",
}

# Refusals and keys to check stand out when scanning a long run.
REFUSED_BACKGROUND = QColor("#fde8e8")
KEY_CHANGED_BACKGROUND = QColor("#fed7aa")
NEW_KEY_BACKGROUND = QColor("#fef9c3")
OUTCOME_COLOURS = {
    Outcome.IMPORTED: QColor("#15803d"),
    Outcome.REVISION: QColor("#1d4ed8"),
    Outcome.DUPLICATE: QColor("#6b7280"),
    Outcome.REFUSED: QColor("#b91c1c"),
}

Index = QModelIndex | QPersistentModelIndex


def signer_cell(signer: SignerInfo | None) -> str:
    return "—" if signer is None else signer.name


def key_cell(signer: SignerInfo | None) -> str:
    return "—" if signer is None else KEY_SHORT[signer.key_status]


def row_details(row: ImportRow) -> str:
    """Everything about one file, for the pane under the table and the tooltips."""
    lines = [f"文件：{row.path}", f"结果：{row.outcome.value}"]
    if row.signer is not None:
        lines.append(row.signer.describe())
    if row.key_changed and row.signer is not None:
        lines.append(
            f"本机记录的原密钥指纹：{row.old_fingerprint or '（未知）'}；"
            f"此文件的新密钥指纹：{row.signer.fingerprint}。"
            "请打电话向对方核对新指纹，无误后点“核对指纹后接受新密钥…”。"
        )
    elif row.new_key and row.changed_store and row.signer is not None:
        lines.append(
            f"首次收到“{row.signer.name}”的密钥：请打电话请对方念出其密钥指纹，"
            f"与 {row.signer.fingerprint} 核对。"
        )
    lines.append(f"说明：{row.brief() if row.changed_store else row.explanation()}")
    return "\n".join(lines)


class ImportRowsModel(QAbstractTableModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ImportRow] = []

    def set_rows(self, rows: list[ImportRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column).replace("\n", " ")
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(row_details(row))
        if role == Qt.ItemDataRole.BackgroundRole:
            if row.key_changed:
                return QBrush(KEY_CHANGED_BACKGROUND)
            if row.outcome is Outcome.REFUSED:
                return QBrush(REFUSED_BACKGROUND)
            if row.new_key and row.changed_store and column in (SIGNER, KEY):
                return QBrush(NEW_KEY_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and column == RESULT:
            return QBrush(OUTCOME_COLOURS[row.outcome])
        return None

    @staticmethod
    def _text(row: ImportRow, column: int) -> str:
        if column == FILE:
            return row.path.name
        if column == RESULT:
            return row.outcome.value
        if column == SIGNER:
            return signer_cell(row.signer)
        if column == KEY:
            return key_cell(row.signer)
        return row.brief()


class MiddleElided(QStyledItemDelegate):
    """File names differ at their ends (…-第1版.gxpkg, …-第2版.gxpkg): keep both ends."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


class ImportRowsView(QTableView):
    """The table: file names elided in the middle, 说明 taking the room that is left."""

    def __init__(self, model: ImportRowsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.setItemDelegateForColumn(FILE, MiddleElided(self))
        self.setWordWrap(False)
        self.setAlternatingRowColors(False)  # the colours say refused / key to check
        self.verticalHeader().setVisible(False)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in ((FILE, 210), (RESULT, 130), (SIGNER, 170), (KEY, 196)):
            self.setColumnWidth(column, width)
