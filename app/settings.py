"""Settings of this copy of the app that are kept in its store (使用方, own applicant, form titles)."""

from __future__ import annotations

import json
from contextlib import suppress
from pathlib import Path
from typing import Any

from app.server_setup import replace_settings
from db import own_profile
from db.errors import StoreError
from db.first_page import KIND_TITLES_KEY, encode_kind_titles
from db.location import config_dir
from db.repository import Store
from db.this_copy import (
    MODE_SETTING,
    OWN_APPLICANT_SETTING,
    Mode,
    choose_mode,
    own_applicant_id,
    read_mode,
    read_mode_code,
    write_mode,
)
from forms import all_forms
from forms.applicant import APPLICANT, ApplicantProfile
from forms.core.definition import FormDefinition
from forms.core.errors import os_error_text
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


DESKTOP_FILE = "desktop.json"  # this computer's own settings, beside settings.toml


class DesktopSettings:
    """Settings that belong to this computer, not to the office: where its dialogs start.

    A store on a server is shared by every officer's computer, and a folder one of them saved to
    (C:\\Users\\wangfang\\Desktop) is no starting point on another's; these settings are kept in
    a small file in this computer's settings folder instead. A file that cannot be read or
    written only forgets them."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        value = self._read().get(key)
        return value if isinstance(value, str) else default

    def set_setting(self, key: str, value: str) -> None:
        data = self._read()
        data[key] = value
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            replace_settings(self.path, json.dumps(data, ensure_ascii=False))
        except OSError as exc:
            raise StoreError(
                f"无法写入本机设置文件 {self.path}：{os_error_text(exc)}。"
                "请检查该文件夹的写入权限和磁盘空间；未保存的只是对话框的起始位置等，数据不受影响"
            ) from exc


def desktop_settings(store: Store) -> Store | DesktopSettings:
    """Where this computer's own settings go: the store of one computer (a file), or, for a
    store on a server, a file in this computer's settings folder."""
    if store.engine.dialect.name == "sqlite":
        return store
    return DesktopSettings(config_dir() / DESKTOP_FILE)


def last_folder(store: Store | None, key: str) -> Path:
    """The folder a file of this kind was last saved to on this computer; the home folder
    before the first."""
    folder = desktop_settings(store).get_setting(key) if store is not None else None
    return Path(folder) if folder else Path.home()


def remember_folder(store: Store | None, key: str, folder: Path) -> None:
    """Once a file is written in ``folder``, open the next save dialog there (on this computer).

    Only a convenience: the file is saved either way, so a store that cannot write (read-only,
    full disk) just goes without.
    """
    if store is not None:
        with suppress(StoreError):
            desktop_settings(store).set_setting(key, str(folder))


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


def own_profile_data(store: Store) -> dict[str, Any] | None:
    """The own profile as stored: what an editor of it is given, and hands back as ``seen``."""
    return own_profile.own_profile_data(store)


def save_own_profile(
    store: Store,
    data: dict[str, Any],
    mode: Mode | None = None,
    *,
    seen: dict[str, Any] | None,
) -> list[FieldIssue]:
    """Check a complete profile of this copy (in ``mode``, the store's when not given), save it,
    and make it this copy's own: an office's is kept as the applicant it is (a 管委会). Saved
    only if the own profile is still ``seen`` (as the editor was given it: db/own_profile.py).

    Returns the problems (each naming its field) and saves nothing when there are any; raises
    StoreError/InputError (OwnProfileChanged when it was changed elsewhere) when the store
    refuses.
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
    own_profile.save_own_profile(store, profile, seen=seen)
    return []


__all__ = [  # the copy's 使用方 and own applicant live in db/this_copy.py; known here by callers
    "Mode",
    "choose_mode",
    "own_applicant_id",
    "read_mode",
    "read_mode_code",
    "write_mode",
]
