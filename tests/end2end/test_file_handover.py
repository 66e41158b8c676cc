"""A second start with a file hands it to the copy already running on the store: the running
window takes the paths over its local socket and imports them; the second start exits quietly.
What comes over the socket is a list of paths to read, or it is refused whole."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtNetwork import QLocalSocket

from app.exit_codes import EXIT_ALREADY_RUNNING
from app.gui import file_handover
from app.gui.file_handover import (
    MAX_MESSAGE_BYTES,
    FileHandoverServer,
    decode,
    encode,
    hand_over,
    server_name,
)
from app.gui.main import hand_files_over, listen_for_files
from app.gui.main_window import MainWindow
from app.instance_lock import acquire_instance_lock
from tests.helpers.examples import example_json

ROOT = Path(__file__).resolve().parents[2]


HAND_OVER = (  # what a second start does, without the rest of the program
    "import sys; from app.gui.file_handover import hand_over; "
    "sys.exit(0 if hand_over(sys.argv[1], sys.argv[2:]) else 1)"
)


def second_start(
    qtbot, *arguments: str, cwd: Path | None = None, **env: str
) -> tuple[int, str, str]:
    """Run a second process to its end while this one's event loop answers it (a client in a
    thread of this process would hold the interpreter while it waits for the answer)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("GXAPPLY_")}
    environment.update({"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), **env})
    process = subprocess.Popen(
        [sys.executable, *arguments],
        cwd=cwd or ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    qtbot.waitUntil(lambda: process.poll() is not None, timeout=90_000)
    out, err = process.communicate()
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


class RawClient:
    """A program of this user's sending ``message`` as it likes; ``reply`` is the answer."""

    def __init__(self, name: str, message: bytes) -> None:
        self.reply = b""
        self.closed = False
        self.socket = QLocalSocket()
        self.socket.connected.connect(lambda: self.socket.write(message))
        self.socket.readyRead.connect(self._read)
        self.socket.disconnected.connect(self._closed)
        self.socket.connectToServer(name)

    def _read(self) -> None:
        self.reply += bytes(self.socket.readAll().data())

    def _closed(self) -> None:
        self._read()
        self.closed = True


@pytest.fixture
def server(qtbot, store_url):
    listening = FileHandoverServer(server_name(store_url))
    assert listening.listen(replace_stale=True)
    received: list[list[str]] = []
    listening.received.connect(received.append)
    listening.got = received
    yield listening
    listening.close()


def application_file(folder: Path, name: str = "申报.json") -> Path:
    path = folder / name
    path.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    return path


def test_the_running_window_receives_the_paths_and_imports(
    qtbot, tmp_path, store, store_url, journal, dialogs
):
    window = MainWindow(store, journal)
    qtbot.addWidget(window)
    window.show()
    window.showMinimized()
    listen_for_files(store_url, window, replace_stale=True)
    path = application_file(tmp_path)

    code, _out, err = second_start(qtbot, "-c", HAND_OVER, server_name(store_url), str(path))

    assert code == 0, err
    qtbot.waitUntil(lambda: window.opened is not None)
    assert not window.isMinimized()  # raised to import
    job = window.opened.application_files
    qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)
    assert store.count_applications() == 1


def test_hostile_messages_are_refused_whole(qtbot, tmp_path, server):
    absolute = str(tmp_path / "a.json")
    hostile = [
        b"not json\n",
        json.dumps({"open": ["relative/申报.json"]}).encode() + b"\n",
        json.dumps({"open": [absolute], "write": "/etc/passwd"}).encode() + b"\n",
        json.dumps({"open": [absolute + "\x00.gxpkg"]}).encode() + b"\n",
        json.dumps({"open": [{"path": absolute}]}).encode() + b"\n",
        json.dumps({"open": []}).encode() + b"\n",
        json.dumps({"open": [absolute] * 1000}).encode() + b"\n",
        b'{"open": ["' + b"/x" * MAX_MESSAGE_BYTES + b'"]}\n',
    ]
    for message in hostile:
        client = RawClient(server.name, message)
        qtbot.waitUntil(lambda c=client: c.closed, timeout=30_000)
        assert client.reply == b"refused\n", message[:60]
    assert server.got == []

    client = RawClient(server.name, encode([absolute]))
    with qtbot.waitSignal(server.received) as got:
        qtbot.waitUntil(lambda: client.closed, timeout=30_000)
    assert got.args == [[absolute]] and client.reply == b"ok\n"


def test_decode_takes_only_a_list_of_absolute_paths(tmp_path):
    absolute = str(tmp_path / "决定.gxdec")
    assert decode(encode([absolute])) == [absolute]
    for bad in (b"[]", b'{"open": "' + absolute.encode() + b'"}', b"\xff\xfe", b'{"open": [1]}'):
        assert decode(bad) is None


def test_a_failed_hand_over_says_so_plainly(qtbot, tmp_path, store_url, dialogs, monkeypatch):
    monkeypatch.setattr(file_handover, "HAND_OVER_WAIT_S", 0.3)
    assert hand_over(server_name(store_url), [str(tmp_path / "a.json")]) is False

    code = hand_files_over(store_url, [str(tmp_path / "<b>决定\n第2版.gxdec")])

    assert code == EXIT_ALREADY_RUNNING
    title, text = dialogs[-1]
    assert title == "无法打开文件" and "<b>决定 第2版.gxdec" in text
    assert "请切换到已打开的窗口，在“文件”菜单中选择相应的导入" in text


@pytest.mark.sqlite_only(
    reason="the other process is a desktop of its own: on a server store it would wait for the office"
    " passphrase; handing a file over is the same on every back end"
)
def test_a_second_start_with_a_file_hands_it_over_and_exits(
    qtbot, tmp_path, store, store_url, journal, dialogs
):
    """Two processes: this one runs the program on the store (lock and window); a second
    ``gxapply --db URL FILE`` is started as a double click would start it."""
    lock = acquire_instance_lock(store_url)
    assert lock is not None
    try:
        window = MainWindow(store, journal)
        qtbot.addWidget(window)
        window.show()
        listen_for_files(store_url, window, replace_stale=True)
        folder = tmp_path / "下载"
        folder.mkdir()
        application_file(folder, "上年申报.json")
        code, out, err = second_start(
            qtbot,
            "-m",
            "app",
            "--db",
            store_url,
            "上年申报.json",  # a relative name, from the second start's own folder
            cwd=folder,
            GXAPPLY_HOME=str(tmp_path / "home"),
        )
        assert code == 0, err
        assert out == ""  # quietly
        qtbot.waitUntil(lambda: window.opened is not None, timeout=10_000)
        job = window.opened.application_files
        qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)
        assert store.count_applications() == 1
        assert dialogs[-1][0] == "导入申报文件"
    finally:
        lock.unlock()


def test_files_handed_over_together_are_imported_together(qtbot, tmp_path, store, journal, dialogs):
    """Explorer starts the program once per file chosen: one import of them all, as from the
    menu's dialog with several files chosen."""
    window = MainWindow(store, journal)
    qtbot.addWidget(window)
    window.show()
    first = application_file(tmp_path, "一.json")
    second = application_file(tmp_path, "二.json")

    window.receive_files([str(first)])
    window.receive_files([str(second)])

    qtbot.waitUntil(lambda: window.opened is not None)
    job = window.opened.application_files
    assert job is not None and job.paths == [first, second]
    qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)
    assert store.count_applications() == 2


def test_a_path_is_handed_over_exactly_when_the_opening_would_read_it():
    """One limit for both: a path the hand-over takes is one classify does not call invalid."""
    from app.opened_files import MAX_PATH_CHARS, classify

    anchor = Path.home().anchor  # "/", or "C:\\" on Windows
    longest = anchor + "a" * (MAX_PATH_CHARS - len(anchor))
    assert decode(encode([longest])) == [longest]
    assert "不是一个有效的文件位置" not in classify(longest).problem
    too_long = longest + "a"
    assert decode(encode([too_long])) is None
    assert "不是一个有效的文件位置" in classify(too_long).problem
