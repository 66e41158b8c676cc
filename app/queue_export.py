"""The review queue as an Excel workbook (.xlsx) for the park office's own reporting.

Sheet 审核队列 has one row per received application, with its latest decision; sheet 汇总 the
counts and amounts by kind, status and month (db.review_stats). Amounts are numbers and dates
real dates, so the office can sum and filter them. Text that came from enterprises is always
text: a name beginning with ``=`` is never a formula. The file is written whole or not at all.
The table sheet is written by app/table_xlsx.py, which 我的申报's export shares.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from app.files import FileWriteError, write_file
from app.table_xlsx import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    DATETIME_FORMAT,
    Column,
    header_cells,
    new_workbook,
    text_cell,
    workbook_bytes,
    write_table,
)
from db.listing import REVIEW_QUEUE, ListQuery
from db.repository import Store
from db.review_stats import (
    ReportRow,
    ReviewSummary,
    Tally,
    report_count,
    report_rows,
    review_summary,
)
from forms import all_forms
from forms.core.display import local_time
from forms.packet import PacketCancelled

QUEUE_SHEET = "审核队列"
SUMMARY_SHEET = "汇总"

# The workbook could not be written: app.files.write_file says where and why.
ExportError = FileWriteError


COLUMNS: tuple[Column[ReportRow], ...] = (
    Column("申报编号", 16, lambda r: r.number),
    Column("申报单位", 20, lambda r: r.applicant_name),
    Column("统一社会信用代码", 22, lambda r: r.uscc),
    Column("申报类别", 16, lambda r: r.kind_title),
    Column("项目名称", 24, lambda r: r.title),
    Column("申请金额（万元）", 17, lambda r: r.requested_amount, AMOUNT_FORMAT),
    Column("状态", 10, lambda r: r.status),
    Column("版次", 6, lambda r: r.revision, "0"),
    Column(
        "收到时间", 17, lambda r: local_time(r.received_at).replace(microsecond=0), DATETIME_FORMAT
    ),
    Column("最近审核决定", 14, lambda r: r.decision),
    Column("审核人", 18, lambda r: r.officer),  # 姓名（登录名）
    Column("审核日期", 12, lambda r: r.decided_on, DATE_FORMAT),
)

_TITLE_FONT = Font(bold=True, size=14)


def _filter_text(query: ListQuery, since: date | None, until: date | None) -> str:
    forms = all_forms()
    kind = forms[query.kind].title if query.kind in forms else (query.kind or "全部")
    status = query.status.label if query.status else "全部"
    text = f"申报类别：{kind}；状态：{status}"
    if since and until:
        text += f"；收到日期：{since} 至 {until}"
    elif since or until:
        text += f"；收到日期：{since} 以来" if since else f"；收到日期：{until} 及以前"
    return text


def _queue_sheet(
    workbook: Workbook,
    store: Store,
    query: ListQuery,
    period: tuple[date | None, date | None],
    total: int,
    progress: Callable[[int, int], None] | None,
    cancelled: Callable[[], bool],
) -> int:
    batches = report_rows(store, query, since=period[0], until=period[1])
    return write_table(workbook, QUEUE_SHEET, COLUMNS, batches, total, progress, cancelled)


def _summary_table(sheet: Any, heading: str, tallies: Sequence[Tally], total: Tally) -> None:
    sheet.append(header_cells(sheet, [heading, "申报数量", "申请金额（万元）", "其中未填金额"]))
    for tally in (*tallies, total):
        sheet.append(
            [
                text_cell(sheet, tally.label),
                text_cell(sheet, tally.count, "#,##0"),
                text_cell(sheet, tally.amount, AMOUNT_FORMAT),
                text_cell(sheet, tally.without_amount, "#,##0"),
            ]
        )
    sheet.append([])


def _summary_sheet(workbook: Workbook, summary: ReviewSummary, filters: str) -> None:
    sheet = workbook.create_sheet(SUMMARY_SHEET)
    for letter, width in zip("ABCD", (34, 12, 18, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    title = text_cell(sheet, "收到的申报汇总")
    title.font = _TITLE_FONT
    sheet.append([title])
    exported = datetime.now().strftime("%Y-%m-%d %H:%M")
    sheet.append([text_cell(sheet, f"导出时间：{exported}　筛选：{filters}")])
    sheet.append(
        [text_cell(sheet, "申请金额为已填写金额之和；未填写金额的申报计入数量，不计入金额。")]
    )
    sheet.append([])
    _summary_table(sheet, "按申报类别", summary.by_kind, summary.total)
    _summary_table(sheet, "按状态", summary.by_status, summary.total)
    _summary_table(sheet, "按收到月份", summary.by_month, summary.total)


def queue_workbook(
    store: Store,
    query: ListQuery = REVIEW_QUEUE,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    since: date | None = None,
    until: date | None = None,
) -> tuple[bytes, int]:
    """The workbook's bytes and the number of applications in it."""
    total = report_count(store, query, since=since, until=until)
    if progress is not None:
        progress(0, total)
    workbook = new_workbook()
    written = _queue_sheet(workbook, store, query, (since, until), total, progress, cancelled)
    summary = review_summary(store, kind=query.kind, status=query.status, since=since, until=until)
    _summary_sheet(workbook, summary, _filter_text(query, since, until))
    return workbook_bytes(workbook), written


def export_queue_xlsx(
    store: Store,
    target: Path,
    query: ListQuery = REVIEW_QUEUE,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    *,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """Write the received applications matching ``query`` (all of them, whatever its page) and
    received between the local days ``since`` and ``until`` (both included, either open) to
    ``target``; the number of rows written. ExportError says why a file could not be written;
    then nothing is left behind, and a file already there is unchanged. ``cancelled`` is asked
    between batches of rows (PacketCancelled: nothing written)."""
    content, written = queue_workbook(store, query, progress, cancelled, since=since, until=until)
    if cancelled():
        raise PacketCancelled
    write_file(target, content)
    return written
