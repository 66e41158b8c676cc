"""The generic PDF preview: builds in the background, cancels, saves, and says why a save failed."""

from __future__ import annotations

import io
import threading
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from reportlab.pdfgen.canvas import Canvas

from app.gui.widgets.background import Progress
from app.gui.widgets.pdf_preview import PdfPreview
from app.settings import last_folder

LEFT = Qt.MouseButton.LeftButton


def two_pages(_progress: Progress | None = None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    for text in ("PAGEONE", "PAGETWO"):
        canvas.drawString(72, 720, text)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def wait_built(qtbot, preview: PdfPreview) -> None:
    qtbot.waitUntil(lambda: preview.pages is not None and preview.save_button.isEnabled())


def test_builds_in_the_background_and_shows_every_page(qtbot, dialogs):
    preview = PdfPreview(None, "审核意见表", two_pages, "审核意见表.pdf")
    qtbot.addWidget(preview)
    assert not preview.save_button.isEnabled()  # nothing to save before the build is done
    wait_built(qtbot, preview)
    assert preview.pages.count == 2
    assert "审核意见表" in preview.summary.text() and "共 2 页" in preview.summary.text()
    assert preview.progress.isHidden() and preview.cancel_button.isHidden()
    assert "审核意见表" in preview.windowTitle()


def test_save_goes_through_a_chinese_dialog_and_writes_the_pdf(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    asked: list[tuple[str, str, str]] = []

    def choose(_parent, caption, directory, filters, *args):
        asked.append((caption, directory, filters))
        return str(tmp_path / "意见表"), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", choose)
    preview = PdfPreview(None, "审核意见表", two_pages, "GX-1_审核意见表.pdf", store=store)
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    qtbot.mouseClick(preview.save_button, LEFT)
    caption, directory, filters = asked[0]
    assert caption == "保存审核意见表" and filters == "PDF 文件 (*.pdf)"
    assert directory.endswith("GX-1_审核意见表.pdf")
    written = tmp_path / "意见表.pdf"
    assert written.read_bytes() == preview.pdf
    assert "已保存" in preview.summary.text()
    assert last_folder(store, "last_pdf_folder") == tmp_path
    assert not dialogs


def test_a_saved_pdf_counts_as_saved_when_the_folder_cannot_be_remembered(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    from db.errors import StoreError

    def read_only(*_args):
        raise StoreError("数据库为只读")

    monkeypatch.setattr(store, "set_setting", read_only)
    preview = PdfPreview(None, "审核意见表", two_pages, "审核意见表.pdf", store=store)
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    assert preview.save_to(tmp_path / "a.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == preview.pdf
    assert "已保存" in preview.summary.text() and not dialogs


def test_a_failed_save_says_why_and_keeps_the_old_file(qtbot, dialogs, tmp_path, monkeypatch):
    old = tmp_path / "old.pdf"
    old.write_bytes(b"the old file")
    preview = PdfPreview(None, "推荐汇总表", two_pages, "推荐汇总表.pdf")
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    assert not preview.save_to(old)
    assert old.read_bytes() == b"the old file"
    title, text = dialogs[-1]
    assert title == "保存失败" and "old.pdf" in text and "原有文件没有改动" in text
    assert not list(tmp_path.glob("*.part"))


def test_cancel_stops_the_build_and_retry_builds_again(qtbot, dialogs):
    release = threading.Event()
    calls: list[int] = []

    def slow(progress: Progress) -> bytes:
        calls.append(1)
        if len(calls) == 1:
            progress.report(1, 10)
            while not release.wait(0.01):
                progress.check()
        return two_pages()

    preview = PdfPreview(None, "推荐汇总表", slow, "推荐汇总表.pdf")
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.progress.maximum() == 10)
    assert preview.cancel_button.text() == "取消"
    qtbot.mouseClick(preview.cancel_button, LEFT)
    qtbot.waitUntil(lambda: preview.cancel_button.text() == "重新生成")
    assert "已取消" in preview.summary.text() and preview.pdf is None
    qtbot.mouseClick(preview.cancel_button, LEFT)
    wait_built(qtbot, preview)
    assert len(calls) == 2 and preview.pages.count == 2


def test_a_failed_build_is_reported_in_chinese(qtbot, dialogs):
    def broken(_progress: Progress) -> bytes:
        raise ValueError("boom")

    preview = PdfPreview(None, "审核意见表", broken, "x.pdf")
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: bool(dialogs))
    title, text = dialogs[-1]
    assert title == "无法生成审核意见表" and "程序内部错误 ValueError" in text
    assert not preview.save_button.isEnabled()
    assert preview.cancel_button.text() == "重新生成"


def test_the_printer_gets_every_page(qtbot, dialogs, tmp_path):
    from PySide6.QtPrintSupport import QPrinter

    preview = PdfPreview(None, "推荐汇总表", two_pages, "推荐汇总表.pdf")
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == 2
    assert "已送往打印机：2 页" in preview.summary.text()
