"""The command line signing on a server store opens the key kept there itself: with the passphrase
from the environment variable (as ``gxapply db copy`` takes it), else typed at the terminal, else
it stops, saying how to give it; a store without a key yet says who must set it, and where.

An enterprise on a PostgreSQL server (the one party that exports packages from the command line),
on a real server (tests/helpers/server.py)."""

from __future__ import annotations

import getpass
import io
import json
import sys
from pathlib import Path

import pytest

from app.cli import main
from app.server_cli import PASSPHRASE_ENV
from db.office_key import create_office_key
from db.repository import Store
from db.this_copy import Mode, write_mode
from forms.core.workflow import Status
from forms.exchange.submission import read_submission
from forms.registry import FORMS
from tests.helpers.examples import example_json

pytestmark = pytest.mark.office_key_prompts  # the passphrase is what these tests are about

PASSPHRASE = "本单位签名口令2026"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def enterprise(server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """An enterprise's server store with one application 待提交; no key yet."""
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv(PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO())  # no terminal unless a test gives one
    store = Store.open(server_database)
    write_mode(store, Mode.ENTERPRISE)
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    store.close()
    assert main(["--db", server_database, "import", str(path)]) == 0
    store = Store.open(server_database)
    store.change_status(1, Status.READY)
    store.close()
    return server_database


@pytest.fixture
def keyed(enterprise: str) -> str:
    """The key made (and its passphrase set) on another desktop, as the GUI does."""
    store = Store.open(enterprise)
    create_office_key(store, PASSPHRASE, actor="王芳", n=2**10)
    store.close()
    return enterprise


def export(url: str, out: Path) -> int:
    out.mkdir(exist_ok=True)
    return main(["--db", url, "package", "export", "1", "-o", str(out)])


def status(url: str) -> Status:
    store = Store.open(url)
    try:
        return store.load(1).status
    finally:
        store.close()


def signer_key(out: Path) -> str:
    [package] = out.glob("*.gxpkg")
    return read_submission(package.read_bytes(), forms=FORMS).manifest.signer.public_key


def held_key(url: str) -> str:
    from db.office_key import office_key_info

    store = Store.open(url)
    info = office_key_info(store)
    store.close()
    assert info is not None
    return info.public_key


def test_the_passphrase_from_the_environment_opens_the_key(keyed, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    assert export(keyed, tmp_path / "out") == 0, capsys.readouterr().err
    assert signer_key(tmp_path / "out") == held_key(keyed)
    assert status(keyed) is Status.SUBMITTED


def test_a_wrong_passphrase_in_the_environment_changes_nothing(
    keyed, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(PASSPHRASE_ENV, "不对的口令2025abc")
    assert export(keyed, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert PASSPHRASE_ENV in err and "本单位签名口令不正确" in err and "未做任何更改" in err
    assert "本园区" not in err and "对话框" not in err
    assert status(keyed) is Status.READY and not list((tmp_path / "out").iterdir())


def test_at_a_terminal_the_passphrase_is_asked(keyed, tmp_path, monkeypatch, capsys):
    typed = iter(["不对的口令2025abc", PASSPHRASE])
    prompts: list[str] = []

    def ask(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", ask)
    assert export(keyed, tmp_path / "out") == 0
    captured = capsys.readouterr()
    assert prompts == ["本单位签名口令：", "本单位签名口令："]
    assert "本单位签名口令不正确" in captured.err  # the first try, said before the second
    assert "指纹" in captured.out
    assert signer_key(tmp_path / "out") == held_key(keyed)


def test_three_wrong_tries_at_a_terminal_change_nothing(keyed, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "不对的口令2025abc")
    assert export(keyed, tmp_path / "out") == 2
    assert "3 次输入的本单位签名口令都不正确" in capsys.readouterr().err
    assert status(keyed) is Status.READY


def test_without_a_terminal_or_the_variable_it_says_how_to_give_it(keyed, tmp_path, capsys):
    assert export(keyed, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert PASSPHRASE_ENV in err and "终端" in err and "未做任何更改" in err
    assert status(keyed) is Status.READY


def test_without_a_key_it_says_to_set_one_in_the_program_first(
    enterprise, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)  # a passphrase makes no key on the CLI
    assert export(enterprise, tmp_path / "out") == 2
    err = capsys.readouterr().err
    assert "还没有签名密钥" in err and "桌面程序" in err and "命令行不能创建" in err
    assert status(enterprise) is Status.READY
    assert main(["--db", enterprise, "package", "key"]) == 0
    out = capsys.readouterr().out
    assert "还没有签名密钥" in out and "对话框" not in out


def test_an_office_without_a_key_hears_an_officer_must_set_it(
    server_database, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    store = Store.open(server_database)
    write_mode(store, Mode.PARK_OFFICE)
    store.close()
    assert main(["--db", server_database, "package", "key"]) == 0
    out = capsys.readouterr().out
    assert "一位审核人员在桌面程序中第一次签名时设置办公室签名口令" in out
