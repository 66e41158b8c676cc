"""打印预览: the packet of one application, shown page by page, saved as PDF or printed.

The packet is built on a worker thread from the saved application; the dialog shows it with
QtPdf, and prints through Qt's print dialog by rendering each page at the printer's resolution.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.background import BackgroundJob, Progress, connect_queued
from app.packets import PacketWriteError, packet_file_name, packet_for, write_file
from db.repository import Store
from forms.packet import Packet, PacketOptions, render_packet

SAVE_FOLDER_SETTING = "last_pdf_folder"
PRINT_DPI = 300


class PdfPages:
    """A PDF held in memory for QtPdf (which reads from a QIODevice that must stay alive)."""

    def __init__(self, pdf: bytes, parent: QWidget) -> None:
        self.data = QByteArray(pdf)
        self.buffer = QBuffer(self.data, parent)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self.buffer)

    @property
    def count(self) -> int:
        return self.document.pageCount()


def print_document(printer: QPrinter, document: QPdfDocument, first: int = 1, last: int = 0) -> int:
    """Paint pages ``first``..``last`` (1-based, 0 = to the end) onto ``printer``; pages printed."""
    last = last or document.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("打印机无法开始打印")
    printed = 0
    try:
        page_rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        # Rendered at most at 300 dpi (a 1200 dpi A4 page is half a gigabyte) and scaled
        # by the painter into the printable area.
        dpi = min(printer.resolution(), PRINT_DPI)
        for index in range(first - 1, min(last, document.pageCount())):
            if printed:
                printer.newPage()
            points = document.pagePointSize(index)
            image = document.render(
                index, QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            )
            target = points.scaled(page_rect.size().toSizeF(), Qt.AspectRatioMode.KeepAspectRatio)
            x = (page_rect.width() - int(target.width())) // 2
            painter.drawImage(QRect(x, 0, int(target.width()), int(target.height())), image)
            printed += 1
            QApplication.processEvents()
    finally:
        painter.end()
    return printed


class PacketPreview(QDialog):
    """Preview of one application's packet with 保存为PDF and 打印."""

    def __init__(self, store: Store, application_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.application_id = application_id
        self.packet: Packet | None = None
        self.pdf: bytes | None = None
        self.pages: PdfPages | None = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle("打印预览")
        self.resize(980, 900)

        self.summary = QLabel("正在生成申报材料……", self)
        self.summary.setWordWrap(True)
        self.banner = QLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.attach = QCheckBox("附上图片和 PDF 附件", self)
        self.attach.setToolTip(
            "把图片和 PDF 附件按附件清单的顺序附在材料后面，每页同样印有页码和指纹"
        )
        self.attach.toggled.connect(self.rebuild)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.save_button = QPushButton("保存为 PDF…", self)
        self.save_button.setShortcut(QKeySequence.StandardKey.Save)
        self.save_button.setToolTip("保存为 PDF 文件（Ctrl+S）")
        self.save_button.clicked.connect(self.save_as)
        self.print_button = QPushButton("打印…", self)
        self.print_button.setShortcut(QKeySequence.StandardKey.Print)
        self.print_button.setToolTip("用打印机打印（Ctrl+P）")
        self.print_button.clicked.connect(self.print_packet)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)

        buttons = QHBoxLayout()
        buttons.addWidget(self.attach)
        buttons.addStretch(1)
        for button in (self.save_button, self.print_button, close):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.banner)
        layout.addWidget(self.progress)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._set_ready(False)
        self.rebuild()

    # --- building ---------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Build the packet again (on a worker thread), e.g. after 附上附件 was ticked."""
        if self.job is not None:
            self.job.cancel()
        options = PacketOptions(append_attachments=self.attach.isChecked())
        store, application_id = self.store, self.application_id

        def work(progress: Progress) -> tuple[Packet, bytes]:
            packet = packet_for(store, application_id)
            return packet, render_packet(packet, options, progress=progress.check)

        job = BackgroundJob(work, self)
        connect_queued(job.finished, lambda result, job=job: self._built(job, result))
        connect_queued(job.failed, lambda message, job=job: self._failed(job, message))
        self.job = job
        self._set_ready(False)
        self.progress.show()
        self.summary.setText("正在生成申报材料……")
        job.start()

    def _built(self, job: BackgroundJob, result: tuple[Packet, bytes]) -> None:
        if job is not self.job:  # superseded by a later rebuild
            return
        self.job = None
        self.packet, self.pdf = result
        self.pages = PdfPages(self.pdf, self)
        self.view.setDocument(self.pages.document)
        packet = self.packet
        self.summary.setText(
            f"{packet.definition.title}：{packet.definition.title_of(packet.form)}　"
            f"申报编号 {packet.number or '（未编号）'}　共 {self.pages.count} 页　"
            f"材料指纹 {packet.short_fingerprint}"
        )
        if packet.is_draft:
            self.banner.setText(
                "草稿：这份申请还有未通过的必须项或未填写的必填项，每页都印有“草稿”，"
                "不能作为正式申报材料。请按“政策条款自查”改正后重新打印。"
            )
            self.banner.setProperty("level", "error")
        else:
            self.banner.setText("全部必须符合的条款均已符合，可以打印正式申报材料。")
            self.banner.setProperty("level", "ok")
        self.banner.style().polish(self.banner)
        self.banner.show()
        self.progress.hide()
        self._set_ready(True)

    def _failed(self, job: BackgroundJob, message: str) -> None:
        if job is not self.job:
            return
        self.job = None
        self.progress.hide()
        self.summary.setText(f"无法生成申报材料：{message}")
        QMessageBox.critical(self, "无法生成申报材料", f"{message}\n\n申报内容没有受到影响。")

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    # --- output -----------------------------------------------------------------------------

    def default_path(self) -> Path:
        folder = self.store.get_setting(SAVE_FOLDER_SETTING) or str(Path.home())
        name = packet_file_name(self.packet) if self.packet else "申报材料.pdf"
        return Path(folder) / name

    def save_as(self) -> None:
        if self.pdf is None:
            return
        chosen, _ = QFileDialog.getSaveFileName(
            self, "保存申报材料", str(self.default_path()), "PDF 文件 (*.pdf)"
        )
        if chosen:
            self.save_to(Path(chosen))

    def save_to(self, path: Path) -> bool:
        assert self.pdf is not None
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            write_file(path, self.pdf)
        except PacketWriteError as exc:
            QMessageBox.critical(self, "保存失败", str(exc))
            return False
        self.store.set_setting(SAVE_FOLDER_SETTING, str(path.parent))
        self.summary.setText(f"已保存：{path}")
        return True

    def print_packet(self) -> None:
        if self.pages is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(packet_file_name(self.packet) if self.packet else "申报材料")
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印申报材料")
        dialog.setMinMax(1, self.pages.count)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        assert self.pages is not None
        first, last = printer.fromPage(), printer.toPage()
        try:
            printed = print_document(printer, self.pages.document, first or 1, last)
        except OSError as exc:
            QMessageBox.critical(self, "打印失败", f"{exc}。请检查打印机是否连接、是否有纸。")
            return
        self.summary.setText(f"已送往打印机：{printed} 页")

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        super().done(result)
