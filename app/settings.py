"""Settings of this copy of the app that are kept in its store (使用方, own applicant, form titles)."""

from __future__ import annotations

from contextlib import suppress
from enum import StrEnum
from typing import Any

from db.engine import StoreError
from db.first_page import KIND_TITLES_KEY, encode_kind_titles
from db.repository import Store
from forms import all_forms
from forms.applicant import APPLICANT, parse_applicant
from forms.core.issues import FieldIssue

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


def remember_kind_titles(store: Store) -> None:
    """Keep each form's title in the store, for the list shown before the forms are loaded.

    Written only when a form was added or renamed; a read-only store just goes without.
    """
    titles = encode_kind_titles({kind: form.title for kind, form in all_forms().items()})
    if store.get_setting(KIND_TITLES_KEY) == titles:
        return
    with suppress(StoreError):
        store.set_setting(KIND_TITLES_KEY, titles)


def save_own_profile(store: Store, data: dict[str, Any]) -> list[FieldIssue]:
    """Check a complete applicant profile, save it, and make it this copy's own.

    Returns the problems (each naming its field) and saves nothing when there are any; raises
    StoreError/InputError when the store refuses.
    """
    profile, issues = parse_applicant(data)
    if profile is None:
        return issues
    missing = [
        i.with_label(APPLICANT.label_of(i.path)) for i in APPLICANT.missing_required(profile)
    ]
    if missing:
        return missing
    applicant_id = store.save_applicant(profile)
    store.set_setting(OWN_APPLICANT_KEY, str(applicant_id))
    return []
