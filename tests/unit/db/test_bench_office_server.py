"""benchmarks/bench_office_server.py in its --quick mode, so that the SQLite-beside-PostgreSQL
benchmark of issue 16 cannot rot: it runs, fills every cell of its table and finds the same rows
on both back ends."""

from __future__ import annotations

import re

from benchmarks import bench_office_server as bench
from tests.helpers.server import any_server

FIGURE = re.compile(r"^\d[\d,.]* (/ \d[\d,.]* )?(ms|s)$|^[\d,]+ / [\d,]+$")


def test_quick_run_measures_both_back_ends_alike(capsys):
    runs = bench.main(["--quick"])
    printed = capsys.readouterr().out

    sqlite = runs["SQLite"]
    pages = [*bench.list_pages(0), *bench.queue_pages(0)]
    wanted = ["count", "import", "import_each", "seed", "queue_open", *pages]
    assert not sqlite.skipped
    assert set(sqlite.figures) == set(wanted)
    assert all(FIGURE.match(sqlite.figures[key]) for key in wanted), sqlite.figures
    assert sqlite.figures["count"] == "2,016 / 2,012"  # 12 packages + 2,000 seeded; 4 typed
    assert all(len(sqlite.pages[label]) == 50 for label in pages if "搜索" not in label)
    for line in ("测量", "列表第一页（按最后修改倒序）：中位数 / 95%", "审核队列最后一页"):
        assert line in printed

    server = runs["PostgreSQL"]
    if server.skipped:  # only where no PostgreSQL exists: then this skips too
        assert server.skipped in printed
        with any_server():
            raise AssertionError(f"a PostgreSQL server exists, yet: {server.skipped}")
    assert set(server.figures) == set(wanted)
    assert all(FIGURE.match(server.figures[key]) for key in wanted), server.figures
    assert server.pages == sqlite.pages
    assert "两种数据库每一页的结果相同" in printed
