"""The 我的申报 list as a Qt table model that reads the store a block of rows at a time.

The model never holds the whole list: it asks the store how many rows match, and fetches a
block of rows only when the view asks for one it has not got, keeping the most recently used
blocks. A list of 100,000 applications costs one count and one block to show.

Before the store has opened, the first page read straight from the file (db/first_page.py) is
shown as plain items (``FirstPageModel``); both show a row through ``cell_data``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/app/test_startup.py
from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
)
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel

from app.gui.plain import plain_tooltip
from app.gui.row_blocks import RowBlocks
from db.listing import DENSE_SEARCH_HITS, ListQuery, ListRow, SortKey
from forms import all_forms
from forms.core.display import format_amount, format_local_time
from forms.core.workflow import Status

if TYPE_CHECKING:  # the first page is shown before SQLAlchemy is imported
    from db.first_page import FirstPage
    from db.repository import Store

BLOCK_ROWS = 100  # rows per query: three or four screens; one indexed query of a few ms
MAX_BLOCKS = 100  # blocks kept (10,000 rows); beyond this the least recently used goes

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()


class ListColumn(NamedTuple):
    header: str
    sort: SortKey


COLUMNS = (
    ListColumn("申报编号", SortKey.NUMBER),
    ListColumn("类别", SortKey.KIND),
    ListColumn("名称", SortKey.TITLE),
    ListColumn("申报主体", SortKey.APPLICANT),
    ListColumn("状态", SortKey.STATUS),
    ListColumn("申请金额（万元）", SortKey.AMOUNT),
    ListColumn("最后修改", SortKey.UPDATED),
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
# frame can paint; tests/app/test_startup.py checks both the numbers and that it is not built.
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


def _cell_text(row: ListRow, column: int, titles: Mapping[str, str]) -> str:
    if column == NUMBER:
        return row.number
    if column == KIND:
        return titles.get(row.kind, row.kind)
    if column == TITLE:
        return row.title
    if column == APPLICANT:
        return row.applicant_name
    if column == STATUS:
        return row.status.label
    if column == AMOUNT:
        return format_amount(row.requested_amount)
    return format_local_time(row.updated_at)


def cell_data(row: ListRow, column: int, role: int, titles: Mapping[str, str]) -> Any:
    """What the cell of ``row`` in ``column`` answers for ``role`` (one of CELL_ROLES)."""
    if role == ALIGNMENT_ROLE:
        return RIGHT if column == AMOUNT else LEFT
    if role == FOREGROUND_ROLE:
        return STATUS_COLOURS.get(row.status) if column == STATUS else None
    if role == ID_ROLE:
        return row.id
    if role == TOOLTIP_ROLE and column not in (KIND, TITLE, APPLICANT):
        return None  # the long texts may be elided; the rest always fit
    if role == TOOLTIP_ROLE:
        return plain_tooltip(_cell_text(row, column, titles))
    if role == DISPLAY_ROLE:
        return _cell_text(row, column, titles)
    return None


def header_data(section: int, role: int) -> Any:
    if role == DISPLAY_ROLE:
        return COLUMNS[section].header
    if role == ALIGNMENT_ROLE:
        return RIGHT if section == AMOUNT else LEFT
    if role == INITIAL_SORT_ORDER_ROLE:  # first click: newest, largest first
        return DESCENDING if section in (UPDATED, AMOUNT) else ASCENDING
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


class ApplicationListModel(QAbstractTableModel):
    """Applications matching a filter, in a sort order, read from the store on demand."""

    def __init__(
        self, store: Store, parent: QObject | None = None, query: ListQuery | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._titles = kind_titles()
        self._query = (query or ListQuery())._replace(offset=0, limit=BLOCK_ROWS)
        self._blocks: RowBlocks[ListRow] = RowBlocks(BLOCK_ROWS, MAX_BLOCKS, self._fetch)
        self._count = 0
        self._dense = False
        self._take_count(store.count_applications(self._query))

    # --- what the page asks -----------------------------------------------------------------

    @property
    def query(self) -> ListQuery:
        return self._query

    @property
    def filtered(self) -> bool:
        return self._query.filtered

    def set_filter(self, kind: str | None, status: Status | None, search: str) -> None:
        self._requery(self._query._replace(kind=kind or None, status=status, search=search))

    def sort(self, column: int, order: QtCore.Qt.SortOrder = ASCENDING) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == QtCore.Qt.SortOrder.DescendingOrder
        self._requery(self._query._replace(sort=COLUMNS[column].sort, descending=descending))

    def refresh(self) -> None:
        """Read the store again (after a save elsewhere), keeping the view's place if we can."""
        count = self._store.count_applications(self._query)
        if count == self._count:
            # Same number of rows: repaint what is shown, so selection and scrolling stay put.
            self._take_count(count)
            if count:
                last = self.index(count - 1, len(COLUMNS) - 1)
                self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.beginResetModel()
            self._take_count(count)
            self.endResetModel()

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
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        if not index.isValid() or role not in CELL_ROLES:
            return None
        if role == ALIGNMENT_ROLE:  # the same for every row: read none
            return RIGHT if index.column() == AMOUNT else LEFT
        row = self._row(index.row())
        if row is None:
            return None
        return cell_data(row, index.column(), role, self._titles)

    def headerData(
        self, section: int, orientation: QtCore.Qt.Orientation, role: int = DISPLAY_ROLE
    ) -> Any:
        if orientation != QtCore.Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        return header_data(section, role)

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
        self._take_count(count)
        self.endResetModel()

    def _take_count(self, count: int) -> None:
        self._blocks.clear()
        self._count = count
        # Many hits: walk the sort order checking each row, as Store.list_applications does.
        self._dense = bool(self._query.search.strip()) and count > DENSE_SEARCH_HITS

    def _row(self, row: int) -> ListRow | None:
        if not 0 <= row < self._count:
            return None
        return self._blocks.row(row)

    def _fetch(self, number: int) -> list[ListRow]:
        start = number * BLOCK_ROWS
        size = min(BLOCK_ROWS, self._count - start)
        from_end = self._count - (start + size)
        if from_end < start:
            # Past the middle: read the reversed order from the other end, so the database
            # skips fewer rows (the order is total, ties broken by id, so this is exact).
            query = self._query._replace(
                descending=not self._query.descending, offset=from_end, limit=size
            )
            return self._store.list_page(query, dense=self._dense)[::-1]
        query = self._query._replace(offset=start, limit=size)
        return self._store.list_page(query, dense=self._dense)
