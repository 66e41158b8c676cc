"""A database of the test's own on the PostgreSQL server that ``GXAPPLY_TEST_DATABASE_URL``
names (a server URL such as ``postgresql+psycopg://postgres@127.0.0.1:55433/``); tests that need
a real server skip cleanly without one."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ENV_SERVER = "GXAPPLY_TEST_DATABASE_URL"


def server_or_skip():
    """The server's URL (SQLAlchemy's), or the test is skipped."""
    value = os.environ.get(ENV_SERVER, "").strip()
    if not value:
        pytest.skip(f"no PostgreSQL server: set {ENV_SERVER} to run this test")
    pytest.importorskip("psycopg")
    from sqlalchemy.engine import make_url

    return make_url(value)


def admin_statement(statement: str, *args: object) -> list[tuple]:
    """Run ``statement`` as the server URL's (administrator) user, outside a transaction."""
    import psycopg

    server = server_or_skip()
    with psycopg.connect(
        host=server.host or "127.0.0.1",
        port=server.port or 5432,
        user=server.username or "postgres",
        password=server.password or None,
        dbname=server.database or "postgres",
        autocommit=True,
    ) as connection:
        cursor = connection.execute(statement, args or None)  # type: ignore[arg-type]
        return cursor.fetchall() if cursor.description else []


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new, empty database of this test's own, dropped afterwards."""
    server = server_or_skip()
    name = f"gxconnect_{uuid.uuid4().hex[:10]}"
    admin_statement(f'CREATE DATABASE "{name}"')
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        admin_statement(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def role_with_password(database_url: str, password: str) -> Iterator[str]:
    """A login role with ``password`` owning the test's database; its name."""
    from sqlalchemy.engine import make_url

    name = f"gxofficer_{uuid.uuid4().hex[:8]}"
    database = make_url(database_url).database
    admin_statement(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
    admin_statement(f'GRANT ALL ON DATABASE "{database}" TO "{name}"')
    admin_statement(f'ALTER DATABASE "{database}" OWNER TO "{name}"')
    try:
        yield name
    finally:
        admin_statement(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin_statement(f'DROP ROLE IF EXISTS "{name}"')
