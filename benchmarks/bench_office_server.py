"""A park office's store on SQLite beside the same on a PostgreSQL server, in one run. Prints a
table: measurement | SQLite | PostgreSQL | target.

Target (issue 16): every list page under 50 ms on a loopback server. Each back end gets the same
data, in a fresh store migrated to the head: first 1,000 signed submission packages imported
one by one (benchmarks/bench_packages.py makes them: 1,000 firms, one in four with a 200 KB
attachment), then 100,000 received applications bulk-inserted (benchmarks/bench_store.py's
``populate``; its time is printed, not a target). Then the list pages of 我的申报 (a page of 50
and the count, as ``Store.list_applications`` answers the list): the first page, a filter, a
Chinese search, sorted by amount, the last page; and the office's review queue: opened cold
(connect, first page and count) and its pages. Median and 95th percentile of ``--runs`` runs,
after one run that warms up. Both back ends must give the same rows for every page: the script
says so, or names the pages that differ.

PostgreSQL: the server ``GXAPPLY_TEST_DATABASE_URL`` names (a fresh database is made on it and
dropped afterwards), or else a private server on a loopback port started from Debian's
``postgresql`` programs, as the tests start one (tests/helpers/server.py). Where neither exists
its column says why and the SQLite column is still measured.

Run: .venv/bin/python -m benchmarks.bench_office_server [--rows 100000] [--packages 1000]
     .venv/bin/python -m benchmarks.bench_office_server --quick   # a smoke test of a few seconds
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from benchmarks.bench_packages import import_each, packages
from benchmarks.bench_store import pad, populate
from benchmarks.timing import median_and_p95
from db.exchange import Exchange
from db.listing import ListQuery, ListRow, SortKey, review_query
from db.repository import Store
from db.review import Review
from forms.core.workflow import Status
from tests.helpers.server import any_server, upgraded_database

TARGET_MS = 50
BACK_ENDS = ("SQLite", "PostgreSQL")


def list_pages(total: int) -> dict[str, ListQuery]:
    """The 我的申报 pages measured, over ``total`` applications."""
    return {
        "列表第一页（按最后修改倒序）": ListQuery(),
        "筛选：类别+状态": ListQuery(kind="incubator", status=Status.SUBMITTED),
        "中文搜索“桂林”": ListQuery(search="桂林"),
        "中文搜索“生物医药”+状态": ListQuery(search="生物医药", status=Status.DRAFT),
        "按金额倒序": ListQuery(sort=SortKey.AMOUNT),
        "按名称升序": ListQuery(sort=SortKey.TITLE, descending=False),
        "最后一页": ListQuery(offset=max(0, total - 50)),
    }


def queue_pages(total: int) -> dict[str, ListQuery]:
    """The review queue's pages measured, over ``total`` received applications."""
    return {
        "审核队列第一页（按收到时间倒序）": review_query(),
        "审核队列：只看“已提交”": review_query(status=Status.SUBMITTED),
        "审核队列：按类别筛选，按申报单位排序": review_query(
            kind="incubator", sort=SortKey.APPLICANT
        ),
        "审核队列：按金额倒序": review_query(sort=SortKey.AMOUNT),
        "审核队列最后一页": review_query(offset=max(0, total - 50)),
    }


@dataclass
class Run:
    """One back end's figures (label → text), the rows of each page, or why it was not run."""

    figures: dict[str, str] = field(default_factory=dict)
    pages: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    slow: list[str] = field(default_factory=list)  # pages over the target
    skipped: str = ""


def shown_rows(rows: list[ListRow]) -> list[tuple[str, str]]:
    return [(row.number, row.title) for row in rows]


def measure(url: str, files: list[bytes], rows: int, runs: int) -> Run:
    """Import ``files``, add ``rows`` received applications, then time the lists."""
    run = Run()
    store = Store.open(url)
    exchange = Exchange(store)
    total, each = import_each(exchange, files)
    run.figures["import"] = f"{total:.1f} s"
    run.figures["import_each"] = (
        f"{statistics.median(each):.1f} / {each[int(len(each) * 0.95)]:.1f} ms"
    )

    seconds = populate(store, rows, received=True)
    # The statistics and visibility a store has once it settles: SQLite's ANALYZE as the store
    # runs it (PRAGMA optimize); on PostgreSQL what autovacuum does within a minute of so many
    # inserts, which lets a count read an index alone.
    settle = "VACUUM ANALYZE" if store.engine.dialect.name == "postgresql" else "ANALYZE"
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.exec_driver_sql(settle)
    run.figures["seed"] = f"{seconds:.1f} s"

    def timed_page(label: str, query: ListQuery, list_of: Callable[[ListQuery], object]) -> None:
        med, p95 = median_and_p95(lambda: list_of(query), runs)
        run.figures[label] = f"{med:.1f} / {p95:.1f} ms"
        if p95 >= TARGET_MS:
            run.slow.append(label)

    everything = store.count_applications()
    for label, query in list_pages(everything).items():
        timed_page(label, query, store.list_applications)
        run.pages[label] = shown_rows(store.list_applications(query)[0])
    store.close()

    began = time.perf_counter()
    cold = Store.open(url)
    review = Review(cold)
    first, received = review.queue()
    opened = (time.perf_counter() - began) * 1000
    run.figures["queue_open"] = f"{opened:.0f} ms"
    run.pages["queue_open"] = shown_rows(first)
    for label, query in queue_pages(received).items():
        timed_page(label, query, review.queue)
        run.pages[label] = shown_rows(review.queue(query)[0])
    run.figures["count"] = f"{everything:,} / {received:,}"
    cold.close()
    return run


def on_server(files: list[bytes], rows: int, runs: int) -> Run:
    """``measure`` on a fresh database migrated to the head, on the named server or a private one."""
    try:
        with any_server() as server, upgraded_database(server) as url:
            return measure(url, files, rows, runs)
    except pytest.skip.Exception as no_server:  # no server named, no programs to start one
        return Run(skipped=f"未测：{no_server.msg}")


def table(runs: dict[str, Run], rows: int, files: int) -> list[str]:
    """The printed table, one line a measurement."""
    labels: list[tuple[str, str, str]] = [
        ("count", "申报总数 / 其中已收到的（审核队列）", ""),
        ("import", f"导入 {files:,} 个签名申报包（逐个验签、检查、各一个事务）", "< 60 s"),
        ("import_each", "  每个申报包：中位数 / 95%", ""),
        ("seed", f"批量写入 {rows:,} 份已收到的申报（准备数据，非目标）", ""),
    ]
    labels += [(label, f"{label}：中位数 / 95%", f"< {TARGET_MS} ms") for label in list_pages(0)]
    labels.append(("queue_open", "打开审核队列（连接数据库 + 第一页 + 总数，冷启动）", ""))
    labels += [(label, f"{label}：中位数 / 95%", f"< {TARGET_MS} ms") for label in queue_pages(0)]
    lines = [
        f"{pad('测量', 62)}{pad('SQLite', 20)}{pad('PostgreSQL', 20)}目标",
        "-" * 110,
    ]
    for key, label, target in labels:
        cells = [runs[name].figures.get(key, "—") for name in BACK_ENDS]
        lines.append(f"{pad(label, 62)}{pad(cells[0], 20)}{pad(cells[1], 20)}{target}")
    return lines


def verdict(runs: dict[str, Run]) -> list[str]:
    """Whether both back ends gave the same rows, and which pages missed the target."""
    lines = []
    measured = [runs[name] for name in BACK_ENDS if not runs[name].skipped]
    if len(measured) == 2:
        differ = [
            label
            for label, rows in measured[0].pages.items()
            if rows != measured[1].pages.get(label)
        ]
        lines.append(
            "两种数据库每一页的结果相同"
            if not differ
            else f"两种数据库结果不同的页：{'、'.join(differ)}"
        )
    for name in BACK_ENDS:
        run = runs[name]
        if run.skipped:
            lines.append(f"{name}：{run.skipped}")
        elif run.slow:
            lines.append(f"{name}：超出 {TARGET_MS} ms 的页（按 95%）：{'、'.join(run.slow)}")
        else:
            lines.append(f"{name}：每一页的 95% 都在 {TARGET_MS} ms 以内")
    return lines


def main(argv: list[str] | None = None) -> dict[str, Run]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--packages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--quick", action="store_true", help="少量数据，几秒钟内跑完一遍（供测试使用）"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.rows, args.packages, args.runs = 2000, 12, 3
    start = time.perf_counter()
    files = packages(args.packages)
    print(f"生成 {len(files):,} 个签名申报包：{time.perf_counter() - start:.1f} s")
    runs: dict[str, Run] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'office.sqlite3'}"
        runs["SQLite"] = measure(url, files, args.rows, args.runs)
    runs["PostgreSQL"] = on_server(files, args.rows, args.runs)
    for line in table(runs, args.rows, len(files)) + verdict(runs):
        print(line)
    print(machine_load())
    return runs


def machine_load() -> str:
    """The machine's load as the run ends: on a shared machine the figures move with it."""
    if not hasattr(os, "getloadavg"):
        return ""
    one, five, _ = os.getloadavg()
    return f"机器负载（运行结束时）：1 分钟 {one:.1f}，5 分钟 {five:.1f}（{os.cpu_count()} 核）"


if __name__ == "__main__":
    main()
