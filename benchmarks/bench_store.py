"""Saving and listing 100,000 applications in SQLite. Prints its figures.

Targets (issue 2): a list page of 50 filtered and sorted rows out of 100,000 in under 50 ms.
Run: .venv/bin/python -m benchmarks.bench_store [--rows 100000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import unicodedata
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import insert

from benchmarks.timing import median_and_worst
from db.models import Application, ApplicationContent, SearchTerm, utcnow
from db.repository import ListQuery, SortKey, Store
from db.search import bigrams, search_text
from forms import all_forms
from forms.core.workflow import Status
from tests.conftest import example_document

WORDS = [
    "南宁",
    "柳州",
    "桂林",
    "北海",
    "钦州",
    "玉林",
    "百色",
    "智能",
    "新材料",
    "生物医药",
    "储能",
    "孵化",
    "中试",
    "转化",
    "飞地",
]


def populate(store: Store, rows: int, *, received: bool = False) -> float:
    """Bulk-load ``rows`` applications (varied kinds, statuses, titles, amounts); seconds taken.

    ``received``: as a park office's store has them, each came in a package (received_at and
    the revision received set, as db/receiving.py sets them), so the review queue lists them."""
    applicant_ids = []
    kinds = list(all_forms())
    templates = {}
    for kind in kinds:
        doc = example_document(kind)
        first = store.import_document(doc)
        applicant_ids.append(store.load(first).applicant_id)
        templates[kind] = doc.form.model_dump(mode="json")
    profile = doc.applicant.model_dump(mode="json")
    rng = random.Random(7)
    statuses = [s.value for s in Status]
    now = utcnow()
    start = time.perf_counter()
    batch = []
    with store.engine.begin() as connection:
        for i in range(rows):
            kind = kinds[i % len(kinds)]
            title = f"{rng.choice(WORDS)}{rng.choice(WORDS)}项目{i}"
            at = now - timedelta(minutes=rng.randrange(0, 60 * 24 * 720))
            batch.append(
                {
                    "uid": str(uuid.uuid4()),
                    "number": f"GB{i:011d}",
                    "kind": kind,
                    "title": title,
                    "status": rng.choice(statuses),
                    "applicant_id": rng.choice(applicant_ids),
                    "applicant_name": (name := f"{rng.choice(WORDS)}科技有限公司"),
                    "search_key": search_text(title, name, f"GB{i:011d}"),
                    "catalogue_version": "2024-再次征求意见稿",
                    "requested_amount": Decimal(rng.randrange(1, 100000)) / 100,
                    "created_at": at,
                    "updated_at": at,
                    "revision": 1,
                }
                | ({"received_at": at, "submission_revision": 1} if received else {})
            )
            if len(batch) == 5000 or i == rows - 1:
                ids = connection.scalars(
                    insert(Application).returning(Application.id, sort_by_parameter_order=True),
                    batch,
                ).all()
                connection.execute(
                    insert(SearchTerm),
                    [
                        {"term": pair, "application_id": app_id}
                        for app_id, b in zip(ids, batch, strict=True)
                        for pair in bigrams(b["search_key"])
                    ],
                )
                connection.execute(
                    insert(ApplicationContent),
                    [
                        {"application_id": i, "data": templates[b["kind"]], "applicant": profile}
                        for i, b in zip(ids, batch, strict=True)
                    ],
                )
                batch.clear()
    return time.perf_counter() - start


def pad(text: str, width: int) -> str:
    """Left-align in a terminal, where a Chinese character takes two columns."""
    shown = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - shown)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        seconds = populate(store, args.rows)
        print(f"批量写入 {args.rows:,} 份申报：{seconds:.2f} s（{args.rows / seconds:,.0f} 份/秒）")
        with store.engine.begin() as connection:  # as the store does after a bulk import
            connection.exec_driver_sql("ANALYZE")

        doc = example_document("incubator")
        app_id = store.import_document(doc)
        data = doc.form.model_dump(mode="json")
        counter = iter(range(10**9))

        def save() -> None:
            store.save_draft(app_id, data | {"carrier_name": f"孵化器{next(counter)}"})

        med, worst = median_and_worst(save, runs=100)
        print(
            f"单次保存草稿（解析+事务提交，synchronous=FULL）：中位数 {med:.2f} ms，最慢 {worst:.2f} ms"
        )

        med, worst = median_and_worst(lambda: store.import_document(doc), runs=50)
        print(f"单次导入新申报：中位数 {med:.2f} ms，最慢 {worst:.2f} ms")

        print(f"列表一页 50 行（共 {args.rows:,} 行，目标 < 50 ms）：")
        queries = {
            "默认：按最后修改倒序": ListQuery(),
            "按类别+状态筛选，最后修改倒序": ListQuery(kind="incubator", status=Status.SUBMITTED),
            "按状态筛选，金额升序": ListQuery(
                status=Status.DRAFT, sort=SortKey.AMOUNT, descending=False
            ),
            "按名称搜索“桂林”，最后修改倒序": ListQuery(search="桂林"),
            "按编号搜索“GB00000012345”": ListQuery(search="GB00000012345"),
            "类别+搜索“储能”，按名称排序": ListQuery(
                kind="new_track", search="储能", sort=SortKey.TITLE
            ),
            "搜索无结果“不存在”": ListQuery(search="不存在"),
            "按名称排序": ListQuery(sort=SortKey.TITLE, descending=False),
            "翻到第 1000 页": ListQuery(offset=50 * 999),
        }
        print(f"  {'查询':<24}{'一页+总数 中位/最慢':>24}{'其中计总数':>14}{'命中':>10}")
        for label, query in queries.items():
            med, worst = median_and_worst(lambda q=query: store.list_applications(q))
            count_med, _ = median_and_worst(lambda q=query: store.count_applications(q))
            total = store.count_applications(query)
            print(f"  {label:<24}{med:>12.2f} /{worst:>7.2f} ms{count_med:>11.2f} ms{total:>10,}")
        store.close()


if __name__ == "__main__":
    main()
