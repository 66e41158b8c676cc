"""The review queue in figures: counts and requested amounts of received applications by kind,
status and month, and the queue's rows as a report (for the office's Excel export).

Everything is counted by the database (GROUP BY), so a store of thousands of received
applications answers at once; no application is loaded to count it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import InstrumentedAttribute

from db import listing_sql
from db.listing import REVIEW_QUEUE, ListQuery
from db.models import AMOUNT_DECIMALS, Applicant, Application, ReviewDecision
from db.repository import Store
from forms import all_forms
from forms.core.choices import Choice
from forms.core.workflow import Status
from forms.exchange.review import Outcome, officer_shown

# The statuses a received application can have, in the order of the review.
REVIEW_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.RECOMMENDED, Status.REJECTED)


def local_offset() -> timedelta:
    """This machine's offset from UTC now (China keeps UTC+8 all year, so one offset serves)."""
    return datetime.now().astimezone().utcoffset() or timedelta()


@dataclass(frozen=True)
class Tally:
    """One row of a summary table."""

    key: str  # the kind's code, the status, or the month as YYYY-MM
    label: str  # what the office reads: the form's title, the status, 2026年03月
    count: int
    amount: Decimal  # the sum of the amounts given, in 万元
    without_amount: int  # applications counted here that give no amount


@dataclass(frozen=True)
class ReviewSummary:
    total: Tally
    by_kind: tuple[Tally, ...]
    by_status: tuple[Tally, ...]
    by_month: tuple[Tally, ...]  # every month from the first to the last, empty ones included

    @property
    def empty(self) -> bool:
        return self.total.count == 0


def _conditions(
    kind: str | None,
    status: Status | None,
    since: date | None,
    until: date | None,
    offset: timedelta,
) -> list[ColumnElement[bool]]:
    """Received applications only: one filled in here is not the office's to count."""
    found: list[ColumnElement[bool]] = [Application.received_at.is_not(None)]
    if kind:
        found.append(Application.kind == kind)
    if status:
        found.append(Application.status == status.value)
    # received_at is naive UTC; the days the office names are its own (local) days
    if since is not None:
        found.append(Application.received_at >= datetime.combine(since, time()) - offset)
    if until is not None:
        next_day = datetime.combine(until + timedelta(days=1), time()) - offset
        found.append(Application.received_at < next_day)
    return found


def _report_conditions(
    query: ListQuery, since: date | None, until: date | None
) -> list[ColumnElement[bool]]:
    """The queue's own conditions (db/listing_sql.py) and the days received."""
    days = _conditions(None, None, since, until, local_offset())
    return [*listing_sql.conditions(query._replace(received_only=True)), *days]


def _local_month(store: Store, offset: timedelta) -> ColumnElement[str]:
    """received_at as the local month, YYYY-MM, computed by the database."""
    if store.engine.dialect.name == "sqlite":
        minutes = int(offset.total_seconds() // 60)
        return func.strftime("%Y-%m", Application.received_at, f"{minutes:+d} minutes")
    # PostgreSQL, the planned server of a larger office (not exercised by the tests here)
    return func.to_char(Application.received_at + offset, "YYYY-MM")


# per group: (applications, of which without an amount, sum of the amounts given)
Counted = dict[str, tuple[int, int, Decimal]]

# SQLite keeps a Numeric as a floating-point number and sums it as one, which drops a 0.0001 of
# 万元 in large totals. Each amount is rounded to whole yuan (exact in a float) before the sum,
# which then stays exact up to 2**53 yuan.
_UNITS = func.round(Application.requested_amount * 10**AMOUNT_DECIMALS)


def _tallies(
    store: Store,
    group: ColumnElement[str] | InstrumentedAttribute[str],
    conditions: list[ColumnElement[bool]],
) -> Counted:
    stmt = (
        select(
            group,
            func.count(Application.id),
            func.count(Application.requested_amount),
            func.sum(_UNITS),
        )
        .where(*conditions)
        .group_by(group)
    )
    with store.reading() as session:
        return {
            key: (count, count - with_amount, Decimal(int(total or 0)).scaleb(-AMOUNT_DECIMALS))
            for key, count, with_amount, total in session.execute(stmt).all()
        }


def _tally(key: str, label: str, found: Counted) -> Tally:
    count, without, amount = found.get(key, (0, 0, Decimal(0)))
    return Tally(key, label, count, amount, without)


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    found = []
    while f"{year:04d}-{month:02d}" <= last:
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def month_label(key: str) -> str:
    year, month = key.split("-")
    return f"{year}年{month}月"


def review_summary(
    store: Store,
    *,
    kind: str | None = None,
    status: Status | None = None,
    since: date | None = None,
    until: date | None = None,
    utc_offset: timedelta | None = None,
) -> ReviewSummary:
    """Counts and requested amounts (万元) of the received applications that match, by kind,
    status and month received; ``since``/``until`` are local days, both included."""
    offset = local_offset() if utc_offset is None else utc_offset
    conditions = _conditions(kind, status, since, until, offset)
    per_kind = _tallies(store, Application.kind, conditions)
    per_status = _tallies(store, Application.status, conditions)
    per_month = _tallies(store, _local_month(store, offset), conditions)

    forms = all_forms()
    kinds = [k for k in forms if kind in (None, k)]
    kinds += sorted(set(per_kind) - set(kinds))  # a kind this copy no longer knows
    statuses = [s.value for s in REVIEW_STATUSES if status in (None, s)]
    statuses += [s.value for s in Status if s.value in per_status and s.value not in statuses]
    months = _months(min(per_month), max(per_month)) if per_month else []

    total = Tally(
        "",
        "合计",
        sum(c for c, _, _ in per_kind.values()),
        sum((a for _, _, a in per_kind.values()), Decimal(0)),
        sum(w for _, w, _ in per_kind.values()),
    )
    return ReviewSummary(
        total=total,
        by_kind=tuple(_tally(k, forms[k].title if k in forms else k, per_kind) for k in kinds),
        by_status=tuple(_tally(s, _shown(Status, s), per_status) for s in statuses),
        by_month=tuple(_tally(m, month_label(m), per_month) for m in months),
    )


def _shown(choices: type[Choice], code: str) -> str:
    """A stored code as its label (an unknown one as it is)."""
    try:
        return choices(code).label
    except ValueError:
        return code


# --- the queue as a report ------------------------------------------------------------------


@dataclass(frozen=True)
class ReportRow:
    """One received application with its latest decision, as the office reports it."""

    number: str
    applicant_name: str
    uscc: str
    kind: str
    kind_title: str
    title: str
    requested_amount: Decimal | None
    status: str  # as people read it (the status's label)
    revision: int
    received_at: datetime  # naive UTC, as stored
    decision: str | None  # the latest decision's outcome, as its label
    officer: str | None
    decided_on: date | None


def report_count(
    store: Store,
    query: ListQuery = REVIEW_QUEUE,
    *,
    since: date | None = None,
    until: date | None = None,
) -> int:
    """How many rows ``report_rows`` gives for ``query`` (its offset and limit are ignored)."""
    conditions = _report_conditions(query, since, until)
    with store.reading() as session:
        return session.scalar(select(func.count(Application.id)).where(*conditions)) or 0


def report_rows(
    store: Store,
    query: ListQuery = REVIEW_QUEUE,
    *,
    since: date | None = None,
    until: date | None = None,
    batch: int = 500,
) -> Iterator[list[ReportRow]]:
    """Every received application matching ``query``'s kind and status (and received between
    the local days ``since`` and ``until``), in its order, a batch at a time; each read is
    short, so the store is never held while a batch is written out."""
    conditions = _report_conditions(query, since, until)
    latest = (
        select(func.max(ReviewDecision.id).label("id"))
        .group_by(ReviewDecision.application_id)
        .subquery()
    )
    decision = (
        select(ReviewDecision).join(latest, ReviewDecision.id == latest.c.id).subquery("decision")
    )
    stmt = (
        select(
            Application.number,
            Application.applicant_name,
            Applicant.uscc,
            Application.kind,
            Application.title,
            Application.requested_amount,
            Application.status,
            Application.submission_revision,
            Application.received_at,
            decision.c.outcome,
            decision.c.officer,
            decision.c.officer_username,
            decision.c.decided_on,
        )
        .join(Applicant, Applicant.id == Application.applicant_id)
        .outerjoin(decision, decision.c.application_id == Application.id)
        .where(*conditions)
        .order_by(*listing_sql.order(query))
    )
    forms = all_forms()
    start = 0
    while True:
        with store.reading() as session:
            rows = session.execute(stmt.offset(start).limit(batch)).all()
        if not rows:
            return
        yield [
            ReportRow(
                number=r.number or "",
                applicant_name=r.applicant_name,
                uscc=r.uscc,
                kind=r.kind,
                kind_title=forms[r.kind].title if r.kind in forms else r.kind,
                title=r.title,
                requested_amount=r.requested_amount,
                status=_shown(Status, r.status),
                revision=r.submission_revision,
                received_at=r.received_at,
                decision=_shown(Outcome, r.outcome) if r.outcome else None,
                officer=officer_shown(r.officer, r.officer_username) if r.officer else None,
                decided_on=r.decided_on,
            )
            for r in rows
        ]
        start += len(rows)
