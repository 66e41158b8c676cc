"""Filtering the 100,000-row 我的申报 list in the GUI model. Prints its figures.

Target (issue 3): a new filter, sort or search shows its first screen in under 100 ms: the
model's set_filter (one count) plus data() for the first 30 rows (one block of rows).
Run: .venv/bin/python -m benchmarks.bench_list [--rows 100000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.timing import median_and_worst

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.gui.applications.list_model import (
    AMOUNT,
    APPLICANT,
    COLUMNS,
    TITLE,
    UPDATED,
    ApplicationListModel,
)
from benchmarks.bench_store import pad, populate
from db.repository import Store
from forms.core.workflow import Status

FIRST_SCREEN = 30
TARGET_MS = 100
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole)

# A user changes one thing at a time: a filter from the whole list (newest first), or the sort
# order of a list already filtered. (label, kind, status, search, sort column, descending)
CASES: list[tuple[str, str | None, Status | None, str, int, bool]] = [
    ("类别=孵化器", "incubator", None, "", UPDATED, True),
    ("状态=已提交", None, Status.SUBMITTED, "", UPDATED, True),
    ("类别+状态", "new_track", Status.DRAFT, "", UPDATED, True),
    ("搜索“桂林”", None, None, "桂林", UPDATED, True),
    ("搜索“储能”+类别", "rd_subsidy", None, "储能", UPDATED, True),
    ("搜索“生物医药”", None, None, "生物医药", UPDATED, True),
    ("搜索“南宁 储能”（两个词）", None, None, "南宁 储能", UPDATED, True),
    ("搜索“1234”", None, None, "1234", UPDATED, True),
    ("搜索无结果“不存在”", None, None, "不存在", UPDATED, True),
    ("搜索“科技”（每行都有）", None, None, "科技", UPDATED, True),
    ("搜索完整编号“GB00000012345”", None, None, "GB00000012345", UPDATED, True),
    ("排序：名称升序", None, None, "", TITLE, False),
    ("排序：金额倒序", None, None, "", AMOUNT, True),
    ("排序：状态筛选后按申报主体", None, Status.RETURNED, "", APPLICANT, False),
    ("排序：搜索“桂林”后按金额", None, None, "桂林", AMOUNT, True),
]


def first_screen(model: ApplicationListModel) -> None:
    for row in range(min(FIRST_SCREEN, model.rowCount())):
        for column in range(len(COLUMNS)):
            index = model.index(row, column)
            for role in ROLES:
                model.data(index, role)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        seconds = populate(store, args.rows)
        print(f"批量写入 {args.rows:,} 份申报：{seconds:.2f} s")
        with store.engine.begin() as connection:  # as the store does after a bulk import
            connection.exec_driver_sql("ANALYZE")

        start = time.perf_counter()
        model = ApplicationListModel(store)
        first_screen(model)
        print(
            f"打开列表（计数 + 首屏 {FIRST_SCREEN} 行）：{(time.perf_counter() - start) * 1000:.2f} ms"
        )

        print(f"筛选后显示首屏 {FIRST_SCREEN} 行（共 {args.rows:,} 行，目标 < 100 ms）：")
        print(f"  {pad('筛选/排序/搜索', 34)}   中位数       最慢     命中")
        over: list[str] = []
        for label, kind, status, search, column, descending in CASES:
            order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
            sort_only = column != UPDATED
            samples = []
            for run in range(args.runs + 1):  # run 0 warms up: the first query prepares its plan
                model.sort(UPDATED, Qt.SortOrder.DescendingOrder)
                if sort_only:
                    model.set_filter(kind, status, search)
                else:
                    model.set_filter(None, None, "")
                start = time.perf_counter()
                if sort_only:
                    model.sort(column, order)
                else:
                    model.set_filter(kind, status, search)
                first_screen(model)
                if run:
                    samples.append((time.perf_counter() - start) * 1000)
            med, worst = statistics.median(samples), max(samples)
            mark = "" if worst < TARGET_MS else "  超出目标"
            if mark:
                over.append(label)
            print(f"  {pad(label, 34)}{med:>6.2f} ms{worst:>8.2f} ms {model.rowCount():>8,}{mark}")

        model.set_filter(None, None, "")
        model.sort(UPDATED, Qt.SortOrder.DescendingOrder)
        last = model.rowCount() - 1

        def jump_to_end() -> None:
            model.refresh()  # drops the cached blocks
            model.data(model.index(last, 0))

        med, worst = median_and_worst(jump_to_end, args.runs, warmups=0)
        print(f"拖到列表末尾（重新计数 + 读取最后一块）：中位数 {med:.2f} ms，最慢 {worst:.2f} ms")

        def jump_to_middle() -> None:
            model.refresh()
            model.data(model.index(last // 2, 0))

        med, worst = median_and_worst(jump_to_middle, args.runs, warmups=0)
        print(f"拖到列表中间（最远的一块）：中位数 {med:.2f} ms，最慢 {worst:.2f} ms")
        print(
            f"{len(CASES) - len(over)}/{len(CASES)} 项最慢一次也在 {TARGET_MS} ms 以内"
            + (f"；超出：{'、'.join(over)}" if over else "")
        )
        store.close()
    del app


if __name__ == "__main__":
    main()
