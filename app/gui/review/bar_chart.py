"""A bar chart of one summary table (db.review_stats.Tally rows) for the 统计 page: a bar per
row, its value written beside it, the row explained in a tooltip, lettered in the app's font."""

from __future__ import annotations

import html
from collections.abc import Sequence
from math import floor, log10

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QToolTip

from db.review_stats import Tally
from forms.core.display import format_amount

COUNT_COLOR = QColor("#3b6fb6")
AMOUNT_COLOR = QColor("#e08a2c")


def _nice_step(largest: float, ticks: int = 5) -> float:
    """A round tick interval (1, 2 or 5 times a power of ten) giving about ``ticks`` ticks."""
    if largest <= 0:
        return 1.0
    raw = largest / ticks
    power = 10 ** floor(log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _wrapped(label: str, width: int = 9) -> str:
    """A long category name on two lines (at a slash if there is one near the middle), so a
    form's title is not cut at the chart's edge."""
    if len(label) <= width:
        return html.escape(label)
    cut = label.find("/") + 1
    if not 0 < cut < len(label) or abs(cut - len(label) / 2) > width / 2:
        cut = (len(label) + 1) // 2
    # axis labels are rich text: escaped, but for our own line break
    return f"{html.escape(label[:cut])}<br>{html.escape(label[cut:])}"


class BarChart(QChartView):
    """One bar chart of a summary table: a bar per row, its value written beside it."""

    def __init__(self, title: str, unit: str, color: QColor, *, horizontal: bool = False) -> None:
        super().__init__()
        self.unit = unit
        self.color = color
        self.horizontal = horizontal
        self.bar_set: QBarSet | None = None
        self.tallies: tuple[Tally, ...] = ()
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setVisible(False)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(4, 4, 12, 4))
        # Qt's chart themes name Arial, which has no Chinese: without this every label is boxes
        font = QApplication.font()
        title_font = QFont(font)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        self.label_font = font
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(250)

    def show_values(
        self, tallies: Sequence[Tally], values: Sequence[float], labels: Sequence[str]
    ) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        self.tallies = tuple(tallies)
        # horizontal bars list top-down, as the tables do
        order = list(range(len(values)))[:: -1 if self.horizontal else 1]
        bar_set = QBarSet(self.unit)
        bar_set.append([values[i] for i in order])
        bar_set.setColor(self.color)
        bar_set.setLabelColor(QColor("#1f2937"))
        bar_set.setLabelFont(self.label_font)
        bar_set.hovered.connect(lambda on, index: self._hovered(on, order[index]))
        series: QAbstractBarSeries = QHorizontalBarSeries() if self.horizontal else QBarSeries()
        series.append(bar_set)
        series.setBarWidth(0.6)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsPrecision(12)  # 350000 万元, not 3.5e+05
        chart.addSeries(series)
        self.bar_set = bar_set

        categories = QBarCategoryAxis()
        categories.append([_wrapped(labels[i]) for i in order])
        categories.setTruncateLabels(False)
        categories.setLabelsFont(self.label_font)
        if not self.horizontal and len(labels) > 8:
            categories.setLabelsAngle(-45)
        scale = QValueAxis()
        largest = max(values, default=0)
        # a horizontal chart's scale runs across the narrow half of the page: fewer, wider ticks
        step = _nice_step(largest, 3 if self.horizontal else 5)
        if self.unit == "份":
            step = max(step, 1.0)
        # a step's room above the longest bar, for the number written beside it
        scale.setRange(0, step * (floor(largest / step) + 2))
        scale.setTickType(QValueAxis.TickType.TicksDynamic)
        scale.setTickAnchor(0)
        scale.setTickInterval(step)
        scale.setLabelFormat("%.0f" if step >= 1 else "%.2f")
        scale.setLabelsFont(self.label_font)
        scale.setTitleText(self.unit)
        scale.setTitleFont(self.label_font)
        if self.horizontal:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(scale, Qt.AlignmentFlag.AlignBottom)
        else:
            chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(scale, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(categories)
        series.attachAxis(scale)

    def values(self) -> list[float]:
        """The bars' values in the summary's order (top-down when horizontal)."""
        if self.bar_set is None:
            return []
        found = [self.bar_set.at(i) for i in range(self.bar_set.count())]
        return found[::-1] if self.horizontal else found

    def tooltip(self, index: int) -> str:
        tally = self.tallies[index]
        text = f"{tally.label}\n{tally.count:,} 份，申请金额 {format_amount(tally.amount)} 万元"
        if tally.without_amount:
            text += f"\n（其中 {tally.without_amount:,} 份未填申请金额，不计入金额）"
        return text

    def _hovered(self, on: bool, index: int) -> None:
        if on:
            QToolTip.showText(QCursor.pos(), self.tooltip(index), self)
        else:
            QToolTip.hideText()
