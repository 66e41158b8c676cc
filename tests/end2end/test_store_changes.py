"""Screens refresh themselves when the store tells of a change (app/gui/widgets/store_changes.py), and
both lists (我的申报 and the review queue) keep their selection when they do."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QThread

from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.editor.application_window import ApplicationWindow
from app.gui.review.review_page import ReviewPage
from app.gui.widgets.store_changes import store_changes
from app.recovery import RecoveryJournal
from db.changes import Change
from db.repository import Store
from tests.helpers.databases import store_url_in
from tests.helpers.examples import KINDS, example_document
from tests.helpers.scenarios import send
from tests.helpers.windows import shown

SIZE = (1200, 600)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = Store.open(store_url_in(tmp_path))
    for kind in (*KINDS, *KINDS):
        opened.import_document(example_document(kind))
    yield opened
    opened.close()


def select_rows(table, rows: list[int]) -> None:
    selection = table.selectionModel()
    flag = QItemSelectionModel.SelectionFlag
    for row in rows:
        selection.select(table.model().index(row, 0), flag.Select | flag.Rows)
    selection.setCurrentIndex(table.model().index(rows[-1], 0), flag.NoUpdate)


def selected_ids(table) -> set[int]:
    model = table.model()
    return {model.application_id(i.row()) for i in table.selectionModel().selectedRows()}


def current_id(table) -> int | None:
    return table.model().application_id(table.currentIndex().row())


def test_a_save_in_a_window_refreshes_the_list_without_being_told(qtbot, store, tmp_path):
    page = shown(qtbot, ApplicationsPage(store), SIZE)
    chosen = page.model.application_id(3)
    page.table.selectRow(3)
    window = ApplicationWindow(store, chosen, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)  # nothing connects the window to the page
    title = window.definition.title_field
    assert title
    window.editor.set_data(window.editor.data() | {title: "窗口里改过名的项目"})
    window.dirty = True
    assert window.save(quiet=True)
    # newest first: the saved application is now at the top, still selected
    assert page.model.index(0, columns.TITLE).data() == "窗口里改过名的项目"
    assert page.selected_application_id() == chosen and page.table.currentIndex().row() == 0


def test_a_write_on_a_worker_thread_arrives_on_the_gui_thread(qtbot, store):
    page = shown(qtbot, ApplicationsPage(store), SIZE)
    before = page.model.rowCount()
    threads: list[QThread] = []
    heard: list[Change] = []

    def record(change: Change) -> None:
        threads.append(QThread.currentThread())
        heard.append(change)

    bridge = store_changes(store)
    bridge.changed.connect(record)
    worker = threading.Thread(target=lambda: store.import_document(example_document("incubator")))
    with qtbot.waitSignal(bridge.changed):
        worker.start()
        worker.join()
    assert threads == [page.thread()] and heard[0].applications
    assert page.model.rowCount() == before + 1  # the list heard it too, on the GUI thread
    assert page.count_label.text() == f"共 {before + 1} 份申报"


def test_writes_queued_meanwhile_arrive_as_one_change(qtbot, store):
    bridge = store_changes(store)
    heard: list[Change] = []
    bridge.changed.connect(heard.append)

    def import_three() -> None:
        for kind in KINDS[:3]:
            store.import_document(example_document(kind))

    worker = threading.Thread(target=import_three)
    with qtbot.waitSignal(bridge.changed):
        worker.start()
        worker.join()
    assert len(heard) == 1 and len(heard[0].applications) == 3


def test_my_list_keeps_every_selected_row_when_rows_come_in_above(qtbot, store):
    page = shown(qtbot, ApplicationsPage(store), SIZE)
    select_rows(page.table, [2, 4, 5])
    chosen, current = selected_ids(page.table), current_id(page.table)
    for kind in KINDS[:2]:  # newest first: two rows above the selection
        store.import_document(example_document(kind))
    assert selected_ids(page.table) == chosen and current_id(page.table) == current
    assert sorted(i.row() for i in page.table.selectionModel().selectedRows()) == [4, 6, 7]


def test_the_review_queue_keeps_its_selection_and_current_row(
    qtbot,
    office,
    session,
    enterprise,
):
    for _ in range(4):
        send(enterprise, office)
    page = shown(qtbot, ReviewPage(office.store, session), SIZE)
    select_rows(page.table, [1, 3])
    chosen, current = selected_ids(page.table), current_id(page.table)
    send(enterprise, office)  # the last received first: one row above the selection
    assert page.model.rowCount() == 5
    assert selected_ids(page.table) == chosen and current_id(page.table) == current
    assert sorted(i.row() for i in page.table.selectionModel().selectedRows()) == [2, 4]
