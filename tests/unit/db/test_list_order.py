"""The order of a list is the same on SQLite and on PostgreSQL (issue 16, point 6): empty
values last in both directions, text in code-point order whatever the server's collation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from db.listing import ListQuery, SortKey
from db.listing_sql import order
from tests.helpers.examples import example_document


@pytest.fixture
def amounts(store):
    """Four applications: two with an amount, two without (an emptied amount is no amount)."""
    doc = example_document("incubator")
    data = doc.form.model_dump(mode="json")
    ids = [store.import_document(doc) for _ in range(4)]
    for app_id, amount in zip(ids, ["10", None, "90", None], strict=True):
        store.save_draft(app_id, data | {"requested_amount": amount})
    return store, ids


@pytest.mark.parametrize("descending", [False, True])
def test_applications_without_an_amount_come_last_either_way(amounts, descending):
    store, ids = amounts
    rows, _ = store.list_applications(ListQuery(sort=SortKey.AMOUNT, descending=descending))
    shown = [r.requested_amount for r in rows]
    filled = [Decimal("90"), Decimal("10")] if descending else [Decimal("10"), Decimal("90")]
    assert shown == [*filled, None, None]
    # Ties (the two empty ones) follow the id, in the list's direction.
    empty = [r.id for r in rows[2:]]
    assert empty == sorted([ids[1], ids[3]], reverse=descending)


@pytest.mark.parametrize("descending", [False, True])
def test_pages_and_positions_follow_the_same_order(amounts, descending):
    store, _ = amounts
    query = ListQuery(sort=SortKey.AMOUNT, descending=descending, limit=3)
    first, total = store.list_applications(query)
    second, _ = store.list_applications(query._replace(offset=3))
    assert total == 4 and len({r.id for r in first + second}) == 4
    assert second[0].requested_amount is None  # the last page holds an empty one
    positions = store.list_rows_of(query, [r.id for r in first + second])
    assert [positions[r.id] for r in first + second] == [0, 1, 2, 3]


@pytest.mark.parametrize("descending", [False, True])
def test_read_backwards_the_order_is_the_exact_reverse(amounts, descending):
    """The list reads its last blocks from the end: empty values first, then the rest."""
    store, _ = amounts
    query = ListQuery(sort=SortKey.AMOUNT, descending=descending)
    forwards, _ = store.list_applications(query)
    backwards, _ = store.list_applications(query._replace(backwards=True))
    assert [r.id for r in backwards] == [r.id for r in reversed(forwards)]
    last_two, _ = store.list_applications(query._replace(backwards=True, limit=2))
    assert [r.requested_amount for r in last_two] == [None, None]


def test_titles_sort_by_code_point_on_every_back_end(store):
    doc = example_document("incubator")
    data = doc.form.model_dump(mode="json")
    titles = ["南宁孵化器", "Alpha 孵化器", "一号孵化器", "桂林孵化器", "abc 孵化器", "龙孵化器"]
    for title in titles:
        store.save_draft(store.import_document(doc), data | {"carrier_name": title})
    rows, _ = store.list_applications(ListQuery(sort=SortKey.TITLE, descending=False))
    assert [r.title for r in rows] == sorted(titles)  # Python's str order is code-point order
    rows, _ = store.list_applications(ListQuery(sort=SortKey.TITLE, descending=True))
    assert [r.title for r in rows] == sorted(titles, reverse=True)


def test_the_order_is_spelled_out_for_each_back_end():
    """What makes the two back ends agree, whichever one the tests run on."""
    amount_desc, _ = order(ListQuery(sort=SortKey.AMOUNT, descending=True))
    title_asc, _ = order(ListQuery(sort=SortKey.TITLE, descending=False))
    updated, _ = order(ListQuery(sort=SortKey.UPDATED))
    on_pg = postgresql.dialect()
    assert str(amount_desc.compile(dialect=on_pg)).endswith("DESC NULLS LAST")
    assert str(amount_desc.compile(dialect=sqlite.dialect())).endswith("DESC NULLS LAST")
    assert str(title_asc.compile(dialect=on_pg)) == 'applications.title COLLATE "C" ASC'
    assert str(title_asc.compile(dialect=sqlite.dialect())) == "applications.title ASC"
    # A column that is never empty keeps its plain order, so its index serves the list.
    assert str(updated.compile(dialect=on_pg)) == "applications.updated_at DESC"
