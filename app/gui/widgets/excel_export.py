"""导出 Excel… as every list does it: ask where, write on a worker with a progress dialog and 取消,
then say how many rows went where (我的申报 and the office's 审核 queue alike)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.save_dialogs import ask_save_path
from app.settings import remember_folder

if TYPE_CHECKING:
    from db.repository import Store

# One setting for every Excel export, so they all open in the same folder.
EXCEL_FOLDER_SETTING = "queue_export_folder"
EXCEL_FILTER = "Excel 工作簿 (*.xlsx)"
EXCEL_TITLE = "导出 Excel"


def ask_excel_target(parent: QWidget, store: Store, title: str, file_name: str) -> Path | None:
    """Where a workbook goes; ``.xlsx`` added when not typed."""
    return ask_save_path(
        parent,
        title,
        file_name,
        EXCEL_FILTER,
        store=store,
        folder_key=EXCEL_FOLDER_SETTING,
        suffix=".xlsx",
    )


def excel_job(
    parent: QWidget, store: Store, target: Path, work: Callable[[Progress], int]
) -> BackgroundJob:
    """``work`` (writing ``target``, reporting (done, total), the rows written) on a worker; the
    folder remembered once written. Connect, then ``start`` it."""
    job = BackgroundJob(work, parent)
    connect_queued(
        job.finished, lambda _written: remember_folder(store, EXCEL_FOLDER_SETTING, target.parent)
    )
    return job


def run_with_progress(parent: QWidget, job: BackgroundJob, target: Path, busy: str) -> None:
    """Start ``job`` in a progress dialog with 取消; say what was written, or why not."""
    progress = QProgressDialog(busy, "取消", 0, 0, parent)  # busy until the first count
    progress.setWindowTitle(EXCEL_TITLE)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(300)

    def finished(written: int) -> None:
        progress.reset()
        plain.information(parent, EXCEL_TITLE, f"已导出 {written:,} 份申报到：\n{target}")

    def failed(message: str) -> None:
        progress.reset()
        plain.warning(parent, EXCEL_TITLE, f"未导出：{message}")

    def progressed(done: int, total: int) -> None:
        progress.setMaximum(total)
        progress.setValue(done)

    connect_queued(job.progressed, progressed)
    connect_queued(job.finished, finished)
    connect_queued(job.failed, failed)
    connect_queued(job.cancelled, progress.reset)
    progress.canceled.connect(job.cancel)
    job.start()
