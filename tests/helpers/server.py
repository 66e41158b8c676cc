"""A database of the test's own on the PostgreSQL server that ``GXAPPLY_TEST_DATABASE_URL``
names (a server URL such as ``postgresql+psycopg://postgres@127.0.0.1:55433/``); tests that need
a real server skip cleanly without one."""

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


def _postgres_programs() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    return found[-1].parent if found else None


@contextmanager
def own_server() -> Iterator[tuple[str, Callable[[], None], Callable[[], None]]]:
    """A PostgreSQL server of the test's own on a free loopback port (so that it can be stopped
    mid-session): its server URL, and functions that stop and start it again. Skips where
    PostgreSQL's programs are not installed (Debian's ``postgresql`` package)."""
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
