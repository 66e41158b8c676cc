"""Shared fixtures. Tests never need a screen: Qt runs offscreen, set here, not by the user."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.recovery import RecoveryJournal
from db.repository import Store

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forms.applicant import ApplicantProfile
from forms.core.catalogue import Catalogue, load_catalogue
from tests.helpers import databases
from tests.helpers.examples import DATA, KINDS, example_document, example_json  # noqa: F401

# What makes a test one that uses a store: a fixture giving one, or a module that opens one.
STORE_FIXTURES = {"store", "store_url", "full_office", "enterprise", "office", "private_home"}
STORE_OPENERS = ("Store", "open_copy", "store_url_in", "empty_store_url_in", "filled_office")


def uses_a_store(item: pytest.Item) -> bool:
    if STORE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return True
    module = getattr(item, "module", None)
    return any(getattr(module, name, None) is not None for name in STORE_OPENERS)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL server only the tests that use a store run (the rest do not depend on
    the back end), and not those of the SQLite file itself (marked ``sqlite_only``)."""
    if not databases.on_postgres():
        return
    kept = [
        item
        for item in items
        if uses_a_store(item) and item.get_closest_marker("sqlite_only") is None
    ]
    config.hook.pytest_deselected(items=[item for item in items if item not in kept])
    items[:] = kept


def pytest_sessionfinish(session: pytest.Session) -> None:
    if databases.on_postgres():
        databases.drop_all()


@pytest.fixture(autouse=True)
def _test_databases(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """On a PostgreSQL server: the test's databases are dropped when it ends, and a store's key
    (kept in the data folder for a server store) goes to a folder of the test's own."""
    if not databases.on_postgres():
        yield
        return
    if "GXAPPLY_HOME" not in os.environ:
        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path_factory.mktemp("home")))
    before = databases.made_so_far()
    yield
    databases.drop_databases_made_since(before)


@pytest.fixture
def catalogue() -> Catalogue:
    return load_catalogue()


@pytest.fixture
def example() -> Callable[[str], dict[str, Any]]:
    return example_json


@pytest.fixture
def applicant() -> ApplicantProfile:
    return ApplicantProfile.model_validate(example_json("incubator")["applicant"])


@pytest.fixture
def store_url(tmp_path: Path) -> str:
    """A new store's URL: a file in the test's folder, or a database on the test server."""
    return databases.store_url_in(tmp_path)


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """A new, empty store in the test's own folder."""
    s = Store.open(store_url)
    yield s
    s.close()


@pytest.fixture
def journal(tmp_path: Path) -> RecoveryJournal:
    return RecoveryJournal(tmp_path / "recovery")
