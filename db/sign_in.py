"""When repeated failed sign-ins make the next try wait, and what the officer is told meanwhile.

The policy only: the counts live in the store (``sign_in_failures``, one row per 登录名 typed)
and ``db.accounts.Accounts.sign_in`` applies it, so the wait holds across windows and restarts.

Whose clock times the wait: on a shared server the server's (``server_locked_until``, with the
remaining wait computed by the database in the statement that reads or counts), so a desktop
whose clock is hours wrong neither locks a name for hours nor lets it through; on a SQLite file
the desktop's own, the only one there is. A desktop then counts the wait down on its own clock
from the moment it was told (``SignInLock.lasting``): only the clock's progress matters there.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    ColumnElement,
    DateTime,
    Interval,
    SQLColumnExpression,
    case,
    func,
    literal,
    type_coerce,
)

MAX_USERNAME_KEY = 64  # what is kept of a name typed (a real 登录名 has at most 32 characters)


@dataclass(frozen=True)
class ThrottlePolicy:
    """After ``max_failures`` failed sign-ins in a row under one name, each further try (right
    or wrong) must wait ``wait`` after the last failure. The wait does not grow: a guesser
    gets about 120 tries an hour, and an officer who mistyped waits half a minute at most."""

    max_failures: int = 5
    wait: timedelta = timedelta(seconds=30)

    def locked_until(self, failures: int, failed_at: datetime) -> datetime | None:
        """Until when the next try must wait after the ``failures``-th failure in a row."""
        return failed_at + self.wait if failures >= self.max_failures else None

    def server_locked_until(
        self, failures: ColumnElement[int], failed_at: ColumnElement[datetime]
    ) -> ColumnElement[datetime | None]:
        """``locked_until`` as SQL, for the server to compute with its own clock."""
        until = failed_at + literal(self.wait, Interval())
        return case((failures >= self.max_failures, until), else_=None)


def server_now() -> ColumnElement[datetime]:
    """The server's clock as the store keeps time (naive UTC), read in the statement itself."""
    return type_coerce(func.timezone("UTC", func.now()), DateTime())


def server_remaining(
    until: SQLColumnExpression[datetime | None],
) -> ColumnElement[timedelta | None]:
    """How long until ``until`` by the server's clock (negative once past; NULL without one)."""
    return type_coerce(until - server_now(), Interval())


SIGN_IN_POLICY = ThrottlePolicy()


@dataclass(frozen=True)
class SignInLock:
    """The next try under a name must wait: how many failed in a row, and until when, on the
    clock of the desktop that was told (``remaining`` and ``message`` take that clock's now)."""

    failures: int
    until: datetime

    @classmethod
    def lasting(cls, failures: int, remaining: timedelta, now: datetime) -> SignInLock:
        """A wait the server timed, ``remaining`` by its clock, placed on this desktop's clock
        at ``now``: counted down from here, whatever hour that clock shows."""
        return cls(failures, now + remaining)

    def remaining(self, now: datetime) -> timedelta:
        return max(self.until - now, timedelta(0))

    def message(self, now: datetime) -> str:
        """「已连续 5 次登录失败，请 30 秒后再试」, the wait as it stands at ``now``."""
        return f"已连续 {self.failures} 次登录失败，请 {wait_text(self.remaining(now))}后再试"


def username_key(username: str) -> str:
    """The name the counts are kept under: as the 登录名 compare, whatever the case."""
    return username.strip().lower()[:MAX_USERNAME_KEY]


def wait_text(remaining: timedelta) -> str:
    """A wait as the officer reads it, rounded up (never 「0 秒」): 「30 秒」, 「2 分钟」."""
    seconds = max(1, math.ceil(remaining.total_seconds()))
    return f"{seconds} 秒" if seconds < 60 else f"{math.ceil(seconds / 60)} 分钟"
