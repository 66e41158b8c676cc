"""Handing files to the copy of the program already running on the same store.

One copy per store holds the instance lock (app/instance_lock.py). It also listens on a local
socket (a named pipe on Windows) named after that lock and the user; a second start with files
to open (a double click on a .gxpkg while the program runs) sends their paths there and exits,
and the running window raises itself and imports them.

The message is one line of UTF-8 JSON, ``{"open": [absolute paths]}``, answered ``ok`` or
``refused``. What arrives is only ever a list of paths to read: anything else, or a path that
is not absolute, is refused whole, and the paths are classified and imported (read, never
written) by the window like files picked in a dialog.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from app.instance_lock import lock_path
from app.opened_files import MAX_PATH_CHARS  # the opening refuses longer ones the same way

MAX_MESSAGE_BYTES = 256 << 10
MAX_PATHS = 200
OK = b"ok\n"
REFUSED = b"refused\n"
HAND_OVER_WAIT_S = 10.0  # the running copy may still be starting: it listens once painted
log = logging.getLogger(__name__)


def server_name(url: str) -> str:
    """Keyed like the lock (one per store) and by the user, so that two accounts sharing a
    store's folder never hand each other files."""
    try:
        user = getpass.getuser()
    except Exception:  # no user name in the environment: the key still tells stores apart
        user = ""
    key = f"{user}\n{lock_path(url)}".encode()
    return f"gxapply-open-{hashlib.sha256(key).hexdigest()[:24]}"


def encode(paths: Sequence[str]) -> bytes:
    return json.dumps({"open": list(paths)}, ensure_ascii=False).encode("utf-8") + b"\n"


def decode(message: bytes) -> list[str] | None:
    """The paths of a message; None when it is not exactly a list of absolute paths."""
    try:
        data = json.loads(message.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(data, dict) or set(data) != {"open"}:
        return None
    paths = data["open"]
    if not isinstance(paths, list) or not 0 < len(paths) <= MAX_PATHS:
        return None
    for path in paths:
        if (
            not isinstance(path, str)
            or not path
            or len(path) > MAX_PATH_CHARS
            or "\x00" in path
            or not Path(path).is_absolute()
        ):
            return None
    return paths


class FileHandoverServer(QObject):
    """Listens for files handed over by a second start; ``received`` with their paths."""

    received = Signal(list)

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        # Only this user's programs may connect (on Unix the socket file is the user's alone).
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)
        self._buffers: dict[QLocalSocket, bytearray] = {}

    def listen(self, *, replace_stale: bool) -> bool:
        """Start listening. ``replace_stale`` (only for the lock's holder: no other live copy
        can be using the name) first removes a socket a crashed copy left behind."""
        if replace_stale:
            QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("file hand-over not available: %s", self.server.errorString())
        return False

    def close(self) -> None:
        self.server.close()

    def _connected(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = bytearray()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(lambda s=socket: self._forget(s))

    def _read(self, socket: QLocalSocket) -> None:
        buffer = self._buffers.get(socket)
        if buffer is None:
            return
        buffer += bytes(socket.readAll().data())
        if len(buffer) > MAX_MESSAGE_BYTES:
            self._answer(socket, REFUSED)
            return
        end = buffer.find(b"\n")
        if end < 0:
            return  # the rest is still coming
        paths = decode(bytes(buffer[:end]))
        self._answer(socket, REFUSED if paths is None else OK)
        if paths is not None:
            self.received.emit(paths)

    def _answer(self, socket: QLocalSocket, reply: bytes) -> None:
        self._buffers.pop(socket, None)
        socket.write(reply)
        socket.flush()
        socket.disconnectFromServer()

    def _forget(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()


def hand_over(name: str, paths: Sequence[str], wait_s: float | None = None) -> bool:
    """Send ``paths`` to the copy listening on ``name``; True once it has taken them.

    Blocking: this is the whole of a second start, which has no window to keep alive. Tries
    again for ``wait_s`` seconds (HAND_OVER_WAIT_S by default) while the running copy is still starting up.
    """
    message = encode(paths)
    if sys.platform == "win32":  # let the running copy bring its window to the front
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # type: ignore[attr-defined]
    deadline = time.monotonic() + (HAND_OVER_WAIT_S if wait_s is None else wait_s)
    while True:
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(1000):
            return _send(socket, message)
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)  # not yet listening: the running copy paints first, then listens


def _send(socket: QLocalSocket, message: bytes) -> bool:
    socket.write(message)
    if not socket.waitForBytesWritten(5000):
        return False
    reply = bytearray()
    while b"\n" not in reply and len(reply) < 64:
        ready = socket.bytesAvailable() > 0 or socket.waitForReadyRead(10_000)
        reply += bytes(socket.readAll().data())  # also what came just before it hung up
        if not ready:
            break
    socket.disconnectFromServer()
    return bytes(reply) == OK
