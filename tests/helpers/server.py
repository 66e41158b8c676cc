"""Real PostgreSQL servers for the tests of connecting to one: the server that
``GXAPPLY_TEST_DATABASE_URL`` names (a server URL such as
``postgresql+psycopg://postgres@127.0.0.1:55433/``, as CI's PostgreSQL run sets it) or, without
one, a private server started for the tests from Debian's ``postgresql`` programs; the tests skip
cleanly where there is neither. Each test makes its own database (and roles) and drops them."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

ENV_SERVER = "GXAPPLY_TEST_DATABASE_URL"


def named_server() -> str | None:
    """The server ``GXAPPLY_TEST_DATABASE_URL`` names, if any."""
    return os.environ.get(ENV_SERVER, "").strip() or None


@contextmanager
def any_server() -> Iterator[str]:
    """The named server's URL, or a private server's for as long as the block lasts."""
    pytest.importorskip("psycopg")
    named = named_server()
    if named is not None:
        yield named
        return
    with own_server() as (url, _stop, _start):
        yield url


def admin_statement(server_url: str, statement: str, *args: object) -> list[tuple]:
    """Run ``statement`` as the server URL's (administrator) user, outside a transaction."""
    import psycopg
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
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
def fresh_database(server_url: str) -> Iterator[str]:
    """The URL of a new, empty database of this test's own on the server, dropped afterwards."""
    from sqlalchemy.engine import make_url

    name = f"gxconnect_{uuid.uuid4().hex[:10]}"
    admin_statement(server_url, f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        admin_statement(server_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def role_with_password(server_url: str, database_url: str, password: str) -> Iterator[str]:
    """A login role with ``password`` owning the test's database; its name."""
    from sqlalchemy.engine import make_url

    name = f"gxofficer_{uuid.uuid4().hex[:8]}"
    database = make_url(database_url).database
    admin_statement(server_url, f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")
    admin_statement(server_url, f'ALTER DATABASE "{database}" OWNER TO "{name}"')
    try:
        yield name
    finally:
        admin_statement(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        admin_statement(server_url, f'DROP ROLE IF EXISTS "{name}"')


@contextmanager
def role_owned_database(server_url: str, password: str) -> Iterator[str]:
    """A new database owned by a login role of its own with ``password``, upgraded by that role
    as an office's administrator does; the role's URL without the password, as a desktop's
    settings keep it."""
    from sqlalchemy.engine import make_url

    with fresh_database(server_url) as url, role_with_password(server_url, url, password) as role:
        officer = make_url(url).set(username=role)
        upgraded(officer.set(password=password).render_as_string(hide_password=False))
        yield officer.render_as_string(hide_password=False)


def _postgres_programs() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@contextmanager
def own_server() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A PostgreSQL server of the test's own on a free loopback port (so that it can be stopped
    mid-session): its server URL, and functions that stop and start it again. Its superuser
    ``postgres`` gets in without a password; every other role needs its own (scram-sha-256), as
    on an office's server. Skips where PostgreSQL's programs are not installed (Debian's
    ``postgresql`` package)."""
    programs = _postgres_programs()
    if programs is None or not hasattr(os, "geteuid"):
        pytest.skip("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    pytest.importorskip("psycopg")
    as_owner: list[str] = []
    # in /tmp itself: the postgres user cannot enter pytest's folders of root
    folder = Path(tempfile.mkdtemp(prefix="gxapply-pg-"))
    if os.geteuid() == 0:  # initdb refuses root: the cluster belongs to the postgres user
        if shutil.which("runuser") is None:
            pytest.skip("no runuser to run PostgreSQL as its own user")
        as_owner = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    data = folder / "data"
    port = _free_port()

    def run(*command: str) -> None:
        subprocess.run([*as_owner, *command], check=True, capture_output=True, timeout=120)

    try:
        run(str(programs / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres")
    except subprocess.CalledProcessError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    log = str(folder / "server.log")

    def start() -> None:
        run(str(programs / "pg_ctl"), "-D", str(data), "-o", options, "-l", log, "-w", "start")

    def stop() -> None:
        run(str(programs / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")

    (data / "pg_hba.conf").write_text(
        "local all postgres trust\n"
        "host all postgres 127.0.0.1/32 trust\n"
        "host all all 127.0.0.1/32 scram-sha-256\n",
        encoding="utf-8",
    )
    if as_owner:
        shutil.chown(data / "pg_hba.conf", "postgres")
    start()
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop, start
    finally:
        with suppress(subprocess.CalledProcessError):
            stop()
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def upgraded(url: str) -> str:
    """``url``'s database brought to the head by ``gxapply db upgrade``'s function, as the
    administrator does before any desktop can use a server store; ``url`` itself."""
    from db.schema_admin import upgrade_store

    upgrade_store(url)
    return url


@contextmanager
def upgraded_database(server_url: str) -> Iterator[str]:
    """A new database of the test's own, upgraded to the head by the server's superuser."""
    with fresh_database(server_url) as url:
        yield upgraded(url)


def office_roles_sql(
    database: str, owner: str, officer: str, password: str, officer_password: str | None = None
) -> list[str]:
    """The README's statements that make an office's roles: ``owner`` owns the database (and
    upgrades it), ``officer`` signs in as a member of gxapply_officers, which may only read and
    write rows (tables made by later upgrades included, through default privileges)."""
    group = f"{database}_officers"  # per test database here; "gxapply_officers" in the README
    return [
        f"CREATE ROLE \"{owner}\" LOGIN PASSWORD '{password}'",
        f'ALTER DATABASE "{database}" OWNER TO "{owner}"',
        f'CREATE ROLE "{group}" NOLOGIN',
        f'GRANT CONNECT ON DATABASE "{database}" TO "{group}"',
        f'GRANT USAGE ON SCHEMA public TO "{group}"',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "{group}"',
        f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
        f'GRANT USAGE, SELECT ON SEQUENCES TO "{group}"',
        f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "{group}"',
        f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO "{group}"',
        f"CREATE ROLE \"{officer}\" LOGIN PASSWORD '{officer_password or password}' "
        f'IN ROLE "{group}"',
    ]


@contextmanager
def office_roles(
    server_url: str, database_url: str, password: str, officer: str | None = None
) -> Iterator[tuple[str, str]]:
    """The README's owner and data-only officer (named ``officer``, or made up) on the test's
    (empty) database: their URLs, both with ``password``. The database and the roles are
    dropped afterwards."""
    from sqlalchemy.engine import make_url

    database = make_url(database_url).database or ""
    tag = uuid.uuid4().hex[:8]
    owner, officer = f"gxowner_{tag}", officer or f"gxclerk_{tag}"
    statements = office_roles_sql(database, owner, officer, password)
    # the statements inside the database (schema, default privileges) run connected to it
    inside = make_url(server_url).set(database=database).render_as_string(False)
    try:
        for statement in statements:
            in_database = "SCHEMA public" in statement
            admin_statement(inside if in_database else server_url, statement)
        as_role = make_url(database_url).set(password=password)
        yield (
            as_role.set(username=owner).render_as_string(False),
            as_role.set(username=officer).render_as_string(False),
        )
    finally:
        admin_statement(server_url, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        for role in (officer, f"{database}_officers", owner):
            admin_statement(server_url, f'DROP ROLE IF EXISTS "{role}"')
