"""审核 (园区端): the queue of received applications, with filters, counts and what to do next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.applications.list_model import kind_titles
from app.gui.officers.officer import OfficerStatus
from app.gui.review.review_queue_model import (
    AMOUNT,
    COLUMNS,
    NUMBER,
    RECEIVED,
    REVISION,
    STATUS,
    ReviewQueueModel,
)
from app.gui.review.review_queue_model import TITLE as TITLE_COLUMN
from app.gui.widgets import plain
from app.gui.widgets.list_table import ListTable, fit_columns, set_up_list_table
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.store_changes import store_changes
from db.listing import ListQuery, review_query
from db.review import Review
from forms.core.workflow import AWAITING_DECISION, RECEIVED_STATUSES, Status

if TYPE_CHECKING:
    from app.gui.officers.officer import OfficerSession
    from app.gui.review.review_window import ReviewWindow
    from db.changes import Change
    from db.repository import Store

EMPTY_TITLE = "还没有收到任何申报"
EMPTY_HINT = (
    "申报单位导出的申报包（.gxpkg）用 U 盘或邮件送来后，点击下面的「导入申报包…」选择文件，\n"
    "可一次选择多个。导入时会核对签名和内容，并按本机的政策参数重新检查。"
)
QUEUE_STATUSES = RECEIVED_STATUSES  # the office never sees a draft
# The widest value a column can show, so its width never jumps; every column is as wide as its
# content when there is room, and 项目名称 takes the rest (app/gui/widgets/list_table.py).
COLUMN_SAMPLES = {
    NUMBER: "GX20260000000",
    AMOUNT: "99,999,999.9999",
    STATUS: "退回补正",
    REVISION: "第10版",
    RECEIVED: "2026-12-31 23:59",
}


class ReviewPage(QWidget):
    """The office's 审核 page; each application opens in its own ReviewWindow."""

    def __init__(
        self, store: Store, officer_session: OfficerSession, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.session = officer_session
        self.review = Review(store)
        self.windows: dict[int, ReviewWindow] = {}
        self.model = ReviewQueueModel(store, self)

        self.kind_filter = QComboBox()
        self.kind_filter.setAccessibleName("申报类别筛选")
        self.kind_filter.addItem("全部类别", None)
        for kind, title in kind_titles().items():
            self.kind_filter.addItem(title, kind)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("状态筛选")
        self.status_filter.addItem("全部状态", None)
        for status in QUEUE_STATUSES:
            self.status_filter.addItem(status.label, status.value)
        for combo in (self.kind_filter, self.status_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.import_button = QPushButton("导入申报包…")
        self.open_button = QPushButton("打开")
        self.open_button.setToolTip("审核选中的申报（回车或双击）")
        self.excel_button = QPushButton("导出 Excel…")
        self.excel_button.setToolTip("把当前筛选出的申报导出为 Excel 表格（.xlsx）")
        self.summary_button = QPushButton("打印推荐汇总表…")
        self.summary_button.setToolTip(
            "把选中的（未选中时为全部）已推荐申报列成推荐汇总表，合计申请金额"
        )
        for button in (
            self.import_button,
            self.open_button,
            self.excel_button,
            self.summary_button,
        ):
            button.setAutoDefault(False)

        toolbar = QHBoxLayout()
        toolbar.addWidget(self.kind_filter)
        toolbar.addWidget(self.status_filter)
        toolbar.addStretch(1)
        toolbar.addWidget(self.import_button)
        toolbar.addWidget(self.open_button)
        toolbar.addWidget(self.excel_button)
        toolbar.addWidget(self.summary_button)

        self.table = ListTable()
        self.table.setModel(self.model)
        self._set_up_table()
        self.empty_hint = self._empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_hint)

        self.count_label = PlainLabel()
        self.officer_status = OfficerStatus(officer_session, self)
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.officer_status)

        layout = QVBoxLayout(self)
        layout.addLayout(toolbar)
        layout.addWidget(self.stack, 1)
        layout.addLayout(bottom)

        self.kind_filter.currentIndexChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.import_button.clicked.connect(self.import_packages)
        self.open_button.clicked.connect(self.open_selected)
        self.excel_button.clicked.connect(self.export_excel)
        self.summary_button.clicked.connect(self.print_summary)
        self.table.activated.connect(self._open_index)  # double-click, or Enter
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.modelReset.connect(self._show_counts)
        self.model.layoutChanged.connect(self._show_counts)
        store_changes(store).changed.connect(self._store_changed)
        self._show_counts()
        self._selection_changed()

    # --- what the main window calls ---------------------------------------------------------

    def refresh(self) -> None:
        """Read the queue again (after an import or a decision), keeping the selection on the
        applications it showed."""
        self.model.refresh()

    def selected_application_ids(self) -> list[int]:
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        found = (self.model.application_id(row) for row in rows)
        return [i for i in found if i is not None]

    # --- the buttons ------------------------------------------------------------------------

    def import_packages(self) -> None:
        """导入申报包…: pick package files; the officer signed in is the importer of record."""
        account = self.session.require(self)
        if account is None:
            return
        from app.gui.exchange.package_import import choose_and_import

        choose_and_import(self, self.store, "submission", actor=account.actor, session=self.session)

    def open_selected(self) -> None:
        ids = self.selected_application_ids()
        if not ids and self.table.currentIndex().isValid():
            current = self.model.application_id(self.table.currentIndex().row())
            ids = [current] if current is not None else []
        if not ids:
            plain.information(self, "打开申报", "请先在列表中选中要审核的申报。")
            return
        for application_id in ids[:10]:  # a stray Ctrl+A should not open a thousand windows
            self.open_application(application_id)

    def open_application(self, application_id: int) -> ReviewWindow:
        """The application's review window: raised if already open, else opened."""
        from app.gui.review.review_window import ReviewWindow
        from app.gui.widgets.window_registry import show_window

        def make() -> ReviewWindow:
            return ReviewWindow(self.store, application_id, self.session)

        return show_window(self.windows, application_id, make)

    def export_excel(self) -> None:
        """导出 Excel…: the queue as filtered now, to an .xlsx (app/queue_export.py)."""
        from app.gui.review.review_exports import export_queue_to_excel

        export_queue_to_excel(self, self.store, self.current_query())

    def print_summary(self) -> None:
        """打印推荐汇总表…: the selected 已推荐 applications (or every one) in one table."""
        from app.gui.review.review_exports import print_recommendation_summary

        print_recommendation_summary(self, self.store, self.selected_application_ids())

    def current_query(self) -> ListQuery:
        """The filter and order shown, without paging: what an export should contain."""
        return self.model.query.unpaged()

    # --- internals --------------------------------------------------------------------------

    def _set_up_table(self) -> None:
        table = self.table
        set_up_list_table(table)
        header = table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(RECEIVED, Qt.SortOrder.DescendingOrder)  # the query's order
        table.setSortingEnabled(True)
        header.sortIndicatorChanged.connect(lambda *_: table.scrollToTop())
        headers = [column.header for column in COLUMNS]
        self.column_fit = fit_columns(table, headers, TITLE_COLUMN, COLUMN_SAMPLES)

    def _empty_state(self) -> QWidget:
        title = PlainLabel(EMPTY_TITLE)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        title.setFont(font)
        hint = PlainLabel(EMPTY_HINT)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setWordWrap(True)
        self.first_import_button = QPushButton("导入申报包…")
        self.first_import_button.setAutoDefault(False)
        self.first_import_button.clicked.connect(self.import_packages)
        widget = QWidget()
        layout = QVBoxLayout(widget)
        layout.addStretch(2)
        layout.addWidget(title)
        layout.addSpacing(8)
        layout.addWidget(hint)
        layout.addSpacing(16)
        layout.addWidget(self.first_import_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(3)
        return widget

    def _apply_filter(self) -> None:
        kind = self.kind_filter.currentData()
        status = self.status_filter.currentData()
        self.model.set_filter(kind, Status(status) if status else None)
        self.table.scrollToTop()

    def _open_index(self, index: QModelIndex) -> None:
        application_id = self.model.application_id(index.row())
        if application_id is not None:
            self.open_application(application_id)

    def _selection_changed(self, *_: object) -> None:
        self.open_button.setEnabled(bool(self.table.selectionModel().selectedRows()))

    def _store_changed(self, change: Change) -> None:
        if change.applications:  # an import, a decision, a tick: here or on a worker thread
            self.refresh()

    def close_windows(self) -> bool:
        """Close every review window; False if one stays open."""
        return all(window.close() for window in list(self.windows.values()))

    def _show_counts(self) -> None:
        shown = self.model.rowCount()
        everything = self.store.count_applications(review_query())
        pending = self.store.count_applications(review_query(status=AWAITING_DECISION))
        if not everything:
            self.stack.setCurrentWidget(self.empty_hint)
            self.count_label.setText("尚未收到申报")
            return
        self.stack.setCurrentWidget(self.table)
        text = f"共 {everything:,} 份，待审 {pending:,} 份"
        if self.model.filtered:
            text += (
                f"；符合筛选条件的 {shown:,} 份"
                if shown
                else "；没有符合筛选条件的申报，请调整类别或状态"
            )
        self.count_label.setText(text)
        self._selection_changed()
