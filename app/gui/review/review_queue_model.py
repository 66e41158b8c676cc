"""The park office's review queue: its columns over the one paged list model (app/gui/applications/list_model.py).

The queue is the list of received applications (``REVIEW_QUEUE``), the last received first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from app.gui.applications.list_model import (
    ListColumn,
    PagedListModel,
    amount_cell,
    kind_text,
)
from db.listing import REVIEW_QUEUE, SortKey
from forms.core.display import format_amount, format_local_time

if TYPE_CHECKING:
    from db.repository import Store

COLUMNS = (
    ListColumn("申报编号", SortKey.NUMBER, lambda row, _: row.number),
    ListColumn("申报单位", SortKey.APPLICANT, lambda row, _: row.applicant_name, tooltip=True),
    ListColumn("申报类别", SortKey.KIND, kind_text, tooltip=True),
    ListColumn("项目名称", SortKey.TITLE, lambda row, _: row.title, tooltip=True),
    ListColumn(
        "申请金额（万元）",
        SortKey.AMOUNT,
        lambda row, _: format_amount(row.requested_amount),
        right=True,
        newest_first=True,
        cell=amount_cell,
        cell_kind="amount",
    ),
    ListColumn("状态", SortKey.STATUS, lambda row, _: row.status.label),
    ListColumn(
        "版次",
        SortKey.REVISION,
        lambda row, _: f"第{row.revision}版",
        right=True,
        newest_first=True,
    ),
    ListColumn(
        "收到时间",
        SortKey.RECEIVED,
        lambda row, _: format_local_time(row.received_at) if row.received_at else "",
        newest_first=True,
    ),
)
NUMBER, APPLICANT, KIND, TITLE, AMOUNT, STATUS, REVISION, RECEIVED = range(len(COLUMNS))


class ReviewQueueModel(PagedListModel):
    """Received applications matching a filter, in a sort order, read on demand."""

    def __init__(
        self, store: Store, parent: QObject | None = None, *, block_rows: int | None = None
    ) -> None:
        super().__init__(store, COLUMNS, REVIEW_QUEUE, parent, block_rows=block_rows)
