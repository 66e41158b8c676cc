"""The lists' speed fixes of issue 16 (benchmarks/bench_office_server.py measured them): each
back end has the indexes of migration 0014, PostgreSQL walks them for the orders that sorted
every row, and a page past the middle is read from the other end with the same rows."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, inspect, update

from benchmarks.bench_store import populate
from db import listing_sql
from db.listing import ListQuery, SortKey, review_query
from db.models import ONE_BACK_END_INDEXES, Application
from db.repository import Store
from forms.core.workflow import Status


@contextmanager
def statements(store: Store) -> Iterator[list[tuple[str, object]]]:
    """The SELECTs ``store`` sends meanwhile, with their parameters."""
    seen: list[tuple[str, object]] = []

    def grab(_conn, _cursor, statement, parameters, _context, _many):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.engine, "before_cursor_execute", grab)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", grab)


def test_each_back_end_has_its_own_list_indexes(store):
    names = {index["name"] for index in inspect(store.engine).get_indexes("applications")}
    back_end = store.engine.dialect.name
    assert {n for n, b in ONE_BACK_END_INDEXES.items() if b == back_end} <= names
    assert not {n for n, b in ONE_BACK_END_INDEXES.items() if b != back_end} & names


def test_postgres_walks_an_index_for_the_orders_that_sorted_every_row(server_database):
    store = Store.open(server_database)
    try:
        populate(store, 3000, received=True)
        with store.engine.begin() as connection:
            connection.exec_driver_sql("ANALYZE")
        walked = {
            "ix_applications_amount_desc_pg": ListQuery(sort=SortKey.AMOUNT),
            "ix_applications_title_pg": ListQuery(sort=SortKey.TITLE, descending=False),
            "ix_applications_applicant_pg": ListQuery(sort=SortKey.APPLICANT),
            "ix_applications_status_pg": ListQuery(sort=SortKey.STATUS),
            "ix_applications_received_desc_pg": review_query(),
            "ix_applications_kind_received_pg": review_query(kind="incubator"),
        }
        for index, query in walked.items():
            with statements(store) as seen:
                store.list_applications(query)
            assert_walks(store, seen, index, query)
        # a common word of four characters, found by walking the list's order (dense)
        with statements(store) as seen:
            store.list_page(ListQuery(search="生物医药"), dense=True)
        assert_walks(store, seen, "ix_applications_updated_at", "生物医药")
    finally:
        store.close()


def assert_walks(store: Store, seen: list[tuple[str, object]], index: str, query: object) -> None:
    """The last statement seen walks ``index`` and sorts nothing more than ties."""
    page_sql, parameters = seen[-1]
    with store.engine.connect() as connection:
        explained = connection.exec_driver_sql("EXPLAIN " + page_sql, parameters)  # type: ignore[arg-type]
        plan = "\n".join(explained.scalars())
    assert f"using {index} " in plan, (query, plan)
    assert not re.search(r"(^|->  )Sort  \(", plan, re.MULTILINE), (query, plan)  # all rows


def test_a_page_past_the_middle_is_read_from_the_other_end_with_the_same_rows(store, monkeypatch):
    populate(store, 140, received=True)
    with store.engine.begin() as connection:  # some without an amount: they come last both ways
        connection.execute(
            update(Application).where(Application.id % 7 == 0).values(requested_amount=None)
        )
    asked: list[ListQuery] = []
    page = listing_sql.page

    def recorded(session, query, **options):  # type: ignore[no-untyped-def]
        asked.append(query)
        return page(session, query, **options)

    monkeypatch.setattr(listing_sql, "page", recorded)
    for query in (
        ListQuery(sort=SortKey.AMOUNT),
        ListQuery(sort=SortKey.AMOUNT, descending=False),
        ListQuery(sort=SortKey.TITLE, descending=False),
        ListQuery(search="桂林"),
        review_query(),
    ):
        whole, total = store.list_applications(query._replace(limit=1000))
        assert len(whole) == total > 0
        ends = (total // 2, total // 2 + 1, total - 60, total - 50, total - 3, total)
        for offset in sorted({max(0, o) for o in (0, 17, *ends)}):
            asked.clear()
            rows, counted = store.list_applications(query._replace(offset=offset))
            assert counted == total
            assert rows == whole[offset : offset + 50], (query, offset)
            (read,) = asked
            if total // 2 < offset < total:  # the database skips the rows after the page
                assert read.backwards and read.offset == max(0, total - offset - 50), read
            else:
                assert not read.backwards and read.offset == offset, read


def test_a_dense_search_finds_the_same_rows_as_the_pair_index(store):
    populate(store, 300, received=True)
    for search in ("生物医药", "桂林", "桂林 储能", "南宁科技", "项目1", "桂 储能", "不存在"):
        query = ListQuery(search=search, limit=1000)
        assert store.list_page(query, dense=True) == store.list_page(query), search


def test_a_common_longer_word_is_found_by_its_text_with_the_same_rows(store, monkeypatch):
    populate(store, 300, received=True)
    searches = ("生物医药", "南宁科技", "生物医药 桂林", "储能项目1", "不存在", "科技有限公司")
    before = {s: store.list_applications(ListQuery(search=s, limit=1000)) for s in searches}
    with statements(store) as seen:
        store.list_applications(ListQuery(search="生物医药"))
    assert "GROUP BY" in " ".join(sql for sql, _ in seen)  # few rows: the pairs' intersection

    monkeypatch.setattr(listing_sql, "COMMON_PAIR", 10)  # as among 100,000 rows
    for search in searches:
        with statements(store) as seen:
            after = store.list_applications(ListQuery(search=search, limit=1000))
        assert after == before[search], search
        if search in ("生物医药", "南宁科技"):  # every pair common: no intersection read
            assert "GROUP BY" not in " ".join(sql for sql, _ in seen), search
    for status in (Status.DRAFT, Status.SUBMITTED):
        query = ListQuery(search="生物医药", status=status, limit=1000)
        rows, total = store.list_applications(query)
        assert total == len(rows) > 0
        assert all(
            "生物医药" in row.title + row.applicant_name and row.status == status for row in rows
        )
