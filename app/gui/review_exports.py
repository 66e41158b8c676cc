"""What the review screens hand to other modules: the queue to Excel, and the two review prints.

app/queue_export.py writes the workbook and app/review_prints.py builds the PDFs; here they run
off the GUI thread (BackgroundJob, a progress dialog with 取消, or PdfPreview).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from app.gui.background import BackgroundJob, Progress, connect_queued
from db.location import StoreError
from db.review import QueueQuery

if TYPE_CHECKING:
    from db.repository import Store

EXCEL_FOLDER_SETTING = "queue_export_folder"


def export_queue_to_excel(parent: QWidget, store: Store, query: QueueQuery) -> BackgroundJob | None:
    """导出 Excel…: ask where, then write the queue as filtered, with a progress bar and 取消."""
    from app.queue_export import export_queue_xlsx

    folder = store.get_setting(EXCEL_FOLDER_SETTING) or str(Path.home())
    name, _ = QFileDialog.getSaveFileName(
        parent, "导出审核队列", str(Path(folder) / "审核队列.xlsx"), "Excel 工作簿 (*.xlsx)"
    )
    if not name:
        return None
    target = Path(name) if name.lower().endswith(".xlsx") else Path(name + ".xlsx")
    progress = QProgressDialog("正在导出审核队列……", "取消", 0, 0, parent)
    progress.setWindowTitle("导出 Excel")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def work(p: Progress) -> int:
        return export_queue_xlsx(
            store, target, query, lambda done, total: p.report(done, total), lambda: p.cancelled
        )

    job = BackgroundJob(work, parent)

    def finished(written: int) -> None:
        progress.reset()
        with contextlib.suppress(StoreError):  # remembering the folder is a nicety
            store.set_setting(EXCEL_FOLDER_SETTING, str(target.parent))
        QMessageBox.information(parent, "导出 Excel", f"已导出 {written:,} 份申报到：\n{target}")

    def failed(message: str) -> None:
        progress.reset()
        QMessageBox.warning(parent, "导出 Excel", f"未导出：{message}")

    def progressed(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)

    connect_queued(job.progressed, progressed)
    connect_queued(job.finished, finished)
    connect_queued(job.failed, failed)
    connect_queued(job.cancelled, progress.reset)
    progress.canceled.connect(job.cancel)
    job.start()
    return job


def print_recommendation_summary(parent: QWidget, store: Store, selected: list[int]) -> None:
    """打印推荐汇总表…: the selected applications that are 已推荐, or all of them when none is
    selected; app/review_prints says (in the preview) when none is 已推荐 and what was left out."""
    from app.gui.pdf_preview import PdfPreview
    from app.review_prints import summary_pdf

    ids = list(selected) or None

    def build(progress: Progress) -> bytes:
        return summary_pdf(store, ids, progress.check)

    preview = PdfPreview(parent, "推荐汇总表", build, "推荐汇总表.pdf", store=store)
    preview.show()


def print_review_opinion(parent: QWidget, store: Store, application_id: int) -> None:
    """打印审核意见表…: one application's review sheet, built in the background."""
    from app.gui.pdf_preview import PdfPreview
    from app.review_prints import opinion_file_name, opinion_pdf

    def build(progress: Progress) -> bytes:
        return opinion_pdf(store, application_id, progress.check)

    name = opinion_file_name(store, application_id)
    preview = PdfPreview(parent, "审核意见表", build, name, store=store)
    preview.show()
