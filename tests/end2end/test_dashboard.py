"""统计与导出: the charts and totals match the summary, filters narrow them, an empty store says
so, and 导出 Excel… writes the workbook in the background (or says why not, and writes nothing)."""

from __future__ import annotations

import threading
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog

import app.queue_export
from app.files import FILE_IN_USE
from app.gui.review.dashboard import EMPTY_FILTERED_TITLE, EMPTY_TITLE, PERIODS, DashboardPage
from app.gui.widgets.excel_export import EXCEL_FILTER, EXCEL_FOLDER_SETTING
from app.queue_export import QUEUE_SHEET
from app.settings import last_folder
from db.review_stats import review_summary
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.scenarios import receive


@pytest.fixture
def office(tmp_path: Path) -> Copy:
    copy = open_copy(tmp_path / "office", "enclave")  # 南宁: signs its decisions
    yield copy
    copy.store.close()


@pytest.fixture
def filled(office: Copy) -> Copy:
    """Two 孵化器 (100 and 12.5 万元, one recommended) and a 飞地 without an amount."""
    recommended = receive(office, "incubator", received_at=datetime(2026, 1, 20, 3))
    receive(office, "incubator", amount=Decimal("12.5"), received_at=datetime(2026, 3, 2, 3))
    receive(office, "enclave", received_at=datetime(2026, 3, 5, 3))
    office.review.record_decision(recommended, Outcome.RECOMMEND, officer=officer(office))
    return office


def make_page(qtbot, store) -> DashboardPage:
    page = DashboardPage(store)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    return page


def choose(combo, text: str) -> None:
    """Pick an entry as a user does: the index the combo shows for ``text``."""
    index = combo.findText(text)
    assert index >= 0, text
    combo.setCurrentIndex(index)


def save_as(monkeypatch, path: Path) -> list[tuple]:
    asked: list[tuple] = []

    def answer(parent, title, directory, filters, *args, **kwargs):
        asked.append((title, directory, filters))
        return str(path), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    return asked


# --- what the page shows -------------------------------------------------------------------------


def test_nothing_received_shows_the_empty_state(qtbot, office):
    submit(office, "incubator")  # filled in here: not received, so not counted
    page = make_page(qtbot, office.store)
    assert page.stack.currentIndex() == 0
    assert page.empty_title.text() == EMPTY_TITLE and page.empty_title.isVisible()
    assert not page.totals.isVisible()
    assert not page.export_button.isEnabled()


def test_totals_and_bars_match_the_summary(qtbot, filled):
    page = make_page(qtbot, filled.store)
    summary = review_summary(filled.store)
    assert page.stack.currentIndex() == 1 and page.totals.isVisible()
    assert page.totals.text() == (
        "共收到 3 份申报，申请金额合计 112.50 万元（其中 1 份未填申请金额，计入份数、不计入金额）。"
    )
    charts = page.charts
    assert charts["kind_count"].values() == [t.count for t in summary.by_kind] == [2, 0, 1, 0]
    assert charts["kind_amount"].values() == [112.5, 0, 0, 0]
    assert charts["status_count"].values() == [2, 0, 1, 0]  # 已提交, 退回补正, 已推荐, 不予推荐
    assert charts["status_amount"].values() == [12.5, 0, 100, 0]
    assert charts["month_count"].values() == [1, 0, 2]  # 2026-01, 2026-02 (none), 2026-03
    assert charts["month_amount"].values() == [100, 0, 12.5]
    assert page.export_button.isEnabled()


def test_a_bar_explains_itself_on_hover(qtbot, filled):
    page = make_page(qtbot, filled.store)
    tip = page.charts["kind_count"].tooltip(2)
    assert tip.startswith("飞地登记表") and "1 份" in tip and "未填申请金额" in tip
    assert "112.50 万元" in page.charts["kind_amount"].tooltip(0)
    assert "未填" not in page.charts["kind_amount"].tooltip(0)


def test_charts_are_lettered_in_the_applications_chinese_font(qtbot, filled):
    page = make_page(qtbot, filled.store)
    family = QApplication.font().family()
    for view in page.charts.values():
        chart = view.chart()
        assert chart.title().startswith("按")
        assert chart.titleFont().family() == family
        assert all(axis.labelsFont().family() == family for axis in chart.axes())


def test_filters_narrow_the_figures(qtbot, filled):
    page = make_page(qtbot, filled.store)
    page.today = lambda: date(2026, 3, 15)
    choose(page.period_filter, "本月")
    assert page.totals.text().startswith("共收到 2 份申报，申请金额合计 12.50 万元")
    assert page.charts["month_count"].values() == [2]
    choose(page.kind_filter, "飞地登记表")
    assert page.charts["kind_count"].values() == [1]
    assert "申请金额合计 0.00 万元" in page.totals.text()
    choose(page.kind_filter, "研发补助申领表")
    assert page.stack.currentIndex() == 0 and page.empty_title.text() == EMPTY_FILTERED_TITLE
    assert not page.export_button.isEnabled()
    choose(page.kind_filter, "全部类别")
    choose(page.period_filter, "全部时间")
    assert page.totals.text().startswith("共收到 3 份申报")


def test_the_periods_are_whole_local_days():
    today = date(2026, 1, 15)
    found = {label: period(today) for label, period in PERIODS}
    assert found["全部时间"] == (None, None)
    assert found["本月"] == (date(2026, 1, 1), None)
    assert found["最近三个月"] == (date(2025, 11, 1), None)
    assert found["最近十二个月"] == (date(2025, 2, 1), None)
    assert found["去年"] == (date(2025, 1, 1), date(2025, 12, 31))


def test_refresh_shows_an_application_received_meanwhile(qtbot, office):
    page = make_page(qtbot, office.store)
    assert page.stack.currentIndex() == 0
    receive(office, "incubator")
    page.refresh()
    assert page.stack.currentIndex() == 1 and page.totals.text().startswith("共收到 1 份申报")


# --- 导出 Excel… --------------------------------------------------------------------------------


def test_the_export_button_writes_the_workbook_in_the_background(
    qtbot, filled, tmp_path, monkeypatch
):
    asked = save_as(monkeypatch, tmp_path / "队列")  # typed without the extension
    page = make_page(qtbot, filled.store)
    page.today = lambda: date(2026, 3, 15)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.job is None, timeout=10_000)
    assert asked[0][0] == "导出审核队列到 Excel" and asked[0][2] == EXCEL_FILTER
    assert asked[0][1].endswith("审核队列_20260315.xlsx")
    target = tmp_path / "队列.xlsx"
    rows = list(load_workbook(target)[QUEUE_SHEET].iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][0] == "申报编号"
    assert page.export_status.text() == f"已导出 3 份申报到 {target}"
    assert not page.progress.isVisible() and page.export_button.isEnabled()
    assert last_folder(filled.store, EXCEL_FOLDER_SETTING) == tmp_path


def test_the_export_follows_the_filters(qtbot, filled, tmp_path, monkeypatch):
    save_as(monkeypatch, tmp_path / "本月孵化器.xlsx")
    page = make_page(qtbot, filled.store)
    page.today = lambda: date(2026, 3, 15)
    choose(page.period_filter, "本月")
    choose(page.kind_filter, "科技企业孵化器认定/后补助申请表")
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.job is None, timeout=10_000)
    rows = list(
        load_workbook(tmp_path / "本月孵化器.xlsx")[QUEUE_SHEET].iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][5] == 12.5


def test_a_file_open_in_excel_is_reported_and_nothing_is_written(
    qtbot, filled, tmp_path, monkeypatch, dialogs
):
    target = tmp_path / "队列.xlsx"
    target.write_bytes(b"open in Excel")
    save_as(monkeypatch, target)

    def locked(self, other):
        raise PermissionError(13, "The process cannot access the file")

    monkeypatch.setattr(Path, "replace", locked)
    page = make_page(qtbot, filled.store)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.job is None, timeout=10_000)
    assert len(dialogs) == 1 and dialogs[0][0] == "导出 Excel" and FILE_IN_USE in dialogs[0][1]
    assert FILE_IN_USE in page.export_status.text()
    assert target.read_bytes() == b"open in Excel"
    assert not (tmp_path / "队列.xlsx.part").exists()


def test_cancelling_an_export_writes_nothing(qtbot, filled, tmp_path, monkeypatch):
    save_as(monkeypatch, tmp_path / "队列.xlsx")
    go = threading.Event()
    real = app.queue_export.export_queue_xlsx

    def held(*args, **kwargs):  # the export waits until the user has clicked 取消
        go.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(app.queue_export, "export_queue_xlsx", held)
    page = make_page(qtbot, filled.store)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.progress.isVisible() and page.cancel_button.isVisible()
    assert not page.export_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    go.set()
    qtbot.waitUntil(lambda: page.job is None, timeout=10_000)
    assert page.export_status.text() == "已取消导出，没有生成文件。"
    assert list(tmp_path.glob("队列.xlsx*")) == []
