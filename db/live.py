"""A shared server store's changes heard on every desktop: PostgreSQL's LISTEN/NOTIFY.

On a server several officers' desktops write one database. db/changes.py tells this process's
subscribers after each of its own commits; here every such commit also sends a NOTIFY on
``CHANNEL`` (a channel of this database only) inside its own transaction, so that it is sent if
and only if the write commits. Each desktop runs a ``ChangeListener``: one dedicated connection
on a worker thread (never the GUI thread) that LISTENs and hands what another desktop changed to
the same subscribers, so its queue, review windows, dashboard and accounts dialog show the store
again as they do after a local write.

The payload says what changed (kinds, application ids, setting keys, tables) and which process
sent it; never a value, never a secret. When the server goes away the listener reconnects with a
growing wait and, once back, tells its subscribers that anything may have changed (what was sent
meanwhile is lost). SQLite stores have no listener and send nothing. No Qt here.
"""

from __future__ import annotations

import json
import logging
import select
import socket
import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.changes import ALL, CHANGED, Change, StoreChanges
from db.engine import SERVER_CONNECT_ARGS
from db.models import Base

if TYPE_CHECKING:
    import psycopg

log = logging.getLogger(__name__)

CHANNEL = "gxapply_changes"
MAX_IDS = 200  # more applications than this in one commit are sent as "any application"
MAX_KEYS = 50  # likewise setting keys and table names, far below NOTIFY's 8000-byte limit
RECONNECT_WAITS_S = (1.0, 2.0, 5.0, 10.0, 30.0)  # then every 30 s until the server is back


def announcing(engine: Engine) -> bool:
    """Whether the store at ``engine`` tells other desktops of its writes (a PostgreSQL server)."""
    return engine.dialect.name == "postgresql"


def everything() -> Change:
    """Anything may have changed: what a desktop assumes after hearing nothing for a while."""
    return Change(ALL, True, frozenset(), True, True, frozenset(Base.metadata.tables))


def encode(change: Change, origin: str) -> str:
    """The NOTIFY payload of ``change``, sent by the process whose changes carry ``origin``."""
    applications: object = (
        "*"
        if change.applications is ALL or len(change.applications) > MAX_IDS
        else sorted(change.applications)
    )
    settings = sorted(change.settings)
    tables = sorted(change.tables)
    return json.dumps(
        {
            "o": origin,
            "a": applications,
            "p": change.applicants,
            "s": settings if len(settings) <= MAX_KEYS else "*",
            "c": change.accounts,
            "t": change.trust,
            "w": tables if len(tables) <= MAX_KEYS else "*",
        },
        separators=(",", ":"),
    )


def decode(payload: str) -> tuple[str, Change]:
    """The origin and change of a NOTIFY payload. One that cannot be read (another program's,
    a newer version's) is taken as "anything may have changed", from an unknown origin."""
    try:
        data = json.loads(payload)
        origin = data["o"]
        applications = data["a"]
        settings = data["s"]
        tables = data["w"]
        if not isinstance(origin, str):
            raise TypeError
        ids = ALL if applications == "*" else frozenset(_ints(applications))
        return origin, Change(
            ids,
            data["p"] is True,
            frozenset() if settings == "*" else frozenset(_strings(settings)),
            data["c"] is True,
            data["t"] is True,
            frozenset(Base.metadata.tables) if tables == "*" else frozenset(_strings(tables)),
        )
    except (ValueError, TypeError, KeyError):
        log.warning("a change notice that cannot be read was taken as 'anything changed'")
        return "", everything()


def _ints(values: object) -> list[int]:
    if not isinstance(values, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in values
    ):
        raise TypeError
    return values


def _strings(values: object) -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise TypeError
    return values


def announce(session: Session, origin: str) -> None:
    """Send what ``session`` changed to the other desktops, as part of its transaction (call it
    after the last flush, before the commit): PostgreSQL delivers a NOTIFY only on commit."""
    change: Change | None = session.info.get(CHANGED)
    if change is None or change.empty or not announcing(session.get_bind().engine):
        return
    session.connection().exec_driver_sql(
        "SELECT pg_notify(%s, %s)", (CHANNEL, encode(change, origin))
    )


class ChangeListener:
    """Hears the other desktops' changes to one server store and tells ``changes``' subscribers.

    ``start`` runs it on a daemon thread; ``stop`` ends it at once and waits for the thread (a
    connection attempt under way is left to its timeout on the daemon thread, so that closing
    the app never waits for an unreachable server).
    ``listening`` is set while it listens (cleared when the connection is lost); ``on_state``,
    if given, is called on the listener's thread with True once listening and False once the
    connection is lost.
    """

    def __init__(
        self,
        engine: Engine,
        changes: StoreChanges,
        *,
        waits: Sequence[float] = RECONNECT_WAITS_S,
        on_state: Callable[[bool], None] | None = None,
    ) -> None:
        self._connect_args = _connect_args(engine)
        self._changes = changes
        self._waits = tuple(waits)
        self._on_state = on_state
        self._stop = threading.Event()
        self.listening = threading.Event()
        self.connections = 0  # connections made so far (a test waits for a reconnect)
        self._wake_read, self._wake_write = socket.socketpair()  # select() on Windows too
        self._thread = threading.Thread(target=self._run, name="gxapply-listen", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        self._stop.set()
        with suppress(OSError):
            self._wake_write.send(b"x")
        if self._thread.is_alive():
            self._thread.join(timeout)
        for end in (self._wake_read, self._wake_write):
            end.close()

    def _run(self) -> None:
        failures = 0  # attempts in a row that did not get to listen
        while not self._stop.is_set():
            before = self.connections
            try:
                self._listen(reconnected=before > 0)
            except Exception as exc:  # any failure: wait and try again, never end the thread
                if failures == 0 or self.connections > before:  # once per outage, not each try
                    log.warning(
                        "listening for other desktops' changes failed: %s", type(exc).__name__
                    )
            failures = 1 if self.connections > before else failures + 1
            self._set_state(False)
            if self._stop.is_set():
                break
            self._stop.wait(self._waits[min(failures, len(self._waits)) - 1])

    def _listen(self, *, reconnected: bool) -> None:
        import psycopg

        args, kwargs = self._connect_args
        with psycopg.connect(*args, **kwargs, autocommit=True) as connection:
            connection.execute(f"LISTEN {CHANNEL}")
            self.connections += 1
            self._set_state(True)
            if reconnected:  # what was sent while no one listened is lost: show all again
                self._changes.notify(everything())
            while not self._stop.is_set():
                wake = self._wake_read.fileno()
                ready, _, _ = select.select([connection.fileno(), wake], [], [])
                if wake in ready:
                    return
                self._heard(connection)

    def _heard(self, connection: psycopg.Connection[Any]) -> None:
        own = self._changes.origin
        heard: Change | None = None
        for notice in connection.notifies(timeout=0):
            origin, change = decode(notice.payload)
            if origin != own:
                heard = change if heard is None else heard | change
        if heard is not None and not heard.empty:
            self._changes.notify(heard)

    def _set_state(self, listening: bool) -> None:
        if listening == self.listening.is_set():
            return
        if listening:
            self.listening.set()
        else:
            self.listening.clear()
        if self._on_state is not None and not self._stop.is_set():  # at close: no one to tell
            try:
                self._on_state(listening)
            except Exception:
                log.exception("a listener of the live refresh's state failed")


def _connect_args(engine: Engine) -> tuple[list[Any], dict[str, Any]]:
    """psycopg's connection arguments for the store's own server, database, user and password
    (as SQLAlchemy would connect), with the same timeouts and keepalives."""
    args, kwargs = engine.dialect.create_connect_args(engine.url)
    return list(args), {**kwargs, **SERVER_CONNECT_ARGS.get(engine.dialect.name, {})}
