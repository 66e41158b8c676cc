"""Whose clock times the wait after failed sign-ins (db/sign_in.py): on a PostgreSQL server the
server's, so a desktop whose clock is hours wrong neither locks a name for hours nor lets it
through; on a SQLite file the desktop's own, the only clock there is.

The server tests run on a real server (tests/helpers/server.py) with desktops in processes of
their own whose clocks are shifted (tests/helpers/live_worker.py ``shift-clock``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from db.accounts import SIGN_IN_FAILED, Accounts, SignInError, SignInWait
from db.models import utcnow
from db.repository import Store
from db.sign_in import SIGN_IN_POLICY
from tests.helpers.clocks import Clock
from tests.helpers.live_worker import OFFICER
from tests.helpers.other_desktop import Desktop

NAME, DISPLAY, PASSWORD = OFFICER
WAIT = f"已连续 {SIGN_IN_POLICY.max_failures} 次登录失败，请 30 秒后再试"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


@pytest.fixture
def office(server_database: str):
    """This desktop's store on the server, 李四's account made; the test's other desktops open
    their own."""
    store = Store.open(server_database)
    Accounts(store).create(NAME, DISPLAY, PASSWORD)
    yield store
    store.close()


def shifted(url: str, hours: float) -> Desktop:
    desktop = Desktop(url)
    assert desktop.ask(f"shift-clock {hours}") == "shifted"
    return desktop


def fail_until_waiting(desktop: Desktop) -> list[str]:
    answers = [desktop.ask(f"sign-in {NAME} 猜错的密码{n}") for n in range(5)]
    assert answers == [f"refused {SIGN_IN_FAILED}"] * 5
    return answers


@pytest.mark.parametrize("hours", [6, -6])
def test_a_desktop_whose_clock_is_hours_off_gets_the_servers_wait(office, server_database, hours):
    """Its failures start a 30-second wait by the server's clock: it is not let through (a clock
    ahead would find the wait over), nor does a desktop with a right clock wait for hours (the
    wait timed by a clock ahead), nor the wrong one (a clock behind)."""
    wrong = shifted(server_database, hours)
    try:
        fail_until_waiting(wrong)
        assert wrong.ask(f"sign-in {NAME} {PASSWORD}") == f"refused {WAIT}"
        with pytest.raises(SignInWait) as here:  # this desktop's clock is right
            Accounts(office).sign_in(NAME, PASSWORD)
        assert str(here.value) == WAIT
        remaining = here.value.lock.remaining(utcnow())
        assert timedelta(seconds=25) < remaining <= timedelta(seconds=30)
    finally:
        wrong.close()


def test_the_wait_counted_down_here_runs_on_this_desktops_clock(office):
    """The server says how long is left; a desktop 5 hours off counts that down on its own
    clock (the sign-in dialog's countdown): 30 seconds, then 20 after 10 of its seconds."""
    clock = Clock(utcnow() + timedelta(hours=5))
    accounts = Accounts(office, clock=clock)
    for _ in range(SIGN_IN_POLICY.max_failures - 1):
        with pytest.raises(SignInError) as refused:
            accounts.sign_in(NAME, "猜错的密码")
        assert refused.value.lock is None
    with pytest.raises(SignInError) as fifth:
        accounts.sign_in(NAME, "猜错的密码")
    lock = fifth.value.lock
    assert lock is not None and lock.until == clock.now + timedelta(seconds=30)
    assert lock.message(clock.now) == WAIT
    clock.now += timedelta(seconds=10)
    assert lock.message(clock.now) == WAIT.replace("30 秒", "20 秒")
    with pytest.raises(SignInWait, match="秒后再试"):
        accounts.sign_in(NAME, PASSWORD)


def test_failures_on_desktops_with_different_clocks_make_one_count(office, server_database):
    ahead, behind = shifted(server_database, 3), shifted(server_database, -3)
    try:
        for desktop in (ahead, behind, ahead, behind):
            assert desktop.ask(f"sign-in {NAME} 猜错的密码") == f"refused {SIGN_IN_FAILED}"
        assert behind.ask(f"sign-in {NAME} 又猜错了") == f"refused {SIGN_IN_FAILED}"
        assert Accounts(office).failed_sign_ins(NAME) == 5
        for desktop in (ahead, behind):
            assert desktop.ask(f"sign-in {NAME} {PASSWORD}") == f"refused {WAIT}"
    finally:
        ahead.close()
        behind.close()


@pytest.mark.sqlite_only(reason="the SQLite file's only clock is the desktop's")
def test_on_sqlite_the_desktops_clock_times_the_wait(tmp_path):
    start = datetime(2026, 12, 1, 9, 0)
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        Accounts(store).create(NAME, DISPLAY, PASSWORD)
        for _ in range(SIGN_IN_POLICY.max_failures):
            with pytest.raises(SignInError):
                Accounts(store, clock=lambda: start).sign_in(NAME, "猜错的密码")
        later = Accounts(store, clock=lambda: start + timedelta(seconds=10))
        with pytest.raises(SignInWait, match="请 20 秒后再试"):
            later.sign_in(NAME, PASSWORD)
        # a clock a minute ahead finds the wait over: the store keeps the desktop's times
        ahead = Accounts(store, clock=lambda: start + timedelta(minutes=1))
        assert ahead.sign_in(NAME, PASSWORD).username == NAME
    finally:
        store.close()
