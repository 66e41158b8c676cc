"""What a write changed, told to whoever subscribed once it has committed.

Modelled on Anki's ``operation_did_execute``: every write of a store (``store.writing()``) records
the rows its flushes touched, and after the commit tells each subscriber what changed, on the
thread that wrote. Screens subscribe and show the store again, instead of each window calling
the others by hand. No Qt here: app/gui/widgets/store_changes.py carries a change to the GUI thread.
On a shared server, db/live.py sends each committed change to the other desktops and hands what
they changed to the same subscribers.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from db.models import Account, Applicant, Application, KnownKey, OfficePin, Setting

log = logging.getLogger(__name__)


class Every(Enum):
    ALL = "all"


ALL: Literal[Every.ALL] = Every.ALL  # every application may have changed (a bulk statement)
Applications = frozenset[int] | Literal[Every.ALL]
CHANGED = "gxapply.changed"  # session.info key of what the session's flushes touched


@dataclass(frozen=True)
class Change:
    """What one committed write changed."""

    applications: Applications = frozenset()  # ids written (content, status, decisions…)
    applicants: bool = False  # a 申报主体 profile
    settings: frozenset[str] = frozenset()  # keys
    accounts: bool = False  # officers' accounts
    trust: bool = False  # known signing keys and pinned offices
    tables: frozenset[str] = field(default=frozenset(), compare=False)  # every table written

    @property
    def empty(self) -> bool:
        return not self.tables

    def touches(self, application_id: int) -> bool:
        """Whether the application ``application_id`` may have changed."""
        return self.applications is ALL or application_id in self.applications

    def __or__(self, other: Change) -> Change:
        applications: Applications = (
            ALL
            if self.applications is ALL or other.applications is ALL
            else self.applications | other.applications
        )
        return Change(
            applications,
            self.applicants or other.applicants,
            self.settings | other.settings,
            self.accounts or other.accounts,
            self.trust or other.trust,
            self.tables | other.tables,
        )


Subscriber = Callable[[Change], None]


class StoreChanges:
    """The subscribers to one store's changes, and the recording of its writer sessions."""

    def __init__(self, *writer_sessions: sessionmaker[Session]) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()
        # who sent a change notice of a shared server store (db/live.py): its own are not heard
        self.origin = uuid.uuid4().hex[:16]
        # Per store, on every one of its writer sessions (not on the Session class).
        for sessions in writer_sessions:
            event.listen(sessions, "after_flush", _record_flush)
            event.listen(sessions, "do_orm_execute", _record_statement)

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        """Call ``subscriber(change)`` after each write commits; returns the unsubscribe."""
        with self._lock:
            self._subscribers.append(subscriber)
        return lambda: self.unsubscribe(subscriber)

    def unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            if subscriber in self._subscribers:
                self._subscribers.remove(subscriber)

    def committed(self, session: Session) -> None:
        """Tell every subscriber what ``session`` (just committed) changed, if anything."""
        change: Change | None = session.info.pop(CHANGED, None)
        if change is None or change.empty:
            return
        self.notify(change)

    def notify(self, change: Change) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(change)
            except Exception:  # the write is done; one screen's failure must not undo it
                log.exception("a subscriber to the store's changes failed")


def _record_flush(session: Session, _context: Any) -> None:
    found = Change()
    for obj in (*session.new, *session.dirty, *session.deleted):
        found = found | _change_of(obj)
    _add(session, found)


def _record_statement(state: ORMExecuteState) -> None:
    """A bulk UPDATE, DELETE or INSERT names no rows: any application may have changed."""
    if state.is_update or state.is_delete or state.is_insert:
        _add(session=state.session, change=Change(ALL, True, tables=frozenset({"*"})))


def _add(session: Session, change: Change) -> None:
    if not change.empty:
        before: Change | None = session.info.get(CHANGED)
        session.info[CHANGED] = change if before is None else before | change


def _change_of(obj: object) -> Change:
    table = frozenset({getattr(obj, "__tablename__", type(obj).__name__)})
    if isinstance(obj, Application):
        return Change(frozenset({obj.id}), tables=table)
    if isinstance(obj, Applicant):
        return Change(applicants=True, tables=table)
    if isinstance(obj, Setting):
        return Change(settings=frozenset({obj.key}), tables=table)
    if isinstance(obj, Account):
        return Change(accounts=True, tables=table)
    if isinstance(obj, KnownKey | OfficePin):
        return Change(trust=True, tables=table)
    application_id = getattr(obj, "application_id", None)  # its content, attachments, audit…
    if isinstance(application_id, int):
        return Change(frozenset({application_id}), tables=table)
    return Change(tables=table)
