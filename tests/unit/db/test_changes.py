"""The store tells its subscribers what each committed write changed (db/changes.py)."""

from __future__ import annotations

import threading

import pytest

from db.accounts import Accounts
from db.changes import ALL, Change
from db.repository import Store
from forms.core.workflow import Status, TransitionError
from tests.helpers.copies import open_copy, submit
from tests.helpers.examples import example_document


@pytest.fixture
def heard(store: Store) -> list[Change]:
    found: list[Change] = []
    store.changes.subscribe(found.append)
    return found


def test_a_write_tells_which_applications_changed(store, heard):
    first = store.import_document(example_document("incubator"))
    assert heard[-1].applications == frozenset({first}) and heard[-1].applicants
    store.set_setting("some", "value")
    assert heard[-1].settings == frozenset({"some"}) and not heard[-1].applications
    store.delete_application(first)
    assert heard[-1].touches(first) and not heard[-1].touches(first + 1)


def test_a_read_or_a_refused_write_tells_nothing(store, heard):
    app_id = store.import_document(example_document("incubator"))
    count = len(heard)
    store.load(app_id)
    store.list_applications()
    with pytest.raises(TransitionError):
        store.change_status(app_id, Status.RECOMMENDED)  # not a move a draft can make
    assert len(heard) == count


def test_accounts_are_told_apart(store, heard):
    Accounts(store).create("zhangsan", "张三", "a long enough passphrase 1")
    assert heard[-1].accounts and not heard[-1].applications


def test_a_change_merges_and_all_touches_everything():
    merged = Change(frozenset({1})) | Change(frozenset({2}), settings=frozenset({"k"}))
    assert merged.applications == frozenset({1, 2}) and merged.settings == frozenset({"k"})
    assert (merged | Change(ALL)).touches(99)


def test_subscribers_hear_on_the_writing_thread_and_can_leave(store, heard):
    threads: list[threading.Thread] = []
    unsubscribe = store.changes.subscribe(lambda _c: threads.append(threading.current_thread()))
    worker = threading.Thread(target=lambda: store.set_setting("from", "worker"))
    worker.start()
    worker.join()
    assert threads == [worker]
    unsubscribe()
    store.set_setting("from", "here")
    assert threads == [worker] and heard[-1].settings == frozenset({"from"})


def test_a_failing_subscriber_neither_undoes_the_write_nor_silences_the_others(store, heard):
    def broken(_change: Change) -> None:
        raise RuntimeError("a screen failed")

    store.changes.subscribe(broken)
    after: list[Change] = []
    store.changes.subscribe(after.append)
    store.set_setting("key", "value")
    assert store.get_setting("key") == "value" and len(after) == 1


def test_a_received_package_and_a_decision_are_heard(tmp_path):
    """The exchange and the review write through the store's receiving sessions: they are told
    too, or the office's queue would not show what came in."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    heard: list[Change] = []
    office.store.changes.subscribe(heard.append)
    exported = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet")
    received = office.exchange.import_package(exported.content, exported.file_name)
    assert any(c.touches(received.application_id) for c in heard)
