"""The park office's queue of received applications as a Qt table model, read a block at a time.

Like the enterprise's list (app/gui/list_model.py) it never holds the whole queue: it counts the
rows a filter matches and asks ``Review.queue`` for a block of rows only when the view shows it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from app.gui.list_model import STATUS_COLOURS, kind_titles
from app.gui.plain import plain_tooltip
from app.gui.row_blocks import RowBlocks
from db.review import QueueQuery, QueueRow, QueueSort, Review
from forms.core.display import format_amount, format_local_time
from forms.core.workflow import Status

BLOCK_ROWS = 100  # rows per query
MAX_BLOCKS = 50  # blocks kept; beyond this the least recently used goes

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class QueueColumn(NamedTuple):
    header: str
    sort: QueueSort


COLUMNS = (
    QueueColumn("申报编号", QueueSort.NUMBER),
    QueueColumn("申报单位", QueueSort.APPLICANT),
    QueueColumn("申报类别", QueueSort.KIND),
    QueueColumn("项目名称", QueueSort.TITLE),
    QueueColumn("申请金额（万元）", QueueSort.AMOUNT),
    QueueColumn("状态", QueueSort.STATUS),
    QueueColumn("版次", QueueSort.REVISION),
    QueueColumn("收到时间", QueueSort.RECEIVED),
)
NUMBER, APPLICANT, KIND, TITLE, AMOUNT, STATUS, REVISION, RECEIVED = range(len(COLUMNS))
RIGHT_ALIGNED = (AMOUNT, REVISION)


def cell_text(row: QueueRow, column: int, titles: dict[str, str]) -> str:
    return {
        NUMBER: lambda: row.number,
        APPLICANT: lambda: row.applicant_name,
        KIND: lambda: titles.get(row.kind, row.kind),
        TITLE: lambda: row.title,
        AMOUNT: lambda: format_amount(row.requested_amount),
        STATUS: lambda: row.status.label,
        REVISION: lambda: f"第{row.revision}版",
        RECEIVED: lambda: format_local_time(row.received_at),
    }[column]()


class ReviewQueueModel(QAbstractTableModel):
    """Received applications matching a filter, in a sort order, read on demand."""

    def __init__(self, review: Review, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._review = review
        self._titles = kind_titles()
        self._query = QueueQuery(limit=BLOCK_ROWS)
        self._blocks: RowBlocks[QueueRow] = RowBlocks(BLOCK_ROWS, MAX_BLOCKS, self._fetch)
        self._count = self._total(self._query)

    @property
    def query(self) -> QueueQuery:
        return self._query

    @property
    def filtered(self) -> bool:
        return self._query.kind is not None or self._query.status is not None

    def set_filter(self, kind: str | None, status: Status | None) -> None:
        self._requery(self._with(kind=kind or None, status=status))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(COLUMNS):
            descending = order == Qt.SortOrder.DescendingOrder
            self._requery(self._with(sort=COLUMNS[column].sort, descending=descending))

    def refresh(self) -> None:
        """Read the queue again (after an import or a decision)."""
        self.beginResetModel()
        self._blocks.clear()
        self._count = self._total(self._query)
        self.endResetModel()

    def application_id(self, row: int) -> int | None:
        found = self.queue_row(row)
        return found.id if found else None

    def queue_row(self, row: int) -> QueueRow | None:
        if not 0 <= row < self._count:
            return None
        return self._blocks.row(row)

    def _fetch(self, number: int) -> list[QueueRow]:
        size = self._blocks.size
        return self._review.queue(self._with(offset=number * size, limit=size))[0]

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = (
                Qt.AlignmentFlag.AlignRight
                if column in RIGHT_ALIGNED
                else Qt.AlignmentFlag.AlignLeft
            )
            return horizontal | Qt.AlignmentFlag.AlignVCenter
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.ForegroundRole,
        ):
            return None
        row = self.queue_row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ForegroundRole:
            return STATUS_COLOURS.get(row.status) if column == STATUS else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if column not in (APPLICANT, KIND, TITLE):
                return None
            return plain_tooltip(cell_text(row, column, self._titles))
        return cell_text(row, column, self._titles)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].header
        if role == Qt.ItemDataRole.InitialSortOrderRole:  # newest, largest first
            descending = section in (AMOUNT, RECEIVED, REVISION)
            return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # --- internals --------------------------------------------------------------------------

    def _with(self, **changes: Any) -> QueueQuery:
        return replace(self._query, **changes)

    def _total(self, query: QueueQuery) -> int:
        return self._review.queue(QueueQuery(kind=query.kind, status=query.status, limit=0))[1]

    def _requery(self, query: QueueQuery) -> None:
        if query == self._query:
            return
        count = self._total(query)
        self.beginResetModel()
        self._query = query
        self._blocks.clear()
        self._count = count
        self.endResetModel()
