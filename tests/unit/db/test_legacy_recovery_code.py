"""Accounts made before recovery codes (a store made at revision 0011, then upgraded): the
officer is given a code after signing in, once, audited, only its hash kept."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from db import accounts as accounts_module
from db.accounts import RECOVERY_ALPHABET, Accounts, verify_password
from db.repository import Store
from tests.helpers.legacy_accounts import store_made_at_0011

PASSWORD = "shenhe-2026"
NEW = "xin-mima-2027"
CODE = re.compile(rf"^[{RECOVERY_ALPHABET}]{{4}}(-[{RECOVERY_ALPHABET}]{{4}}){{3}}$")


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


@pytest.fixture
def legacy(store_url: str) -> Iterator[Store]:
    officers = [("wangfang", "王芳", PASSWORD, True), ("lisi", "李四", PASSWORD, False)]
    store = Store.open(store_made_at_0011(store_url, officers))
    yield store
    store.close()


def recovery_hashes(store: Store) -> dict[str, str | None]:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT username, recovery_hash FROM accounts"))
        return {r.username: r.recovery_hash for r in rows}


def issued(store: Store) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT actor, detail FROM audit_events WHERE action = '发放恢复码' ORDER BY id")
        )
        return [(r.actor, r.detail) for r in rows]


def test_an_old_account_gets_its_code_once_after_signing_in(legacy: Store):
    assert recovery_hashes(legacy) == {"wangfang": None, "lisi": None}  # as 0012 left them
    accounts = Accounts(legacy)
    wangfang = accounts.sign_in("wangfang", PASSWORD)
    code = accounts.issue_missing_recovery_code(wangfang)
    assert code is not None and CODE.match(code)
    stored = recovery_hashes(legacy)["wangfang"]
    assert stored is not None and code not in stored and verify_password(code, stored)
    [(actor, detail)] = issued(legacy)
    assert actor == "王芳（wangfang）" and "只显示一次" in detail and code not in detail

    # once: the next sign-in has a code already, and nothing more is issued or audited
    assert accounts.issue_missing_recovery_code(accounts.sign_in("wangfang", PASSWORD)) is None
    assert len(issued(legacy)) == 1
    # and it works as a code given at creation does
    assert accounts.recover("wangfang", code.lower(), NEW) != code
    assert accounts.sign_in("wangfang", NEW).username == "wangfang"


def test_a_stopped_or_new_account_is_given_none(legacy: Store):
    accounts = Accounts(legacy)
    lisi = next(a for a in accounts.list_accounts() if a.username == "lisi")
    assert accounts.issue_missing_recovery_code(lisi) is None  # 停用: it signs in no more
    wangfang = accounts.sign_in("wangfang", PASSWORD)
    made = accounts.create_with_code("zhaoliu", "赵六", PASSWORD, by=wangfang)
    assert accounts.issue_missing_recovery_code(made.account) is None  # has its own already
    assert recovery_hashes(legacy)["lisi"] is None and issued(legacy) == []


def test_of_two_desktops_signing_in_at_once_one_issues_the_code(legacy: Store, monkeypatch):
    accounts = Accounts(legacy)
    wangfang = accounts.sign_in("wangfang", PASSWORD)
    hash_password = accounts_module.hash_password
    other: list[str | None] = []

    def other_desktop_first(secret: str, **kwargs) -> str:
        # the other desktop issues between this one's look and its write
        monkeypatch.setattr(accounts_module, "hash_password", hash_password)
        other.append(Accounts(legacy).issue_missing_recovery_code(wangfang))
        return hash_password(secret, **kwargs)

    monkeypatch.setattr(accounts_module, "hash_password", other_desktop_first)
    assert accounts.issue_missing_recovery_code(wangfang) is None
    [code] = other
    assert code is not None
    assert verify_password(code, recovery_hashes(legacy)["wangfang"] or "")
    assert len(issued(legacy)) == 1


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_a_read_only_copy_issues_none_and_writes_nothing(tmp_path):
    """An officer may sign in to read a store on a read-only disk (test_read_only_sign_in.py):
    no code is given there, since its hash could not be kept, and nothing is written."""
    path = tmp_path / "store.sqlite3"
    url = store_made_at_0011(f"sqlite:///{path}", [("wangfang", "王芳", PASSWORD, True)])
    read_only = Store._open_read_only(path, None)
    try:
        accounts = Accounts(read_only)
        assert accounts.issue_missing_recovery_code(accounts.sign_in("wangfang", PASSWORD)) is None
    finally:
        read_only.close()
    writable = Store.open(url)
    try:
        assert recovery_hashes(writable) == {"wangfang": None} and issued(writable) == []
    finally:
        writable.close()
