"""The server store's password: never in settings.toml (moved to the system credential store, or
dropped and asked for), never part of the lock's or the recovery journal's key; a SQLite file on
a network share is recognised."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.instance_lock import lock_path
from app.recovery import store_key
from app.server_login import (
    SERVICE,
    credential_store_available,
    forget_password,
    move_password_out_of_settings,
    save_password,
    saved_password,
)
from db.location import database_url, settings_file
from db.network_path import is_unc, network_file_system
from db.server_url import mask_passwords, masked, server_key, with_password, without_password
from tests.helpers.credentials import credential_store, memory_keyring, no_keyring

URL = "postgresql+psycopg://officer:Pa%40ss%22w0rd@DB.office.lan:5432/gxapply"
PASSWORD = 'Pa@ss"w0rd'
SETTINGS = f"""# 园区办公室的设置
database_url = "{URL}"   # 管理员填写
[window]
theme = "light"
"""


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    settings_file().write_text(SETTINGS, encoding="utf-8")
    return tmp_path


def test_a_password_in_the_settings_moves_to_the_credential_store(home):
    with credential_store(memory_keyring()) as keys:
        assert move_password_out_of_settings() == URL  # its password, for this start
        rewritten = settings_file().read_text(encoding="utf-8")
        assert "Pa%40ss" not in rewritten and PASSWORD not in rewritten
        assert rewritten == SETTINGS.replace(URL, without_password(URL))  # the rest as it was
        assert database_url() == without_password(URL)
        assert keys.passwords == {(SERVICE, server_key(URL)): PASSWORD}
        assert saved_password(database_url()) == PASSWORD
        assert move_password_out_of_settings() is None  # done once


def test_without_a_credential_store_the_password_is_dropped_and_asked_for(home):
    with credential_store(no_keyring()):
        assert not credential_store_available()
        assert move_password_out_of_settings() == URL  # this start still connects
        assert PASSWORD not in settings_file().read_text(encoding="utf-8")
        assert "Pa%40ss" not in settings_file().read_text(encoding="utf-8")
        assert saved_password(database_url()) is None  # the next start asks
        assert save_password(database_url(), PASSWORD) is False


def test_a_refused_password_is_forgotten(home):
    with credential_store(memory_keyring()) as keys:
        assert save_password(URL, PASSWORD)
        forget_password(without_password(URL))
        assert keys.passwords == {}
        forget_password(URL)  # nothing kept: nothing happens


def test_a_sqlite_setting_is_left_alone(home):
    text = 'database_url = "sqlite:///D:/数据/gxapply.sqlite3"\n'
    settings_file().write_text(text, encoding="utf-8")
    with credential_store(memory_keyring()) as keys:
        assert move_password_out_of_settings() is None
    assert settings_file().read_text(encoding="utf-8") == text and keys.passwords == {}


def test_the_lock_and_the_journal_keep_their_key_when_the_password_changes(home):
    changed = with_password(URL, "a-new-password")
    assert store_key(URL) == store_key(changed) == store_key(without_password(URL))
    assert lock_path(URL) == lock_path(changed)
    assert "a-new-password" not in str(lock_path(changed))
    # the same store however its host or driver is spelled; another database is another store
    assert store_key(URL) == store_key("postgresql://officer@db.office.lan/gxapply")
    assert store_key(URL) != store_key(URL.replace("/gxapply", "/other"))
    assert store_key(URL) != store_key(URL.replace("officer", "wangfang"))


def test_a_sqlite_store_keeps_its_key(tmp_path):
    """Drafts kept before this change are still found."""
    import hashlib

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    assert store_key(url) == hashlib.sha256(url.encode()).hexdigest()[:16]


def test_passwords_are_masked_in_any_text():
    assert masked(URL) == "postgresql+psycopg://officer:***@db.office.lan:5432/gxapply"
    logged = f"failed: {URL} and sqlite:///C:/x.sqlite3"
    # the rest of the text stays (the sqlite URL was checked on the input, which cannot fail)
    shown = "postgresql+psycopg://officer:***@DB.office.lan:5432/gxapply"
    assert mask_passwords(logged) == f"failed: {shown} and sqlite:///C:/x.sqlite3"


def test_network_shares_are_recognised(tmp_path):
    mounts = tmp_path / "mounts"
    mounts.write_text(
        "/dev/sda1 / ext4 rw 0 0\n"
        f"//nas/office {tmp_path / 'share'} cifs rw 0 0\n"
        f"nas:/export {tmp_path / 'nfs'} nfs4 rw 0 0\n"
        f"tmpfs {tmp_path / 'share' / 'local'} tmpfs rw 0 0\n",
        encoding="utf-8",
    )
    assert network_file_system(tmp_path / "share" / "gx.sqlite3", mounts) == "cifs"
    assert network_file_system(tmp_path / "nfs" / "a" / "gx.sqlite3", mounts) == "nfs4"
    assert network_file_system(tmp_path / "share" / "local" / "gx.sqlite3", mounts) is None
    assert network_file_system(tmp_path / "shared" / "gx.sqlite3", mounts) is None
    fuse = tmp_path / "fuse_mounts"
    fuse.write_text(
        f"nas:/office {tmp_path / 'ssh'} fuse.sshfs rw 0 0\n"
        f"/dev/fuse {tmp_path / 'usb'} fuse.exfat rw 0 0\n",
        encoding="utf-8",
    )
    assert network_file_system(tmp_path / "ssh" / "gx.sqlite3", fuse) == "fuse.sshfs"
    assert network_file_system(tmp_path / "usb" / "gx.sqlite3", fuse) is None
    assert is_unc(r"\\server\share\gxapply.sqlite3") and is_unc("//server/share/x")
    assert not is_unc(r"C:\gxapply\gxapply.sqlite3") and not is_unc(r"\\?\C:\x")


def test_a_command_uses_the_kept_password_and_asks_nothing(home):
    from app.server_login import command_line_url

    with credential_store(memory_keyring()):
        url = command_line_url(None)  # moves the password out of settings.toml on the way
        assert url == with_password(without_password(URL), PASSWORD)
        assert PASSWORD not in settings_file().read_text(encoding="utf-8")
        assert command_line_url(None) == url  # from the credential store now
        assert command_line_url("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"
    with credential_store(no_keyring()):
        assert command_line_url(None) is None  # nothing kept: the server will say it refuses


def test_a_bug_reported_on_the_command_line_never_shows_a_password(capsys):
    from app.cli import report_error

    report_error(RuntimeError(f"could not use {URL}"))
    err = capsys.readouterr().err
    assert "Pa%40ss" not in err and "officer:***@" in err


def test_a_settings_file_that_cannot_be_rewritten_is_left_as_it_was(home, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError("read-only")

    monkeypatch.setattr(Path, "replace", refuse)
    with credential_store(memory_keyring()) as keys:
        assert move_password_out_of_settings() == URL  # this start still connects
    assert settings_file().read_text(encoding="utf-8") == SETTINGS
    assert not list(settings_file().parent.glob("*.part")) and keys.passwords == {}


def test_a_command_without_a_store_runs_whatever_the_settings_hold(home, capsys):
    """Looking for a kept password reads the settings; a command that opens no store (kinds,
    validate, blank, schema) is not refused for a settings file only the store needs."""
    from app.cli import main
    from app.server_login import command_line_url

    settings_file().write_text("[window\n", encoding="utf-8")

    assert command_line_url(None) is None
    assert main(["kinds"]) == 0
    assert "incubator" in capsys.readouterr().out
    assert main(["check"]) != 0  # a command that opens the store still says what is wrong
    assert "设置文件" in capsys.readouterr().err
