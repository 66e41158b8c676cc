"""Officers' accounts: only strong hashes are kept, sign-in is checked, and it is all audited."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from db.accounts import (
    SIGN_IN_FAILED,
    Accounts,
    SignInError,
    hash_password,
    verify_password,
)
from db.repository import InputError


@pytest.fixture
def accounts(store) -> Accounts:
    return Accounts(store)


def audit_actions(store) -> list[tuple[str, str]]:
    with store.engine.connect() as connection:
        rows = connection.execute(text("SELECT actor, action FROM audit_events ORDER BY id"))
        return [(r.actor, r.action) for r in rows]


def test_a_password_is_kept_only_as_a_salted_scrypt_hash(accounts, store):
    first = hash_password("审核密码2026")
    second = hash_password("审核密码2026")
    assert first != second  # a fresh salt each time
    assert first.startswith("scrypt$16384$8$1$") and "审核密码" not in first
    assert verify_password("审核密码2026", first)
    assert not verify_password("审核密码2027", first)
    assert not verify_password("审核密码2026", "md5$abc")
    assert not verify_password("审核密码2026", "garbage")
    accounts.create("wangfang", "王芳", "审核密码2026")
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT password_hash FROM accounts")).scalar_one()
    assert stored.startswith("scrypt$") and verify_password("审核密码2026", stored)


def test_the_first_account_needs_nobody_later_ones_a_signed_in_officer(accounts):
    assert not accounts.has_accounts()
    first = accounts.create("wangfang", "王芳", "审核密码2026")
    assert accounts.has_accounts()
    with pytest.raises(SignInError, match="须由已登录的审核人员添加"):
        accounts.create("lisi", "李四", "另一个密码123")
    signed_in = accounts.sign_in("wangfang", "审核密码2026")
    second = accounts.create("lisi", "李四", "另一个密码123", by=signed_in)
    assert [a.username for a in accounts.list_accounts()] == ["lisi", "wangfang"]
    assert first.actor == "王芳（wangfang）" and second.display_name == "李四"


def test_account_details_are_checked(accounts):
    with pytest.raises(InputError) as caught:
        accounts.create("王 芳", "", "short")
    message = str(caught.value)
    assert "「登录名」应为 2—32 位英文字母" in message
    assert "「姓名」应为 1—30 个字" in message
    assert "「密码」至少 8 位" in message
    assert not accounts.has_accounts()
    first = accounts.create("wangfang", "王芳", "审核密码2026")
    with pytest.raises(InputError, match="已被使用"):
        accounts.create("wangfang", "另一个王芳", "审核密码2026", by=first)


def test_sign_in_returns_the_account_or_one_message_for_any_mistake(accounts, store):
    accounts.create("wangfang", "王芳", "审核密码2026")
    account = accounts.sign_in(" wangfang ", "审核密码2026")
    assert account.username == "wangfang" and account.last_sign_in_at is not None
    for username, password in [("wangfang", "审核密码2025"), ("nobody", "审核密码2026")]:
        with pytest.raises(SignInError) as caught:
            accounts.sign_in(username, password)
        assert str(caught.value) == SIGN_IN_FAILED
    assert audit_actions(store)[-3:] == [
        ("王芳（wangfang）", "登录"),
        ("wangfang", "登录失败"),
        ("nobody", "登录失败"),
    ]


def test_changing_a_password_needs_the_old_one(accounts):
    account = accounts.create("wangfang", "王芳", "审核密码2026")
    with pytest.raises(SignInError, match="原密码不正确"):
        accounts.change_password(account, "猜的密码123", "新的密码2027")
    with pytest.raises(InputError, match="至少 8 位"):
        accounts.change_password(account, "审核密码2026", "短")
    accounts.change_password(account, "审核密码2026", "新的密码2027")
    assert accounts.sign_in("wangfang", "新的密码2027").id == account.id
    with pytest.raises(SignInError):
        accounts.sign_in("wangfang", "审核密码2026")


def test_a_deactivated_account_cannot_sign_in_until_enabled_again(accounts, store):
    wangfang = accounts.create("wangfang", "王芳", "审核密码2026")
    lisi = accounts.create("lisi", "李四", "另一个密码123", by=wangfang)
    stopped = accounts.set_active(lisi.id, False, by=wangfang)
    assert not stopped.active
    with pytest.raises(SignInError) as caught:
        accounts.sign_in("lisi", "另一个密码123")
    assert str(caught.value) == SIGN_IN_FAILED  # as for a wrong password: nothing given away
    assert accounts.set_active(lisi.id, True, by=wangfang).active
    assert accounts.sign_in("lisi", "另一个密码123").id == lisi.id
    assert audit_actions(store)[-4:] == [
        ("王芳（wangfang）", "停用账号"),
        ("lisi", "登录失败"),
        ("王芳（wangfang）", "启用账号"),
        ("李四（lisi）", "登录"),
    ]


def test_deactivating_oneself_or_the_last_active_account_is_refused(accounts, store):
    wangfang = accounts.create("wangfang", "王芳", "审核密码2026")
    with pytest.raises(SignInError, match="最后一个启用的账号"):
        accounts.set_active(wangfang.id, False, by=wangfang)
    lisi = accounts.create("lisi", "李四", "另一个密码123", by=wangfang)
    with pytest.raises(SignInError, match="不能停用自己的账号"):
        accounts.set_active(wangfang.id, False, by=wangfang)
    assert all(a.active for a in accounts.list_accounts())
    accounts.set_active(wangfang.id, False, by=lisi)  # another officer may
    with pytest.raises(SignInError, match="已停用"):  # and a stopped one can no longer act
        accounts.set_active(lisi.id, False, by=wangfang)
    assert [a.active for a in accounts.list_accounts()] == [True, False]


def test_a_deactivated_officer_still_signed_in_cannot_add_accounts(accounts):
    wangfang = accounts.create("wangfang", "王芳", "审核密码2026")
    lisi = accounts.create("lisi", "李四", "另一个密码123", by=wangfang)
    accounts.create("zhaoliu", "赵六", "第三个密码456", by=lisi)  # active: may
    accounts.set_active(lisi.id, False, by=wangfang)
    with pytest.raises(SignInError, match="“lisi”已停用或不存在，不能新建账号"):
        accounts.create("sunqi", "孙七", "第四个密码789", by=lisi)
    assert [a.username for a in accounts.list_accounts()] == ["lisi", "wangfang", "zhaoliu"]


def test_signing_out_is_audited(accounts, store):
    accounts.create("wangfang", "王芳", "审核密码2026")
    accounts.sign_out(accounts.sign_in("wangfang", "审核密码2026"))
    assert audit_actions(store)[-1] == ("王芳（wangfang）", "退出登录")


def test_scrypt_parameters_are_read_when_hashing(monkeypatch):
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)
    cheap = hash_password("审核密码2026")
    assert cheap.startswith("scrypt$16$8$1$") and verify_password("审核密码2026", cheap)
