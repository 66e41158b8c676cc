"""我的申报 › 导出 Excel: the list as it is shown (filters, search, order, columns) in a workbook."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.widgets.excel_export import EXCEL_FOLDER_SETTING
from app.list_export import LIST_SHEET
from app.settings import last_folder
from db.repository import ListQuery, Store
from forms import get_form
from forms.core.workflow import Status
from tests.helpers.examples import KINDS, example_document
from tests.helpers.windows import shown


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    """Each example twice; one copy of the first kind 待提交 and named with a formula sign."""
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    for kind in KINDS:
        doc = example_document(kind)
        store.import_document(doc)
        store.import_document(doc)
    doc = example_document(KINDS[0])
    ready = store.list_applications(ListQuery(kind=KINDS[0]))[0][0].id
    title_field = doc.definition.title_field
    assert title_field
    store.save_draft(ready, doc.form.model_dump(mode="json") | {title_field: "=桂林示范项目"})
    store.change_status(ready, Status.READY)
    yield store
    store.close()


def shown_page(qtbot, store: Store) -> ApplicationsPage:
    return shown(qtbot, ApplicationsPage(store), (1366, 700))


def export(qtbot, monkeypatch, page: ApplicationsPage, dialogs, target) -> list[list[object]]:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    dialogs.clear()
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    workbook = load_workbook(target.with_suffix(".xlsx"))
    assert workbook.sheetnames == [LIST_SHEET]
    return [list(row) for row in workbook[LIST_SHEET].iter_rows(values_only=True)]


def test_the_list_exports_as_filtered_sorted_and_shown(
    qtbot, monkeypatch, store, dialogs, tmp_path
):
    page = shown_page(qtbot, store)
    kind = KINDS[0]
    page.kind_filter.setCurrentIndex(page.kind_filter.findData(kind))
    page.table.sortByColumn(columns.TITLE, Qt.SortOrder.AscendingOrder)
    model = page.model
    assert model.rowCount() == 2

    rows = export(qtbot, monkeypatch, page, dialogs, tmp_path / "我的申报")
    assert dialogs[-1][0] == "导出 Excel" and "已导出 2 份" in dialogs[-1][1]
    header, body = rows[0], rows[1:]
    assert header == [column.header for column in columns.COLUMNS]  # the columns as shown
    assert len(body) == model.rowCount()
    for number, row in enumerate(body):  # in the list's order, each cell as the list reads it
        assert row[columns.NUMBER] == model.index(number, columns.NUMBER).data()
        assert row[columns.TITLE] == model.index(number, columns.TITLE).data()
        # codes as labels: the form's title, the status's Chinese name
        assert row[columns.KIND] == get_form(kind).title
        assert row[columns.STATUS] == model.index(number, columns.STATUS).data()
        assert row[columns.STATUS] in {s.label for s in Status}
        # amounts as numbers, times as dates
        listed = model.list_row(number)
        assert listed is not None
        if listed.requested_amount is None:
            assert row[columns.AMOUNT] is None
        else:
            assert isinstance(row[columns.AMOUNT], int | float)
            assert Decimal(str(row[columns.AMOUNT])) == listed.requested_amount
        assert isinstance(row[columns.UPDATED], datetime)
    assert body[0][columns.TITLE] == "=桂林示范项目"  # text from a form stays text
    assert last_folder(store, EXCEL_FOLDER_SETTING) == tmp_path


def test_the_search_narrows_the_export_too(qtbot, monkeypatch, store, dialogs, tmp_path):
    page = shown_page(qtbot, store)
    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.READY.value))
    assert page.model.rowCount() == 1
    rows = export(qtbot, monkeypatch, page, dialogs, tmp_path / "待提交")
    assert len(rows) == 2 and rows[1][columns.STATUS] == Status.READY.label


def test_an_empty_list_says_there_is_nothing_to_export(qtbot, monkeypatch, store, dialogs):
    page = shown_page(qtbot, store)
    page.search_box.setText("没有这样的申报")
    page._search_now()
    asked: list[object] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: asked.append(a) or ("", ""))
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert not asked
    assert dialogs and "没有申报可导出" in dialogs[-1][1]


def test_the_file_menu_exports_the_list(qtbot, monkeypatch, store, dialogs, tmp_path):
    from app.gui.main_window import MainWindow
    from app.recovery import RecoveryJournal

    window = MainWindow(store, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    files = window.menuBar().actions()[0].menu()
    action = next(a for a in files.actions() if a.text().startswith("导出我的申报到 Excel"))
    target = tmp_path / "菜单导出"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20_000)
    assert f"已导出 {2 * len(KINDS)} 份" in dialogs[-1][1], dialogs
    rows = load_workbook(target.with_suffix(".xlsx"))[LIST_SHEET].max_row
    assert rows == 1 + 2 * len(KINDS)
