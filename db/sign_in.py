"""When repeated failed sign-ins make the next try wait, and what the officer is told meanwhile.

The policy only: the counts live in the store (``sign_in_failures``, one row per 登录名 typed)
and ``db.accounts.Accounts.sign_in`` applies it, so the wait holds across windows and restarts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

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


SIGN_IN_POLICY = ThrottlePolicy()


@dataclass(frozen=True)
class SignInLock:
    """The next try under a name must wait: how many failed in a row, and until when (UTC)."""

    failures: int
    until: datetime

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
