"""Both lists size their columns to their content: at 1366 wide no example text is elided, and
the stretch column (名称, 项目名称) takes what is left."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QTableView, QWidget

from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.review import review_queue_model as queue
from app.gui.review.review_page import ReviewPage
from app.gui.widgets.list_table import CELL_PADDING, TEXT_PADDING
from db.repository import Store
from forms.core.resources import CHINESE_FONT, resources_dir
from tests.helpers.copies import submit
from tests.helpers.examples import KINDS, example_document
from tests.helpers.scenarios import send

PAGE_WIDTH = 1366 - 150 - 24  # the main window on a 1366 screen, less its navigation


@pytest.fixture
def store(tmp_path) -> Iterator[Store]:
    store = Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}")
    for kind in KINDS:
        store.import_document(example_document(kind))
    yield store
    store.close()


def show(qtbot, page: QWidget, width: int = PAGE_WIDTH) -> None:
    qtbot.addWidget(page)
    page.resize(width, 600)
    page.show()
    qtbot.waitExposed(page)


def elided(table: QTableView) -> list[str]:
    """The texts in ``table`` wider than their cell (padding included)."""
    header, metrics, model = table.horizontalHeader(), table.fontMetrics(), table.model()
    cut = []
    for column in range(model.columnCount()):
        for row in range(model.rowCount()):
            text = model.index(row, column).data() or ""
            if metrics.horizontalAdvance(text) + TEXT_PADDING > header.sectionSize(column):
                cut.append(text)
    return cut


def fills(table: QTableView) -> bool:
    header = table.horizontalHeader()
    used = sum(header.sectionSize(c) for c in range(header.count()))
    return used == table.viewport().width()


def test_my_applications_show_every_example_whole_at_1366(qtbot, store):
    page = ApplicationsPage(store)
    show(qtbot, page)
    assert page.model.rowCount() == len(KINDS)
    assert not elided(page.table)
    assert fills(page.table)  # no gap at the right: 名称 takes the rest
    header = page.table.horizontalHeader()
    assert header.sectionSize(columns.TITLE) > header.sectionSize(columns.KIND)


def test_a_narrow_list_elides_the_widest_columns_first(qtbot, store):
    page = ApplicationsPage(store)
    show(qtbot, page, 700)
    header, metrics = page.table.horizontalHeader(), page.table.fontMetrics()
    for column, title in enumerate(c.header for c in columns.COLUMNS):  # headers stay whole
        assert header.sectionSize(column) >= metrics.horizontalAdvance(title) + CELL_PADDING - 2
    status = metrics.horizontalAdvance("退回补正") + TEXT_PADDING
    assert header.sectionSize(columns.STATUS) >= status  # a short column keeps its width
    assert header.sectionSize(columns.TITLE) >= 8 * metrics.horizontalAdvance("高")


def test_a_new_filter_fits_the_columns_to_what_is_shown(qtbot, store):
    page = ApplicationsPage(store)
    show(qtbot, page)
    header = page.table.horizontalHeader()
    everything = header.sectionSize(columns.KIND)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("enclave"))  # 飞地登记表: short
    qtbot.waitUntil(lambda: header.sectionSize(columns.KIND) < everything)
    assert not elided(page.table) and fills(page.table)


def test_the_review_queue_shows_every_example_whole_at_1366(qtbot, office, enterprise, session):
    doc = example_document("incubator")  # addressed to this office's zone
    send(enterprise, office)
    title_field = doc.definition.title_field
    assert title_field
    longer = doc.form.model_copy(update={title_field: "桂创科技企业孵化器智能制造中试基地"})
    exported = enterprise.exchange.export_package(
        submit(enterprise, doc=replace(doc, form=longer)), b"%PDF-1.7 packet"
    )
    office.exchange.import_package(exported.content, exported.file_name)
    page = ReviewPage(office.store, session)
    show(qtbot, page)
    assert page.model.rowCount() == 2
    assert not elided(page.table)
    assert fills(page.table)
    header = page.table.horizontalHeader()
    assert header.sectionSize(queue.TITLE) >= header.sectionSize(queue.APPLICANT)


@pytest.fixture
def shipped_font():
    """The font the desktop app shows lists in (app/gui/widgets/theme.py): 10.5 pt 文泉驿微米黑."""
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / CHINESE_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id)
    assert families
    font = QFont(families[0])
    font.setPointSizeF(10.5)
    return font


def test_with_the_shipped_font_a_wide_window_shows_everything(qtbot, store, shipped_font):
    page = ApplicationsPage(store)
    page.setFont(shipped_font)
    show(qtbot, page, 1600 - 150 - 24)
    page.column_fit.fit()
    assert not elided(page.table) and fills(page.table)


def test_with_the_shipped_font_at_1366_every_kind_is_whole(qtbot, store, shipped_font):
    page = ApplicationsPage(store)
    page.setFont(shipped_font)
    show(qtbot, page)
    page.column_fit.fit()
    kinds = [page.model.index(r, columns.KIND).data() for r in range(page.model.rowCount())]
    assert not set(elided(page.table)) & set(kinds)  # 类别 whole; long names give way first
    assert fills(page.table)
