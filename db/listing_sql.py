"""The SQL of every list of applications (我的申报, the review queue, the queue's report): its
conditions, its order, a count, a page, and where given applications stand in it.

One builder for a ``ListQuery`` (db/listing.py), so the lists cannot drift apart; the store's
facade (``Store.list_applications``, ``count_applications``, ``list_page``, ``list_rows_of``)
and ``Review.queue`` call it with a session of their own.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from db.collation import text_order
from db.listing import DENSE_SEARCH_HITS, ROW_COLUMNS, ListQuery, ListRow
from db.models import Application, SearchTerm
from db.search import bigrams, query_words
from forms.core.workflow import Status

ROW_SELECT = tuple(getattr(Application, name) for name in ROW_COLUMNS)
COMMON_PAIR = DENSE_SEARCH_HITS  # a pair more rows hold than this is common (common_words)


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def conditions(
    query: ListQuery, *, dense: bool = False, common: frozenset[str] = frozenset()
) -> list[Any]:
    """WHERE clauses of a list query.

    ``dense`` (many rows match the search) checks each row's character pairs where it stands,
    so a page is found by walking the sort order and stopping after 50 rows; else the matching
    rows are first collected from the pair index, so a rare word never walks the whole table.
    ``common``: longer words checked by their text alone (see ``common_words``).
    """
    found: list[Any] = []
    if query.received_only:
        found.append(Application.received_at.is_not(None))
    if query.kind:
        found.append(Application.kind == query.kind)
    if query.status:
        found.append(Application.status == query.status.value)
    words = query_words(query.search)
    # Latin letters and digits (numbers such as GX2026…) share a few common pairs ("gx", "00"),
    # which would make the pair index slower than reading the text: only Chinese words go
    # through the index.
    indexed = [w for w in words if not w.isascii() and w not in common]
    pairs = sorted(set().union(*(bigrams(w) for w in indexed))) if indexed else []
    if dense:
        # A longer word is checked by its text alone (below): its pairs would only repeat that
        # check, and three of them made PostgreSQL expect few rows and sort every match instead
        # of walking the list's order (生物医药 among 100,000: 62 ms, under 1 ms so).
        found.extend(
            select(SearchTerm.term)
            .where(SearchTerm.application_id == Application.id, SearchTerm.term == word)
            .exists()
            for word in sorted({w for w in indexed if len(w) == 2})
        )
    elif pairs:
        holders = select(SearchTerm.application_id).where(SearchTerm.term.in_(pairs))
        if len(pairs) > 1:
            holders = holders.group_by(SearchTerm.application_id).having(func.count() == len(pairs))
        found.append(Application.id.in_(holders))
    texts = [
        Application.search_key.like("%" + escape_like(word) + "%", escape="\\")
        for word in words
        if (word.isascii() or len(word) != 2) and word not in common  # no pair, or to confirm
    ]
    # A common word is looked for where the other conditions lead (a status, a kind, the order).
    found.extend(
        Application.search_key.like("%" + escape_like(word) + "%", escape="\\")
        for word in words
        if word in common
    )
    if texts and not dense and not pairs:
        # Read the text once to find the few matches, rather than walking the sort order
        # through every row (which a rare number would make it do).
        found.append(Application.id.in_(select(Application.id).where(*texts)))
    else:
        found.extend(texts)
    return found


def order(query: ListQuery) -> tuple[ColumnElement[Any], ColumnElement[Any]]:
    """The sort column in its direction, then the id as a tie-break, so pages never overlap.

    Text sorts in code-point order (db/collation.py). Empty values (an application with no
    number or amount yet, one never received) come last in both directions on every back end:
    SQLite puts NULL first ascending, PostgreSQL first descending. Only a column that can be
    empty says so, which keeps the index of the default order (updated_at) usable.
    ``backwards`` is the exact reverse of all that, empty values first."""
    column = Application.__table__.c[query.sort.value]
    key = text_order(column)
    descending = query.descending != query.backwards
    ordered = key.desc() if descending else key.asc()
    if column.nullable:
        ordered = ordered.nulls_first() if query.backwards else ordered.nulls_last()
    return ordered, (Application.id.desc() if descending else Application.id.asc())


def common_words(session: Session, query: ListQuery) -> frozenset[str]:
    """The longer Chinese words of a search each of whose character pairs more than
    COMMON_PAIR rows hold (生物, 物医 and 医药 of 生物医药 among 100,000).

    Such a word is found by its text alone: intersecting its pairs' lists read them all
    (3 × 19,000 entries for 生物医药 among 100,000: 100 ms on PostgreSQL), while its text is
    read only where the other conditions lead. A word with one rare pair keeps the pair index,
    which finds it at once. One round trip counts each pair's holders up to the limit.
    """
    words = {w for w in query_words(query.search) if not w.isascii() and len(w) > 2}
    pairs = sorted(set().union(*(bigrams(w) for w in words)))
    if not pairs:
        return frozenset()
    holders = [
        select(func.count())
        .select_from(
            select(SearchTerm.application_id)
            .where(SearchTerm.term == pair)
            .limit(COMMON_PAIR + 1)
            .subquery()
        )
        .scalar_subquery()
        for pair in pairs
    ]
    counts = session.execute(select(*holders)).one()
    many = {pair for pair, held in zip(pairs, counts, strict=True) if held > COMMON_PAIR}
    return frozenset(w for w in words if bigrams(w) <= many)


def count(session: Session, query: ListQuery) -> int:
    found = conditions(query, common=common_words(session, query))
    return session.scalar(select(func.count(Application.id)).where(*found)) or 0


def page(
    session: Session, query: ListQuery, *, dense: bool = False, among: list[int] | None = None
) -> list[ListRow]:
    """One page; ``among`` limits it to rows already found (by id)."""
    common = frozenset() if dense else common_words(session, query)
    stmt = (
        select(*ROW_SELECT)
        .where(*conditions(query, dense=dense, common=common))
        .where(*([Application.id.in_(among)] if among is not None else []))
        .order_by(*order(query))
        .offset(query.offset)
        .limit(query.limit)
    )
    return [_list_row(*row) for row in session.execute(stmt)]


def count_and_page(session: Session, query: ListQuery) -> tuple[list[ListRow], int]:
    """One page of the list and how many rows its filter matches."""
    words = query_words(query.search)
    if words and all(w.isascii() for w in words):
        # A number or Latin word has no pair index: read the text once for both the count and
        # the page, instead of once each.
        ids = list(session.scalars(select(Application.id).where(*conditions(query))))
        if len(ids) <= DENSE_SEARCH_HITS:
            only = query._replace(kind=None, status=None, search="", received_only=False)
            return page(session, only, among=ids), len(ids)
        return nearer_end_page(session, query, len(ids), dense=True), len(ids)
    total = count(session, query)
    return nearer_end_page(session, query, total, dense=dense_search(query, total)), total


def nearer_end_page(
    session: Session, query: ListQuery, total: int, *, dense: bool
) -> list[ListRow]:
    """One page of a list of ``total`` rows, read from the end of the order it is nearer to.

    Past the middle the reversed order is read from the other end, so the database walks past
    fewer rows: the last page of 100,000 with its count took ~170 ms on PostgreSQL read from the
    front (it sorted the whole table), ~5 ms so. The order is total (ties broken by id), so the
    rows are the same.
    """
    if query.limit <= 0 or query.backwards or not total // 2 < query.offset < total:
        return page(session, query, dense=dense)
    end = min(total, query.offset + query.limit)
    reverse = query._replace(backwards=True, offset=total - end, limit=end - query.offset)
    return page(session, reverse, dense=dense)[::-1]


def dense_search(query: ListQuery, total: int) -> bool:
    """Many hits: walk the sort order checking each row rather than collect them first."""
    return bool(query.search.strip()) and total > DENSE_SEARCH_HITS


def rows_of(session: Session, query: ListQuery, ids: list[int]) -> dict[int, int]:
    """Where each of ``ids`` stands in the list (0 is the first row); ids it lacks are left out.

    For a list that keeps its selection when it is read again: a saved application moves (to
    the top, newest first), and the selection should move with it.
    """
    if not ids:
        return {}
    number = func.row_number().over(order_by=order(query)) - 1
    ranked = select(Application.id, number.label("row")).where(*conditions(query)).subquery()
    found = session.execute(select(ranked.c.id, ranked.c.row).where(ranked.c.id.in_(ids)))
    return {application_id: row for application_id, row in found}


def _list_row(
    row_id: int,
    number: str | None,
    kind: str,
    title: str,
    applicant_name: str,
    status: str,
    *rest: Any,
) -> ListRow:
    return ListRow(row_id, number or "", kind, title, applicant_name, Status(status), *rest)
