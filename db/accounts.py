"""Officers' local accounts on a shared office machine: create, sign in, change a password.

A sole officer who forgets the password is not locked out: each new account gets a one-time
recovery code, shown once and kept only as a hash (as the password is), that sets a new password
and is then replaced by a new code; and any active officer may reset another's password.

Only a salted scrypt hash of each password is kept, with its parameters, so they can be raised
later without locking anyone out. Checks run in constant time, also for unknown user names (登录名, unique whatever the case;
the 姓名 may repeat).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, func, literal, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from db.errors import InputError, NotFound
from db.models import Account, AuditEvent, SignInFailures, utcnow
from db.races import ACCOUNTS, serialise
from db.repository import Store
from db.sign_in import (
    SIGN_IN_POLICY,
    SignInLock,
    ThrottlePolicy,
    server_now,
    server_remaining,
    username_key,
)
from forms.core.control_chars import control_char_problem
from forms.core.errors import UserError
from forms.core.issues import FieldIssue
from forms.exchange.review import MAX_OFFICER_NAME, OFFICER_USERNAME

# 16 MB of memory per try. Read at each call (not bound as defaults), so tests may lower them.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD = 8
USERNAME = re.compile(OFFICER_USERNAME)
USERNAME_RULE = "2—32 位英文字母、数字或 . _ -，例如 wangfang"
PASSWORD_RULE = f"至少 {MIN_PASSWORD} 位，区分大小写"
NAME_RULE = f"1—{MAX_OFFICER_NAME} 个字"
SIGN_IN_FAILED = "登录名或密码不正确，请重新输入（密码区分大小写）"
RECOVERY_FAILED = "登录名或恢复码不正确，请核对后重新输入（恢复码不分大小写，短横线可不输入）"
# no 0/O, 1/I/L: read off a printout without doubt; 31**16 (about 2**79) codes
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
RECOVERY_GROUPS, RECOVERY_GROUP_SIZE = 4, 4


class SignInError(UserError):
    """A sign-in or account change refused; the message is Chinese.

    ``lock`` is set when further tries under the name must wait (db/sign_in.py): on the failure
    that starts the wait, and on every try refused during it.
    """

    def __init__(self, message: str, lock: SignInLock | None = None) -> None:
        super().__init__(message)
        self.lock = lock


class SignInWait(SignInError):
    """Refused without checking the password: the name's wait after repeated failures runs."""

    lock: SignInLock

    def __init__(self, lock: SignInLock, now: datetime) -> None:
        super().__init__(lock.message(now), lock)


class RecoveryError(SignInError):
    """A recovery code that does not match the 登录名 (or an unknown or 停用 name): nothing
    changed, and the try counts as a failed sign-in under the name."""


def new_recovery_code() -> str:
    """「K7QM-2XPA-…」: four groups of four from RECOVERY_ALPHABET, from ``secrets``."""
    groups = (
        "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUP_SIZE))
        for _ in range(RECOVERY_GROUPS)
    )
    return "-".join(groups)


def normalized_recovery_code(typed: str) -> str:
    """A code as typed (any case, with or without spaces and dashes) as it was made."""
    bare = "".join(c for c in typed.upper() if c not in " -\t")
    size = RECOVERY_GROUP_SIZE
    return "-".join(bare[i : i + size] for i in range(0, len(bare), size))


def hash_password(
    password: str, *, n: int | None = None, r: int | None = None, p: int | None = None
) -> str:
    """``scrypt$n$r$p$salt$hash`` (base64), with a fresh random salt; SCRYPT_* unless given."""
    n, r, p = n or SCRYPT_N, r or SCRYPT_R, p or SCRYPT_P
    salt = os.urandom(SALT_BYTES)
    digest = _scrypt(password, salt, n, r, p)
    return "$".join(["scrypt", str(n), str(r), str(p), _b64(salt), _b64(digest)])


def verify_password(password: str, stored: str) -> bool:
    """Whether ``password`` matches ``stored``, compared in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=HASH_BYTES
    )


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


_dummy_hashes: dict[tuple[int, int, int], str] = {}


def _dummy_hash() -> str:
    """Checked against when the name is unknown, so a wrong name costs what a wrong password does.

    Made at first use with the current parameters (not at import, which it would slow down).
    """
    key = (SCRYPT_N, SCRYPT_R, SCRYPT_P)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = hash_password("not a password of anyone")
    return _dummy_hashes[key]


@dataclass(frozen=True)
class AccountRecord:
    id: int
    username: str
    display_name: str
    active: bool
    created_at: datetime
    last_sign_in_at: datetime | None

    @property
    def actor(self) -> str:
        """How the audit trail names this officer."""
        return f"{self.display_name}（{self.username}）"


@dataclass(frozen=True)
class NewAccount:
    """An account just made, with its recovery code: the only time the code is known."""

    account: AccountRecord
    recovery_code: str


def _record(row: Account) -> AccountRecord:
    return AccountRecord(
        row.id, row.username, row.display_name, row.active, row.created_at, row.last_sign_in_at
    )


def _problems(username: str, display_name: str, password: str) -> list[FieldIssue]:
    issues = []
    if not USERNAME.match(username):
        issues.append(
            FieldIssue(
                ("username",),
                "username",
                f"应为 {USERNAME_RULE}",
                "登录名",
            )
        )
    if not 1 <= len(display_name.strip()) <= MAX_OFFICER_NAME:
        issues.append(FieldIssue(("display_name",), "display_name", f"应为 {NAME_RULE}", "姓名"))
    elif problem := control_char_problem(display_name):  # it travels in every decision
        issues.append(FieldIssue(("display_name",), "control_chars", problem, "姓名"))
    if len(password) < MIN_PASSWORD:
        issues.append(_short_password("密码"))
    return issues


def _short_password(label: str) -> FieldIssue:
    return FieldIssue(("password",), "password", f"至少 {MIN_PASSWORD} 位，请设置更长的密码", label)


def require_active(session: Session, officer: AccountRecord, doing: str) -> None:
    """SignInError unless ``officer`` is still an active account: it may have been 停用 (on this
    shared machine) since the officer signed in, and a 停用 account acts no more."""
    row = session.get(Account, officer.id)
    if row is None or not row.active:
        raise SignInError(
            f"账号“{officer.username}”已停用或不存在，不能{doing}（可能另一位审核人员刚刚停用了它）；"
            "请退出登录，由启用的审核人员登录后再操作"
        )


def _same_username(username: str) -> ColumnElement[bool]:
    """登录名 compare without case: WangFang signs in as wangfang, and cannot be made twice."""
    return func.lower(Account.username) == username.lower()


def _on_server(session: Session) -> bool:
    """A shared server store, whose own clock times the waits (db/sign_in.py)."""
    return session.get_bind().dialect.name == "postgresql"


class Accounts:
    """The officers' accounts of one store.

    ``policy`` and ``clock`` (naive UTC, as the store keeps time) may be replaced, by tests.
    On a server store the server's clock times the sign-in waits; ``clock`` only counts them
    down here (db/sign_in.py).
    """

    def __init__(
        self,
        store: Store,
        *,
        policy: ThrottlePolicy = SIGN_IN_POLICY,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        # failures on a store that cannot be written, counted for this object's life instead
        self._unrecorded: dict[str, tuple[int, datetime | None]] = {}

    def has_accounts(self) -> bool:
        with self.store.reading() as session:
            return bool(session.scalar(select(func.count(Account.id))))

    def list_accounts(self) -> list[AccountRecord]:
        with self.store.reading() as session:
            return [_record(r) for r in session.scalars(select(Account).order_by(Account.username))]

    def create(
        self,
        username: str,
        display_name: str,
        password: str,
        *,
        by: AccountRecord | None = None,
    ) -> AccountRecord:
        """A new account. The first one needs nobody; later ones are made by a signed-in officer."""
        return self.create_with_code(username, display_name, password, by=by).account

    def create_with_code(
        self,
        username: str,
        display_name: str,
        password: str,
        *,
        by: AccountRecord | None = None,
    ) -> NewAccount:
        """As ``create``, with the account's one-time recovery code, to be shown once now."""
        username = username.strip()
        if issues := _problems(username, display_name, password):
            raise InputError(issues)
        password_hash = hash_password(password)
        code = new_recovery_code()
        recovery_hash = hash_password(code)
        with self.store.writing() as session:
            # one account change at a time on a shared server: never two 「first accounts」
            serialise(session, ACCOUNTS)
            existing = session.scalar(select(func.count(Account.id))) or 0
            if existing and by is None:
                raise SignInError(
                    "已有审核人员账号（可能另一位审核人员刚刚建立了第一个账号）：新账号须由"
                    "已登录的审核人员添加，请用已有的账号登录后再添加"
                )
            if by is not None:
                require_active(session, by, "新建账号")
            if session.scalar(select(Account.id).where(_same_username(username))):
                raise InputError(
                    [
                        FieldIssue(
                            ("username",),
                            "taken",
                            f"“{username}”已被使用（登录名不分大小写），请换一个",
                            "登录名",
                        )
                    ]
                )
            row = Account(
                username=username,
                display_name=display_name.strip(),
                password_hash=password_hash,
                recovery_hash=recovery_hash,
            )
            session.add(row)
            session.flush()
            actor = by.actor if by else f"{row.display_name}（{username}）"
            session.add(
                AuditEvent(
                    actor=actor, action="新建账号", detail=f"{row.display_name}（{username}）"
                )
            )
            return NewAccount(_record(row), code)

    def sign_in(self, username: str, password: str) -> AccountRecord:
        """The account for this name and password; SignInError (audited) when they do not match.

        After ``policy.max_failures`` failures in a row under the name, every try until the
        wait is over is refused without looking at the password, a right one included.
        """
        username = username.strip()
        key = username_key(username)
        with self.store.reading() as session:
            row = session.scalar(select(Account).where(_same_username(username)))
            failures, waiting = self._state(session, key)
            stored = row.password_hash if row is not None and row.active else _dummy_hash()
        if waiting is not None:
            raise SignInWait(waiting, self.clock())
        matches = verify_password(password, stored) and row is not None and row.active
        if self.store.read_only:  # reading a store that cannot be written: sign in, record nothing
            if matches and row is not None:
                self._unrecorded[key] = (0, None)
                return _record(row)
            raise SignInError(SIGN_IN_FAILED, self._count_unrecorded(key, failures))
        with self.store.writing() as session:
            if not matches or row is None:
                session.add(
                    AuditEvent(actor=username[:64] or "（空）", action="登录失败", detail="")
                )
                lock = self._count_failure(session, key)
            else:
                account = session.get(Account, row.id)
                assert account is not None
                account.last_sign_in_at = utcnow()
                counted = session.get(SignInFailures, key)
                if counted is not None:
                    session.delete(counted)
                session.add(AuditEvent(actor=_record(account).actor, action="登录", detail=""))
                return _record(account)
        raise SignInError(SIGN_IN_FAILED, lock)

    def failed_sign_ins(self, username: str) -> int:
        """Failed sign-ins in a row under this name (any case) since its last success."""
        key = username_key(username)
        with self.store.reading() as session:
            return self._state(session, key)[0]

    def _state(self, session: Session, key: str) -> tuple[int, SignInLock | None]:
        """Failures in a row under this name and the wait still to run, if any (read-only: as
        counted by this object on top of what the store had recorded). On a server, the server
        says how much of the wait remains (db/sign_in.py: its clock, not this desktop's)."""
        if key in self._unrecorded:
            failures, until = self._unrecorded[key]
        elif _on_server(session):
            counted = SignInFailures
            found = session.execute(
                select(counted.failures, server_remaining(counted.locked_until)).where(
                    counted.username == key
                )
            ).one_or_none()
            if found is None:
                return 0, None
            failures, remaining = found
            if remaining is None or remaining <= timedelta(0):
                return failures, None
            return failures, SignInLock.lasting(failures, remaining, self.clock())
        else:
            row = session.get(SignInFailures, key)
            failures, until = (row.failures, row.locked_until) if row is not None else (0, None)
        if until is None or until <= self.clock():  # timed by this desktop's clock
            return failures, None
        return failures, SignInLock(failures, until)

    def _count_failure(self, session: Session, key: str) -> SignInLock | None:
        if _on_server(session):
            return self._count_failure_shared(session, key)
        now = self.clock()
        row = session.get(SignInFailures, key)  # SQLite: writers take turns (BEGIN IMMEDIATE)
        if row is None:
            row = SignInFailures(username=key, failures=0)
            session.add(row)
        row.failures += 1
        row.last_failed_at = now
        row.locked_until = self.policy.locked_until(row.failures, now)
        return SignInLock(row.failures, row.locked_until) if row.locked_until else None

    def _count_failure_shared(self, session: Session, key: str) -> SignInLock | None:
        """On a server, desktops fail under one name at the same moment: one atomic upsert, so
        no failure is lost (READ COMMITTED) and the first ones do not collide on the new row.
        The same statement times the wait by the server's clock and says how long it runs."""
        row = SignInFailures
        now = server_now()
        counted = (
            insert(row)
            .values(
                username=key,
                failures=1,
                last_failed_at=now,
                locked_until=self.policy.server_locked_until(literal(1), now),
            )
            .on_conflict_do_update(
                index_elements=[row.username],
                set_={
                    "failures": row.failures + 1,
                    "last_failed_at": now,
                    "locked_until": self.policy.server_locked_until(row.failures + 1, now),
                },
            )
            .returning(row.failures, server_remaining(row.locked_until))
        )
        # Core, not the session: an ORM statement would tell every screen that anything changed
        failures, remaining = session.connection().execute(counted).one()
        if remaining is None:
            return None
        return SignInLock.lasting(failures, remaining, self.clock())

    def _count_unrecorded(self, key: str, failures: int) -> SignInLock | None:
        now = self.clock()
        failures += 1
        until = self.policy.locked_until(failures, now)
        self._unrecorded[key] = (failures, until)
        return SignInLock(failures, until) if until else None

    def change_password(self, account: AccountRecord, old: str, new: str) -> None:
        if len(new) < MIN_PASSWORD:
            raise InputError([_short_password("新密码")])
        password_hash = hash_password(new)
        with self.store.writing() as session:
            row = session.get(Account, account.id)
            if row is None:
                raise NotFound(f"找不到账号“{account.username}”")
            if not verify_password(old, row.password_hash):
                raise SignInError("原密码不正确，密码未修改")
            row.password_hash = password_hash
            session.add(AuditEvent(actor=account.actor, action="修改密码", detail=""))

    def sign_out(self, account: AccountRecord, *, reason: str = "") -> None:
        """Audited, so the trail shows when (and why, if not by choice) an officer left."""
        with self.store.writing() as session:
            session.add(AuditEvent(actor=account.actor, action="退出登录", detail=reason))

    def set_active(self, account_id: int, active: bool, *, by: AccountRecord) -> AccountRecord:
        """启用 or 停用 an account (a 停用 one cannot sign in); audited.

        Refused for one's own account and for the last active one, so the office is never
        locked out of its own machine.
        """
        with self.store.writing() as session:
            # two officers 停用 each other at once: the second sees the first's change (and is
            # itself 停用), so the office never ends with no active account
            serialise(session, ACCOUNTS)
            row = session.get(Account, account_id)
            if row is None:
                raise NotFound("找不到该账号，可能已被删除；请刷新列表后重试")
            require_active(session, by, "启用或停用账号")
            if row.active == active:
                return _record(row)
            if not active:
                others = session.scalar(
                    select(func.count(Account.id)).where(Account.active, Account.id != row.id)
                )
                if not others:
                    raise SignInError(
                        "这是最后一个启用的账号，停用后将无人能登录；请先新增或启用其他账号"
                    )
                if row.id == by.id:
                    raise SignInError("不能停用自己的账号：请由其他审核人员登录后停用")
            row.active = active
            session.add(
                AuditEvent(
                    actor=by.actor,
                    action="启用账号" if active else "停用账号",
                    detail=_record(row).actor,
                )
            )
            return _record(row)

    def reset_password(self, account_id: int, new: str, *, by: AccountRecord) -> AccountRecord:
        """An active officer sets another's password (who forgot it); audited. One's own is
        changed with the old password instead. The name's failed sign-ins are cleared."""
        if len(new) < MIN_PASSWORD:
            raise InputError([_short_password("新密码")])
        password_hash = hash_password(new)
        with self.store.writing() as session:
            require_active(session, by, "重设他人密码")
            row = session.get(Account, account_id)
            if row is None:
                raise NotFound("找不到该账号，可能已被删除；请刷新列表后重试")
            if row.id == by.id:
                raise SignInError("不能重设自己的密码：请用“修改我的密码”，输入原密码后修改")
            row.password_hash = password_hash
            counted = session.get(SignInFailures, username_key(row.username))
            if counted is not None:
                session.delete(counted)
            session.add(AuditEvent(actor=by.actor, action="重设密码", detail=_record(row).actor))
            return _record(row)

    def recover(self, username: str, code: str, new: str) -> str:
        """Set a new password with the account's recovery code; the code is used up and the
        new one returned, to be shown once. A wrong code is a RecoveryError, audited and
        counted as a failed sign-in under the name (so its wait applies to both)."""
        if len(new) < MIN_PASSWORD:
            raise InputError([_short_password("新密码")])
        username = username.strip()
        key = username_key(username)
        with self.store.reading() as session:
            row = session.scalar(select(Account).where(_same_username(username)))
            _failures, waiting = self._state(session, key)
            usable = row is not None and row.active and row.recovery_hash is not None
            stored = row.recovery_hash if usable and row is not None else None
        if waiting is not None:
            raise SignInWait(waiting, self.clock())
        matches = verify_password(normalized_recovery_code(code), stored or _dummy_hash())
        matches = matches and stored is not None
        password_hash = hash_password(new)
        fresh = new_recovery_code()
        recovery_hash = hash_password(fresh)
        with self.store.writing() as session:  # a store that cannot be written says so here
            account = session.get(Account, row.id) if matches and row is not None else None
            if account is None or account.recovery_hash != stored:  # used meanwhile: wrong now
                session.add(
                    AuditEvent(actor=username[:64] or "（空）", action="恢复码错误", detail="")
                )
                lock = self._count_failure(session, key)
            else:
                account.password_hash = password_hash
                account.recovery_hash = recovery_hash
                counted = session.get(SignInFailures, key)
                if counted is not None:
                    session.delete(counted)
                session.add(
                    AuditEvent(actor=_record(account).actor, action="用恢复码重设密码", detail="")
                )
                return fresh
        raise RecoveryError(RECOVERY_FAILED, lock)

    def issue_missing_recovery_code(self, account: AccountRecord) -> str | None:
        """A recovery code for an account made before there were any (migration 0012), given
        once after it signs in: kept as a hash, audited, and returned to be shown now. None
        when the account has one already, is 停用, or the store cannot be written. Of two
        desktops signing in as the one officer at once, only one issues it."""
        if self.store.read_only:
            return None
        with self.store.reading() as session:
            row = session.get(Account, account.id)
            if row is None or not row.active or row.recovery_hash is not None:
                return None
        code = new_recovery_code()
        recovery_hash = hash_password(code)
        with self.store.writing() as session:
            issued = session.connection().execute(
                update(Account)
                .where(Account.id == account.id, Account.active, Account.recovery_hash.is_(None))
                .values(recovery_hash=recovery_hash)
            )
            if issued.rowcount != 1:  # issued meanwhile, by another desktop
                return None
            session.add(
                AuditEvent(
                    actor=account.actor,
                    action="发放恢复码",
                    detail="账号建立时尚无恢复码，登录后补发（只显示一次）",
                )
            )
        return code
