"""What the review screens hand to other modules: the queue to Excel, and the two review prints.

app/queue_export.py writes the workbook and app/review_prints.py builds the PDFs; here they run
off the GUI thread (BackgroundJob, a progress dialog with 取消, or PdfPreview).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

from app.gui.widgets.background import BackgroundJob, Progress
from app.gui.widgets.excel_export import ask_excel_target, excel_job, run_with_progress
from db.listing import ListQuery

if TYPE_CHECKING:
    from db.repository import Store


# --- the queue to Excel ---------------------------------------------------------------------


def ask_queue_target(parent: QWidget, store: Store, today: date) -> Path | None:
    """Where the queue's workbook goes; ``.xlsx`` added when not typed."""
    return ask_excel_target(parent, store, "导出审核队列到 Excel", f"审核队列_{today:%Y%m%d}.xlsx")


def queue_export_job(
    parent: QWidget,
    store: Store,
    query: ListQuery,
    target: Path,
    *,
    since: date | None = None,
    until: date | None = None,
) -> BackgroundJob:
    """The workbook of ``query`` (received between ``since`` and ``until``) written to ``target``
    on a worker, reporting (done, total); its folder remembered once written. Connect, then
    ``start`` it."""

    def work(progress: Progress) -> int:
        from app.queue_export import export_queue_xlsx  # openpyxl only when exporting

        return export_queue_xlsx(
            store,
            target,
            query,
            progress.report,
            lambda: progress.cancelled,
            since=since,
            until=until,
        )

    return excel_job(parent, store, target, work)


def export_queue_to_excel(parent: QWidget, store: Store, query: ListQuery) -> BackgroundJob | None:
    """导出 Excel… of the 审核 page: ask where, then write the queue as filtered, in a progress
    dialog with 取消. (统计与导出 shows the same job's progress on its page.)"""
    target = ask_queue_target(parent, store, date.today())
    if target is None:
        return None
    job = queue_export_job(parent, store, query, target)
    run_with_progress(parent, job, target, "正在导出审核队列……")
    return job


# --- the review prints ----------------------------------------------------------------------


def print_recommendation_summary(parent: QWidget, store: Store, selected: list[int]) -> None:
    """打印推荐汇总表…: the selected applications that are 已推荐, or all of them when none is
    selected; app/review_prints says (in the preview) when none is 已推荐 and what was left out."""
    from app.gui.widgets.pdf_preview import PdfPreview
    from app.review_prints import SUMMARY_FILE_NAME, summary_pdf

    ids = list(selected) or None

    def build(progress: Progress) -> bytes:
        return summary_pdf(store, ids, progress.check)

    preview = PdfPreview(parent, "推荐汇总表", build, SUMMARY_FILE_NAME, store=store)
    preview.show()


def print_review_opinion(parent: QWidget, store: Store, application_id: int) -> None:
    """打印审核意见表…: one application's review sheet, built in the background (from 第2版 on
    with what changed since the version before, which the preview can leave out)."""
    from app.gui.review.opinion_preview import OpinionPreview

    OpinionPreview(store, application_id, parent).show()
