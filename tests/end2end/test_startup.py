"""Start-up: 我的申报 from the store's file at once, then the store itself behind it.

While the store opens (SQLAlchemy, migrations, the forms: about a second), the window shows the
first page read straight from the file; what is clicked meanwhile is done once the store is open.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow

from app.cli import NO_ARGUMENTS, build_parser
from app.gui.applications import list_model as columns
from app.gui.applications.applications_page import ApplicationsPage
from app.gui.applications.list_model import ApplicationListModel, FirstPageModel
from app.gui.applications.pages import NewApplicationDialog
from app.gui.main_window import MainWindow
from app.recovery import RecoveryJournal
from app.settings import remember_kind_titles
from db.first_page import FIRST_PAGE_ROWS, read_first_page
from db.listing import ListQuery, SortKey
from db.repository import Store
from forms.core.workflow import Status
from tests.helpers.examples import KINDS, example_document
from tests.helpers.windows import set_up

ROOT = Path(__file__).resolve().parents[2]
APPLICATIONS = 60  # more than the first page, which is more than a screen


pytestmark = pytest.mark.sqlite_only(
    reason="the first page is read from the SQLite file before the store opens"
)


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A set-up store of APPLICATIONS applications, closed, as the desktop app last left it."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    store = Store.open(url)
    set_up(store)
    docs = [example_document(KINDS[n % len(KINDS)]) for n in range(APPLICATIONS)]
    ids = store.import_documents(docs).ids
    store.change_status(ids[-1], Status.READY)  # a coloured status among the first rows
    remember_kind_titles(store)
    store.close()
    return url


@pytest.fixture
def opened(store_url: str) -> Iterator[Store]:
    """The same store, opened (as the worker thread does) once the first page is shown."""
    store = Store.open(store_url)
    yield store
    store.close()


def quick_window(qtbot, store_url: str) -> MainWindow:
    page = read_first_page(store_url)
    assert page is not None
    window = MainWindow(first_page=page)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def attach(window: MainWindow, store: Store, tmp_path: Path) -> None:
    window.attach(store, RecoveryJournal(tmp_path / "recovery"))
    window.finish_start()


ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.ForegroundRole,
)


def cells(model, rows: int) -> list[list[tuple]]:
    return [
        [tuple(model.index(r, c).data(role) for role in ROLES) for c in range(model.columnCount())]
        for r in range(rows)
    ]


def test_first_page_shows_the_stores_rows_before_it_opens(qtbot, store_url, opened):
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    assert isinstance(page.model, FirstPageModel)
    assert page.model.rowCount() == FIRST_PAGE_ROWS
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == ["我的申报"]
    assert window.statusBar().currentMessage() == "正在打开数据库……"
    assert page.count_label.text() == f"共 {APPLICATIONS} 份申报"
    assert page.table.isVisible() and page.table.rowAt(0) == 0

    store_model = ApplicationListModel(opened)
    assert cells(page.model, FIRST_PAGE_ROWS) == cells(store_model, FIRST_PAGE_ROWS)
    for r in range(FIRST_PAGE_ROWS):
        assert page.model.application_id(r) == store_model.application_id(r)
    amount = page.model.index(0, columns.AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    assert amount == store_model.index(0, columns.AMOUNT).data(Qt.ItemDataRole.TextAlignmentRole)
    # scrollable: the rows below the first screen are there to scroll to
    page.table.scrollToBottom()
    assert page.table.rowAt(page.table.viewport().height() - 1) == FIRST_PAGE_ROWS - 1


def test_attaching_the_store_keeps_the_place_and_the_selection(
    qtbot, store_url, opened, tmp_path, dialogs
):
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    page.table.verticalScrollBar().setValue(page.table.rowHeight(0) * 15)
    place = page.table.verticalScrollBar().value()
    chosen = page.table.rowAt(page.table.viewport().height() // 2)
    page.table.selectRow(chosen)
    wanted = page.selected_application_id()
    assert wanted is not None and place > 0

    attach(window, opened, tmp_path)
    assert isinstance(page.model, ApplicationListModel) and page.model.rowCount() == APPLICATIONS
    assert page.table.verticalScrollBar().value() == place
    assert page.selected_application_id() == wanted
    assert page.selected_application_ids() == [wanted]
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "我的申报",
        "申报主体",
    ]
    assert "企业端" in window.windowTitle() and "数据文件：" in window.statusBar().currentMessage()
    assert "sqlite:" not in window.statusBar().currentMessage()  # never the URL
    assert not dialogs


def test_a_double_click_while_the_store_opens_is_done_once_open(
    qtbot, store_url, opened, tmp_path, dialogs
):
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    cell = page.table.visualRect(page.model.index(2, columns.TITLE)).center()
    wanted = page.model.application_id(2)
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    qtbot.mouseDClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell)
    assert not window.windows  # nothing to open it with yet: it waits
    assert "打开所选申报" in window.statusBar().currentMessage()

    attach(window, opened, tmp_path)
    assert list(window.windows) == [wanted]  # once, however often it was asked
    editor = window.windows[wanted]
    assert editor.isVisible()
    editor.close()
    assert not dialogs


def test_new_while_the_store_opens_asks_for_the_form_once_open(
    qtbot, store_url, opened, tmp_path, dialogs
):
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(page.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "新建申报" in window.statusBar().currentMessage()
    asked: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewApplicationDialog)
        asked.append(dialog.windowTitle())
        dialog.reject()

    QTimer.singleShot(100, answer)
    attach(window, opened, tmp_path)
    assert asked == ["新建申报"]  # the two requests were one
    assert opened.count_applications() == APPLICATIONS and not window.windows


def test_filter_and_sort_chosen_while_opening_apply_once_open(
    qtbot, store_url, opened, tmp_path, dialogs
):
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    first_rows = cells(page.model, 5)
    page.status_filter.setCurrentIndex(page.status_filter.findData(Status.DRAFT.value))
    header = page.table.horizontalHeader()
    x = header.sectionViewportPosition(columns.AMOUNT) + header.sectionSize(columns.AMOUNT) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    assert header.sortIndicatorSection() == columns.AMOUNT
    assert cells(page.model, 5) == first_rows  # the first page stays as it was meanwhile
    assert "稍候" in page.count_label.text()

    attach(window, opened, tmp_path)
    query = page.model.query
    assert (query.status, query.sort, query.descending) == (Status.DRAFT, SortKey.AMOUNT, True)
    expected = opened.list_page(ListQuery(status=Status.DRAFT, sort=SortKey.AMOUNT, limit=100))
    assert [page.model.application_id(r) for r in range(len(expected))] == [r.id for r in expected]
    assert page.count_label.text() == f"共 {APPLICATIONS - 1:,} 份申报"


def test_batch_print_while_opening_is_done_once_open(
    qtbot, store_url, opened, tmp_path, dialogs, monkeypatch
):
    printed: list[list[int]] = []

    class Dialog:
        def __init__(self, store, ids, parent) -> None:
            printed.append(ids)

        def setAttribute(self, *args) -> None:
            pass

        def open(self) -> None:
            pass

    monkeypatch.setattr("app.gui.applications.batch_print.BatchPrintDialog", Dialog)
    window = quick_window(qtbot, store_url)
    page = window.applications_page
    page.table.selectRow(1)
    wanted = page.model.application_id(1)
    page.print_selected()
    assert not printed and "稍候" in page.count_label.text()
    attach(window, opened, tmp_path)
    qtbot.waitUntil(lambda: printed == [[wanted]])


def test_no_arguments_is_what_the_parser_gives_for_none():
    assert vars(build_parser().parse_args([])) == NO_ARGUMENTS


def test_the_window_and_its_first_page_need_no_sqlalchemy_pydantic_or_forms():
    code = (
        "import sys, app.gui.main, app.gui.applications.applications_page, app.gui.applications.list_model;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'pydantic', 'alembic')"
        " or m in ('forms.incubator', 'forms.core.definition', 'db.repository')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_page_leaves_a_key_to_the_windows_menu(qtbot, opened):
    """The page's own Ctrl+N gives way to a menu entry of the window on the same key."""
    window = QMainWindow()
    qtbot.addWidget(window)
    page = ApplicationsPage(opened)
    window.setCentralWidget(page)
    entry = window.menuBar().addMenu("文件").addMenu("新建").addAction("新建申报")
    entry.setShortcut(QKeySequence(QKeySequence.StandardKey.New))
    window.show()
    qtbot.waitExposed(window)
    assert not page.new_shortcut.isEnabled() and page.find_shortcut.isEnabled()


def test_role_and_alignment_numbers_are_qts():
    """list_model spells these as numbers, so that the first frame need not build Qt's namespace."""
    assert (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.InitialSortOrderRole,
        Qt.ItemDataRole.UserRole,
    ) == (
        columns.DISPLAY_ROLE,
        columns.TOOLTIP_ROLE,
        columns.ALIGNMENT_ROLE,
        columns.FOREGROUND_ROLE,
        columns.INITIAL_SORT_ORDER_ROLE,
        columns.ID_ROLE,
    )
    assert Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter == columns.LEFT
    assert Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter == columns.RIGHT
    assert (
        Qt.SortOrder.AscendingOrder.value,
        Qt.SortOrder.DescendingOrder.value,
    ) == (columns.ASCENDING, columns.DESCENDING)


FIRST_FRAME = """
import sys
import PySide6.QtCore as QtCore
from app.gui.main import AfterPaint, MainWindow, apply_theme, create_application
from db.first_page import read_first_page

app = create_application(sys.argv)
apply_theme(app, set_style=False, style_sheet=False)  # as app.gui.main.run does
window = MainWindow(first_page=read_first_page(sys.argv[1]))
window.show()

def painted():
    print("Qt" in QtCore.__dict__, window.applications_page.model.rowCount(), flush=True)
    app.quit()

AfterPaint(window, painted, 5000)
app.exec()
"""


def test_the_first_frame_is_painted_before_qts_namespace_is_built(store_url):
    """PySide builds its Qt namespace (94 enums, some 40 ms) when Qt is first named; the main
    window's first frame, rows and all, is painted without it."""
    result = subprocess.run(
        [sys.executable, "-c", FIRST_FRAME, store_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(FIRST_PAGE_ROWS)], result.stdout
