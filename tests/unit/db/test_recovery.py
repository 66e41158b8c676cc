"""A sole officer who forgets the password is not locked out: a one-time recovery code, kept
only as a hash, and a reset by another active officer; both audited, wrong codes throttled."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from sqlalchemy import text

from db.accounts import (
    RECOVERY_ALPHABET,
    RECOVERY_FAILED,
    Accounts,
    RecoveryError,
    SignInError,
    SignInWait,
    normalized_recovery_code,
    verify_password,
)
from db.repository import InputError
from db.sign_in import SIGN_IN_POLICY
from tests.helpers.clocks import Clock

PASSWORD = "shenhe-2026"
NEW = "xin-mima-2027"
CODE = re.compile(rf"^[{RECOVERY_ALPHABET}]{{4}}(-[{RECOVERY_ALPHABET}]{{4}}){{3}}$")


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


def audit(store) -> list[tuple[str, str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT actor, action, detail FROM audit_events ORDER BY id")
        )
        return [(r.actor, r.action, r.detail) for r in rows]


def stored_hashes(store) -> tuple[str, str | None]:
    with store.engine.connect() as connection:
        row = connection.execute(text("SELECT password_hash, recovery_hash FROM accounts")).one()
    return row.password_hash, row.recovery_hash


def test_the_code_is_shown_once_and_only_its_hash_is_kept(store):
    accounts = Accounts(store)
    made = accounts.create_with_code("wangfang", "王芳", PASSWORD)
    assert CODE.match(made.recovery_code)
    assert not set("01OIL") & set(made.recovery_code)  # nothing to misread
    _, recovery_hash = stored_hashes(store)
    assert recovery_hash is not None and recovery_hash.startswith("scrypt$")
    assert made.recovery_code not in recovery_hash
    assert verify_password(made.recovery_code, recovery_hash)
    # nowhere else to be read again: not in a listed or signed-in record, not in the trail
    listed = accounts.list_accounts()[0]
    assert made.recovery_code not in repr(listed)
    assert made.recovery_code not in repr(accounts.sign_in("wangfang", PASSWORD))
    assert all(made.recovery_code not in " ".join(event) for event in audit(store))
    # each account its own code
    other = accounts.create_with_code("lisi", "李四", PASSWORD, by=made.account)
    assert other.recovery_code != made.recovery_code


def test_a_right_code_sets_the_password_and_is_used_up(store):
    accounts = Accounts(store)
    code = accounts.create_with_code("wangfang", "王芳", PASSWORD).recovery_code
    typed = code.lower().replace("-", " ")  # any case, spaces for dashes
    assert normalized_recovery_code(typed) == code
    fresh = accounts.recover("WangFang", typed, NEW)
    assert CODE.match(fresh) and fresh != code
    with pytest.raises(SignInError):
        accounts.sign_in("wangfang", PASSWORD)
    assert accounts.sign_in("wangfang", NEW).username == "wangfang"
    with pytest.raises(RecoveryError):  # used up
        accounts.recover("wangfang", code, "another-one-1")
    assert accounts.recover("wangfang", fresh, "another-one-1") != fresh  # the new one works
    assert ("王芳（wangfang）", "用恢复码重设密码", "") in audit(store)


def test_the_new_password_must_follow_the_rule(store):
    accounts = Accounts(store)
    code = accounts.create_with_code("wangfang", "王芳", PASSWORD).recovery_code
    with pytest.raises(InputError, match="至少 8 位"):
        accounts.recover("wangfang", code, "short")
    assert accounts.recover("wangfang", code, NEW)  # the code was not used up


def test_wrong_codes_are_audited_and_throttled_like_sign_ins(store):
    clock = Clock(datetime(2026, 5, 1, 9, 0))
    accounts = Accounts(clock.watching(store), clock=clock)
    code = accounts.create_with_code("wangfang", "王芳", PASSWORD).recovery_code
    for attempt in range(SIGN_IN_POLICY.max_failures):
        with pytest.raises(RecoveryError, match=re.escape(RECOVERY_FAILED)) as refused:
            accounts.recover("wangfang", "AAAA-BBBB-CCCC-DDDD", NEW)
        last = attempt == SIGN_IN_POLICY.max_failures - 1
        assert (refused.value.lock is not None) == last
    assert accounts.failed_sign_ins("wangfang") == SIGN_IN_POLICY.max_failures
    assert audit(store).count(("wangfang", "恢复码错误", "")) == SIGN_IN_POLICY.max_failures
    with pytest.raises(SignInWait):  # the right code waits too, and so does signing in
        accounts.recover("wangfang", code, NEW)
    with pytest.raises(SignInWait):
        accounts.sign_in("wangfang", PASSWORD)
    clock.advance(seconds=SIGN_IN_POLICY.wait.total_seconds() + 1)
    assert accounts.recover("wangfang", code, NEW)
    assert accounts.failed_sign_ins("wangfang") == 0


def test_an_unknown_or_inactive_name_is_refused_as_a_wrong_code(store):
    accounts = Accounts(store)
    first = accounts.create_with_code("wangfang", "王芳", PASSWORD)
    lisi = accounts.create_with_code("lisi", "李四", PASSWORD, by=first.account)
    accounts.set_active(lisi.account.id, False, by=first.account)
    with pytest.raises(RecoveryError, match=re.escape(RECOVERY_FAILED)):
        accounts.recover("lisi", lisi.recovery_code, NEW)
    with pytest.raises(RecoveryError, match=re.escape(RECOVERY_FAILED)):
        accounts.recover("nobody", first.recovery_code, NEW)


def test_an_active_officer_resets_anothers_password_audited(store):
    accounts = Accounts(store)
    wangfang = accounts.create("wangfang", "王芳", PASSWORD)
    lisi = accounts.create("lisi", "李四", PASSWORD, by=wangfang)
    with pytest.raises(SignInError):  # a failure counted, cleared by the reset
        accounts.sign_in("lisi", "wrong-password")
    accounts.reset_password(lisi.id, NEW, by=wangfang)
    assert accounts.failed_sign_ins("lisi") == 0
    assert accounts.sign_in("lisi", NEW).username == "lisi"
    assert ("王芳（wangfang）", "重设密码", "李四（lisi）") in audit(store)
    with pytest.raises(InputError, match="至少 8 位"):
        accounts.reset_password(lisi.id, "short", by=wangfang)
    with pytest.raises(SignInError, match="修改我的密码"):  # one's own: with the old password
        accounts.reset_password(wangfang.id, NEW, by=wangfang)


def test_an_inactive_officer_cannot_reset(store):
    accounts = Accounts(store)
    wangfang = accounts.create("wangfang", "王芳", PASSWORD)
    lisi = accounts.create("lisi", "李四", PASSWORD, by=wangfang)
    zhao = accounts.create("zhaoliu", "赵六", PASSWORD, by=wangfang)
    accounts.set_active(lisi.id, False, by=wangfang)
    with pytest.raises(SignInError, match="已停用"):
        accounts.reset_password(zhao.id, NEW, by=lisi)
    assert accounts.sign_in("zhaoliu", PASSWORD).username == "zhaoliu"  # unchanged
    assert not any(action == "重设密码" for _, action, _ in audit(store))
