"""What the list of applications is asked (ListQuery) and answers (ListRow).

Light on purpose (no SQLAlchemy): the desktop app shows the first page of 我的申报 with these
before the store has opened (db/first_page.py), and the list's Qt model is built on them. Named
tuples rather than dataclasses, which take a cold start some milliseconds to define.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import NamedTuple

from forms.core.workflow import Status  # light: an enum, no pydantic

DENSE_SEARCH_HITS = 1000  # more hits than this: find a page by walking the sort order


class ListRow(NamedTuple):
    id: int
    number: str
    kind: str
    title: str
    applicant_name: str
    status: Status
    requested_amount: Decimal | None
    updated_at: datetime


class SortKey(StrEnum):
    UPDATED = "updated_at"
    CREATED = "created_at"
    TITLE = "title"
    KIND = "kind"
    STATUS = "status"
    AMOUNT = "requested_amount"
    NUMBER = "number"
    APPLICANT = "applicant_name"


class ListQuery(NamedTuple):
    kind: str | None = None
    status: Status | None = None
    search: str = ""
    sort: SortKey = SortKey.UPDATED
    descending: bool = True
    offset: int = 0
    limit: int = 50

    @property
    def filtered(self) -> bool:
        return bool(self.kind or self.status or self.search.strip())
