"""统计 (园区端): received applications and requested amounts by kind, status and month as bar
charts, filtered by kind and period, with the queue's Excel export (app/gui/review/review_exports.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.review.bar_chart import AMOUNT_COLOR, COUNT_COLOR, BarChart
from app.gui.review.review_exports import ask_queue_target, queue_export_job
from app.gui.widgets import plain
from app.gui.widgets.background import BackgroundJob, connect_queued
from app.gui.widgets.excel_export import EXCEL_TITLE
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.store_changes import store_changes
from db.changes import Change
from db.listing import ListQuery, review_query
from db.repository import Store
from db.review_stats import ReviewSummary, review_summary
from forms import all_forms
from forms.core.display import format_amount

EMPTY_TITLE = "暂无收到的申报"
EMPTY_HINT = "收到申报包后，这里按申报类别、状态和收到月份统计申报数量与申请金额。"
EMPTY_FILTERED_TITLE = "所选范围内暂无收到的申报"
EMPTY_FILTERED_HINT = "请改选上方的申报类别或收到时间。"


def _month_start(day: date, back: int) -> date:
    month = day.month - 1 - back
    return date(day.year + month // 12, month % 12 + 1, 1)


# 收到时间 presets: (label, today -> (since, until)), local days, both included
PERIODS: tuple[tuple[str, Callable[[date], tuple[date | None, date | None]]], ...] = (
    ("全部时间", lambda today: (None, None)),
    ("本月", lambda today: (_month_start(today, 0), None)),
    ("最近三个月", lambda today: (_month_start(today, 2), None)),
    ("最近十二个月", lambda today: (_month_start(today, 11), None)),
    ("今年", lambda today: (date(today.year, 1, 1), None)),
    ("去年", lambda today: (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))),
)


class DashboardPage(QWidget):
    """The office's 统计 page: call ``refresh`` when the queue may have changed."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today: Callable[[], date] = date.today  # tests set the day
        self.job: BackgroundJob | None = None
        self.summary: ReviewSummary | None = None
        store_changes(store).changed.connect(self._store_changed)

        title = PlainLabel("统计与导出", self)
        title.setObjectName("pageTitle")
        self.kind_filter = QComboBox(self)
        self.kind_filter.setAccessibleName("申报类别筛选")
        self.kind_filter.addItem("全部类别", None)
        for kind, form in all_forms().items():
            self.kind_filter.addItem(form.title, kind)
        self.period_filter = QComboBox(self)
        self.period_filter.setAccessibleName("收到时间筛选")
        for label, _ in PERIODS:
            self.period_filter.addItem(label)
        for combo in (self.kind_filter, self.period_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            combo.currentIndexChanged.connect(self.refresh)
        self.export_button = QPushButton("导出 Excel…", self)
        self.export_button.setToolTip(
            "把所选类别和收到时间内的申报导出为 Excel 工作簿（审核队列和汇总两张表）"
        )
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.choose_export_target)
        filters = QHBoxLayout()
        filters.addWidget(PlainLabel("申报类别", self))
        filters.addWidget(self.kind_filter)
        filters.addSpacing(12)
        filters.addWidget(PlainLabel("收到时间", self))
        filters.addWidget(self.period_filter)
        filters.addStretch(1)
        filters.addWidget(self.export_button)

        self.totals = PlainLabel(self)
        self.totals.setObjectName("banner")
        self.totals.setProperty("level", "info")
        self.totals.setWordWrap(True)

        self.charts = {
            "kind_count": BarChart("按申报类别：申报数量", "份", COUNT_COLOR, horizontal=True),
            "kind_amount": BarChart("按申报类别：申请金额", "万元", AMOUNT_COLOR, horizontal=True),
            "status_count": BarChart("按状态：申报数量", "份", COUNT_COLOR),
            "status_amount": BarChart("按状态：申请金额", "万元", AMOUNT_COLOR),
            "month_count": BarChart("按收到月份：申报数量", "份", COUNT_COLOR),
            "month_amount": BarChart("按收到月份：申请金额", "万元", AMOUNT_COLOR),
        }
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, chart in enumerate(self.charts.values()):
            grid.addWidget(chart, index // 2, index % 2)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_host)

        self.empty_title = PlainLabel(EMPTY_TITLE)
        self.empty_title.setObjectName("pageTitle")
        self.empty_hint = PlainLabel(EMPTY_HINT)
        self.empty_hint.setObjectName("hint")
        self.empty_hint.setWordWrap(True)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addStretch(1)
        for line in (self.empty_title, self.empty_hint):
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            empty_layout.addWidget(line)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(empty)
        self.stack.addWidget(scroll)

        self.progress = QProgressBar(self)
        self.progress.setFormat("%v / %m 份")
        self.progress.setMinimumWidth(240)  # room for "1,000 / 1,000 份" beside the bar
        self.cancel_button = QPushButton("取消", self)
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_export)
        self.export_status = PlainLabel(self)
        self.export_status.setWordWrap(True)
        self.export_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_status, 1)
        export_row.addWidget(self.progress)
        export_row.addWidget(self.cancel_button)
        self._show_exporting(False)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(filters)
        layout.addWidget(self.totals)
        layout.addWidget(self.stack, 1)
        layout.addLayout(export_row)
        self.refresh()

    # --- the figures ------------------------------------------------------------------------

    def period(self) -> tuple[date | None, date | None]:
        return PERIODS[max(0, self.period_filter.currentIndex())][1](self.today())

    def query(self) -> ListQuery:
        return review_query(kind=self.kind_filter.currentData())

    def _store_changed(self, change: Change) -> None:
        if change.applications:
            self.refresh()

    def refresh(self) -> None:
        """Count again (a few milliseconds even for thousands of applications: the database
        does the counting)."""
        since, until = self.period()
        summary = review_summary(self.store, kind=self.query().kind, since=since, until=until)
        self.summary = summary
        filtered = self.kind_filter.currentIndex() > 0 or self.period_filter.currentIndex() > 0
        self.export_button.setEnabled(not summary.empty and self.job is None)
        if summary.empty:
            self.empty_title.setText(EMPTY_FILTERED_TITLE if filtered else EMPTY_TITLE)
            self.empty_hint.setText(EMPTY_FILTERED_HINT if filtered else EMPTY_HINT)
            self.totals.setVisible(False)
            self.stack.setCurrentIndex(0)
            return
        self.totals.setText(self.totals_text(summary))
        self.totals.setVisible(True)
        self.stack.setCurrentIndex(1)
        for prefix, tallies, labels in (
            ("kind", summary.by_kind, [t.label for t in summary.by_kind]),
            ("status", summary.by_status, [t.label for t in summary.by_status]),
            ("month", summary.by_month, [t.key for t in summary.by_month]),
        ):
            self.charts[f"{prefix}_count"].show_values(
                tallies, [float(t.count) for t in tallies], labels
            )
            self.charts[f"{prefix}_amount"].show_values(
                tallies, [float(t.amount) for t in tallies], labels
            )

    @staticmethod
    def totals_text(summary: ReviewSummary) -> str:
        total = summary.total
        text = f"共收到 {total.count:,} 份申报，申请金额合计 {format_amount(total.amount)} 万元"
        if total.without_amount:
            text += f"（其中 {total.without_amount:,} 份未填申请金额，计入份数、不计入金额）"
        return text + "。"

    # --- the export -------------------------------------------------------------------------

    def choose_export_target(self) -> None:
        target = ask_queue_target(self, self.store, self.today())
        if target is not None:
            self.start_export(target)

    def start_export(self, target: Path) -> None:
        """Write the workbook on a worker thread; the page stays usable, with 取消."""
        since, until = self.period()
        job = queue_export_job(self, self.store, self.query(), target, since=since, until=until)
        connect_queued(job.progressed, self._progressed)
        connect_queued(job.finished, lambda written: self._exported(target, written))
        connect_queued(job.failed, self._export_failed)
        connect_queued(job.cancelled, self._export_cancelled)
        self.job = job
        self.progress.setRange(0, 0)  # busy until the first count arrives
        self.export_status.setText(f"正在导出到 {target} ……")
        self._show_exporting(True)
        job.start()

    def cancel_export(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.export_status.setText("正在取消……")

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _exported(self, target: Path, written: int) -> None:
        self._export_done(f"已导出 {written:,} 份申报到 {target}")

    def _export_failed(self, message: str) -> None:
        self._export_done(f"未导出：{message}")
        plain.warning(self, EXCEL_TITLE, f"未导出：{message}")

    def _export_cancelled(self) -> None:
        self._export_done("已取消导出，没有生成文件。")

    def _export_done(self, text: str) -> None:
        self.job = None
        self.export_status.setText(text)
        self._show_exporting(False)
        self.export_status.setVisible(True)
        self.export_button.setEnabled(self.summary is not None and not self.summary.empty)

    def _show_exporting(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.export_status.setVisible(running)
        self.export_button.setEnabled(not running and bool(self.summary and not self.summary.empty))
