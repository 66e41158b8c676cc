"""Repeated failed sign-ins make the next try wait, as the store keeps it: across restarts too.

The same tests run on SQLite and on a PostgreSQL server, whose own clock times the wait there
(tests/helpers/clocks.py moves both)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from db.accounts import SIGN_IN_FAILED, Accounts, SignInError
from db.repository import Store
from db.sign_in import SIGN_IN_POLICY, ThrottlePolicy, wait_text
from tests.helpers.clocks import Clock

PASSWORD = "审核密码2026"
START = datetime(2026, 12, 1, 9, 0, 0)


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


def fail(accounts: Accounts, times: int, username: str = "wangfang") -> list[SignInError]:
    refusals = []
    for _ in range(times):
        with pytest.raises(SignInError) as caught:
            accounts.sign_in(username, "猜的密码")
        refusals.append(caught.value)
    return refusals


def test_todays_figures_five_failures_then_half_a_minute():
    assert SIGN_IN_POLICY.max_failures == 5 and SIGN_IN_POLICY.wait == timedelta(seconds=30)
    assert SIGN_IN_POLICY.locked_until(4, START) is None
    assert SIGN_IN_POLICY.locked_until(5, START) == START + timedelta(seconds=30)
    assert SIGN_IN_POLICY.locked_until(9, START) == START + timedelta(seconds=30)
    assert [wait_text(timedelta(seconds=s)) for s in (0.2, 30, 59.5, 61, 600)] == [
        "1 秒",
        "30 秒",
        "1 分钟",
        "2 分钟",
        "10 分钟",
    ]


def test_the_fifth_failure_starts_the_wait_and_a_right_password_is_refused_during_it(store, clock):
    accounts = Accounts(clock.watching(store), clock=clock)
    accounts.create("wangfang", "王芳", PASSWORD)
    refusals = fail(accounts, 5)
    assert [str(r) for r in refusals] == [SIGN_IN_FAILED] * 5
    assert [r.lock is not None for r in refusals] == [False] * 4 + [True]
    assert refusals[-1].lock is not None
    assert refusals[-1].lock.until == START + timedelta(seconds=30)
    clock.advance(seconds=10)
    with pytest.raises(SignInError) as caught:
        accounts.sign_in("WangFang", PASSWORD)  # the right password, any case of the name
    assert str(caught.value) == "已连续 5 次登录失败，请 20 秒后再试"
    assert caught.value.lock is not None and accounts.failed_sign_ins("wangfang") == 5


def test_the_wait_survives_reopening_the_store(store_url, clock):
    store = Store.open(store_url)
    accounts = Accounts(store, clock=clock)
    accounts.create("wangfang", "王芳", PASSWORD)
    fail(accounts, 5)
    store.close()  # the app is closed and started again

    reopened = Store.open(store_url)
    try:
        again = Accounts(reopened, clock=clock)
        assert again.failed_sign_ins("wangfang") == 5
        with pytest.raises(SignInError, match="请 30 秒后再试"):
            again.sign_in("wangfang", PASSWORD)
    finally:
        reopened.close()


def test_the_wait_ends_then_one_more_failure_starts_another(store, clock):
    accounts = Accounts(clock.watching(store), clock=clock)
    accounts.create("wangfang", "王芳", PASSWORD)
    fail(accounts, 5)
    clock.advance(seconds=30)
    (sixth,) = fail(accounts, 1)  # the password is checked again: each further failure waits
    assert str(sixth) == SIGN_IN_FAILED and sixth.lock is not None
    assert sixth.lock.failures == 6 and sixth.lock.until == clock.now + timedelta(seconds=30)
    clock.advance(seconds=31)
    assert accounts.sign_in("wangfang", PASSWORD).username == "wangfang"
    assert accounts.failed_sign_ins("wangfang") == 0  # a success starts the count afresh
    assert [r.lock for r in fail(accounts, 4)] == [None] * 4


def test_a_name_that_is_no_account_waits_alike(store, clock):
    """The wait must not tell a guesser which 登录名 exist."""
    accounts = Accounts(store, clock=clock)
    accounts.create("wangfang", "王芳", PASSWORD)
    fail(accounts, 5, "nobody")
    with pytest.raises(SignInError, match="已连续 5 次登录失败，请 30 秒后再试"):
        accounts.sign_in("nobody", PASSWORD)
    assert accounts.sign_in("wangfang", PASSWORD).username == "wangfang"  # other names go on


def test_the_policy_is_the_accounts_own(store, clock):
    accounts = Accounts(
        store, clock=clock, policy=ThrottlePolicy(max_failures=2, wait=timedelta(minutes=5))
    )
    accounts.create("wangfang", "王芳", PASSWORD)
    fail(accounts, 2)
    with pytest.raises(SignInError, match="请 5 分钟后再试"):
        accounts.sign_in("wangfang", PASSWORD)


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_a_read_only_store_counts_in_memory_and_honours_a_recorded_wait(tmp_path, clock):
    path = tmp_path / "store.sqlite3"
    writable = Store.open(f"sqlite:///{path}")
    Accounts(writable, clock=clock).create("wangfang", "王芳", PASSWORD)
    fail(Accounts(writable, clock=clock), 5)
    writable.close()
    read_only = Store._open_read_only(path, None)
    try:
        accounts = Accounts(read_only, clock=clock)
        with pytest.raises(SignInError, match="秒后再试"):
            accounts.sign_in("wangfang", PASSWORD)
        clock.advance(seconds=30)
        (refused,) = fail(accounts, 1)  # nothing can be written: counted here, on top
        assert refused.lock is not None and refused.lock.failures == 6
        with pytest.raises(SignInError, match="秒后再试"):
            accounts.sign_in("wangfang", PASSWORD)
        clock.advance(seconds=30)
        assert accounts.sign_in("wangfang", PASSWORD).username == "wangfang"
    finally:
        read_only.close()
