"""Settings of this copy of the app that are kept in its store (使用方, own applicant, form titles)."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import Any

from db.errors import StoreError
from db.first_page import KIND_TITLES_KEY, encode_kind_titles
from db.repository import Store
from db.this_copy import (
    MODE_SETTING,
    OWN_APPLICANT_SETTING,
    Mode,
    own_applicant_id,
    read_mode,
    write_mode,
)
from forms import all_forms
from forms.applicant import APPLICANT, ApplicantProfile
from forms.core.definition import FormDefinition
from forms.core.issues import FieldIssue
from forms.core.validation import check_entry
from forms.office import OFFICE, OfficeProfile, as_applicant, office_values

MODE_KEY = MODE_SETTING
OWN_APPLICANT_KEY = OWN_APPLICANT_SETTING
# The folder each kind of file was last saved to, where its next save dialog opens.
PDF_FOLDER_KEY = "last_pdf_folder"  # packets, 批量打印 and every other printed PDF
PACKAGE_FOLDER_KEY = "last_package_folder"  # 导出申报包


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


def last_folder(store: Store | None, key: str) -> Path:
    """The folder a file of this kind was last saved to; the home folder before the first."""
    folder = store.get_setting(key) if store is not None else None
    return Path(folder) if folder else Path.home()


def remember_folder(store: Store | None, key: str, folder: Path) -> None:
    """Once a file is written in ``folder``, open the next save dialog there.

    Only a convenience: the file is saved either way, so a store that cannot write (read-only,
    full disk) just goes without.
    """
    if store is not None:
        with suppress(StoreError):
            store.set_setting(key, str(folder))


def profile_definition(mode: Mode | None) -> FormDefinition:
    """The form a copy's own profile is filled in with: 园区端 the office's (本园区信息),
    企业端 the applicant profile (申报主体信息)."""
    return OFFICE if mode is Mode.PARK_OFFICE else APPLICANT


def own_profile_values(store: Store, mode: Mode | None) -> dict[str, Any]:
    """This copy's own profile as ``profile_definition(mode)`` edits it; an office set up with
    the applicant form keeps what that form shares with the office's."""
    applicant_id = own_applicant_id(store)
    if applicant_id is None:
        return {}
    stored = store.get_applicant(applicant_id).profile.model_dump(mode="json")
    return office_values(stored) if mode is Mode.PARK_OFFICE else stored


def save_own_profile(
    store: Store, data: dict[str, Any], mode: Mode | None = None
) -> list[FieldIssue]:
    """Check a complete profile of this copy (in ``mode``, the store's when not given), save it,
    and make it this copy's own: an office's is kept as the applicant it is (a 管委会).

    Returns the problems (each naming its field) and saves nothing when there are any; raises
    StoreError/InputError when the store refuses.
    """
    mode = mode or read_mode(store)
    definition = profile_definition(mode)
    entry = check_entry(definition, office_values(data) if definition is OFFICE else data)
    if entry.issues:
        return entry.issues
    profile = entry.model
    if isinstance(profile, OfficeProfile):
        profile = as_applicant(profile)
    assert isinstance(profile, ApplicantProfile)
    applicant_id = store.save_applicant(profile)
    store.set_setting(OWN_APPLICANT_KEY, str(applicant_id))
    return []


__all__ = [  # the copy's 使用方 and own applicant live in db/this_copy.py; known here by callers
    "Mode",
    "own_applicant_id",
    "read_mode",
    "write_mode",
]
