"""Settings of this copy of the app that are kept in its store (使用方, own applicant)."""

from __future__ import annotations

from enum import StrEnum

from db.repository import Store

MODE_KEY = "mode"
OWN_APPLICANT_KEY = "own_applicant_id"


class Mode(StrEnum):
    ENTERPRISE = "企业端"
    PARK_OFFICE = "园区端"


def read_mode(store: Store) -> Mode | None:
    value = store.get_setting(MODE_KEY)
    return Mode(value) if value in {m.value for m in Mode} else None


def write_mode(store: Store, mode: Mode) -> None:
    store.set_setting(MODE_KEY, mode.value)


def own_applicant_id(store: Store) -> int | None:
    value = store.get_setting(OWN_APPLICANT_KEY)
    return int(value) if value and value.isdigit() else None


def is_set_up(store: Store) -> bool:
    return read_mode(store) is not None and own_applicant_id(store) is not None
