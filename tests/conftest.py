"""Shared fixtures. Tests never need a screen: Qt runs offscreen, set here, not by the user."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.recovery import RecoveryJournal
from db.repository import Store

if TYPE_CHECKING:
    from tests.helpers.other_desktop import Desktop

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from forms.applicant import ApplicantProfile
from forms.core.catalogue import Catalogue, load_catalogue
from tests.helpers import databases
from tests.helpers.examples import DATA, KINDS, example_document, example_json  # noqa: F401
from tests.helpers.modal_guard import (  # noqa: F401 (an autouse fixture and its hooks)
    modal_guard,
    pytest_runtest_call,
    pytest_runtest_teardown,
)

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


_asks_for_passphrase = False  # the running test is about the passphrase (office_key_prompts)


def _with_open_office_key(open_store: Callable[..., Store]) -> Callable[..., Store]:
    """``Store.open`` as an officer uses it who has typed the office passphrase: on a server store
    the office key is made (the first officer sets the passphrase) or opened with it at once, so
    a test that signs on PostgreSQL signs as it does on SQLite, where no passphrase is asked."""
    from db.office_key import WrongPassphrase, create_office_key, office_key_info, unlock_office_key
    from tests.helpers.scenarios import FIXTURE_PASSPHRASE

    def opened(cls: type[Store], *args: Any, **kwargs: Any) -> Store:
        store = open_store(*args, **kwargs)
        if _asks_for_passphrase or store.engine.url.get_backend_name() == "sqlite":
            return store
        if not store.read_only:
            if office_key_info(store) is None:
                create_office_key(store, FIXTURE_PASSPHRASE, actor="测试", n=2**10)
            else:
                with contextlib.suppress(WrongPassphrase):  # a key a test sealed with its own
                    unlock_office_key(store, FIXTURE_PASSPHRASE)
        return store

    return opened


@pytest.fixture(scope="session", autouse=True)
def _office_key_typed() -> Iterator[None]:
    """On a PostgreSQL server, for the whole session (module fixtures open stores too)."""
    if not databases.on_postgres():
        yield
        return
    patch = pytest.MonkeyPatch()
    patch.setattr(Store, "open", classmethod(_with_open_office_key(Store.open)))
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _test_databases(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    monkeypatch: pytest.MonkeyPatch,
):
    """On a PostgreSQL server: the test's databases are dropped when it ends, and a store's key
    (kept in the data folder for a server store) goes to a folder of the test's own. Every store
    a test opens has its office key ready, as after the officer typed the passphrase, unless the
    test is about the passphrase itself (``office_key_prompts``): those make their server
    databases themselves (tests/helpers/server.py), and their other copies stay on SQLite."""
    global _asks_for_passphrase
    if not databases.on_postgres():
        yield
        return
    if "GXAPPLY_HOME" not in os.environ:
        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path_factory.mktemp("home")))
    if request.node.get_closest_marker("office_key_prompts") is not None:
        _asks_for_passphrase = True
        monkeypatch.setattr(databases, "server_url", lambda: None)
        yield
        _asks_for_passphrase = False
        return
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


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """A PostgreSQL server for the tests of server stores: GXAPPLY_TEST_DATABASE_URL's, or a
    private one started once for the session (tests/helpers/server.py); they skip without."""
    from tests.helpers.server import any_server

    with any_server() as url:
        yield url


@pytest.fixture
def server_database(server: str) -> Iterator[str]:
    """A fresh database of the test's own on the test server, upgraded as the office's
    administrator leaves it (desktops do not migrate a server store); its URL."""
    from tests.helpers.server import upgraded_database

    with upgraded_database(server) as url:
        yield url


@pytest.fixture
def other_desktop(server_database: str) -> Iterator[Desktop]:
    """Another officer's desktop on ``server_database``, a process of its own
    (tests/helpers/other_desktop.py). Ask for it after the fixture that sets up this desktop's
    store: it starts once that store is ready and stops before it closes."""
    from tests.helpers.other_desktop import Desktop

    other = Desktop(server_database)
    yield other
    other.close()


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
