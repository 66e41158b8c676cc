"""Writers of one shared server store, kept from stepping on each other (PostgreSQL's READ
COMMITTED lets two transactions read the same state and both act on it; SQLite's single writer,
taken at BEGIN IMMEDIATE, already serialises them, so everything here is harmless there).

- ``serialise``: one topic (the accounts, the office profile) changed by one writer at a time.
- ``locked_firm``: the firm's row, made if it is new, and locked before its history is read.
- ``retrying``: a write that met a concurrent writer's row (a unique key taken meanwhile) is
  done once more, when it sees that row and says 已存在 instead of failing.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from db.errors import WriteCollision
from db.models import Applicant, utcnow

T = TypeVar("T")

# Topics serialised with ``serialise`` (each its own advisory lock on a server).
ACCOUNTS = "gxapply.accounts"
OFFICE_PROFILE = "gxapply.office_profile"

# A write that collided is tried this many times in all: the second try sees the other's row.
COLLISION_TRIES = 3


def topic_key(topic: str) -> int:
    """The advisory lock's number for a topic: stable across programs and runs."""
    return zlib.crc32(topic.encode("utf-8"))


def serialise(session: Session, topic: str) -> None:
    """Wait until no other transaction holds ``topic``, and hold it until this one ends.

    Call it first in a writing transaction, before reading what the decision rests on: each
    statement after it sees what the previous holder committed.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": topic_key(topic)})


def _insert(session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    return None


def locked_firm(session: Session, uscc: str, name: str, profile: dict[str, Any]) -> Applicant:
    """The firm with this code, locked until the transaction ends; made (with ``name`` and
    ``profile``) if the store has none.

    Made with INSERT … ON CONFLICT DO NOTHING, so two desktops receiving a new firm's first
    packages at once both go on with the one row; then locked (SELECT … FOR UPDATE), so two
    claims of one firm are checked against its history one after the other.
    """
    insert = _insert(session)
    if insert is not None:
        now = utcnow()
        # on the connection, not through the ORM: a bulk statement would tell every screen that
        # every application changed (db/changes.py); the firm's row is written again by the
        # import itself, which names it
        session.connection().execute(
            insert(Applicant.__table__)
            .values(uscc=uscc, name=name, profile=profile, created_at=now, updated_at=now)
            .on_conflict_do_nothing(index_elements=["uscc"])
        )
    row = session.scalar(
        select(Applicant)
        .where(Applicant.uscc == uscc)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if row is None:  # another back end: the plain way
        row = Applicant(uscc=uscc, name=name, profile=profile)
        session.add(row)
        session.flush()
    return row


def retrying(write: Callable[[], T], tries: int = COLLISION_TRIES) -> T:
    """``write()``, done again when it collided with a concurrent writer's row."""
    for attempt in range(1, tries + 1):
        try:
            return write()
        except WriteCollision:
            if attempt == tries:
                raise
    raise AssertionError("unreachable")
