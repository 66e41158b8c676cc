"""Starting the desktop app on the office's database server: what the user is shown when the
server cannot be reached or refuses the password (never the address or the password), the
password dialog, --self-check that prints and exits instead of waiting on a dialog, and the
warning for a SQLite file on a network share."""

from __future__ import annotations

import argparse
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from app.gui import main as gui_main
from app.gui.server_password import ServerPasswordDialog
from db.location import settings_file
from db.server_url import server_key
from tests.helpers.fake_server import LOGIN_REFUSED, closed_port, fake_server

pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Zh0ng-Mi!ma"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # install_crash_handler sets its own
    root = logging.getLogger()
    handlers = list(root.handlers)
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    yield tmp_path / "home"
    for handler in set(root.handlers) - set(handlers):  # it logs errors to a file
        root.removeHandler(handler)
        handler.close()


def start(home: Path, **config: Any) -> dict[str, Any]:
    """The app started in a process of its own (tests/helpers/startup_driver.py): its exit code,
    the message boxes shown, the password dialogs asked and the passwords kept."""
    env = {
        **os.environ,
        "GXAPPLY_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("GXAPPLY_DATABASE_URL", None)
    if config.get("set_up"):
        env[gui_main.PROBE] = "1"  # quit once the store is open and shown
    result = subprocess.run(
        [sys.executable, "-m", "tests.helpers.startup_driver", json.dumps(config)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    report["stderr"] = result.stderr
    return report


def write_settings(url: str) -> None:
    settings_file().write_text(f'database_url = "{url}"\n', encoding="utf-8")


def test_a_server_that_is_off_is_said_without_its_address_or_password(home):
    port = closed_port()
    write_settings(f"postgresql+psycopg://officer:{PASSWORD}@127.0.0.1:{port}/gxapply")
    report = start(home, keyring="memory")
    assert report["code"] == 2
    [(title, text)] = report["dialogs"]
    assert title == "无法打开数据库"
    assert "无法连接数据库服务器" in text and "办公室服务器上的共享数据库" in text
    for secret in (PASSWORD, "postgresql", "://", str(port)):
        assert secret not in text
    # the password left settings.toml for the credential store on the way
    assert PASSWORD not in settings_file().read_text(encoding="utf-8")
    assert report["kept"] == {
        server_key(f"postgresql://officer@127.0.0.1:{port}/gxapply"): PASSWORD
    }
    log = home / "logs" / "errors.log"
    assert not log.exists() or PASSWORD not in log.read_text(encoding="utf-8")


def test_a_refused_password_is_forgotten_and_asked_for_again(home):
    with fake_server(LOGIN_REFUSED) as port:
        url = f"postgresql+psycopg://officer@127.0.0.1:{port}/gxapply"
        write_settings(url)
        report = start(
            home,
            keyring="memory",
            kept={server_key(url): "an-old-password"},
            answers=["typed-wrong", None],  # a wrong password, then 退出
        )
    assert report["code"] == 2
    # the kept one was tried and dropped; asked again twice, saying it was refused
    assert report["asked"] == [[url, True, True], [url, True, True]]
    assert report["kept"] == {}  # neither refused password is kept
    assert report["dialogs"] == []  # 退出 in the password dialog: nothing more to say


def test_self_check_reports_a_refused_password_without_asking(home):
    with fake_server(LOGIN_REFUSED) as port:
        url = f"postgresql+psycopg://officer@127.0.0.1:{port}/gxapply"
        write_settings(url)
        report = start(
            home, keyring="memory", kept={server_key(url): "an-old-password"}, self_check=True
        )
    assert report["code"] == 2 and report["asked"] == [] and report["dialogs"] == []
    assert "拒绝登录" in report["stderr"] and report["kept"] == {}


def test_cancelling_the_password_dialog_starts_nothing(home):
    url = f"postgresql+psycopg://officer@127.0.0.1:{closed_port()}/gxapply"
    write_settings(url)
    report = start(home, keyring="none", answers=[None])
    assert report["code"] == 2 and report["dialogs"] == []
    assert report["asked"] == [[url, False, False]]  # saying it cannot be kept on this desktop


def test_a_password_typed_is_kept_once_it_lets_the_desktop_in(home, server):
    from tests.helpers.server import role_owned_database

    with role_owned_database(server, PASSWORD) as officer:
        write_settings(officer)
        report = start(home, keyring="memory", answers=[PASSWORD], set_up=True)
    assert report["code"] == 0, report
    assert report["asked"] == [[officer, True, False]]
    assert report["kept"] == {server_key(officer): PASSWORD}
    assert PASSWORD not in settings_file().read_text(encoding="utf-8")


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


def test_a_refusal_no_slot_caught_is_said_as_it_is_and_not_repeated(qtbot, home, dialogs):
    """A list that reads the store as it repaints, while the server is down: the user reads why,
    once, not 程序出错 at every repaint."""
    from db.errors import ServerUnreachable

    gui_main.install_crash_handler()
    gone = ServerUnreachable("无法连接数据库服务器：请检查网络")
    for _ in range(3):
        sys.excepthook(ServerUnreachable, gone, None)
    assert dialogs == [("无法完成操作", gone.message)]
    sys.excepthook(KeyError, KeyError("a bug"), None)  # a bug is still a bug
    assert dialogs[-1][0] == "程序出错"


@pytest.mark.parametrize(
    ("revision", "said"), [("0011", "请管理员升级数据库"), ("0999", "请升级程序")]
)
def test_a_desktop_meeting_another_revision_refuses_to_start(home, server, revision, said):
    """An older or a newer database on the server: the start-up dialog says whom to ask and
    what to tell them, with no command line and no address; the database keeps its revision."""
    from sqlalchemy.engine import make_url

    from tests.helpers.server import admin_statement, role_owned_database

    with role_owned_database(server, PASSWORD) as officer:
        url = make_url(officer).set(password=PASSWORD).render_as_string(False)  # owner may set it
        admin_statement(url, "UPDATE alembic_version SET version_num = %s", revision)
        write_settings(officer)
        report = start(home, keyring="memory", kept={server_key(officer): PASSWORD})
        assert admin_statement(url, "SELECT version_num FROM alembic_version") == [(revision,)]
    assert report["code"] == 2, report
    [(title, text)] = report["dialogs"]
    assert title == "无法打开数据库"
    assert said in text and "请联系" in text and revision in text
    for leaked in ("gxapply db", "upgrade", "://", PASSWORD):
        assert leaked not in text
