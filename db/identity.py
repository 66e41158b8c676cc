"""Who this copy of the app is when it signs a package: its key pair and its party.

On a SQLite store (one desktop) the private key is a file beside the store (``keys/<store
id>.pem``, readable by its owner only), generated the first time it is needed. Back it up with
the store: a copy that loses it signs with a new key, and the other side is warned that the key
has changed. A shared server store holds the office's one key itself, sealed with the office
passphrase (db/office_key.py): every officer's desktop signs with it.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from db.errors import StoreError
from db.location import data_dir
from db.models import Setting
from db.office_key import OfficeKeyMissing, office_key_info, shares_office_key, unlocked_key
from db.opening import store_file
from db.own_profile import own_profile_data
from db.repository import Store
from db.this_copy import OWN_APPLICANT_SETTING as OWN_APPLICANT_SETTING  # known here by callers
from forms.applicant import ApplicantProfile, stored_profile
from forms.core.document import os_error_text
from forms.exchange.manifest import Party, Role
from forms.exchange.signing import SigningKey

STORE_ID_SETTING = "store_id"
KEY_FOLDER = "keys"


def key_folder(engine: Engine) -> Path:
    """Beside a SQLite file (a read-only store's ``file:`` URI too); in the user's data folder
    for any other database."""
    url = engine.url
    database = url.database or ""
    if url.get_backend_name() == "sqlite" and database.startswith("file:"):
        found = store_file(f"sqlite:///{database}")
        database = str(found) if found is not None else ""
    if url.get_backend_name() == "sqlite" and database not in ("", ":memory:"):
        return Path(database).expanduser().resolve().parent / KEY_FOLDER
    return data_dir() / KEY_FOLDER


def store_id(store: Store) -> str:
    """This store's own id, made the first time it is asked for."""
    found = store.get_setting(STORE_ID_SETTING)
    if found:
        return checked_store_id(found)
    try:
        with store.engine.begin() as connection:
            connection.execute(
                insert(Setting).values(key=STORE_ID_SETTING, value=str(uuid.uuid4()))
            )
    except IntegrityError:
        pass  # another process made it first: use theirs
    found = store.get_setting(STORE_ID_SETTING)
    assert found is not None
    return checked_store_id(found)


def checked_store_id(value: str) -> str:
    """The store id names the key file: anything but a plain UUID (``../../x`` in a store file
    handed over) is refused, never made into a path."""
    try:
        if str(uuid.UUID(value)) == value:
            return value
    except ValueError:
        pass
    raise StoreError(
        "数据文件中的本机标识已损坏，无法找到本机的签名密钥。请从备份恢复，或联系技术支持"
    )


def load_or_create_key(folder: Path, name: str) -> SigningKey:
    """The key in ``folder/name.pem``, generated (owner-only permissions) if there is none."""
    path = folder / f"{name}.pem"
    try:
        return SigningKey.from_pem(path.read_bytes())
    except FileNotFoundError:
        pass
    except ValueError as exc:
        raise StoreError(
            f"签名密钥文件 {path} 已损坏。请从备份恢复；如无备份，删除该文件后本机将生成新密钥，"
            "对方导入时会提示密钥已更换，须通过电话等方式核对新指纹"
        ) from exc
    except OSError as exc:
        raise StoreError(f"无法读取签名密钥文件 {path}：{os_error_text(exc)}") from exc
    key = SigningKey.generate()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_key(folder, name)  # made by another process meanwhile
    except OSError as exc:
        raise StoreError(f"无法创建签名密钥文件 {path}：{os_error_text(exc)}") from exc
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key.to_pem())
        handle.flush()
        os.fsync(handle.fileno())
    return key


def signing_key(store: Store) -> SigningKey:
    """The key this copy signs with: the key file's on SQLite; on a shared store the office
    key this session has opened (OfficeKeyLocked / OfficeKeyMissing until then)."""
    if shares_office_key(store):
        return unlocked_key(store)
    return load_or_create_key(key_folder(store.engine), store_id(store))


def public_key(store: Store) -> str:
    """The public half of ``signing_key``, which needs no passphrase (to show its fingerprint,
    to record who decides); OfficeKeyMissing while a shared store has no office key."""
    if shares_office_key(store):
        info = office_key_info(store)
        if info is None:
            raise OfficeKeyMissing
        return info.public_key
    return signing_key(store).public_key


def own_public_key(store: Store) -> str | None:
    """``public_key``, or None while a shared store holds no office key yet (nothing signed
    there can have come from it)."""
    try:
        return public_key(store)
    except OfficeKeyMissing:
        return None


def desktop_key_file(store: Store) -> Path | None:
    """The key file an earlier version of the program kept on this desktop for a shared store
    (before the office key lived in it), if there is one: adopting it keeps the fingerprint
    enterprises may have pinned."""
    if not shares_office_key(store):
        return None
    path = key_folder(store.engine) / f"{store_id(store)}.pem"
    return path if path.is_file() else None


def own_profile(store: Store) -> ApplicantProfile | None:
    """The profile this copy was set up with (the park office's own, at an office)."""
    profile = own_profile_data(store)
    return stored_profile(profile) if profile is not None else None


def party(profile: ApplicantProfile, role: Role, key: SigningKey) -> Party:
    return Party(
        role=role,
        name=profile.name or "",
        uscc=profile.uscc or "",
        hitech_zone=profile.hitech_zone or None,
        public_key=key.public_key,
    )
