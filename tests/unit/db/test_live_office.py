"""A park office on one PostgreSQL server: each desktop hears what another officer's desktop
(a separate process) imports and decides, keeps listening after the server drops its connection,
and a name's failed sign-ins count on every desktop (db/live.py, db/accounts.py).

Run on a real server (tests/helpers/server.py); skipped only where there is none at all.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from db.accounts import SIGN_IN_FAILED, Accounts, SignInError, SignInWait
from db.changes import ALL, Change
from db.live import CHANNEL, ChangeListener, announcing, decode, encode, everything
from db.office_key import create_office_key
from db.repository import Store
from db.sign_in import ThrottlePolicy
from forms.core.workflow import Status, TransitionError
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, officer, own_profile
from tests.helpers.live_worker import OFFICER
from tests.helpers.other_desktop import WAIT_S, Desktop
from tests.helpers.scenarios import FIXTURE_PASSPHRASE, receive
from tests.helpers.server import (
    admin_statement,
    role_owned_database,
)

pytestmark = pytest.mark.office_key_prompts  # what happens before the passphrase is typed


@pytest.fixture
def desktop(server_database: str) -> Iterator[Copy]:
    """Officer 王芳's desktop (this process), listening to the others; 李四's account made."""
    copy = Copy(Store.open(server_database))
    own_profile(copy.store, "enclave")  # the office signs its decisions with its profile
    # one office key in the shared store: a decision on any desktop records it
    create_office_key(copy.store, FIXTURE_PASSPHRASE, n=2**10)
    Accounts(copy.store).create(*OFFICER, by=officer(copy))
    assert copy.store.listen_to_others()
    listener = copy.store.listener
    assert listener is not None and listener.listening.wait(WAIT_S)
    yield copy
    copy.store.close()


def heard(store: Store) -> Callable[[Callable[[Change], bool]], Change]:
    """Subscribe to ``store``'s changes; the function returned waits for one that matches."""
    changes: queue.Queue[Change] = queue.Queue()
    store.changes.subscribe(changes.put)

    def wait_for(matches: Callable[[Change], bool]) -> Change:
        while True:
            change = changes.get(timeout=WAIT_S)  # queue.Empty fails the test
            if matches(change):
                return change

    return wait_for


def test_a_package_imported_on_another_desktop_is_heard_here(desktop, other_desktop):
    wait_for = heard(desktop.store)
    imported = other_desktop.imported("incubator")
    change = wait_for(lambda c: c.touches(imported))
    assert change.applications is not ALL and imported in change.applications
    assert "applications" in change.tables
    assert desktop.store.load(imported).status is Status.SUBMITTED


def test_a_decision_by_another_officer_is_heard_and_a_stale_one_names_them(desktop, other_desktop):
    application_id = receive(desktop, "incubator")
    wait_for = heard(desktop.store)
    assert other_desktop.ask(f"decide {application_id} RETURN") == "decided"
    change = wait_for(lambda c: c.touches(application_id) and "review_decisions" in c.tables)
    assert change.touches(application_id)
    assert desktop.store.load(application_id).status is Status.RETURNED
    # 王芳 read revision 1 before 李四 decided: her decision is refused, naming him
    with pytest.raises(TransitionError) as refused:
        desktop.review.record_decision(
            application_id, Outcome.RECOMMEND, officer=officer(desktop), revision=1
        )
    assert "李四" in refused.value.message and "退回补正" in refused.value.message
    assert desktop.store.load(application_id).status is Status.RETURNED


def test_own_writes_are_told_once_not_again_by_the_server(desktop):
    wait_for = heard(desktop.store)
    told: list[Change] = []
    desktop.store.changes.subscribe(told.append)
    application_id = receive(desktop, "incubator")  # told at once, on this thread
    assert [c for c in told if c.touches(application_id)]
    # a marker from elsewhere, sent after: once it arrives, our own notice would have too
    admin_statement(
        desktop.store.engine.url.render_as_string(hide_password=False),
        f"SELECT pg_notify('{CHANNEL}', %s)",
        encode(Change(frozenset({987654}), tables=frozenset({"applications"})), "elsewhere"),
    )
    wait_for(lambda c: c.touches(987654))
    assert len([c for c in told if c.touches(application_id)]) == 1


def test_the_listener_survives_the_server_dropping_its_connection(server_database, other_desktop):
    store = Store.open(server_database)
    try:
        changes: queue.Queue[Change] = queue.Queue()
        store.changes.subscribe(changes.put)
        states: queue.Queue[bool] = queue.Queue()
        listener = ChangeListener(
            store.engine, store.changes, waits=(0.05, 0.1), on_state=states.put
        )
        listener.start()
        try:
            assert states.get(timeout=WAIT_S) is True
            dropped = admin_statement(
                server_database,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE query = %s AND datname = current_database()",
                f"LISTEN {CHANNEL}",
            )
            assert dropped == [(True,)]
            assert states.get(timeout=WAIT_S) is False
            assert states.get(timeout=WAIT_S) is True  # listening again, on a new connection
            assert listener.connections == 2
            # what was sent while it was away is lost: it says anything may have changed
            assert changes.get(timeout=WAIT_S) == everything()
            imported = other_desktop.imported("rd_subsidy")
            while not (change := changes.get(timeout=WAIT_S)).touches(imported):
                pass
            assert change.applications == frozenset({imported})
        finally:
            listener.stop()
        assert not listener.listening.is_set()
    finally:
        store.close()


def test_closing_the_store_stops_its_listener_at_once(server_database):
    store = Store.open(server_database)
    assert store.listen_to_others()
    listener = store.listener
    assert listener is not None and listener.listening.wait(WAIT_S)
    store.close()  # the listener blocks in select(): woken, not timed out
    assert store.listener is None and not listener.listening.is_set()
    assert not listener._thread.is_alive()


def test_failed_sign_ins_on_one_desktop_count_on_another(desktop, other_desktop):
    policy = ThrottlePolicy(max_failures=3, wait=timedelta(minutes=5))
    here = Accounts(desktop.store, policy=policy)
    name, _display, password = OFFICER
    for _ in range(2):
        answer = other_desktop.ask(f"sign-in {name} 猜错的密码")
        assert answer.startswith("refused "), answer
    assert here.failed_sign_ins(name) == 2
    with pytest.raises(SignInError) as third:  # the third in a row, typed here
        here.sign_in(name, "又猜错了")
    assert third.value.lock is not None and third.value.lock.failures == 3
    with pytest.raises(SignInWait):
        here.sign_in(name, password)  # a right password waits too
    assert other_desktop.ask(f"sign-in {name} {password}").startswith("refused 已连续 3 次登录失败")


def test_failures_typed_at_once_on_two_desktops_are_all_counted(desktop, server_database):
    """Two desktops failing under one name at the same moment: no failure is lost (and no
    duplicate row refuses the second) on PostgreSQL's READ COMMITTED."""
    name = OFFICER[0]
    desktops = [Desktop(server_database) for _ in range(3)]
    try:
        for other in desktops:  # each sends its five without waiting for the others
            other.send(*(f"sign-in {name} 错{n}" for n in range(5)))
        answers = [other.answer() for other in desktops for _ in range(5)]
    finally:
        for other in desktops:
            other.close()
    assert all(a.startswith("refused ") for a in answers), answers
    assert not [a for a in answers if "数据冲突" in a or "出错" in a], answers
    # each wrong password checked is counted; once five are, the rest wait without counting
    counted = [a for a in answers if a == f"refused {SIGN_IN_FAILED}"]
    assert len(counted) >= 5
    assert Accounts(desktop.store).failed_sign_ins(name) == len(counted)


def test_sqlite_stores_neither_announce_nor_listen(store):
    assert not announcing(store.engine)
    assert store.listen_to_others() is False and store.listener is None


def test_a_notice_says_what_changed_and_nothing_else():
    change = Change(
        frozenset({3, 1}),
        applicants=True,
        settings=frozenset({"office_profile"}),
        tables=frozenset({"applications", "settings"}),
    )
    assert decode(encode(change, "me")) == ("me", change)
    many = Change(frozenset(range(1000)), tables=frozenset({"applications"}))
    assert decode(encode(many, "me"))[1].applications is ALL
    assert len(encode(everything(), "me").encode()) < 8000
    for unreadable in ("", "{", '{"o": 1}', '{"o":"x","a":["1"],"s":[],"w":[]}', "[]"):
        assert decode(unreadable) == ("", everything())


def test_the_listener_signs_in_as_the_store_does_with_its_password(server):
    """An office's role needs a password (scram-sha-256 on a private server): the listener's own
    connection uses the store's, and nothing of it reaches a notice."""
    password = "Live-Pa55word"
    with role_owned_database(server, password) as database:
        url = make_url(database).set(password=password)
        store = Store.open(url.render_as_string(hide_password=False))
        try:
            assert store.listen_to_others()
            listener = store.listener
            assert listener is not None and listener.listening.wait(WAIT_S)
            wait_for = heard(store)
            other = Desktop(url.render_as_string(hide_password=False))
            try:
                imported = other.imported("incubator")
            finally:
                other.close()
            wait_for(lambda c: c.touches(imported))
        finally:
            store.close()
