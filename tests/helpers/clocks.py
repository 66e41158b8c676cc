"""A clock for the sign-in waits that moves only when a test says so (no sleeps).

On a PostgreSQL server the server's clock times the waits (db/sign_in.py), so moving this clock
on also moves the times the server recorded back by as much: the server then sees that much time
gone by, as the desktop does, and the same test runs on SQLite and on a server.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update

from db.models import SignInFailures
from db.repository import Store


class Clock:
    """Naive UTC, as the store keeps time; ``watching`` a store whose server time it moves."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self.stores: list[Store] = []

    def __call__(self) -> datetime:
        return self.now

    def watching(self, store: Store) -> Store:
        self.stores.append(store)
        return store

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self.now += step
        for store in self.stores:
            if store.engine.dialect.name == "postgresql":
                counted = SignInFailures
                with store.engine.begin() as connection:
                    connection.execute(
                        update(counted).values(
                            locked_until=counted.locked_until - step,
                            last_failed_at=counted.last_failed_at - step,
                        )
                    )
