"""Starting the desktop app on the office's database server: what the user is shown when the
server cannot be reached or refuses the password (never the address or the password), the
password dialog, --self-check that prints and exits instead of waiting on a dialog, and the
warning for a SQLite file on a network share."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.gui import main as gui_main
from app.gui.server_password import ServerPasswordDialog
from app.server_login import SERVICE, saved_password
from db.location import settings_file
from db.server_url import server_key, without_password
from tests.helpers.credentials import credential_store, memory_keyring, no_keyring
from tests.helpers.fake_server import LOGIN_REFUSED, closed_port, fake_server

pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Zh0ng-Mi!ma"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # run() installs its own
    root = logging.getLogger()
    handlers = list(root.handlers)
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    yield tmp_path / "home"
    for handler in set(root.handlers) - set(handlers):  # run() logs errors to a file
        root.removeHandler(handler)
        handler.close()


def start(db: str | None = None, *, self_check: bool = False) -> int:
    return gui_main.run(argparse.Namespace(db=db, self_check=self_check, command=None))


def write_settings(url: str) -> None:
    settings_file().write_text(f'database_url = "{url}"\n', encoding="utf-8")


def test_a_server_that_is_off_is_said_without_its_address_or_password(qtbot, home, dialogs):
    port = closed_port()
    write_settings(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    with credential_store(memory_keyring()) as keys:
        assert start() == 2
    [(title, text)] = dialogs
    assert title == "无法打开数据库"
    assert "无法连接数据库服务器" in text and "办公室服务器上的共享数据库" in text
    for secret in (PASSWORD, "postgresql", "://", str(port)):
        assert secret not in text
    # the password left settings.toml for the credential store on the way
    assert PASSWORD not in settings_file().read_text(encoding="utf-8")
    assert keys.passwords == {
        (SERVICE, server_key(f"postgresql://officer@127.0.0.1:{port}/gxapply")): PASSWORD
    }


def test_a_refused_password_is_forgotten_and_asked_for_again(qtbot, home, dialogs, monkeypatch):
    asked: list[tuple[str, bool, bool]] = []
    answers = ["typed-wrong", None]  # a wrong password, then 退出

    def ask(url: str, *, can_remember: bool, refused: bool = False, parent=None) -> str | None:
        asked.append((url, can_remember, refused))
        return answers.pop(0)

    monkeypatch.setattr("app.gui.server_password.ask_password", ask)
    with fake_server(LOGIN_REFUSED) as port, credential_store(memory_keyring()) as keys:
        url = f"postgresql+psycopg://officer@127.0.0.1:{port}/gxapply"
        write_settings(url)
        keys.set_password(SERVICE, server_key(url), "an-old-password")
        assert start() == 2
        # the kept one was tried and dropped; asked again twice, saying it was refused
        assert asked == [(url, True, True), (url, True, True)]
        assert keys.passwords == {}  # neither refused password is kept
    assert dialogs == []  # 退出 in the password dialog: nothing more to say


def test_self_check_reports_a_refused_password_without_asking(home, monkeypatch):
    monkeypatch.setattr("app.gui.server_password.ask_password", pytest.fail)
    with fake_server(LOGIN_REFUSED) as port, credential_store(memory_keyring()) as keys:
        url = f"postgresql+psycopg://officer@127.0.0.1:{port}/gxapply"
        write_settings(url)
        keys.set_password(SERVICE, server_key(url), "an-old-password")
        assert start(self_check=True) == 2
        assert keys.passwords == {}


def test_cancelling_the_password_dialog_starts_nothing(qtbot, home, dialogs, monkeypatch):
    monkeypatch.setattr("app.gui.server_password.ask_password", lambda *a, **k: None)
    write_settings(f"postgresql+psycopg://officer@127.0.0.1:{closed_port()}/gxapply")
    with credential_store(no_keyring()):
        assert start() == 2
    assert dialogs == []


def test_a_password_typed_is_kept_once_it_lets_the_desktop_in(qtbot, home, monkeypatch):
    from tests.helpers.server import fresh_database, role_with_password

    monkeypatch.setattr("app.settings.is_set_up", lambda _store: True)
    monkeypatch.setenv(gui_main.PROBE, "1")  # quit once the store is open and shown
    monkeypatch.setattr("app.gui.server_password.ask_password", lambda *a, **k: PASSWORD)
    from sqlalchemy.engine import make_url

    with fresh_database() as url, role_with_password(url, PASSWORD) as role:
        officer = make_url(url).set(username=role, password=None).render_as_string(False)
        write_settings(officer)
        with credential_store(memory_keyring()):
            assert start() == 0
            assert saved_password(officer) == PASSWORD
            assert saved_password(without_password(officer)) == PASSWORD


def test_the_password_dialog_shows_no_address_and_says_where_the_password_goes(qtbot):
    url = "postgresql+psycopg://wangfang@db.office.lan:5432/gxapply"
    dialog = ServerPasswordDialog(url, can_remember=True)
    qtbot.addWidget(dialog)
    texts = " ".join(label.text() for label in dialog.findChildren(gui_main.plain.PlainLabel))
    assert "db.office.lan" in texts and "wangfang" in texts and "gxapply" in texts
    assert "://" not in texts and "凭据管理器" in texts and "不会写入设置文件" in texts
    assert not dialog.connect_button.isEnabled()
    qtbot.keyClicks(dialog.password, "mima")
    assert dialog.connect_button.isEnabled() and dialog.password.text() == "mima"
    forgetful = ServerPasswordDialog(url, can_remember=False)
    qtbot.addWidget(forgetful)
    texts = " ".join(label.text() for label in forgetful.findChildren(gui_main.plain.PlainLabel))
    assert "每次启动程序时都需要输入" in texts
    again = ServerPasswordDialog(url, can_remember=True, refused=True)
    qtbot.addWidget(again)
    texts = " ".join(label.text() for label in again.findChildren(gui_main.plain.PlainLabel))
    assert "拒绝了登录" in texts and "重新输入" in texts


def _self_check(home: Path, url: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GXAPPLY_HOME": str(home),
        "GXAPPLY_DATABASE_URL": url,
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-m", "app", "--self-check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,  # it must print and exit, never wait on a dialog
    )


def test_self_check_on_a_server_that_is_off_prints_and_exits(tmp_path):
    port = closed_port()
    result = _self_check(tmp_path, f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gx")
    assert result.returncode == 2, result.stderr
    assert "自检失败" in result.stderr and "无法连接数据库服务器" in result.stderr
    assert PASSWORD not in result.stderr + result.stdout


def test_self_check_without_a_kept_password_prints_and_exits(tmp_path):
    result = _self_check(tmp_path, f"postgresql+psycopg://officer@127.0.0.1:{closed_port()}/gx")
    assert result.returncode == 2, result.stderr
    assert "需要数据库密码" in result.stderr


def test_a_store_file_on_a_network_share_is_warned_against(home, dialogs, monkeypatch):
    monkeypatch.setattr("db.network_path.on_network", lambda _path: True)
    url = f"sqlite:///{home / 'share' / 'gxapply.sqlite3'}"
    args = argparse.Namespace(db=url, self_check=False, command=None)
    gui_main._warn_of_network_file(args, url, None)
    [(title, text)] = dialogs
    assert title == "数据文件位于网络盘" and str(home / "share") in text
    assert "数据库服务器" in text and "多名审核人员共用数据库服务器" in text
    monkeypatch.setattr("db.network_path.on_network", lambda _path: False)
    gui_main._warn_of_network_file(args, url, None)
    assert len(dialogs) == 1
