"""Found by a second review: read-only stores: reading must work for an office too."""

from __future__ import annotations

import pytest

from db.accounts import Accounts, SignInError
from db.repository import Store


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_an_officer_can_sign_in_to_read_a_read_only_office_store(tmp_path):
    """READ_ONLY_MESSAGE promises 可以查看、导出和打印; an office reviews only once signed in,
    and signing in writes (last_sign_in_at, an audit row), so on a read-only disk nobody can
    even open the review queue."""
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    writable = Store.open(url)
    Accounts(writable).create("wangfang", "王芳", "审核密码2026")
    writable.close()
    read_only = Store._open_read_only(tmp_path / "store.sqlite3", None)
    try:
        account = Accounts(read_only).sign_in("wangfang", "审核密码2026")
        assert account.username == "wangfang"
        with pytest.raises(SignInError):  # a wrong password is refused all the same
            Accounts(read_only).sign_in("wangfang", "猜的密码")
    finally:
        read_only.close()
