"""我的申报: the list of applications with its filters, search box and 新建 button.

While the store opens, the page shows the first page read straight from its file and keeps what
is typed or clicked (filters, search, sort, 批量打印) for when the store is attached.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, QTimer, Signal
from PySide6.QtGui import (
    QKeySequence,
    QShortcut,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.applications import list_model as columns
from app.gui.applications.list_model import ApplicationListModel, FirstPageModel, kind_titles
from app.gui.widgets import plain
from app.gui.widgets.list_table import CELL_PADDING, ListTable, fit_columns, set_up_list_table
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.store_changes import store_changes
from db.listing import ListQuery
from db.search import MAX_SEARCH_CHARACTERS, search_problem
from forms.core.workflow import Status

if TYPE_CHECKING:  # the page shows the first page before SQLAlchemy is imported
    from db.changes import Change
    from db.first_page import FirstPage
    from db.repository import Store

SEARCH_DELAY_MS = 250  # typing pauses this long before the list is queried again

EMPTY_TITLE = "还没有任何申报"
EMPTY_HINT = (
    "点击下面的按钮或按 Ctrl+N，选择申报类别，开始填写第一份申报。\n"
    "已有申报文件（JSON）的，可以点“导入申报文件…”或用“文件 › 导入申报文件”导入，可一次选多个文件。"
)

# The widest value a column can show (a number, a time), so its width never jumps; every
# column is as wide as its content when there is room, and 名称 takes the rest (list_table).
COLUMN_SAMPLES = {
    columns.NUMBER: "GX20260000000",
    columns.STATUS: "退回补正",
    columns.AMOUNT: "99,999,999.9999",
    columns.UPDATED: "2026-12-31 23:59",
}


def _window_shortcuts(window: QWidget) -> set[QKeySequence]:
    """Keys bound by the enabled actions of ``window`` and its menus.

    Asked of the window and its menu bar, not with findChildren: the first findChildren of a
    run costs the first frame some 3 ms.
    """
    actions = list(window.actions())
    bar = window.menuWidget() if isinstance(window, QMainWindow) else None
    pending = list(bar.actions()) if bar is not None else []
    while pending:  # the menu bar's entries, their menus, and submenus
        action = pending.pop()
        actions.append(action)
        menu = action.menu()
        if isinstance(menu, QMenu):
            pending.extend(menu.actions())
    return {
        key
        for action in actions
        if action.isEnabled()
        for key in action.shortcuts()
        if not key.isEmpty()
    }


class ApplicationsPage(QWidget):
    """The list page; the main window opens what it asks for through its two signals."""

    new_requested = Signal()
    open_requested = Signal(int)
    import_requested = Signal()  # 导入申报文件 (the main window owns the file dialog)

    def __init__(
        self,
        store: Store | None,
        parent: QWidget | None = None,
        first_page: FirstPage | None = None,
    ) -> None:
        """The list over ``store``; or, while it opens, ``first_page`` until ``attach``."""
        super().__init__(parent)
        self._store = store
        self._sort_was_chosen = False  # on the first page, for when the store is attached
        self._when_attached: list[Callable[[], None]] = []
        self.model: ApplicationListModel | FirstPageModel
        if store is not None:
            self.model = ApplicationListModel(store, self)
            store_changes(store).changed.connect(self._store_changed)
        elif first_page is not None:
            self.model = FirstPageModel(first_page, self)
        else:
            raise ValueError("ApplicationsPage needs a store or its first page")

        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("申报类别筛选")
        self._fill_kind_filter(kind_titles() if first_page is None else first_page.kind_titles)
        self.kind_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("状态筛选")
        self.status_filter.addItem("全部状态", None)
        for status in Status:
            self.status_filter.addItem(status.label, status.value)
        self.status_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText("按名称、申报主体或编号搜索（Ctrl+F）")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setMaxLength(MAX_SEARCH_CHARACTERS * 4)  # pasted pages stop here
        self.search_box.setAccessibleName("搜索申报")
        self.search_box.setMinimumWidth(self.fontMetrics().horizontalAdvance("按" * 14))

        self.new_button = QPushButton("新建申报（Ctrl+N）")
        self.new_button.setAutoDefault(False)
        self.print_button = QPushButton("批量打印…")
        self.print_button.setAutoDefault(False)
        self.print_button.setToolTip(
            "把选中的申报（按住 Ctrl 或 Shift 多选）生成申报材料 PDF（Ctrl+Shift+P）"
        )

        self.excel_button = QPushButton("导出 Excel…")
        self.excel_button.setAutoDefault(False)
        self.excel_button.setToolTip(
            "把列表中当前显示的申报（按所选类别、状态和搜索）导出为 Excel 表格"
        )

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.kind_filter)
        toolbar.addWidget(self.status_filter)
        toolbar.addWidget(self.search_box, 1)
        toolbar.addSpacing(12)
        toolbar.addWidget(self.new_button)
        toolbar.addWidget(self.print_button)
        toolbar.addWidget(self.excel_button)

        self.table = ListTable()
        self.table.setModel(self.model)
        self._set_up_table()

        self._empty_hint: QWidget | None = None  # made when first needed (a first start)

        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)

        self.count_label = PlainLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.count_label)

        self.setTabOrder(self.kind_filter, self.status_filter)
        self.setTabOrder(self.status_filter, self.search_box)
        self.setTabOrder(self.search_box, self.new_button)
        self.setTabOrder(self.new_button, self.print_button)
        self.setTabOrder(self.print_button, self.excel_button)
        self.setTabOrder(self.excel_button, self.table)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._apply_filter)
        self.search_box.textChanged.connect(self._search_timer.start)
        self.search_box.returnPressed.connect(self._search_now)
        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.new_button.clicked.connect(self.new_requested.emit)
        self.print_button.clicked.connect(self.print_selected)
        self.excel_button.clicked.connect(self.export_excel)
        self.table.activated.connect(self._open)  # double-click, or Enter on the current row
        self.model.modelReset.connect(self._show_counts)
        self.model.layoutChanged.connect(self._show_counts)

        # Window-wide, but only while this page is shown (a hidden page's shortcuts are off).
        self.find_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        self.find_shortcut.activated.connect(self.focus_search)
        self.new_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.New), self)
        self.new_shortcut.activated.connect(self.new_requested.emit)
        self.print_shortcut = QShortcut(QKeySequence("Ctrl+Shift+P"), self)
        self.print_shortcut.activated.connect(self.print_selected)
        # 删除草稿 and 复制为新申报: the row's context menu, and Delete on the table
        self.table.menu_requested.connect(self._row_menu)
        self.table.delete_requested.connect(self.delete_selected)

        self._show_counts()

    # --- what the main window calls ---------------------------------------------------------

    def attach(self, store: Store) -> None:
        """Swap the first page for the store's list, with what was chosen meanwhile.

        Filters, search and sort chosen while the store opened apply now. Otherwise the store's
        first rows are the first page's, so the view keeps its place and the selected rows.
        """
        if self._store is not None:
            return
        self._store = store
        store_changes(store).changed.connect(self._store_changed)
        shown, before = self.model, self.table
        self._fill_kind_filter(kind_titles())  # the forms' own titles (the same, normally)
        header = before.horizontalHeader()
        sort_column, sort_order = header.sortIndicatorSection(), header.sortIndicatorOrder()
        if not self._sort_was_chosen:  # none chosen while the store opened: the list's own
            sort_column, sort_order = columns.UPDATED, QtCore.Qt.SortOrder.DescendingOrder
        kind, status, search = self._filter_values()
        query = ListQuery(
            kind=kind,
            status=status,
            search=search,
            sort=columns.COLUMNS[sort_column].sort,
            descending=sort_order == QtCore.Qt.SortOrder.DescendingOrder,
        )
        place = before.verticalScrollBar().value()
        current = before.currentIndex().row()
        selected = [index.row() for index in before.selectionModel().selectedRows()]
        ids = {row: shown.application_id(row) for row in {current, *selected} if row >= 0}

        widths = [header.sectionSize(column) for column in range(header.count())]
        self.model = ApplicationListModel(store, self, query)
        self.model.modelReset.connect(self._show_counts)
        self.model.layoutChanged.connect(self._show_counts)
        old_selection = before.selectionModel()
        before.setModel(self.model)
        old_selection.deleteLater()
        if self.column_fit.user_sized:  # as the user dragged them
            for column, width in enumerate(widths):
                header.resizeSection(column, width)
        self.column_fit.watch()  # the store's rows: fitted when they change
        self.column_fit.fit()
        header.setSortIndicator(sort_column, sort_order)
        header.setSortIndicatorShown(True)
        before.setSortingEnabled(True)  # sorts by the indicator: the query it already has
        if self.model.query == shown.query:
            same = [row for row in ids if self.model.application_id(row) == ids[row]]
            selection = before.selectionModel()
            for row in same:
                flag = QItemSelectionModel.SelectionFlag
                if row in selected:
                    selection.select(self.model.index(row, 0), flag.Select | flag.Rows)
                if row == current:
                    selection.setCurrentIndex(self.model.index(row, 0), flag.NoUpdate)
            before.verticalScrollBar().setValue(place)
        shown.deleteLater()
        self._show_counts()
        waiting, self._when_attached = self._when_attached, []
        for action in waiting:
            QTimer.singleShot(0, action)

    def _fill_kind_filter(self, titles: dict[str, str]) -> None:
        """全部类别 and one entry per form, keeping the chosen kind (if it is still there)."""
        combo = self.kind_filter
        items = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())]
        wanted = [(None, "全部类别"), *titles.items()]
        if items == wanted:
            return
        chosen = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for kind, title in wanted:
            combo.addItem(title, kind)
        combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen else 0)
        combo.blockSignals(False)

    def when_attached(self, action: Callable[[], None]) -> None:
        """Do ``action`` once the store is attached (it is asked for while the store opens)."""
        if action not in self._when_attached:
            self._when_attached.append(action)
        self._show_counts()

    def refresh(self) -> None:
        """Show the store as it is now (after a save, import or delete anywhere).

        A save moves its application (newest first); the selection follows the application.
        """
        if isinstance(self.model, ApplicationListModel):  # the first page: nothing to do
            self.model.refresh()

    def _store_changed(self, change: Change) -> None:
        if change.applications:
            self.refresh()

    def focus_search(self) -> None:
        self.search_box.setFocus(QtCore.Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def selected_application_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.model.application_id(index.row()) if index.isValid() else None

    def selected_application_ids(self) -> list[int]:
        """The selected rows' applications, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        ids = (self.model.application_id(row) for row in rows)
        return [i for i in ids if i is not None]

    def delete_selected(self) -> bool:
        """删除草稿: the selected 草稿/待提交 applications, after a confirmation."""
        from app.gui.applications.draft_actions import delete_drafts

        if self._store is None:
            return False
        return delete_drafts(self, self._store, self.selected_application_ids())

    def copy_selected(self) -> int | None:
        """复制为新申报 of the current application; the copy is opened."""
        from app.gui.applications.draft_actions import copy_as_new_draft

        application_id = self.selected_application_id()
        if self._store is None or application_id is None:
            return None
        copied = copy_as_new_draft(self, self._store, application_id)
        if copied is not None:
            self.open_requested.emit(copied)
        return copied

    def _row_menu(self, position: QPoint) -> None:
        index = self.table.indexAt(position)
        if not index.isValid() or self._store is None:
            return
        menu = QMenu(self)
        menu.addAction("打开", lambda: self._open(index))
        menu.addAction("复制为新申报", self.copy_selected)
        menu.addSeparator()
        menu.addAction("删除草稿…（Delete）", self.delete_selected)
        menu.exec(self.table.viewport().mapToGlobal(position))

    def print_selected(self) -> None:
        """批量打印 of the selected applications (or the current one)."""
        if self._store is None:  # still opening: print what is selected then
            self.when_attached(self.print_selected)
            return
        ids = self.selected_application_ids()
        if not ids and (current := self.selected_application_id()) is not None:
            ids = [current]
        if not ids:
            plain.information(
                self, "批量打印", "请先在列表中选中要打印的申报（按住 Ctrl 或 Shift 可多选）。"
            )
            return
        from app.gui.applications.batch_print import BatchPrintDialog  # QtPdf loads on first use

        dialog = BatchPrintDialog(self._store, ids, self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def current_query(self) -> ListQuery:
        """The filter, search and order shown, without paging: what an export should contain."""
        return self.model.query.unpaged()

    def export_excel(self) -> QtCore.QObject | None:
        """导出 Excel…: the list as shown now (filters, search, order, columns) to an .xlsx."""
        if self._store is None:  # still opening: export once the list is the store's
            self.when_attached(self._export_when_attached)
            return None
        from datetime import date

        from app.gui.widgets.background import Progress
        from app.gui.widgets.excel_export import ask_excel_target, excel_job, run_with_progress

        store, query = self._store, self.current_query()
        shown, titles = columns.COLUMNS, kind_titles()
        if not store.count_applications(query):
            plain.information(
                self, "导出 Excel", "列表中没有申报可导出。请调整类别、状态或搜索词后再导出。"
            )
            return None
        name = f"我的申报_{date.today():%Y%m%d}.xlsx"
        target = ask_excel_target(self, store, "导出我的申报到 Excel", name)
        if target is None:
            return None

        def work(progress: Progress) -> int:
            from app.list_export import export_list_xlsx  # openpyxl only when exporting

            return export_list_xlsx(
                store, target, query, shown, titles, progress.report, lambda: progress.cancelled
            )

        job = excel_job(self, store, target, work)
        run_with_progress(self, job, target, "正在导出我的申报……")
        return job

    def _export_when_attached(self) -> None:
        self.export_excel()

    def showEvent(self, event: QShowEvent) -> None:
        # Two shortcuts on one key in a window are ambiguous and Qt then fires neither: when the
        # window already binds Ctrl+F or Ctrl+N (its menu actions), the page leaves it to them.
        taken = _window_shortcuts(self.window())
        self.find_shortcut.setEnabled(self.find_shortcut.key() not in taken)
        self.new_shortcut.setEnabled(self.new_shortcut.key() not in taken)
        super().showEvent(event)

    # --- internals --------------------------------------------------------------------------

    def _set_up_table(self) -> None:
        table = self.table
        set_up_list_table(table)
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)

        header = table.horizontalHeader()
        header.setSectionsClickable(True)
        if self._store is not None:
            header.setSortIndicatorShown(True)
            # Set the order before enabling sorting: enabling sorts by the indicator at once.
            header.setSortIndicator(columns.UPDATED, QtCore.Qt.SortOrder.DescendingOrder)
            table.setSortingEnabled(True)
        else:
            # The first page cannot sort itself: it shows no order until a column is clicked,
            # which chooses the order the store's list will have.
            header.sectionClicked.connect(self._sort_chosen)
        header.sortIndicatorChanged.connect(self._sort_changed)

        metrics = self.fontMetrics()
        header.setMinimumSectionSize(metrics.horizontalAdvance("名称") + CELL_PADDING)
        headers = [column.header for column in columns.COLUMNS]
        self.column_fit = fit_columns(table, headers, columns.TITLE, COLUMN_SAMPLES)

    @property
    def empty_hint(self) -> QWidget:
        """What a first start shows instead of an empty table (made on first use)."""
        if self._empty_hint is None:
            self._empty_hint = self._empty_state()
            self.stack.addWidget(self._empty_hint)
        return self._empty_hint

    def _empty_state(self) -> QWidget:
        """What a first start shows instead of an empty table: what to do next."""
        title = PlainLabel(EMPTY_TITLE)
        title.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        hint = PlainLabel(EMPTY_HINT)
        hint.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.first_new_button = QPushButton("新建第一份申报")
        self.first_new_button.setAutoDefault(False)
        self.first_new_button.clicked.connect(self.new_requested.emit)
        self.first_import_button = QPushButton("导入申报文件…")
        self.first_import_button.setAutoDefault(False)
        self.first_import_button.setToolTip("导入已有的申报文件（JSON），可一次选多个文件")
        self.first_import_button.clicked.connect(self.import_requested.emit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.first_new_button)
        buttons.addWidget(self.first_import_button)
        buttons.addStretch(1)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addSpacing(16)
        layout.addLayout(buttons)
        layout.addStretch(3)
        return widget

    def _filter_values(self) -> tuple[str | None, Status | None, str]:
        kind = self.kind_filter.currentData()
        status = self.status_filter.currentData()
        return (kind or None, Status(status) if status else None, self.search_box.text().strip())

    def _apply_filter(self) -> None:
        self._search_timer.stop()
        if not isinstance(self.model, ApplicationListModel):  # it applies when attached
            self._show_counts()
            return
        before = self.model.query
        self.model.set_filter(*self._filter_values())
        if self.model.query != before:
            self.table.scrollToTop()

    def _search_now(self) -> None:
        """Enter in the search box: search without waiting, then go to the first result."""
        self._apply_filter()
        if self.model.rowCount():
            self.table.setFocus(QtCore.Qt.FocusReason.OtherFocusReason)
            self.table.selectRow(0)

    def _open(self, index: QModelIndex) -> None:
        application_id = self.model.application_id(index.row())
        if application_id is not None:
            self.open_requested.emit(application_id)

    def _sort_chosen(self) -> None:
        """A column clicked on the first page: show the order chosen, for the store to apply."""
        if self._store is None:
            self._sort_was_chosen = True
            self.table.horizontalHeader().setSortIndicatorShown(True)
            self._show_counts()

    def _sort_changed(self) -> None:
        if self._store is not None:  # the first page stays as it is until the store sorts
            self.table.scrollToTop()

    def _show_counts(self) -> None:
        if self._store is None or isinstance(self.model, FirstPageModel):
            self._show_first_page_count()
            return
        count = self.model.rowCount()
        empty_store = count == 0 and (
            not self.model.filtered or self._store.count_applications(ListQuery()) == 0
        )
        if count or empty_store:
            self.count_label.setText(f"共 {count:,} 份申报")
        else:
            self.count_label.setText("没有符合条件的申报，请调整类别、状态或搜索词")
        problem = search_problem(self.search_box.text().strip())
        if problem:
            self.count_label.setText(f"{self.count_label.text()}。{problem}")
        self.stack.setCurrentWidget(self.empty_hint if empty_store else self.table)
        self.count_label.setVisible(not empty_store)

    def _show_first_page_count(self) -> None:
        """While the store opens: the count, and whether a filter or sort waits for it."""
        total = self.model.total if isinstance(self.model, FirstPageModel) else 0
        waiting = any(self._filter_values()) or self._sort_was_chosen or self._when_attached
        note = "　数据库正在打开，稍候将按您的选择继续……" if waiting else ""
        self.count_label.setText(f"共 {total:,} 份申报{note}")
        self.stack.setCurrentWidget(self.empty_hint if not total else self.table)
        self.count_label.setVisible(bool(total))
