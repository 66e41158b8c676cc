"""One office, one key: a park office's signing key kept in its shared (server) store.

Officers' desktops on one PostgreSQL store must sign with one key, or enterprises (which pin the
office's key) refuse every officer's decisions but one. The key lives in ``office_keys``, its
private half sealed with the office passphrase: scrypt (n=2**17, r=8, p=1: 128 MiB, memory-hard,
so a copy of the database is expensive to guess at) derives a 256-bit key, and AES-256-GCM
encrypts the 32 raw bytes of the Ed25519 key with the public key as associated data, so a wrong
passphrase and a tampered row are both told for certain. The parameters are stored with the row
and can be raised later. Anyone who may read the database still cannot sign without the
passphrase.

The passphrase is set when the key is created (or an existing desktop key adopted), and asked
once per desktop session when something must be signed: the unsealed key is kept in memory for
that ``Store`` only, never written anywhere. An officer who knows it may change it
(``change_office_passphrase``): the same key is sealed again, so the fingerprint enterprises
pinned stays, and desktops that opened the key this session go on signing. A SQLite store (one
desktop) keeps its key file (db/identity.py) and never asks.

An enterprise may keep its store on a server too (rare): the same key row then holds 本单位's
key, and the messages say so (``key_words``).
"""

from __future__ import annotations

import os
import unicodedata
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from db.audit import SYSTEM_ACTOR
from db.errors import ConflictError, StoreError, WriteCollision
from db.models import AuditEvent, OfficeKey
from db.repository import Store
from db.this_copy import Mode, read_mode
from forms.core.display import format_local_time
from forms.core.errors import UserError, os_error_text
from forms.exchange.signing import SigningKey, fingerprint

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**17, 8, 1
SALT_BYTES, NONCE_BYTES = 16, 12
MIN_PASSPHRASE = 10
OFFICE_KEY_ID = 1

CHANGE_ACTION = "更改签名口令"  # the audit event of a passphrase change (never the passphrases)

# The unsealed key of each open store, for this desktop session only.
_unlocked: weakref.WeakKeyDictionary[Store, SigningKey] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class KeyWords:
    """How the key and its passphrase are named to the people of one copy: a park office's
    officers share 办公室签名口令; an enterprise's colleagues share 本单位签名口令."""

    party: str  # 本园区 / 本单位
    passphrase: str  # 办公室签名口令 / 本单位签名口令
    sharers: str  # who all type it
    setter: str  # who sets it, the first time something is signed
    pinned_by: str  # who check its fingerprint and keep it

    @property
    def key(self) -> str:
        return f"{self.party}的签名密钥"


OFFICE_WORDS = KeyWords(
    party="本园区",
    passphrase="办公室签名口令",
    sharers="本园区各位审核人员",
    setter="一位审核人员",
    pinned_by="申报单位",
)
ENTERPRISE_WORDS = KeyWords(
    party="本单位",
    passphrase="本单位签名口令",
    sharers="本单位使用本程序的各位同事",
    setter="使用本程序的同事",
    pinned_by="园区",
)


def key_words(store: Store) -> KeyWords:
    """The words for this copy's key: an enterprise's, or (any other copy) the office's."""
    return ENTERPRISE_WORDS if read_mode(store) is Mode.ENTERPRISE else OFFICE_WORDS


class WrongPassphrase(UserError):
    """The office passphrase typed does not open the office's signing key."""

    def __init__(self, words: KeyWords = OFFICE_WORDS, *, changed: str = "") -> None:
        # ``changed``: who changed the passphrase last and when (「李四（lisi）于 2026-12-05
        # 14:02」), so one who was told the old passphrase learns that it changed
        since = (
            f"{words.passphrase}最近一次由{changed}更改，如您用的是更改前的口令，请向对方问清"
            "现在的口令；否则"
            if changed
            else ""
        )
        super().__init__(
            f"{words.passphrase}不正确，未能打开{words.key}。{since}请核对大小写与输入法（中文/英文）"
            "后重新输入；如已遗忘，请询问设置口令的管理员或同事"
        )


class OfficeKeyLocked(UserError):
    """Something must be signed, but this desktop has not been given the passphrase yet."""

    def __init__(self, words: KeyWords = OFFICE_WORDS) -> None:
        super().__init__(
            f"{words.key}尚未打开：签名前须输入{words.passphrase}。请重新执行此操作，"
            "在弹出的对话框中输入口令"
        )


class OfficeKeyMissing(UserError):
    """A shared store has no office key yet: the first officer must create it."""

    def __init__(self, words: KeyWords = OFFICE_WORDS) -> None:
        super().__init__(
            f"{words.party}的共享数据库中还没有签名密钥。请重新执行此操作，在弹出的对话框中设置"
            f"{words.passphrase}，程序将创建{words.key}"
        )


class PassphraseChangedMeanwhile(ConflictError):
    """Another officer changed the office passphrase between this one's reading and writing:
    this change is not saved (never last writer wins), and the other's passphrase stands."""

    def __init__(self, by: str, words: KeyWords = OFFICE_WORDS) -> None:
        super().__init__(
            f"{words.passphrase}刚刚已被{by}更改，您的更改未保存，以免覆盖对方的更改。"
            f"请向{by}问清现在的口令；如仍需更改，请以它作为原口令重新更改"
        )


class OfficeKeyConflict(UserError):
    """The store already holds an office key, and another one was offered."""

    def __init__(self, held: str, offered: str, *, by: str = "") -> None:
        who = f"（由 {by} 设置）" if by else ""
        super().__init__(
            f"共享数据库中已有本园区的签名密钥{who}，指纹 {held}，与要存入的密钥（指纹 {offered}）"
            "不同，未做任何更改。一个园区只能有一把签名密钥：请使用数据库中已有的密钥；"
            "如确需更换，请联系技术支持"
        )


class WeakPassphrase(UserError):
    """A new office passphrase that does not meet the strength rule."""

    def __init__(self, problems: list[str], words: KeyWords = OFFICE_WORDS) -> None:
        self.problems = problems
        super().__init__(f"{words.passphrase}不符合要求：" + "；".join(problems))


@dataclass(frozen=True)
class OfficeKeyInfo:
    """What any officer may see of the office key without its passphrase."""

    public_key: str
    created_by: str

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)


def shares_office_key(store: Store) -> bool:
    """Whether the store is a shared server store, whose key lives in the store itself."""
    return store.engine.url.get_backend_name() != "sqlite"


def passphrase_problems(passphrase: str, confirmation: str | None = None) -> list[str]:
    """Why ``passphrase`` may not become the office passphrase (empty when it may): at least
    ten characters of at least two kinds (letters, digits, Chinese characters, symbols), not
    mostly one character, without spaces at either end; and the same when typed again."""
    problems: list[str] = []
    if any(unicodedata.category(c) == "Cs" for c in passphrase):
        # bytes Python could not decode (a script or terminal not in UTF-8): no text holds them
        problems.append("口令中有无法识别的字符（其文字编码不是 UTF-8），请改用 UTF-8 编码重新输入")
    if passphrase != passphrase.strip():
        problems.append("口令首尾不能有空格")
    if len(passphrase) < MIN_PASSPHRASE:
        problems.append(f"口令至少 {MIN_PASSPHRASE} 个字符，当前 {len(passphrase)} 个")
    kinds = {_kind(c) for c in passphrase}
    if len(kinds) < 2:
        problems.append("口令须包含至少两类字符（字母、数字、汉字、符号）")
    if passphrase and max(passphrase.count(c) for c in set(passphrase)) * 2 > len(passphrase):
        problems.append("口令中同一个字符重复过多，请换用更难猜的口令")
    if confirmation is not None and confirmation != passphrase:
        problems.append("两次输入的口令不一致，请重新输入确认口令")
    return problems


def _kind(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isascii() and char.isalpha():
        return "letter"
    if unicodedata.category(char).startswith("L"):
        return "han"  # Chinese characters, and letters of other scripts
    return "symbol"


def office_key_info(store: Store) -> OfficeKeyInfo | None:
    """The office key's public half and who set it, or None while the store holds none."""
    with store.reading() as session:
        row = session.get(OfficeKey, OFFICE_KEY_ID)
        return OfficeKeyInfo(row.public_key, row.created_by) if row is not None else None


def unlocked_key(store: Store) -> SigningKey:
    """The office key this session has opened; OfficeKeyMissing / OfficeKeyLocked otherwise."""
    key = _unlocked.get(store)
    if key is not None:
        return key
    if office_key_info(store) is None:
        raise OfficeKeyMissing(key_words(store))
    raise OfficeKeyLocked(key_words(store))


def is_unlocked(store: Store) -> bool:
    return store in _unlocked


def unlock_office_key(store: Store, passphrase: str) -> SigningKey:
    """Open the office key with ``passphrase`` and keep it for this session (WrongPassphrase,
    OfficeKeyMissing). Takes a fraction of a second on purpose: call it off the GUI thread."""
    with store.reading() as session:
        row = session.get(OfficeKey, OFFICE_KEY_ID)
        if row is None:
            raise OfficeKeyMissing(key_words(store))
        key = _unseal(row, passphrase, key_words(store), session)
    _unlocked[store] = key
    return key


def change_office_passphrase(
    store: Store, old: str, new: str, *, actor: str, n: int = SCRYPT_N
) -> SigningKey:
    """Seal the office key again with ``new`` (a fresh salt and nonce, the current scrypt
    parameters) if ``old`` opens it: WrongPassphrase otherwise, WeakPassphrase if ``new`` breaks
    the rule, OfficeKeyMissing while there is no key. The key, and so its fingerprint, stays the
    same; desktops that opened it this session go on signing. Audited without the passphrases.

    The row's salt is its version (every sealing draws a new one): the new sealing is written
    only over the sealing that ``old`` opened, so of two officers changing at once the second is
    told the first did (PassphraseChangedMeanwhile) instead of silently replacing it. Takes a
    fraction of a second twice on purpose: call it off the GUI thread."""
    words = key_words(store)
    problems = passphrase_problems(new)
    if problems:
        raise WeakPassphrase(problems, words)
    with store.reading() as session:
        row = session.get(OfficeKey, OFFICE_KEY_ID)
        if row is None:
            raise OfficeKeyMissing(words)
        key = _unseal(row, old, words, session)
        opened_salt = row.salt
    sealing = _seal(key, new, n)
    with store.writing() as session:
        done: CursorResult[Any] = session.execute(  # type: ignore[assignment]
            update(OfficeKey)
            .where(OfficeKey.id == OFFICE_KEY_ID, OfficeKey.salt == opened_salt)
            .values(**sealing)
        )
        if done.rowcount != 1:  # sealed again meanwhile (PostgreSQL waited for it, then saw it)
            last = _last_change(session)  # the audit trail's: who sealed it meanwhile
            raise PassphraseChangedMeanwhile(
                last.actor if last is not None else store.someone_else, words
            )
        detail = f"{words.key}指纹 {key.fingerprint} 不变"
        session.add(AuditEvent(actor=actor[:64], action=CHANGE_ACTION, detail=detail))
    _unlocked[store] = key
    return key


def create_office_key(
    store: Store,
    passphrase: str,
    *,
    actor: str = SYSTEM_ACTOR,
    key: SigningKey | None = None,
    n: int = SCRYPT_N,
) -> SigningKey:
    """Make the office's key (or store ``key``, one this office already signs with) sealed with
    a new ``passphrase``, and keep it open for this session. Refused if the passphrase is weak
    (WeakPassphrase) or the store already holds a key: OfficeKeyConflict, unless it is this same
    key (then the passphrase must open it). Two desktops creating at once: one wins, the other
    is told whose key is there."""
    problems = passphrase_problems(passphrase)
    if problems:
        raise WeakPassphrase(problems, key_words(store))
    key = key or SigningKey.generate()
    held = office_key_info(store)
    if held is None:
        sealing = _seal(key, passphrase, n)
        try:
            with store.writing() as session:
                session.add(
                    OfficeKey(
                        id=OFFICE_KEY_ID,
                        public_key=key.public_key,
                        created_by=actor[:80],
                        **sealing,
                    )
                )
        except WriteCollision:  # how store.writing says the row (id 1) is taken
            held = office_key_info(store)  # another officer's desktop was first
            if held is None:
                raise
        else:
            _unlocked[store] = key
            return key
    if held.public_key != key.public_key:
        raise OfficeKeyConflict(held.fingerprint, key.fingerprint, by=held.created_by)
    return unlock_office_key(store, passphrase)  # the same key again: its passphrase must open it


def adopt_desktop_key(server_store: Store, key_path: Path, passphrase: str) -> str:
    """Store the key of an existing desktop key file (``keys/<store id>.pem`` beside a SQLite
    store) as the office key of ``server_store``, sealed with ``passphrase``, so enterprises
    that pinned it notice nothing when the office moves onto the server. Returns its
    fingerprint. Running it again with the same key and passphrase changes nothing; a store
    already holding another key refuses (OfficeKeyConflict), and so does a weak passphrase."""
    try:
        key = SigningKey.from_pem(key_path.read_bytes())
    except ValueError as exc:
        raise StoreError(
            f"签名密钥文件 {key_path} 已损坏，无法存入共享数据库。请从备份中取出该文件后重试"
        ) from exc
    except OSError as exc:
        raise StoreError(f"无法读取签名密钥文件 {key_path}：{os_error_text(exc)}") from exc
    return create_office_key(server_store, passphrase, key=key, actor="迁移自单机").fingerprint


def _derive(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    # NFC: the same passphrase typed through different input methods gives the same bytes
    secret = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(secret)


def _seal(key: SigningKey, passphrase: str, n: int) -> dict[str, Any]:
    """The office key row's sealing columns for ``key`` under ``passphrase``: a fresh salt and
    nonce, the current scrypt parameters (``_unseal`` opens them; the public key is bound in)."""
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    sealed = AESGCM(_derive(passphrase, salt, n, SCRYPT_R, SCRYPT_P)).encrypt(
        nonce, key.raw_private(), key.public_key.encode("ascii")
    )
    return {
        "scrypt_n": n,
        "scrypt_r": SCRYPT_R,
        "scrypt_p": SCRYPT_P,
        "salt": salt,
        "nonce": nonce,
        "sealed_key": sealed,
    }


def _last_change(session: Session) -> AuditEvent | None:
    """The audit trail's last passphrase change (who, when), None while it never was."""
    return session.scalar(
        select(AuditEvent)
        .where(AuditEvent.action == CHANGE_ACTION)
        .order_by(AuditEvent.id.desc())
        .limit(1)
    )


def _unseal(row: OfficeKey, passphrase: str, words: KeyWords, session: Session) -> SigningKey:
    try:
        raw = AESGCM(
            _derive(passphrase, row.salt, row.scrypt_n, row.scrypt_r, row.scrypt_p)
        ).decrypt(row.nonce, row.sealed_key, row.public_key.encode("ascii"))
        key = SigningKey(Ed25519PrivateKey.from_private_bytes(raw))
    except (InvalidTag, UnicodeEncodeError):  # not text (lone surrogates): never the passphrase
        last = _last_change(session)
        changed = f"{last.actor}于 {format_local_time(last.at)} " if last is not None else ""
        raise WrongPassphrase(words, changed=changed) from None
    except ValueError as exc:  # a row that is not ours (bad sizes, parameters)
        raise StoreError(
            "共享数据库中的签名密钥记录已损坏，无法打开。请联系管理员从数据库备份恢复"
        ) from exc
    if key.public_key != row.public_key:
        raise StoreError(
            "共享数据库中的签名密钥记录前后不符，无法使用。请联系管理员从数据库备份恢复"
        )
    return key
