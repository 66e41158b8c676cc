"""What this copy of the app is, as kept in its store's settings: its 使用方 (企业端 or 园区端)
and the applicant that is its own profile."""

from __future__ import annotations

from db.repository import Store
from forms.core.choices import Choice

MODE_SETTING = "mode"
OWN_APPLICANT_SETTING = "own_applicant_id"


class Mode(Choice):
    ENTERPRISE = "enterprise", "企业端"
    PARK_OFFICE = "office", "园区端"


def mode_label(code: str) -> str:
    """The 使用方 a stored code names (企业端/园区端); "" for a code this program does not know."""
    return Mode(code).label if code in {m.value for m in Mode} else ""


def read_mode(store: Store) -> Mode | None:
    value = store.get_setting(MODE_SETTING)
    return Mode(value) if value in {m.value for m in Mode} else None


def read_mode_code(store: Store) -> str | None:
    """The stored 使用方 code as it is (what a screen that changes it shows, and hands back)."""
    return store.get_setting(MODE_SETTING)


def write_mode(store: Store, mode: Mode) -> None:
    store.set_setting(MODE_SETTING, mode.value)


def choose_mode(store: Store, mode: Mode, *, seen: str | None) -> None:
    """The user's choice of 使用方, saved if the stored one is still ``seen`` (a code from
    ``read_mode_code``; None: not set yet): another desktop's choice made meanwhile is never
    silently replaced (SettingChanged)."""
    store.change_setting(MODE_SETTING, mode.value, seen=seen, label="使用方")


def own_applicant_id(store: Store) -> int | None:
    """The applicant row that is this copy's own profile, if it was set up with one."""
    value = store.get_setting(OWN_APPLICANT_SETTING)
    return int(value) if value and value.isdigit() else None
