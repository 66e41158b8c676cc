"""The look, keys and column widths of a long list of applications (我的申报, the 审核 queue),
set up once for both."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, QPoint, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

CELL_PADDING = 32  # a header's padding, and room for its sort arrow
TEXT_PADDING = 20  # a cell's padding (6 px a side) and the style's text margins (3 px a side)
MEASURED_ROWS = 50  # rows whose texts size the columns: the first, and those in view
# (fewer than a block of the paged model, app/gui/applications/list_model.py: none read for it)
STRETCH_FEWEST = 12  # the stretch column keeps room for this many Chinese characters


class ListTable(QTableView):
    """A list's table view, which says when its viewport (the rows' area) changes width."""

    viewport_resized = Signal(int)
    menu_requested = Signal(QPoint)  # a right click (or the menu key) at this viewport point
    delete_requested = Signal()  # the Delete key

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.menu_requested.emit(event.pos())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Delete):
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)

    # Overridden rather than watched with an event filter: handing the viewport itself to
    # Python makes PySide create every widget class it might be, some 20-40 ms at start-up.
    def viewportEvent(self, event: QEvent) -> bool:
        if isinstance(event, QResizeEvent):
            self.viewport_resized.emit(event.size().width())
        return super().viewportEvent(event)


def set_up_list_table(table: QTableView) -> None:
    """Whole rows selected (several with Ctrl or Shift), nothing edited in place, one line per
    row elided on the right, Tab leaving the table, and rows of one fixed height."""
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)  # and long texts elided on the right, the view's default
    table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move within it
    # Air between columns; the header's text lines up with the cells below it.
    table.setStyleSheet(
        "QTableView::item { padding: 0 6px; }"
        " QHeaderView::section:horizontal { padding-left: 6px; padding-right: 6px; }"
    )
    rows = table.verticalHeader()
    rows.hide()
    rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never measure 100,000 rows
    rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
    table.horizontalHeader().setHighlightSections(False)


class ColumnFit(QObject):
    """Columns as wide as their content when there is room; one stretch column takes the rest.

    A column's content is its header, its ``samples`` (the widest value it can show, such as
    a number or a time, so it never jumps) and the texts of the rows measured (the first and
    those in view). When the row area is too narrow for all of that, the stretch column gives
    way first, down to ``STRETCH_FEWEST`` characters, then the widest of the others alike, down
    to their header; what is cut is elided, its tooltip whole. Once the user drags a column, the
    widths are theirs: only the stretch column follows the window.
    """

    def __init__(
        self, table: ListTable, headers: Sequence[str], stretch: int, samples: Mapping[int, str]
    ) -> None:
        super().__init__(table)
        self.table = table
        self.headers = list(headers)
        self.stretch = stretch
        self.samples = dict(samples)
        self.user_sized = False
        self._fitting = False
        header = table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # the user may drag
        header.sectionResized.connect(self._resized)
        table.viewport_resized.connect(self.fit)

    def watch(self) -> None:
        """Fit again whenever the table's model shows other rows (filters, a refresh)."""
        model = self.table.model()
        model.modelReset.connect(self.fit)
        model.layoutChanged.connect(self.fit)

    def natural_widths(self) -> list[int]:
        """Each column's content width, padding included."""
        table, model = self.table, self.table.model()
        metrics = table.fontMetrics()
        header_metrics = table.horizontalHeader().fontMetrics()
        count = model.columnCount()
        widths = []
        rows = self._measured_rows()
        for column in range(count):
            width = header_metrics.horizontalAdvance(self._header(column)) + CELL_PADDING
            texts = [self.samples[column]] if column in self.samples else []
            texts += [str(text) for row in rows if (text := model.index(row, column).data())]
            for text in texts:
                width = max(width, metrics.horizontalAdvance(text) + TEXT_PADDING)
            widths.append(width)
        return widths

    def fit(self, *_: object) -> None:
        table = self.table
        header = table.horizontalHeader()
        count = header.count()
        if not count:
            return
        room = table.viewport().width()
        char = table.fontMetrics().horizontalAdvance("高")
        stretch_fewest = STRETCH_FEWEST * char + CELL_PADDING
        others = [c for c in range(count) if c != self.stretch]
        if self.user_sized:
            widths = {c: header.sectionSize(c) for c in others}
        else:
            # all at their content's width; when that is too wide, the stretch column gives way
            # first, down to its fewest characters, then the widest of the others, alike
            natural = self.natural_widths()
            widths = {c: natural[c] for c in others}
            over = sum(widths.values()) + stretch_fewest - room
            if over > 0:
                self._give_way(widths, over)
        widths[self.stretch] = max(stretch_fewest, room - sum(widths.values()))
        self._fitting = True
        try:
            for column, width in widths.items():
                if header.sectionSize(column) != width:
                    header.resizeSection(column, width)
        finally:
            self._fitting = False

    def _give_way(self, widths: dict[int, int], over: int) -> None:
        """Narrow the widest columns first by ``over`` pixels, never below their header."""
        metrics = self.table.horizontalHeader().fontMetrics()
        floors = {c: metrics.horizontalAdvance(self._header(c)) + CELL_PADDING for c in widths}
        while over > 0:
            wide = [c for c in widths if widths[c] > floors[c]]
            if not wide:
                return
            widest = max(widths[c] for c in wide)
            tops = [c for c in wide if widths[c] == widest]
            below = max([widths[c] for c in wide if widths[c] < widest] + [0])
            floor = max(floors[c] for c in tops)
            step = min(widest - max(below, floor), -(-over // len(tops)))
            step = max(step, 1)
            for column in tops:
                cut = min(step, widths[column] - floors[column], over)
                widths[column] -= cut
                over -= cut

    def _header(self, column: int) -> str:
        return self.headers[column] if column < len(self.headers) else ""

    def _measured_rows(self) -> list[int]:
        table, model = self.table, self.table.model()
        count = model.rowCount()
        first = list(range(min(count, MEASURED_ROWS)))
        top = max(table.rowAt(0), 0)
        bottom = table.rowAt(table.viewport().height())
        bottom = count - 1 if bottom < 0 else bottom
        return sorted({*first, *range(top, min(bottom + 1, top + MEASURED_ROWS))})

    def _resized(self, column: int, _old: int, _new: int) -> None:
        # A drag on the header by the user: keep their widths from now on. (Qt resizes sections
        # itself too, when a model is set: those are not the user's.)
        header = self.table.horizontalHeader()
        if not self._fitting and column != self.stretch and header.underMouse():
            self.user_sized = True


def fit_columns(
    table: ListTable,
    headers: Sequence[str],
    stretch: int,
    samples: Mapping[int, str] | None = None,
) -> ColumnFit:
    """Size ``table``'s columns (titled ``headers``) to their content, ``stretch`` taking what is
    left, from now on (call after the table has its model)."""
    fitter = ColumnFit(table, headers, stretch, samples or {})
    fitter.watch()
    return fitter
