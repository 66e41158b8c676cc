"""Two copies of the app, one loop: an enterprise fills in and exports, the park office imports and
returns it for correction, the enterprise fixes and exports 第2版, the office recommends and prints,
and the enterprise takes in the decision. Each side is its own main window over its own store;
only files pass between them, as on a USB stick.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget

from app.gui.applications.pages import NewApplicationDialog
from app.gui.editor.application_window import ApplicationWindow
from app.gui.exchange.package_import import PackageImportDialog
from app.gui.main_window import MainWindow
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets.pdf_preview import PdfPreview
from app.recovery import RecoveryJournal
from app.settings import Mode, write_mode
from db.accounts import Accounts
from forms import all_forms
from forms.core.workflow import Status
from forms.exchange.review import Outcome
from tests.helpers.copies import open_copy
from tests.helpers.examples import example_document, example_json
from tests.helpers.gui_driver import clear, fill, type_text

PASSWORD = "审核密码2026"


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


class Files:
    """The file dialogs, answered with the paths a user would pick."""

    def __init__(self, monkeypatch) -> None:
        self.save_as: Path | None = None
        self.open: list[Path] = []
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._save)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._open)

    def _save(self, *_args, **_kwargs) -> tuple[str, str]:
        assert self.save_as is not None, "a save dialog was not expected here"
        chosen, self.save_as = self.save_as, None
        return str(chosen), ""

    def _open(self, *_args, **_kwargs) -> tuple[list[str], str]:
        chosen, self.open = self.open, []
        return [str(p) for p in chosen], ""


def main_window(qtbot, folder: Path, mode: Mode, profile_of: str) -> MainWindow:
    store = open_copy(folder, profile_of).store
    write_mode(store, mode)
    window = MainWindow(store, RecoveryJournal(folder / "recovery"))
    qtbot.addWidget(window)
    window.show()
    return window


def activate(qtbot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def menu_action(window: MainWindow, text: str):
    for entry in window.menuBar().actions():
        menu = entry.menu()
        assert isinstance(menu, QMenu)
        for action in menu.actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu entry {text}")


def import_files(qtbot, window: MainWindow, files: Files, entry: str, paths: list[Path]) -> str:
    """Pick ``paths`` through the menu entry and wait for the import to end; its summary."""
    files.open = paths
    menu_action(window, entry).trigger()
    dialog = window.findChild(PackageImportDialog) or next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, PackageImportDialog)
    )
    qtbot.waitUntil(lambda: dialog.run is not None and dialog.job is None, timeout=30_000)
    summary = dialog.status.text()
    dialog.close()
    dialog.deleteLater()
    return summary


def export_package(qtbot, window: ApplicationWindow, files: Files, target: Path) -> None:
    files.save_as = target
    activate(qtbot, window)
    QTest.keySequence(window, "Ctrl+E")
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
    assert target.is_file()


def decide(qtbot, window: ReviewWindow, outcome: Outcome, files: Files, target: Path, **reason):
    """作出审核决定… as the officer would, then export the decision when offered."""
    window.decide((reason["kind"], reason["key"]) if reason else None)
    dialog = window.decision_dialog
    assert dialog is not None
    QTest.mouseClick(dialog.outcomes[outcome], Qt.MouseButton.LeftButton)
    if reason:
        dialog.message_edit.setFocus()
        dialog.message_edit.insert(reason["message"])  # Chinese arrives from the input method
        QTest.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    files.save_as = target
    with qtbot.waitSignal(window.decided):
        QTest.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert target.is_file()


def printed(qtbot, parent: QWidget, button, files: Files, target: Path) -> str:
    """Click a print button, wait for the preview to build, save it; the PDF's text."""
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: parent.findChild(PdfPreview) is not None)
    preview = parent.findChild(PdfPreview)
    assert preview is not None
    qtbot.waitUntil(lambda: preview.pdf is not None, timeout=30_000)
    files.save_as = target
    QTest.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    preview.close()
    return "".join(page.extract_text() for page in PdfReader(target).pages).replace(" ", "")


def test_an_application_goes_round_the_review_loop_between_two_copies(
    qtbot, tmp_path, monkeypatch, dialogs
):
    files = Files(monkeypatch)
    usb = tmp_path / "U盘"
    usb.mkdir()
    firm = main_window(qtbot, tmp_path / "enterprise", Mode.ENTERPRISE, "incubator")
    office = main_window(qtbot, tmp_path / "office", Mode.PARK_OFFICE, "enclave")
    Accounts(office.store).create("wangfang", "王芳", PASSWORD)
    office.officers.sign_in("wangfang", PASSWORD)

    # --- the enterprise fills in an incubator application and exports it -------------------
    activate(qtbot, firm)

    def pick_incubator() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewApplicationDialog)
        dialog.choices.setCurrentRow(list(all_forms()).index("incubator"))
        QTest.keyClick(dialog.choices, Qt.Key.Key_Return)

    QTimer.singleShot(50, pick_incubator)
    QTest.keySequence(firm, "Ctrl+N")
    qtbot.waitUntil(lambda: len(firm.windows) == 1)
    (editor,) = firm.windows.values()
    fill(editor.editor, example_json("incubator")["data"])
    activate(qtbot, editor)
    QTest.keySequence(editor, "Ctrl+S")
    qtbot.waitUntil(lambda: not editor.dirty)
    for attached in example_document("incubator").attachments:  # the papers it asks for
        firm.store.add_attachment(
            editor.record.id, attached.name, attached.content, material=attached.material
        )
    editor.attachments.changed.emit()
    QTest.keySequence(editor, "Ctrl+Return")  # 检查并标记为待提交
    qtbot.waitUntil(lambda: editor.record.status is Status.READY)
    first = usb / "第1版.gxpkg"
    export_package(qtbot, editor, files, first)
    app_id = editor.record.id
    assert firm.store.load(app_id).status is Status.SUBMITTED

    # --- the office imports it and returns it, with a reason on the amount ------------------
    assert "导入 1 份" in import_files(qtbot, office, files, "导入申报包(&I)…", [first])
    page = office.review_page
    assert page.model.rowCount() == 1
    page.table.setFocus()
    page.table.selectRow(0)
    QTest.keyClick(page.table, Qt.Key.Key_Return)
    office_id = page.model.application_id(0)
    review = page.windows[office_id]
    qtbot.addWidget(review)
    received_title = review.editor.rows[review.definition.title_field].editor.focus_target()
    assert received_title.isReadOnly()  # nothing received can be edited at the office
    returned = usb / "退回.gxdec"
    decide(
        qtbot,
        review,
        Outcome.RETURN,
        files,
        returned,
        kind="field",
        key="requested_amount",
        message="申请金额与预算表不符，请核减",
    )
    assert office.store.load(office_id).status is Status.RETURNED

    # --- the enterprise takes in the return: the reason stands under the amount -------------
    assert "导入 1 份" in import_files(qtbot, firm, files, "导入审核决定(&D)…", [returned])
    assert firm.store.load(app_id).status is Status.RETURNED
    assert editor.record.status is Status.RETURNED and editor.save_action.isEnabled()
    assert "退回补正" in editor.decision_banner.heading.text()
    amount = editor.editor.rows["requested_amount"]
    assert amount.remark is not None and "申请金额与预算表不符" in amount.remark.text()

    # --- it fixes the amount and exports 第2版 ------------------------------------------------
    clear(amount.editor.focus_target())
    type_text(amount.editor.focus_target(), "40")
    activate(qtbot, editor)
    QTest.keySequence(editor, "Ctrl+S")
    qtbot.waitUntil(lambda: not editor.dirty)
    QTest.keySequence(editor, "Ctrl+Return")
    qtbot.waitUntil(lambda: editor.record.status is Status.READY)
    second = usb / "第2版.gxpkg"
    export_package(qtbot, editor, files, second)

    # --- the office takes in 第2版, recommends it and prints both sheets --------------------
    summary = import_files(qtbot, office, files, "导入申报包(&I)…", [second])
    assert "新版本" in summary or "导入 1 份" in summary
    review.reload()
    assert review.record.submission_revision == 2
    assert str(review.record.form.requested_amount) == "40"
    recommended = usb / "推荐.gxdec"
    decide(qtbot, review, Outcome.RECOMMEND, files, recommended)
    opinion = printed(qtbot, review, review.opinion_button, files, tmp_path / "意见表.pdf")
    number = office.store.load(office_id).number
    assert "审核意见表" in opinion and number in opinion and "通过并推荐" in opinion
    page.refresh()
    page.table.clearSelection()
    sheet = printed(qtbot, page, page.summary_button, files, tmp_path / "汇总表.pdf")
    assert "推荐汇总表" in sheet and number in sheet and "40" in sheet

    # --- the enterprise takes in the recommendation ----------------------------------------
    assert "导入 1 份" in import_files(qtbot, firm, files, "导入审核决定(&D)…", [recommended])
    assert firm.store.load(app_id).status is Status.RECOMMENDED
    assert "通过并推荐" in editor.decision_banner.heading.text()
    assert [d.outcome for d in office.review_page.review.decisions(office_id)] == [
        Outcome.RETURN,
        Outcome.RECOMMEND,
    ]
    for window in (editor, review):
        window.close()
