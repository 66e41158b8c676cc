"""打印预览, 保存为PDF, 打印 and 批量打印, driven as a clerk would."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtTest import QTest

from app.files import FileWriteError, write_file
from app.gui.applications.packet_preview import PacketPreview
from app.packets import print_batch
from app.settings import last_folder, remember_folder
from tests.helpers.examples import KINDS, example_document
from tests.helpers.materials import without_files
from tests.helpers.samples import squeezed_text
from tests.helpers.windows import open_window


def stored(store, kind: str) -> int:
    return store.import_document(example_document(kind))


def wait_built(qtbot, preview: PacketPreview) -> None:
    qtbot.waitUntil(
        lambda: preview.pages is not None and preview.save_button.isEnabled(), timeout=20000
    )


def test_ctrl_p_in_the_editor_saves_then_previews_the_saved_data(qtbot, store, journal, dialogs):
    app_id = stored(store, "incubator")
    window = open_window(qtbot, store, journal, app_id)
    window.editor.set_data({**window.editor.data(), "carrier_name": "改过名字的孵化基地"})
    window._on_edit()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    QTest.keySequence(window, "Ctrl+P")
    qtbot.waitUntil(lambda: window.findChild(PacketPreview) is not None)
    preview = window.findChild(PacketPreview)
    wait_built(qtbot, preview)
    assert not window.dirty  # saved first, so paper and data are the same version
    assert store.load(app_id).title == "改过名字的孵化基地"
    assert preview.pages.count >= 6
    assert preview.packet.short_fingerprint in preview.summary.text()
    assert "改过名字的孵化基地" in squeezed_text(preview.pdf)
    preview.close()


def test_preview_says_draft_and_the_pdf_is_marked_on_every_page(qtbot, store, dialogs):
    applicant_id = store.save_applicant(example_document("rd_subsidy").applicant)
    app_id = store.create_application("rd_subsidy", applicant_id).id  # empty: fails required
    preview = PacketPreview(store, app_id)
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    assert "草稿" in preview.banner.text()
    reader = PdfReader(io.BytesIO(preview.pdf))
    assert all("草稿" in page.extract_text() for page in reader.pages)


def test_save_as_pdf_writes_the_packet_and_a_failed_write_keeps_the_old_file(
    qtbot, store, dialogs, tmp_path
):
    preview = PacketPreview(store, stored(store, "enclave"))
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    target = tmp_path / "材料"
    assert preview.save_to(target)
    written = target.with_suffix(".pdf")
    assert written.read_bytes() == preview.pdf
    assert last_folder(store, "last_pdf_folder") == tmp_path
    assert not preview.save_to(tmp_path / "没有这个文件夹" / "x.pdf")
    assert dialogs and dialogs[-1][0] == "保存失败"
    assert "没有这个文件夹" in dialogs[-1][1]


def test_ticking_attach_rebuilds_with_the_attachments_appended(qtbot, store, dialogs):
    from tests.helpers.samples import pdf_bytes

    app_id = store.import_document(without_files(example_document("new_track")))
    store.add_attachment(app_id, "批复文件.pdf", pdf_bytes(3))
    preview = PacketPreview(store, app_id)
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    without = preview.pages.count
    preview.attach.setChecked(True)
    qtbot.waitUntil(
        lambda: preview.pages is not None and preview.pages.count == without + 3, timeout=20000
    )
    assert "ATTACHEDPAGE3" in squeezed_text(preview.pdf)


def test_printing_sends_every_page_to_the_printer(qtbot, store, dialogs, tmp_path):
    preview = PacketPreview(store, stored(store, "incubator"))
    qtbot.addWidget(preview)
    wait_built(qtbot, preview)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    preview.print_to(printer)
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == preview.pages.count
    assert "已送往打印机" in preview.summary.text()


# --- batch ---------------------------------------------------------------------------------------


@pytest.fixture
def four(store) -> list[int]:
    return [stored(store, kind) for kind in KINDS]


def test_batch_into_one_pdf_keeps_each_packets_own_page_numbers(store, four, tmp_path):
    seen: list[tuple[int, int]] = []
    result = print_batch(
        store, four, tmp_path / "all.pdf", one_file=True, progress=lambda d, t: seen.append((d, t))
    )
    assert result.written == [tmp_path / "all.pdf"] and not result.failed
    reader = PdfReader(tmp_path / "all.pdf")
    titles = [item for item in reader.outline if isinstance(item, dict)]
    assert len(titles) == 4  # one outline entry per application, its headings under it
    totals = re.findall(
        r"第\s*1\s*页\s*共\s*(\d+)\s*页", "".join(p.extract_text() for p in reader.pages)
    )
    assert len(totals) == 4 and sum(map(int, totals)) == len(reader.pages)
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)


def test_batch_one_file_each_uses_safe_distinct_names(store, four, tmp_path):
    result = print_batch(store, four + four[:1], tmp_path, one_file=False)
    names = sorted(p.name for p in result.written)
    assert len(names) == 5 and len(set(names)) == 5
    assert all(p.exists() and p.read_bytes().startswith(b"%PDF") for p in result.written)


def test_cancelling_a_batch_stops_it_and_writes_no_combined_file(store, four, tmp_path):
    from forms.packet import PacketCancelled

    calls = []

    def cancel_after_first() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(PacketCancelled):
        print_batch(store, four, tmp_path / "all.pdf", one_file=True, cancelled=cancel_after_first)
    assert not (tmp_path / "all.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_an_unprintable_application_is_reported_and_the_rest_printed(store, four, tmp_path):
    result = print_batch(store, [*four, 999_999], tmp_path, one_file=False)
    assert len(result.written) == 4
    assert len(result.failed) == 1 and "999999" in result.failed[0]


def test_write_file_leaves_the_old_file_whole_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(FileWriteError, match="磁盘"):
        write_file(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"old"
    assert not list(tmp_path.glob("*.part"))


# --- the batch dialog ----------------------------------------------------------------------------


def test_batch_dialog_prints_in_the_background_with_progress(qtbot, store, four, dialogs, tmp_path):
    from app.gui.applications.batch_print import BatchPrintDialog

    dialog = BatchPrintDialog(store, four)
    qtbot.addWidget(dialog)
    dialog.show()
    values: list[int] = []
    dialog.progress.valueChanged.connect(values.append)
    dialog.start(tmp_path / "合并")
    assert not dialog.start_button.isEnabled()  # returns at once; the work runs on a thread
    qtbot.waitUntil(lambda: dialog.batch_result is not None, timeout=60000)
    assert (tmp_path / "合并.pdf").exists()
    assert values[-1] == 4 and len(values) >= 2
    assert dialogs[-1][0] == "批量打印" and "已生成 1 个 PDF 文件" in dialogs[-1][1]
    assert dialog.cancel_button.text() == "关闭"
    assert last_folder(store, "last_pdf_folder") == tmp_path  # the next dialog opens there


def test_batch_dialog_opens_where_the_last_pdf_went_and_a_cancelled_dialog_starts_nothing(
    qtbot, store, four, dialogs, tmp_path, monkeypatch
):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QFileDialog

    from app.gui.applications.batch_print import BatchPrintDialog

    remember_folder(store, "last_pdf_folder", tmp_path)
    asked: list[str] = []

    def cancelled(_parent, _caption, directory, _filters):
        asked.append(directory)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", cancelled)
    dialog = BatchPrintDialog(store, four)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    assert asked == [str(tmp_path / "申报材料（4 份）.pdf")]
    assert dialog.job is None and dialog.start_button.isEnabled() and not dialogs


def test_batch_dialog_cancel_stops_the_batch(qtbot, store, four, dialogs, tmp_path):
    from app.gui.applications.batch_print import BatchPrintDialog

    dialog = BatchPrintDialog(store, four * 5)
    qtbot.addWidget(dialog)
    dialog.each_file.setChecked(True)
    dialog.start(tmp_path)
    qtbot.waitUntil(lambda: dialog.progress.value() >= 1, timeout=60000)
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=60000)
    assert "已取消" in dialog.status.text()
    assert 1 <= len(list(tmp_path.glob("*.pdf"))) < 20
    assert not list(tmp_path.glob("*.part"))


def test_batch_print_from_the_list_takes_the_selected_rows(qtbot, store, four, dialogs):
    from PySide6.QtCore import QItemSelectionModel

    from app.gui.applications.applications_page import ApplicationsPage
    from app.gui.applications.batch_print import BatchPrintDialog

    page = ApplicationsPage(store)
    qtbot.addWidget(page)
    page.show()
    selection = page.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (0, 2):
        selection.select(page.model.index(row, 0), flags)
    assert len(page.selected_application_ids()) == 2
    page.print_button.click()
    dialog = page.findChild(BatchPrintDialog)
    assert dialog is not None and dialog.application_ids == page.selected_application_ids()
    dialog.reject()


def test_batch_print_with_nothing_selected_says_what_to_do(qtbot, store, dialogs):
    from app.gui.applications.applications_page import ApplicationsPage

    page = ApplicationsPage(store)
    qtbot.addWidget(page)
    page.print_selected()
    assert dialogs and "请先在列表中选中" in dialogs[-1][1]


def test_file_names_differing_only_in_case_do_not_overwrite_each_other(tmp_path):
    from app.packets import write_packets
    from tests.helpers.samples import make_packet

    sources = [
        (n, lambda n=n: make_packet("incubator", number=n)) for n in ("GXab1", "GXAB1", "GXab1")
    ]
    result = write_packets(sources, tmp_path, one_file=False)
    names = {p.name.casefold() for p in result.written}
    assert len(names) == 3
    assert len(list(tmp_path.iterdir())) == 3


def test_an_unexpected_error_is_reported_in_chinese_and_the_rest_printed(tmp_path):
    from app.packets import write_packets
    from tests.helpers.samples import make_packet

    def broken():
        raise ValueError("internal detail")

    sources = [("第一份", broken), ("第二份", lambda: make_packet("enclave"))]
    result = write_packets(sources, tmp_path / "x.pdf", one_file=True)
    assert result.written == [tmp_path / "x.pdf"]
    assert result.failed == [
        "第一份：无法生成申报材料（程序内部错误 ValueError，已记入错误日志）；请打开该申报检查后单独重试"
    ]


def test_batch_dialog_counts_the_drafts_it_printed(qtbot, store, four, dialogs, tmp_path):
    from app.gui.applications.batch_print import BatchPrintDialog

    applicant_id = store.save_applicant(example_document("rd_subsidy").applicant)
    empty = store.create_application("rd_subsidy", applicant_id).id  # fails required fields
    dialog = BatchPrintDialog(store, [*four, empty])
    qtbot.addWidget(dialog)
    dialog.start(tmp_path / "all.pdf")
    qtbot.waitUntil(lambda: dialog.batch_result is not None, timeout=60000)
    assert "其中 1 份有未通过的必须项" in dialog.status.text()
