"""One paged table model for every list of applications: 我的申报 and the office's review queue.

The model never holds the whole list: it asks the store how many rows a ``ListQuery`` matches,
and fetches a block of rows only when the view asks for one it has not got, keeping the most
recently used blocks. A list of 100,000 applications costs one count and one block to show. A
list is its query and its columns (``ListColumn``); 我的申报's are here, the queue's are in
app/gui/review/review_queue_model.py. Read again (``refresh``), it keeps the selection and the current
row on the applications they showed, wherever those now stand.

Before the store has opened, the first page read straight from the file (db/first_page.py) is
shown as plain items (``FirstPageModel``); both show a row through ``cell_data``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from app.gui.widgets.plain import plain_tooltip
from app.gui.widgets.row_blocks import RowBlocks
from db.listing import DENSE_SEARCH_HITS, ListQuery, ListRow, SortKey
from forms import all_forms
from forms.core.display import format_amount, format_local_time, local_time
from forms.core.workflow import Status

if TYPE_CHECKING:  # the first page is shown before SQLAlchemy is imported
    from db.first_page import FirstPage
    from db.repository import Store

BLOCK_ROWS = 100  # rows per query: three or four screens; one indexed query of a few ms
MAX_BLOCKS = 100  # blocks kept (10,000 rows); beyond this the least recently used goes
MAX_KEPT_ROWS = 1000  # a refresh keeps a selection of up to this many rows (more: cleared)

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()

CellText = Callable[[ListRow, Mapping[str, str]], str]


class ListColumn(NamedTuple):
    header: str
    sort: SortKey
    text: CellText
    right: bool = False  # a figure: right-aligned
    tooltip: bool = False  # a long text the view may elide: shown whole as its tooltip
    newest_first: bool = False  # a first click sorts it descending (newest, largest first)
    # Exported to Excel (app/list_export.py): the cell's value when it is not the text shown,
    # and what it is ("amount", "datetime", "integer"), so a number stays a number.
    cell: Callable[[ListRow], Any] | None = None
    cell_kind: str = "text"


def amount_cell(row: ListRow) -> Any:
    return row.requested_amount


def updated_cell(row: ListRow) -> Any:
    return local_time(row.updated_at).replace(microsecond=0)


def kind_text(row: ListRow, titles: Mapping[str, str]) -> str:
    """The 类别 cell: the form's title (the kind itself if this copy does not know it)."""
    return titles.get(row.kind, row.kind)


COLUMNS = (
    ListColumn("申报编号", SortKey.NUMBER, lambda row, _: row.number),
    ListColumn("类别", SortKey.KIND, kind_text, tooltip=True),
    ListColumn("名称", SortKey.TITLE, lambda row, _: row.title, tooltip=True),
    ListColumn("申报主体", SortKey.APPLICANT, lambda row, _: row.applicant_name, tooltip=True),
    ListColumn("状态", SortKey.STATUS, lambda row, _: row.status.label),
    ListColumn(
        "申请金额（万元）",
        SortKey.AMOUNT,
        lambda row, _: format_amount(row.requested_amount),
        right=True,
        newest_first=True,
        cell=amount_cell,
        cell_kind="amount",
    ),
    ListColumn(
        "最后修改",
        SortKey.UPDATED,
        lambda row, _: format_local_time(row.updated_at),
        newest_first=True,
        cell=updated_cell,
        cell_kind="datetime",
    ),
)
NUMBER, KIND, TITLE, APPLICANT, STATUS, AMOUNT, UPDATED = range(len(COLUMNS))

# A status the clerk must act on, or a final verdict, stands out when scanning the list.
STATUS_COLOURS = {
    Status.READY: QColor("#1d4ed8"),
    Status.SUBMITTED: QColor("#374151"),
    Status.RETURNED: QColor("#c2410c"),
    Status.RECOMMENDED: QColor("#15803d"),
    Status.REJECTED: QColor("#6b7280"),
}

# Roles, alignments and sort orders as the numbers Qt gives them. Spelled Qt.ItemDataRole.… they
# would have PySide build its whole Qt namespace (94 enums, some 40 ms) before the list's first
# frame can paint; tests/end2end/test_startup.py checks both the numbers and that it is not built.
DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole
TOOLTIP_ROLE = 3  # Qt.ItemDataRole.ToolTipRole
ALIGNMENT_ROLE = 7  # Qt.ItemDataRole.TextAlignmentRole
FOREGROUND_ROLE = 9  # Qt.ItemDataRole.ForegroundRole
INITIAL_SORT_ORDER_ROLE = 14  # Qt.ItemDataRole.InitialSortOrderRole
ID_ROLE = 256  # Qt.ItemDataRole.UserRole: the application's id
LEFT = 0x81  # Qt.AlignmentFlag.AlignLeft | AlignVCenter
RIGHT = 0x82  # Qt.AlignmentFlag.AlignRight | AlignVCenter
ASCENDING = cast("QtCore.Qt.SortOrder", 0)  # Qt.SortOrder.AscendingOrder
DESCENDING = cast("QtCore.Qt.SortOrder", 1)  # Qt.SortOrder.DescendingOrder

# The roles a cell answers; the view asks for others too, which are None.
CELL_ROLES = (DISPLAY_ROLE, TOOLTIP_ROLE, ID_ROLE, FOREGROUND_ROLE, ALIGNMENT_ROLE)
# The first page's items hold the id in the first column only (where it is read from).
FIRST_PAGE_ROLES = {True: CELL_ROLES, False: tuple(r for r in CELL_ROLES if r != ID_ROLE)}
HEADER_ROLES = (DISPLAY_ROLE, ALIGNMENT_ROLE, INITIAL_SORT_ORDER_ROLE)


def kind_titles() -> dict[str, str]:
    """The 类别 column's text by kind: each form's title."""
    return {kind: form.title for kind, form in all_forms().items()}


def cell_data(
    row: ListRow,
    column: int,
    role: int,
    titles: Mapping[str, str],
    columns: tuple[ListColumn, ...] = COLUMNS,
) -> Any:
    """What the cell of ``row`` in ``column`` answers for ``role`` (one of CELL_ROLES)."""
    shown = columns[column]
    if role == ALIGNMENT_ROLE:
        return RIGHT if shown.right else LEFT
    if role == FOREGROUND_ROLE:
        return STATUS_COLOURS.get(row.status) if shown.sort is SortKey.STATUS else None
    if role == ID_ROLE:
        return row.id
    if role == TOOLTIP_ROLE:  # the short texts always fit
        return plain_tooltip(shown.text(row, titles)) if shown.tooltip else None
    if role == DISPLAY_ROLE:
        return shown.text(row, titles)
    return None


def header_data(section: int, role: int, columns: tuple[ListColumn, ...] = COLUMNS) -> Any:
    shown = columns[section]
    if role == DISPLAY_ROLE:
        return shown.header
    if role == ALIGNMENT_ROLE:
        return RIGHT if shown.right else LEFT
    if role == INITIAL_SORT_ORDER_ROLE:
        return DESCENDING if shown.newest_first else ASCENDING
    return None


class FirstPageModel(QStandardItemModel):
    """The first page as plain items, shown while the store opens on a worker thread.

    Qt paints and scrolls these without calling back into Python, so the list stays smooth
    while that thread holds the interpreter, importing SQLAlchemy and the forms.
    """

    def __init__(self, page: FirstPage, parent: QObject | None = None) -> None:
        super().__init__(len(page.rows), len(COLUMNS), parent)
        self.total = page.total  # every application; the items are the first of them
        self.query = ListQuery(limit=BLOCK_ROWS)  # what they show: the list's default
        for section in range(len(COLUMNS)):
            header = QStandardItem()
            for role in HEADER_ROLES:
                header.setData(header_data(section, role), role)
            self.setHorizontalHeaderItem(section, header)
        for number, row in enumerate(page.rows):
            for column in range(len(COLUMNS)):
                item = QStandardItem()  # editable by its flags, but the view edits nothing
                for role in FIRST_PAGE_ROLES[column == 0]:
                    value = cell_data(row, column, role, page.kind_titles)
                    if value is not None and value is not LEFT:  # left is the view's own
                        item.setData(value, role)
                self.setItem(number, column, item)

    def application_id(self, row: int) -> int | None:
        value = self.index(row, 0).data(ID_ROLE)
        return value if isinstance(value, int) else None


class PagedListModel(QAbstractTableModel):
    """Applications matching a ``ListQuery``, in its order, read from the store on demand and
    shown in ``columns``."""

    def __init__(
        self,
        store: Store,
        columns: tuple[ListColumn, ...],
        query: ListQuery,
        parent: QObject | None = None,
        *,
        block_rows: int | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._columns = columns
        self._titles = kind_titles()
        size = block_rows or BLOCK_ROWS
        self._query = query._replace(offset=0, limit=size)
        self._blocks: RowBlocks[ListRow] = RowBlocks(size, MAX_BLOCKS, self._fetch)
        self._count = 0
        self._dense = False
        # The application in each row a refresh moved a selection to: the ids a later refresh
        # starts from, when that row's block has not been read again since.
        self._placed: dict[int, int] = {}
        self._take_count(store.count_applications(self._query))

    # --- what the page asks -----------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def columns(self) -> tuple[ListColumn, ...]:
        return self._columns

    @property
    def filtered(self) -> bool:
        return self._query.filtered

    def set_filter(self, kind: str | None, status: Status | None, search: str = "") -> None:
        self._requery(self._query._replace(kind=kind or None, status=status, search=search))

    def sort(self, column: int, order: QtCore.Qt.SortOrder = ASCENDING) -> None:
        if not 0 <= column < len(self._columns):
            return
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._requery(self._query._replace(sort=self._columns[column].sort, descending=descending))

    def refresh(self) -> None:
        """Read the store again (after a change anywhere), keeping the view's place.

        The selection and the current row stay on the applications they showed, wherever
        those now stand (a save moves its application to the top, newest first); one that
        left the list drops out of the selection.
        """
        # Asked after layoutAboutToBeChanged: the selection model then holds each selected row
        # as a persistent index of its own (not as ranges), which is what is moved below.
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()
        ids = self._ids_of(kept)
        self._take_count(self._store.count_applications(self._query))
        wanted = sorted({i for i in ids if i is not None})
        rows = self._store.list_rows_of(self._query, wanted) if wanted else {}
        moved = [
            self.index(rows[i], index.column()) if i in rows else QModelIndex()
            for i, index in zip(ids, kept, strict=True)
        ]
        self._placed = {row: i for i, row in rows.items()}
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    def application_id(self, row: int) -> int | None:
        found = self._row(row)
        return found.id if found else None

    def list_row(self, row: int) -> ListRow | None:
        return self._row(row)

    @property
    def cached_rows(self) -> int:
        """Rows held in memory now (bounded by MAX_BLOCKS blocks, whatever the list's length)."""
        return self._blocks.cached_rows

    # --- QAbstractTableModel ----------------------------------------------------------------

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or role not in CELL_ROLES:
            return None
        if role == ALIGNMENT_ROLE:  # the same for every row: read none
            return RIGHT if self._columns[index.column()].right else LEFT
        row = self._row(index.row())
        if row is None:
            return None
        return cell_data(row, index.column(), role, self._titles, self._columns)

    def headerData(
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        horizontal = orientation == QtCore.Qt.Orientation.Horizontal
        if not horizontal or not 0 <= section < len(self._columns):
            return None
        return header_data(section, role, self._columns)

    def flags(self, index: Index) -> QtCore.Qt.ItemFlag:
        if not index.isValid():
            return QtCore.Qt.ItemFlag.NoItemFlags
        return QtCore.Qt.ItemFlag.ItemIsEnabled | QtCore.Qt.ItemFlag.ItemIsSelectable

    # --- internals --------------------------------------------------------------------------

    def _requery(self, query: ListQuery) -> None:
        if query == self._query:
            return
        count = self._store.count_applications(query)
        self.beginResetModel()
        self._query = query
        self._placed = {}
        self._take_count(count)
        self.endResetModel()

    def _take_count(self, count: int) -> None:
        self._blocks.clear()
        self._count = count
        # Many hits: walk the sort order checking each row, as Store.list_applications does.
        self._dense = bool(self._query.search.strip()) and count > DENSE_SEARCH_HITS

    def _ids_of(self, indexes: list[QModelIndex]) -> list[int | None]:
        """The application in each of ``indexes``' rows as the view shows them (not as the store
        may hold them now); none at all past MAX_KEPT_ROWS."""
        rows = {index.row() for index in indexes}
        if len(rows) > MAX_KEPT_ROWS:
            return [None] * len(indexes)
        found = {row: self._shown_id(row) for row in rows}
        return [found[index.row()] for index in indexes]

    def _shown_id(self, row: int) -> int | None:
        # Where the last refresh put it; else the block the view was shown (read before the
        # write, unless dropped since); else the store as it is now.
        if row in self._placed:
            return self._placed[row]
        held = self._blocks.held(row)
        return held.id if held is not None else self.application_id(row)

    def _row(self, row: int) -> ListRow | None:
        if not 0 <= row < self._count:
            return None
        return self._blocks.row(row)

    def _fetch(self, number: int) -> list[ListRow]:
        start = number * self._blocks.size
        size = min(self._blocks.size, self._count - start)
        from_end = self._count - (start + size)
        if from_end < start:
            # Past the middle: read the reversed order from the other end, so the database
            # skips fewer rows (the order is total, ties broken by id, so this is exact).
            query = self._query._replace(backwards=True, offset=from_end, limit=size)
            return self._store.list_page(query, dense=self._dense)[::-1]
        query = self._query._replace(offset=start, limit=size)
        return self._store.list_page(query, dense=self._dense)


class ApplicationListModel(PagedListModel):
    """我的申报: every application in this store, newest first unless sorted otherwise."""

    def __init__(
        self, store: Store, parent: QObject | None = None, query: ListQuery | None = None
    ) -> None:
        super().__init__(store, COLUMNS, query or ListQuery(), parent)
