"""打印空白申报表及材料清单 from where a clerk starts: the 新建申报 dialog and the 文件 menu, through
the PDF preview to a saved PDF that lists the kind's materials."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from app.gui.applications.pages import BlankFormDialog, NewApplicationDialog
from app.gui.widgets.pdf_preview import PdfPreview
from app.settings import PDF_FOLDER_KEY, Mode, last_folder, write_mode
from forms import get_form
from tests.helpers.samples import squeezed_text
from tests.helpers.windows import main_window

LEFT = Qt.MouseButton.LeftButton


def saved_through_the_preview(qtbot, preview: PdfPreview, target, monkeypatch) -> bytes:
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: (str(target), "PDF 文件 (*.pdf)")
    )
    qtbot.waitUntil(lambda: preview.pages is not None and preview.save_button.isEnabled())
    qtbot.mouseClick(preview.save_button, LEFT)
    return target.read_bytes()


def select(dialog: NewApplicationDialog, kind: str) -> None:
    row = next(
        i
        for i in range(dialog.choices.count())
        if dialog.choices.item(i).data(Qt.ItemDataRole.UserRole) == kind
    )
    dialog.choices.setCurrentRow(row)


def test_the_new_application_dialog_prints_the_chosen_blank_form_to_a_pdf(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    dialog = NewApplicationDialog(None, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    select(dialog, "enclave")
    qtbot.mouseClick(dialog.blank_button, LEFT)
    preview = dialog.blank_preview
    assert preview.isVisible() and "飞地登记表" in preview.windowTitle()
    assert preview.file_name == "飞地登记表_空白申报表及申报材料清单.pdf"
    pdf = saved_through_the_preview(qtbot, preview, tmp_path / "空白表.pdf", monkeypatch)
    flat = squeezed_text(pdf)
    for material in get_form("enclave").materials:
        assert re.sub(r"\s+", "", material.name) in flat
    assert dialog.isVisible() and not dialogs  # back to choosing; nothing went wrong
    assert store.count_applications() == 0  # printing a blank form creates no application


def test_the_file_menu_prints_the_blank_form_of_the_chosen_kind(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    window = main_window(qtbot, store, tmp_path)
    (action,) = [a for a in window.menuBar().actions()[0].menu().actions() if "空白" in a.text()]

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, BlankFormDialog)
        select(dialog, "rd_subsidy")
        dialog.accept()

    QTimer.singleShot(0, choose)
    action.trigger()
    preview = next(
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, PdfPreview) and w.parentWidget() is window
    )
    qtbot.addWidget(preview)
    pdf = saved_through_the_preview(qtbot, preview, tmp_path / "研发.pdf", monkeypatch)
    assert "国家项目任务书或立项文件" in squeezed_text(pdf) and "研发补助申领表" in squeezed_text(
        pdf
    )
    assert not dialogs
    assert preview.store is store  # the next PDF is offered in the folder this one went to
    assert last_folder(store, PDF_FOLDER_KEY) == tmp_path


def new_track_blank_form_text(qtbot, store, mode: Mode, tmp_path, monkeypatch) -> str:
    """The new-track blank form printed from 新建申报 by a copy in ``mode``, as squeezed text."""
    write_mode(store, mode)
    dialog = NewApplicationDialog(None, store=store)
    qtbot.addWidget(dialog)
    dialog.show()
    select(dialog, "new_track")
    qtbot.mouseClick(dialog.blank_button, LEFT)
    pdf = saved_through_the_preview(
        qtbot, dialog.blank_preview, tmp_path / "新赛道.pdf", monkeypatch
    )
    return squeezed_text(pdf)


def test_a_park_office_prints_its_own_profile_on_the_blank_form(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    flat = new_track_blank_form_text(qtbot, store, Mode.PARK_OFFICE, tmp_path, monkeypatch)
    # 本园区信息 to write by hand, not the enterprise's 注册日期 or 收款账户 an office does not give
    assert "园区基本信息" in flat and "所辖高新区" in flat
    assert "注册日期" not in flat and "收款账户" not in flat and not dialogs


def test_an_enterprise_prints_the_applicant_profile_on_the_same_blank_form(
    qtbot, store, dialogs, tmp_path, monkeypatch
):
    """The other side of the test above: the same kind, at an enterprise, asks for 注册日期 and
    收款账户 (so their absence at an office is the office form's doing)."""
    flat = new_track_blank_form_text(qtbot, store, Mode.ENTERPRISE, tmp_path, monkeypatch)
    assert "注册日期" in flat and "收款账户" in flat
    assert "园区基本信息" not in flat and not dialogs
