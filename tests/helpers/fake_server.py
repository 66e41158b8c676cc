"""A stand-in PostgreSQL server on a loopback port that answers every login the same way: with
a given FATAL error (wrong password, no such database), or by letting the client in and hanging
up on its first query (a connection lost). The real driver talks to it, so the store's Chinese
messages are checked on the driver's real errors without a server being installed."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SSL_REQUEST = 80877103
GSS_REQUEST = 80877104
LOGIN_REFUSED = ("28P01", 'password authentication failed for user "officer"')
NO_DATABASE = ("3D000", 'database "gxapply" does not exist')


def _message(kind: bytes, body: bytes) -> bytes:
    return kind + struct.pack("!i", len(body) + 4) + body


def _error(code: str, text: str) -> bytes:
    fields = ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", code), (b"M", text))
    return _message(b"E", b"".join(k + v.encode() + b"\0" for k, v in fields) + b"\0")


def _welcome() -> bytes:
    parts = [_message(b"R", struct.pack("!i", 0))]
    for name, value in (
        ("server_version", "15.0"),
        ("server_encoding", "UTF8"),
        ("client_encoding", "UTF8"),
        ("standard_conforming_strings", "on"),
        ("integer_datetimes", "on"),
        ("DateStyle", "ISO, MDY"),
        ("TimeZone", "UTC"),
    ):
        parts.append(_message(b"S", name.encode() + b"\0" + value.encode() + b"\0"))
    parts.append(_message(b"K", struct.pack("!ii", 4242, 1)))
    parts.append(_message(b"Z", b"I"))
    return b"".join(parts)


def _read_exactly(connection: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = connection.recv(count - len(data))
        if not chunk:
            raise ConnectionError("client went away")
        data += chunk
    return data


def _serve_one(connection: socket.socket, refusal: tuple[str, str] | None, silent: bool) -> None:
    with connection:
        connection.settimeout(10)
        try:
            if silent:  # a server that never answers (a host behind a dead link)
                while connection.recv(1024):
                    pass
                return
            while True:
                length, code = struct.unpack("!ii", _read_exactly(connection, 8))
                if code in (SSL_REQUEST, GSS_REQUEST):
                    connection.sendall(b"N")
                    continue
                _read_exactly(connection, length - 8)  # the startup parameters
                break
            if refusal is not None:
                connection.sendall(_error(*refusal))
                return
            connection.sendall(_welcome())
            connection.recv(1)  # the first query: hang up on it
        except OSError:
            return


@contextmanager
def fake_server(refusal: tuple[str, str] | None, *, silent: bool = False) -> Iterator[int]:
    """The port of a stand-in server refusing logins with ``refusal`` (or, with None, letting
    them in and dropping the connection at the first query; ``silent``: never answering at
    all); stopped on leaving."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(
                target=_serve_one, args=(connection, refusal, silent), daemon=True
            ).start()

    thread = threading.Thread(target=accept, name="fake-postgres", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()


def closed_port() -> int:
    """A loopback port nothing listens on (as a server switched off)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
