"""Where a test's store lives: a SQLite file in the test's folder or, when the environment names
a PostgreSQL server, a fresh database on that server.

``GXAPPLY_TEST_DATABASE_URL`` is a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:54329/``; a database named in it (``…/postgres``) is
only where the helper connects to create and drop the test databases. Each store a test asks
for is a new database copied from a template migrated once per test session
(``CREATE DATABASE … TEMPLATE``: a file copy of some 15 ms, where migrating takes 150),
dropped when the test ends. Names carry the process id, so two test runs can share a server.

Every test store is asked for here (``store_url_in``); a test that checks the SQLite file itself
(its bytes, pages, locks, backup) is marked ``sqlite_only`` and keeps writing its own
``sqlite:///`` URL.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, Engine, make_url
from sqlalchemy.exc import DBAPIError

ENV_SERVER = "GXAPPLY_TEST_DATABASE_URL"
PREFIX = f"gxtest_{os.getpid()}"
TEMPLATE = f"{PREFIX}_template"

_numbers = itertools.count(1)
_template_ready = False
_admin: Engine | None = None
_this_test: dict[tuple[str, str], str] = {}  # (folder, name) -> URL, for the running test


def server_url() -> URL | None:
    """The PostgreSQL server the tests run on, or None for SQLite."""
    value = os.environ.get(ENV_SERVER, "").strip()
    return make_url(value) if value else None


def on_postgres() -> bool:
    return server_url() is not None


def store_url_in(folder: Path, name: str = "store.sqlite3") -> str:
    """A store's URL for a copy of the app living in ``folder``: the SQLite file ``folder/name``,
    or a fresh database on the test server (the same one each time the running test asks for
    the same folder and name). The folder is made either way: a copy keeps files there."""
    server = server_url()
    if server is None:
        return f"sqlite:///{folder / name}"
    folder.mkdir(parents=True, exist_ok=True)
    key = (str(folder.resolve()), name)
    if key not in _this_test:
        _this_test[key] = _new_database(server, template=_migrated_template(server))
    return _this_test[key]


def empty_store_url_in(folder: Path, name: str = "store.sqlite3") -> str:
    """Like ``store_url_in``, but a database with no tables at all (for migration tests)."""
    server = server_url()
    if server is None:
        return f"sqlite:///{folder / name}"
    folder.mkdir(parents=True, exist_ok=True)
    key = (str(folder.resolve()), name)
    if key not in _this_test:
        _this_test[key] = _new_database(server, template="template0")
    return _this_test[key]


def made_so_far() -> set[tuple[str, str]]:
    return set(_this_test)


def drop_databases_made_since(before: set[tuple[str, str]]) -> None:
    """Drop the databases made since ``before`` (by the test that ends: those of a module's
    fixture live on until the session ends). Stores still open lose their connections."""
    for key in set(_this_test) - before:
        database = make_url(_this_test.pop(key)).database
        _execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def drop_all() -> None:
    """At the end of the session: every database this session made, and its template."""
    global _template_ready, _admin
    drop_databases_made_since(set())
    if _template_ready:
        _execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        _template_ready = False
    if _admin is not None:
        _admin.dispose()
        _admin = None


def _database_url(server: URL, database: str) -> str:
    return server.set(database=database).render_as_string(hide_password=False)


def _admin_engine(server: URL) -> Engine:
    global _admin
    if _admin is None:
        maintenance = server.set(database=server.database or "postgres")
        _admin = create_engine(maintenance, isolation_level="AUTOCOMMIT", pool_size=1)
    return _admin


def _execute(statement: str) -> None:
    server = server_url()
    assert server is not None
    with _admin_engine(server).connect() as connection:
        connection.execute(text(statement))


def _migrated_template(server: URL) -> str:
    """The session's template: an empty store at the newest revision, made the first time."""
    global _template_ready
    if not _template_ready:
        from db.connecting import connect, disconnect
        from db.schema_admin import upgrade_store

        _execute(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        try:
            # Chinese (pinyin) collation, as a server set up in a Chinese locale sorts: the
            # lists must come out in code-point order all the same (db/collation.py).
            _execute(
                f"CREATE DATABASE \"{TEMPLATE}\" TEMPLATE template0 ENCODING 'UTF8'"
                " LOCALE_PROVIDER icu ICU_LOCALE 'zh'"
            )
        except DBAPIError:  # a server without ICU: its own default collation
            _execute(f"CREATE DATABASE \"{TEMPLATE}\" TEMPLATE template0 ENCODING 'UTF8'")
        # a server store is upgraded by its administrator (db/schema_admin.py), not on open
        upgrade_store(_database_url(server, TEMPLATE))
        engine, _ = connect(_database_url(server, TEMPLATE))
        with engine.connect() as connection:
            # A store's own id names its key file: one copied into every test database would
            # give every copy of the app the same key.
            settings = connection.execute(text("SELECT key FROM settings")).scalars().all()
        disconnect(engine)
        assert "store_id" not in settings, settings
        _template_ready = True
    return TEMPLATE


_copy_strategy = " STRATEGY FILE_COPY"  # PostgreSQL 15+: a file copy, ~10 ms, not ~100 ms of WAL


def _new_database(server: URL, *, template: str) -> str:
    global _copy_strategy
    database = f"{PREFIX}_{next(_numbers)}"
    try:
        _execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"{_copy_strategy}')
    except DBAPIError:
        if not _copy_strategy:
            raise
        _copy_strategy = ""  # an older server: its one way of copying
        _execute(f'CREATE DATABASE "{database}" TEMPLATE "{template}"')
    return _database_url(server, database)
