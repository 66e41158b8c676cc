"""The store's public unit of work: db/ modules read and write through ``reading`` and
``writing``; its hooks belong to its own sessions, not to every session in the process."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from db.models import Application
from db.repository import NotFound, Store
from db.unit_of_work import RECEIVED_READ_ONLY
from forms.core.workflow import TransitionError
from tests.helpers.copies import open_copy, submit


@pytest.fixture
def received(tmp_path) -> tuple[Store, int]:
    """A park office's store holding one received application."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    package = enterprise.exchange.export_package(submit(enterprise))
    return office.store, office.exchange.import_package(package.content).application_id


def test_a_received_application_is_changed_only_by_a_receiving_unit_of_work(received):
    store, app_id = received
    with (
        pytest.raises(TransitionError, match=RECEIVED_READ_ONLY[:12]),
        store.writing() as session,
    ):
        store.application(session, app_id).title = "改过的标题"
    assert store.load(app_id).title != "改过的标题"
    with store.writing(receiving=True) as session:
        store.application(session, app_id).title = "改过的标题"
    assert store.load(app_id).title == "改过的标题"


def test_the_stores_hooks_are_not_on_every_session(received):
    """A session the store did not make (a migration's, another library's) is left alone."""
    store, app_id = received
    with Session(store.engine) as session, session.begin():
        session.get_one(Application, app_id).title = "别处改的"
    assert store.load(app_id).title == "别处改的"


def test_reading_finds_an_application_or_says_which_is_missing(store):
    with store.reading() as session, pytest.raises(NotFound, match="找不到编号为 42 的申报"):
        store.application(session, 42)
