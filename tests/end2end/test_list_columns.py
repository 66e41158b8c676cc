"""Both lists size their columns to their content, in the app's own font: with room, no text is
elided and the stretch column (名称, 项目名称) takes what is left; at 1366 wide 类别 and 申报主体
are whole in 我的申报, and a long name gives way, never to a stub."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView, QWidget

from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.review import review_queue_model as queue
from app.gui.review.review_page import ReviewPage
from app.gui.widgets.list_table import CELL_PADDING, TEXT_PADDING
from db.repository import Store
from tests.helpers.copies import submit
from tests.helpers.examples import KINDS, example_document
from tests.helpers.scenarios import send

NAVIGATION = 150 + 24  # the main window's navigation and margins beside a page
LAPTOP = 1366 - NAVIGATION  # the page in the main window on a 1366 screen
ROOMY = 1600 - NAVIGATION
LONG_PROJECT = "桂创科技企业孵化器智能制造中试基地"


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    for kind in KINDS:
        store.import_document(example_document(kind))
    yield store
    store.close()


def show(qtbot, page: QWidget, font: QFont, width: int) -> None:
    assert page.font().pointSizeF() == font.pointSizeF()
    qtbot.addWidget(page)
    page.resize(width, 600)
    page.show()
    qtbot.waitExposed(page)


def elided(table: QTableView) -> dict[int, list[str]]:
    """The texts in ``table`` wider than their cell (padding included), by column."""
    header, metrics, model = table.horizontalHeader(), table.fontMetrics(), table.model()
    cut: dict[int, list[str]] = {}
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            text = model.index(row, column).data() or ""
            if metrics.horizontalAdvance(text) + TEXT_PADDING > header.sectionSize(column):
                cut.setdefault(column, []).append(text)
    return cut


def fills(table: QTableView) -> bool:
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    return used == table.viewport().width()


def chars(table: QTableView, column: int) -> float:
    """A column's width in Chinese characters."""
    return table.horizontalHeader().sectionSize(column) / table.fontMetrics().horizontalAdvance(
        "高"
    )


def test_with_room_my_applications_show_every_text_whole(qtbot, store, shipped_font):
    page = ApplicationsPage(store)
    show(qtbot, page, shipped_font, ROOMY)
    assert page.model.rowCount() == len(KINDS)
    assert not elided(page.table)
    assert fills(page.table)  # no gap at the right: 名称 takes the rest
    header = page.table.horizontalHeader()
    assert header.sectionSize(columns.TITLE) > header.sectionSize(columns.KIND)


def test_at_1366_kinds_and_applicants_are_whole_and_the_name_takes_the_rest(
    qtbot, store, shipped_font
):
    page = ApplicationsPage(store)
    show(qtbot, page, shipped_font, LAPTOP)
    cut = elided(page.table)
    assert set(cut) <= {columns.TITLE}  # 类别 and 申报主体, which the old layout cut, whole
    assert chars(page.table, columns.TITLE) >= 12  # a long 名称 elided, never to a stub
    assert fills(page.table)


def test_a_narrow_list_keeps_headers_and_short_columns_whole(qtbot, store, shipped_font):
    page = ApplicationsPage(store)
    show(qtbot, page, shipped_font, 700)
    header, metrics = page.table.horizontalHeader(), page.table.fontMetrics()
    for column, title in enumerate(c.header for c in columns.COLUMNS):  # headers stay whole
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + CELL_PADDING - 2
    status = metrics.horizontalAdvance("退回补正") + TEXT_PADDING
    assert header.sectionSize(columns.STATUS) >= status  # a short column keeps its width
    assert chars(page.table, columns.TITLE) >= 12


def test_a_new_filter_fits_the_columns_to_what_is_shown(qtbot, store, shipped_font):
    page = ApplicationsPage(store)
    show(qtbot, page, shipped_font, ROOMY)
    header = page.table.horizontalHeader()
    everything = header.sectionSize(columns.KIND)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("enclave"))  # 飞地登记表: short
    qtbot.waitUntil(lambda: header.sectionSize(columns.KIND) < everything)
    assert not elided(page.table) and fills(page.table)


@pytest.fixture
def queue_page(qtbot, office, enterprise, session) -> ReviewPage:
    doc = example_document("incubator")  # addressed to this office's zone
    send(enterprise, office)
    title_field = doc.definition.title_field
    assert title_field
    longer = doc.form.model_copy(update={title_field: LONG_PROJECT})
    exported = enterprise.exchange.export_package(
        submit(enterprise, doc=replace(doc, form=longer)), b"%PDF-1.7 packet"
    )
    office.exchange.import_package(exported.content, exported.file_name)
    return ReviewPage(office.store, session)


def test_with_room_the_review_queue_shows_every_text_whole(qtbot, queue_page, shipped_font):
    show(qtbot, queue_page, shipped_font, ROOMY)
    assert queue_page.model.rowCount() == 2
    assert not elided(queue_page.table)
    assert fills(queue_page.table)


def test_at_1366_the_project_name_is_no_stub(qtbot, queue_page, shipped_font):
    show(qtbot, queue_page, shipped_font, LAPTOP)
    cut = elided(queue_page.table)
    assert set(cut) <= {queue.APPLICANT, queue.KIND, queue.TITLE}
    assert chars(queue_page.table, queue.TITLE) >= 12  # not 「桂创科…」
    others = [chars(queue_page.table, c) for c in cut if c != queue.TITLE]
    assert max(others, default=0) - min(others, default=0) <= 1  # the others give way alike
    assert fills(queue_page.table)
