"""A PDF built in the background and previewed page by page, with 保存为 PDF and 打印.

Any printable document (a packet, an 审核意见表, a 推荐汇总表) is a ``build`` function that
returns PDF bytes; the dialog runs it on a worker thread with a progress bar and 取消, shows the
result with QtPdf, saves it atomically and prints it through Qt's print dialog.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt
from PySide6.QtGui import QKeySequence, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.files import write_file
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, Progress, connect_queued
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path, with_suffix
from app.gui.widgets.titles import window_title
from app.gui.widgets.window_geometry import place_window
from app.settings import PDF_FOLDER_KEY, remember_folder
from db.repository import Store

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


class PdfPreview(QDialog):
    """Preview of the PDF that ``build`` returns, with 保存为 PDF…, 打印… and 取消 while building.

    ``title`` names the document (申报材料, 审核意见表…) in the window, the progress text and the
    save and print dialogs; ``file_name`` is the name offered when saving. With a ``store``, the
    folder last saved to is remembered (shared with the packet preview and 批量打印).
    The build starts at once; a subclass passes ``start=False`` and calls ``rebuild`` when it has
    finished setting up, and may override ``_make_work`` and ``_accept`` to keep more than the bytes.
    A build result with ``notes`` (a bytes subclass such as ``app.review_prints.SummaryPdf``)
    shows them above the pages.
    """

    # Said after a failed build, so the user knows nothing was lost.
    failure_note = "已保存的数据没有受到影响。"

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        build: Callable[[Progress], bytes],
        file_name: str,
        *,
        store: Store | None = None,
        start: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.title = title
        self.build = build
        self.file_name = file_name
        self.store = store
        self.pdf: bytes | None = None
        self.pages: PdfPages | None = None
        self.job: BackgroundJob | None = None
        self.setWindowTitle(window_title(f"{title} 打印预览"))
        place_window(self, "pdf_preview", (980, 900))

        self.summary = PlainLabel(self)
        self.summary.setWordWrap(True)
        self.banner = PlainLabel(self)
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.setToolTip("停止生成；可以再点“重新生成”")
        self.cancel_button.clicked.connect(self._cancel_or_retry)
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
        self.print_button.clicked.connect(self.print_pdf)
        close = QPushButton("关闭", self)
        close.clicked.connect(self.reject)

        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        # Subclasses put their own controls (a check box…) at the left of this row.
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        for button in (self.save_button, self.print_button, close):
            self.buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.banner)
        layout.addLayout(progress_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self._set_ready(False)
        if start:
            self.rebuild()

    # --- building ---------------------------------------------------------------------------

    def rebuild(self) -> None:
        """Build the PDF again on a worker thread; a build still running is abandoned."""
        if self.job is not None:
            self.job.cancel()
        job = BackgroundJob(self._make_work(), self)
        connect_queued(
            job.progressed, lambda done, total, job=job: self._progressed(job, done, total)
        )
        connect_queued(job.finished, lambda result, job=job: self._built(job, result))
        connect_queued(job.failed, lambda message, job=job: self._failed(job, message))
        connect_queued(job.cancelled, lambda job=job: self._cancelled(job))
        self.job = job
        self._set_ready(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.cancel_button.setText("取消")
        self.cancel_button.show()
        self.summary.setText(f"正在生成{self.title}……")
        job.start()

    def _make_work(self) -> Callable[[Progress], Any]:
        """The work of one build, made on the GUI thread (so it may read widgets) and run on the
        worker; what it returns is handed to ``_accept`` back on the GUI thread."""
        return self.build

    def _accept(self, result: Any) -> bytes:
        """The PDF bytes of a finished build (a subclass keeps whatever else it returned)."""
        return bytes(result)

    def describe(self) -> str:
        """The line shown above the pages once built."""
        count = self.pages.count if self.pages else 0
        return f"{self.title}　共 {count} 页"

    def _progressed(self, job: BackgroundJob, done: int, total: int) -> None:
        if job is self.job and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)

    def _built(self, job: BackgroundJob, result: Any) -> None:
        if job is not self.job:  # superseded by a later rebuild
            return
        self.job = None
        notes = getattr(result, "notes", ())
        self.pdf = self._accept(result)
        self.pages = PdfPages(self.pdf, self)
        self.view.setDocument(self.pages.document)
        self.summary.setText(self.describe())
        if notes:  # e.g. applications left out of a 推荐汇总表, and why
            self.banner.setText("\n".join(notes))
            self.banner.setProperty("level", "info")
            self.banner.style().polish(self.banner)
            self.banner.show()
        self.progress.hide()
        self.cancel_button.hide()
        self._set_ready(True)

    def _failed(self, job: BackgroundJob, message: str) -> None:
        if job is not self.job:
            return
        self.job = None
        self.progress.hide()
        self.cancel_button.setText("重新生成")
        self.summary.setText(f"无法生成{self.title}：{message}")
        plain.critical(self, f"无法生成{self.title}", f"{message}\n\n{self.failure_note}")

    def _cancelled(self, job: BackgroundJob) -> None:
        if job is not self.job:
            return
        self.job = None
        self.progress.hide()
        self.cancel_button.setText("重新生成")
        self.summary.setText(f"已取消生成{self.title}。点“重新生成”可以再试。")

    def _cancel_or_retry(self) -> None:
        if self.job is not None:
            self.job.cancel()
        else:
            self.rebuild()

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready)

    # --- output -----------------------------------------------------------------------------

    def save_as(self) -> None:
        if self.pdf is None:
            return
        path = ask_save_path(
            self,
            f"保存{self.title}",
            self.file_name,
            "PDF 文件 (*.pdf)",
            store=self.store,
            folder_key=PDF_FOLDER_KEY,
            suffix=".pdf",
        )
        if path is not None:
            self.save_to(path)

    def save_to(self, path: Path) -> bool:
        """Write the PDF to ``path`` (``.pdf`` added if missing); a failed write keeps the old file."""
        assert self.pdf is not None
        path = with_suffix(path, ".pdf")
        with shows_errors(self, "保存失败", "{}。原有文件没有改动。", box="critical") as refused:
            write_file(path, self.pdf)
        if refused:
            return False
        remember_folder(self.store, PDF_FOLDER_KEY, path.parent)
        self.summary.setText(f"已保存：{path}")
        return True

    def print_pdf(self) -> None:
        if self.pages is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name.removesuffix(".pdf"))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(f"打印{self.title}")
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
            plain.critical(self, "打印失败", f"{exc}。请检查打印机是否连接、是否有纸。")
            return
        self.summary.setText(f"已送往打印机：{printed} 页")

    def done(self, result: int) -> None:
        if self.job is not None:
            self.job.cancel()
        super().done(result)
