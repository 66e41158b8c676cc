"""The look and keys of a long list of applications (我的申报, the 审核 queue), set up once."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

CELL_PADDING = 32  # a cell's padding, and room for the header's sort arrow


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
