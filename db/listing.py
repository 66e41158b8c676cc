"""What a list of applications is asked (ListQuery) and answers (ListRow), for 我的申报 and the
review queue alike, and the table columns a row is read from.

Light on purpose (no SQLAlchemy): the desktop app shows the first page of 我的申报 with these
before the store has opened (db/first_page.py), and the lists' Qt model is built on them. The
SQL itself is db/listing_sql.py. Named tuples rather than dataclasses, which take a cold start
some milliseconds to define.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NamedTuple

from forms.core.workflow import Status  # light: an enum, no pydantic

DENSE_SEARCH_HITS = 1000  # more hits than this: find a page by walking the sort order


class ListRow(NamedTuple):
    """One application as a list shows it; the last two matter to the office's review queue."""

    id: int
    number: str
    kind: str
    title: str
    applicant_name: str
    status: Status
    requested_amount: Decimal | None
    updated_at: datetime
    revision: int = 0  # 第几版 as submitted or received (0: never submitted)
    received_at: datetime | None = None  # came in a package (the review queue shows only these)


# The applications table's column behind each ListRow field, in the same order: the store's
# query (db/listing_sql.py) and the first-frame reader (db/first_page.py) both select these.
ROW_COLUMNS: tuple[str, ...] = (
    "id",
    "number",
    "kind",
    "title",
    "applicant_name",
    "status",
    "requested_amount",
    "updated_at",
    "submission_revision",
    "received_at",
)
assert len(ROW_COLUMNS) == len(ListRow._fields)


class SortKey(StrEnum):
    """A list's sort order; each value is the applications table's column sorted on."""

    UPDATED = "updated_at"
    CREATED = "created_at"
    TITLE = "title"
    KIND = "kind"
    STATUS = "status"
    AMOUNT = "requested_amount"
    NUMBER = "number"
    APPLICANT = "applicant_name"
    RECEIVED = "received_at"
    REVISION = "submission_revision"


class ListQuery(NamedTuple):
    """A filter, an order and a page; ties in the order are broken by id, so pages never
    overlap. ``received_only`` keeps the applications that came in packages (the review queue)."""

    kind: str | None = None
    status: Status | None = None
    search: str = ""
    sort: SortKey = SortKey.UPDATED
    descending: bool = True
    offset: int = 0
    limit: int = 50
    received_only: bool = False
    # The same order read from its other end (the last row first): the list model reads the
    # blocks past the middle so. Not simply the other direction, since empty values come last
    # in both (db/listing_sql.py).
    backwards: bool = False

    @property
    def filtered(self) -> bool:
        """Whether the user narrowed the list (the queue's own limit to received is not that)."""
        return bool(self.kind or self.status or self.search.strip())

    def unpaged(self) -> ListQuery:
        """The same filter and order without paging: what an export or a count covers."""
        return self._replace(offset=0, limit=0)


# The office's review queue: received applications, the last received first.
REVIEW_QUEUE = ListQuery(sort=SortKey.RECEIVED, received_only=True)


def review_query(**changes: Any) -> ListQuery:
    """The review queue with ``changes`` (kind, status, sort, offset…)."""
    return REVIEW_QUEUE._replace(**changes)
