"""导出申报包: the packet is built and the package signed on a worker, then saved where asked.

Order matters: signing records the package and moves the application to 已提交 *before* the
user picks a file. A save dialog cancelled or a full disk therefore leaves an 已提交
application without a file; exporting again gives the very same package (same package id),
and every message says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QMainWindow,
    QProgressDialog,
    QPushButton,
)

from app.files import write_file
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.save_dialogs import ask_save_path
from app.packets import packet_for
from app.settings import PACKAGE_FOLDER_KEY, remember_folder
from db.exchange import Exchange, ExportedPackage
from db.repository import Store
from forms.core.zones import load_register
from forms.exchange.manifest import SUBMISSION_SUFFIX
from forms.packet import render_packet

PACKAGE_FILTER = "申报包 (*.gxpkg)"
SIGNING = -1  # reported as the total once the packet is built: signing can no longer be cancelled


@dataclass(frozen=True)
class ExportResult:
    exported: ExportedPackage
    fingerprint: str  # this copy's key, for the office to check by phone


def sign_submission(store: Store, application_id: int, progress: Progress) -> ExportResult:
    """Print the packet, then sign it into a package: the application becomes 已提交.

    Cancelling stops the printing; once signing has begun it completes.
    """
    pages = 0

    def page_done() -> None:
        nonlocal pages
        progress.check()
        pages += 1
        progress.report(pages, 0)

    pdf = render_packet(packet_for(store, application_id), progress=page_done)
    progress.check()  # the last moment at which nothing has changed
    progress.report(0, SIGNING)
    exchange = Exchange(store)
    return ExportResult(exchange.export_package(application_id, pdf), exchange.fingerprint)


def not_saved_note(exported: ExportedPackage) -> str:
    return (
        f"这份申报已签名导出为第{exported.revision}版，状态已改为“已提交”，但申报包文件没有保存。\n"
        "再点一次“导出申报包”会得到同一个申报包（包号不变，不会重复提交），届时保存即可。"
    )


class SubmissionExport(QObject):
    """One run of 导出申报包 for one application, reporting to the window that asked."""

    status_changed = Signal(int)  # application id: now 已提交, whether or not the file was saved
    ended = Signal()  # the run is over, whatever its outcome

    def __init__(self, store: Store, application_id: int, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.store = store
        self.application_id = application_id
        self.window = parent
        self.saved_to: Path | None = None
        self.progress = QProgressDialog("正在生成申报材料……", "取消", 0, 0, parent)
        self.cancel_button = QPushButton("取消", self.progress)
        self.progress.setCancelButton(self.cancel_button)
        self.progress.setWindowTitle("导出申报包")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumWidth(360)
        self.job = BackgroundJob(lambda p: sign_submission(store, application_id, p), self)
        connect_queued(self.job.progressed, self._progressed)
        connect_queued(self.job.finished, self._signed)
        connect_queued(self.job.failed, self._refused)
        connect_queued(self.job.cancelled, self._cancelled)
        self.progress.canceled.connect(self.job.cancel)

    def start(self) -> None:
        self.progress.show()
        self.job.start()

    # --- on the GUI thread, as the worker reports ------------------------------------------

    def _progressed(self, done: int, total: int) -> None:
        if total == SIGNING:
            self.progress.setLabelText("正在签名并登记申报包……")
            self.cancel_button.setEnabled(False)  # the application is changing to 已提交
        else:
            self.progress.setLabelText(f"正在生成申报材料（已排好 {done} 页）……")

    def _cancelled(self) -> None:
        self.progress.close()
        self.window.statusBar().showMessage("已取消导出，申报状态没有改变", 8000)
        self.ended.emit()

    def _refused(self, message: str) -> None:
        self.progress.close()
        plain.warning(
            self.window,
            "未导出申报包",
            f"{message}\n\n申报状态没有改变，也没有生成任何文件。",
        )
        self.ended.emit()

    def _signed(self, result: ExportResult) -> None:
        self.progress.close()
        exported = result.exported
        self.status_changed.emit(self.application_id)
        path = ask_save_path(
            self.window,
            "保存申报包",
            exported.file_name,
            PACKAGE_FILTER,
            store=self.store,
            folder_key=PACKAGE_FOLDER_KEY,
            suffix=SUBMISSION_SUFFIX,
        )
        if path is None:
            plain.information(self.window, "申报包未保存", not_saved_note(exported))
        else:
            with shows_errors(
                self.window,
                "申报包未保存",
                f"{{}}。\n\n{not_saved_note(exported)}",
                box="critical",
            ) as refused:
                write_file(path, exported.content)
            if not refused:
                self.saved_to = path
                remember_folder(self.store, PACKAGE_FOLDER_KEY, path.parent)
                plain.information(self.window, "已导出申报包", self._success_text(result, path))
        self.ended.emit()

    def _success_text(self, result: ExportResult, path: Path) -> str:
        exported = result.exported
        zone = load_register().get(self.store.load(self.application_id).applicant.hitech_zone)
        office = zone.name if zone is not None else "所在高新区"
        return (
            f"已保存：{path}\n"
            f"这是第{exported.revision}版，申报状态为“已提交”。\n\n"
            f"下一步：把这个文件（用 U 盘或电子邮件）交给{office}的园区管理部门。"
            "园区审核后会发回审核决定文件（.gxdec），收到后用“导入审核决定”导入，"
            "审核结果和意见会显示在本申报中。\n\n"
            f"本机密钥指纹：{result.fingerprint}\n"
            "园区第一次收到本单位的申报包时，会打电话核对这个指纹，请照此读给对方。"
        )
