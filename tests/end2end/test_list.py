"""我的申报: the list model over the store and the page a clerk uses to find an application."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QWidget

from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.applications.list_model import BLOCK_ROWS, ApplicationListModel, format_amount
from benchmarks.bench_store import populate
from db.repository import ListQuery, SortKey, Store
from forms import get_form
from forms.core.display import format_local_time
from forms.core.workflow import Status
from tests.helpers.databases import store_url_in
from tests.helpers.examples import KINDS, example_document
from tests.helpers.windows import shown

RENAMED = "桂林{n}号示范项目"


@pytest.fixture
def empty_store(tmp_path) -> Iterator[Store]:
    store = Store.open(store_url_in(tmp_path, "s.sqlite3"))
    yield store
    store.close()


@pytest.fixture
def store(empty_store: Store) -> Store:
    """Each example as imported, and a renamed copy of each; one copy is 待提交."""
    for n, kind in enumerate(KINDS):
        doc = example_document(kind)
        empty_store.import_document(doc)
        copy_id = empty_store.import_document(doc)
        title_field = doc.definition.title_field
        assert title_field, kind
        data = doc.form.model_dump(mode="json") | {title_field: RENAMED.format(n=n)}
        empty_store.save_draft(copy_id, data)
    first_copy = empty_store.list_applications(ListQuery(search="桂林0号"))[0][0].id
    empty_store.change_status(first_copy, Status.READY)
    return empty_store


def shown_page(qtbot, store: Store) -> ApplicationsPage:
    return shown(qtbot, ApplicationsPage(store), (1100, 650))


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Type as a user does: ASCII as key presses, Chinese committed as an input method would.

    (QTest cannot press keys for Chinese characters.)
    """
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            event = QInputMethodEvent()
            event.setCommitString(ch)
            QApplication.sendEvent(widget, event)


def column_texts(model: ApplicationListModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def row_of(model: ApplicationListModel, application_id: int) -> int:
    return next(r for r in range(model.rowCount()) if model.application_id(r) == application_id)


def test_amounts_keep_their_decimals_with_thousands_separators():
    assert format_amount(Decimal("1234567.5")) == "1,234,567.50"
    assert format_amount(Decimal("12.3456")) == "12.3456"
    assert format_amount(Decimal("100")) == "100.00"
    assert format_amount(Decimal("0.0001")) == "0.0001"
    assert format_amount(None) == "—"


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset")
def test_last_change_is_shown_in_local_time(monkeypatch):
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        assert format_local_time(datetime(2026, 1, 1, 16, 30)) == "2026-01-02 00:30"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_lists_every_application_with_its_columns(qtbot, store):
    page = shown_page(qtbot, store)
    model = page.model
    assert model.rowCount() == 2 * len(KINDS)
    assert page.count_label.text() == f"共 {2 * len(KINDS)} 份申报"
    assert page.stack.currentWidget() is page.table
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "申报编号",
        "类别",
        "名称",
        "申报主体",
        "状态",
        "申请金额（万元）",
        "最后修改",
    ]

    for row in range(model.rowCount()):
        record = store.load(model.application_id(row))
        texts = [model.index(row, c).data() for c in range(model.columnCount())]
        assert texts[columns.NUMBER] == record.number
        assert texts[columns.KIND] == get_form(record.kind).title
        assert texts[columns.TITLE] == record.title
        assert texts[columns.APPLICANT] == record.applicant.name
        assert texts[columns.STATUS] == record.status.label
        assert texts[columns.AMOUNT] == format_amount(record.definition.amount_of(record.form))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", texts[columns.UPDATED])
    amount = model.index(0, columns.AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    assert amount & Qt.AlignmentFlag.AlignRight
    # newest first: the renamed copies were saved after their originals were imported
    assert column_texts(model, columns.UPDATED) == sorted(
        column_texts(model, columns.UPDATED), reverse=True
    )


def test_filters_by_kind_and_status(qtbot, store):
    page = shown_page(qtbot, store)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("incubator"))
    assert page.model.rowCount() == 2
    assert set(column_texts(page.model, columns.KIND)) == {get_form("incubator").title}
    assert page.count_label.text() == "共 2 份申报"

    page.kind_filter.setCurrentIndex(0)  # 全部类别
    page.status_filter.setCurrentIndex(page.status_filter.findText("待提交"))
    assert column_texts(page.model, columns.TITLE) == [RENAMED.format(n=0)]

    page.kind_filter.setCurrentIndex(page.kind_filter.findData(KINDS[-1]))
    assert page.model.rowCount() == 0
    # the store has applications, so this is no first start: the table stays, and says why
    assert page.stack.currentWidget() is page.table
    assert "没有符合条件的申报" in page.count_label.text()


def test_typed_search_waits_for_a_pause_then_filters(qtbot, store):
    page = shown_page(qtbot, store)
    type_into(qtbot, page.search_box, "桂林")
    assert page.model.rowCount() == 2 * len(KINDS)  # not on every keystroke
    qtbot.waitUntil(lambda: page.model.rowCount() == len(KINDS))
    assert all(t.startswith("桂林") for t in column_texts(page.model, columns.TITLE))
    assert page.count_label.text() == f"共 {len(KINDS)} 份申报"

    type_into(qtbot, page.search_box, " 1号")  # every word must occur
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert column_texts(page.model, columns.TITLE) == [RENAMED.format(n=1)]

    page.search_box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 2 * len(KINDS))


def test_enter_in_the_search_box_searches_at_once_and_goes_to_the_first_row(qtbot, store):
    page = shown_page(qtbot, store)
    page.search_box.setText("桂林2号")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.model.rowCount() == 1  # no waiting for the pause
    assert page.selected_application_id() == page.model.application_id(0)


def test_a_search_longer_than_a_search_says_so_and_still_works(qtbot, store):
    page = shown_page(qtbot, store)
    page.search_box.setText("桂林 " * 2000)  # pasted text: 2,000 words raised an error
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.model.rowCount() == len(KINDS)  # the first words still search
    assert "搜索内容最多" in page.count_label.text()
    page.search_box.setText(" ".join(["桂林"] * 12))
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert "搜索词最多 8 个" in page.count_label.text()


def test_clicking_a_header_sorts_by_that_column(qtbot, store):
    page = shown_page(qtbot, store)
    header = page.table.horizontalHeader()

    def click(column: int) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(
            header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2)
        )

    click(columns.TITLE)
    assert page.model.query.sort is SortKey.TITLE and not page.model.query.descending
    titles = column_texts(page.model, columns.TITLE)
    assert titles == sorted(titles)
    click(columns.TITLE)
    assert column_texts(page.model, columns.TITLE) == sorted(titles, reverse=True)

    click(columns.AMOUNT)  # money starts with the largest
    assert page.model.query.sort is SortKey.AMOUNT and page.model.query.descending
    amounts = [page.model.list_row(r).requested_amount for r in range(page.model.rowCount())]
    known = [a for a in amounts if a is not None]
    assert known == sorted(known, reverse=True)


def test_model_sort_maps_every_column_to_the_store(store):
    model = ApplicationListModel(store)
    for column, spec in enumerate(columns.COLUMNS):
        model.sort(column, Qt.SortOrder.AscendingOrder)
        assert model.query.sort is spec.sort and not model.query.descending
        expected = [r.id for r in store.list_page(model.query._replace(offset=0, limit=100))]
        assert [model.application_id(r) for r in range(model.rowCount())] == expected


def test_double_click_or_enter_opens_the_application(qtbot, store):
    page = shown_page(qtbot, store)
    wanted = store.list_applications(ListQuery(search="桂林3号"))[0][0].id
    row = row_of(page.model, wanted)
    cell = page.table.visualRect(page.model.index(row, columns.TITLE)).center()
    opened: list[int] = []
    page.open_requested.connect(opened.append)
    with qtbot.waitSignal(page.open_requested) as blocker:
        # a double-click is a click and then a DblClick event; QTest's mouseDClick sends only the latter
        qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
        qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert blocker.args == [wanted]
    assert opened == [wanted]  # once, not once per click

    other = page.model.application_id(0)
    page.table.setFocus()
    page.table.setCurrentIndex(page.model.index(0, 0))
    with qtbot.waitSignal(page.open_requested) as blocker:
        qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert blocker.args == [other]


def test_keyboard_shortcuts_find_and_new(qtbot, store):
    page = shown_page(qtbot, store)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()
    with qtbot.waitSignal(page.new_requested):
        qtbot.keyClick(page.search_box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(page.new_requested):
        qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)


def test_page_leaves_ctrl_f_to_a_window_that_binds_it(qtbot, store):
    """Two bindings of one key are ambiguous, and Qt then fires neither."""
    window = QMainWindow()
    qtbot.addWidget(window)
    page = ApplicationsPage(store)
    window.setCentralWidget(page)
    find = QAction("搜索", window)
    find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))
    find.triggered.connect(page.focus_search)
    window.addAction(find)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    assert not page.find_shortcut.isEnabled() and page.new_shortcut.isEnabled()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.search_box.hasFocus()


def test_first_start_shows_a_hint_instead_of_an_empty_table(qtbot, empty_store):
    page = shown_page(qtbot, empty_store)
    assert page.stack.currentWidget() is page.empty_hint
    assert page.empty_hint.isVisible() and not page.table.isVisible()
    hint = " ".join(label.text() for label in page.empty_hint.findChildren(QLabel))
    assert "还没有任何申报" in hint and "Ctrl+N" in hint
    with qtbot.waitSignal(page.new_requested):  # the hint's own button
        qtbot.mouseClick(page.first_new_button, Qt.MouseButton.LeftButton)

    new_id = empty_store.import_document(example_document("incubator"))
    page.refresh()
    assert page.stack.currentWidget() is page.table
    assert page.model.application_id(0) == new_id
    assert page.count_label.text() == "共 1 份申报"


def test_refresh_after_a_save_elsewhere_follows_the_application(qtbot, store):
    page = shown_page(qtbot, store)
    page.table.selectRow(3)
    chosen = page.selected_application_id()
    assert chosen is not None
    record = store.load(chosen)
    title_field = record.definition.title_field
    assert title_field
    store.save_draft(chosen, record.form.model_dump(mode="json") | {title_field: "改过名的项目"})

    page.refresh()  # newest first: the saved application is now at the top
    assert page.model.rowCount() == 2 * len(KINDS)
    assert page.selected_application_id() == chosen
    assert page.table.currentIndex().row() == 0
    assert page.model.index(0, columns.TITLE).data() == "改过名的项目"

    page.model.sort(columns.NUMBER, Qt.SortOrder.AscendingOrder)  # a save keeps the number
    page.table.selectRow(5)
    chosen = page.selected_application_id()
    store.delete_application(page.model.application_id(0))
    page.refresh()
    assert page.model.rowCount() == 2 * len(KINDS) - 1
    assert page.selected_application_id() == chosen
    assert page.count_label.text() == f"共 {2 * len(KINDS) - 1} 份申报"


@pytest.fixture
def big_store(empty_store: Store) -> Store:
    populate(empty_store, 3000)
    return empty_store


def counting_list_page(monkeypatch, store: Store) -> list[ListQuery]:
    calls: list[ListQuery] = []
    real = store.list_page

    def list_page(query: ListQuery, *, dense: bool = False):
        calls.append(query)
        return real(query, dense=dense)

    monkeypatch.setattr(store, "list_page", list_page)
    return calls


def test_scrolling_to_the_bottom_reads_only_the_blocks_it_shows(qtbot, big_store, monkeypatch):
    calls = counting_list_page(monkeypatch, big_store)
    page = shown_page(qtbot, big_store)
    total = page.model.rowCount()
    assert total == 3004 and page.count_label.text() == "共 3,004 份申报"
    page.grab()  # paint, as the screen would
    assert len(calls) == 1  # the first screen is one block

    page.table.scrollToBottom()
    last = page.model.index(total - 1, columns.TITLE)
    assert page.table.viewport().rect().intersects(page.table.visualRect(last))
    page.grab()
    # the bottom screen spans at most two blocks; everything in between was never read
    assert 2 <= len(calls) <= 3
    assert all(q.limit <= BLOCK_ROWS for q in calls)
    assert page.model.cached_rows <= 3 * BLOCK_ROWS
    before = len(calls)
    assert last.data() and len(calls) == before  # what is shown comes from the cache


def test_blocks_match_the_store_in_every_order(big_store):
    """Blocks past the middle are read backwards from the end; the rows must be the same."""
    model = ApplicationListModel(big_store)
    cases = [
        (columns.UPDATED, Qt.SortOrder.DescendingOrder, None, ""),
        (columns.AMOUNT, Qt.SortOrder.AscendingOrder, None, ""),
        (columns.TITLE, Qt.SortOrder.DescendingOrder, "incubator", ""),
        (columns.UPDATED, Qt.SortOrder.DescendingOrder, None, "科技"),  # > 1000 hits: dense
    ]
    for column, order, kind, search in cases:
        model.sort(column, order)
        model.set_filter(kind, None, search)
        everything = model.query._replace(offset=0, limit=10_000)
        expected = [r.id for r in big_store.list_page(everything)]
        assert model.rowCount() == len(expected) > BLOCK_ROWS
        assert [model.application_id(r) for r in range(model.rowCount())] == expected


def test_cache_stays_bounded(big_store, monkeypatch):
    monkeypatch.setattr(columns, "MAX_BLOCKS", 3)
    model = ApplicationListModel(big_store)
    calls = counting_list_page(monkeypatch, big_store)
    for row in range(0, 5 * BLOCK_ROWS, BLOCK_ROWS):
        model.index(row, 0).data()
    assert model.cached_rows == 3 * BLOCK_ROWS and len(calls) == 5
    model.index(4 * BLOCK_ROWS, 0).data()  # recently used: still held
    assert len(calls) == 5
    model.index(0, 0).data()  # the oldest was dropped, so it is read again
    assert len(calls) == 6
