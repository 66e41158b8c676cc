"""When an officer who left the shared office machine is signed out: the limit, and what input
counts as being there. The window's timer only asks this (app/gui/officers/officer.py)."""

from __future__ import annotations

from enum import Enum, auto
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from db.repository import Store

# Minutes without a key press or click before the officer is signed out; 0 keeps them signed in.
IDLE_MINUTES_KEY = "officer_idle_minutes"
IDLE_MINUTES = 30
# Within a working day: a larger figure overflowed Qt's timer (35,792 minutes and up) and the
# office could not open its store.
MAX_IDLE_MINUTES = 8 * 60


class UserInput(Enum):
    """Kinds of input a window sees, named apart from any toolkit."""

    KEY_PRESS = auto()
    KEY_RELEASE = auto()
    BUTTON_PRESS = auto()
    BUTTON_RELEASE = auto()
    POINTER_MOVE = auto()
    WHEEL = auto()
    TOUCH_BEGIN = auto()
    TOUCH_UPDATE = auto()


# Someone at the machine presses, clicks, scrolls or touches; a pointer drifting over the window
# (a bumped mouse, a window sliding under it) or a key let go is no sign of anyone.
ACTIVITY = frozenset(
    {UserInput.KEY_PRESS, UserInput.BUTTON_PRESS, UserInput.WHEEL, UserInput.TOUCH_BEGIN}
)


def counts_as_activity(kind: UserInput) -> bool:
    return kind in ACTIVITY


def idle_minutes_from(setting: str | None) -> int:
    """The setting as stored, or IDLE_MINUTES when it is missing or not a whole number; at most
    MAX_IDLE_MINUTES (0: never)."""
    value = (setting or "").strip()
    if not value.isdigit():
        return IDLE_MINUTES
    return min(int(value), MAX_IDLE_MINUTES)


def idle_minutes(store: Store) -> int:
    """The store's setting, read as ``idle_minutes_from`` reads it."""
    return idle_minutes_from(store.get_setting(IDLE_MINUTES_KEY))


def idle_text(ms: int) -> str:
    """An inactivity limit as a user reads it: 「30 分钟」 (under a minute, rounded-up seconds)."""
    return f"{ms // 60_000} 分钟" if ms >= 60_000 else f"{-(-ms // 1000)} 秒"


def idle_sign_out_reason(ms: int) -> str:
    """What the audit trail says of an officer signed out after ``ms`` without input."""
    return f"{idle_text(ms)}无操作，自动退出"
