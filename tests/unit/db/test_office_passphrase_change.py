"""Changing the office passphrase: the same key sealed again (fresh salt and nonce, the current
scrypt parameters) only if the old passphrase opens it; the fingerprint stays; desktops that
opened the key go on signing; audited without the passphrases; of two officers changing at once
the second is told the first did (two desktop processes on a real PostgreSQL server)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db import office_key
from db.models import AuditEvent, OfficeKey
from db.office_key import (
    CHANGE_ACTION,
    SCRYPT_N,
    OfficeKeyMissing,
    PassphraseChangedMeanwhile,
    WeakPassphrase,
    WrongPassphrase,
    change_office_passphrase,
    create_office_key,
    office_key_info,
    unlock_office_key,
    unlocked_key,
)
from db.repository import Store
from db.this_copy import Mode, write_mode
from forms.exchange.signing import verify
from tests.helpers.office_desktop import started

pytestmark = pytest.mark.office_key_prompts  # the stores here make and open their keys themselves

OLD = "南宁高新区审核2026"
NEW = "邕江两岸审核2027"


def sealing(store: Store) -> tuple[int, bytes, bytes, bytes]:
    with store.reading() as session:
        row = session.get(OfficeKey, 1)
        assert row is not None
        return row.scrypt_n, row.salt, row.nonce, row.sealed_key


@pytest.fixture
def office(store_url: str) -> Store:
    """An office store whose key was sealed with OLD (cheap scrypt, as by an older program)."""
    store = Store.open(store_url)
    write_mode(store, Mode.PARK_OFFICE)
    create_office_key(store, OLD, actor="王芳（wangfang）", n=2**10)
    return store


def test_a_change_seals_the_same_key_anew_and_only_the_new_passphrase_opens_it(office, store_url):
    before = office_key_info(office)
    colleague = Store.open(store_url)  # another desktop, which opened the key this session
    unlock_office_key(colleague, OLD)
    old_sealing = sealing(office)

    key = change_office_passphrase(office, OLD, NEW, actor="李四（lisi）")

    assert office_key_info(office) == before  # the same key: enterprises notice nothing
    assert key.public_key == before.public_key
    n, salt, nonce, sealed = sealing(office)
    assert n == SCRYPT_N  # the current parameters, not the old row's
    assert salt != old_sealing[1] and nonce != old_sealing[2] and sealed != old_sealing[3]
    # the colleague's desktop goes on signing with the key it opened
    message = b"decision package"
    signature = unlocked_key(colleague).sign(message)  # what signing_key gives on a server
    assert verify(before.public_key, message, signature)

    later = Store.open(store_url)  # a desktop that starts after the change
    with pytest.raises(WrongPassphrase):
        unlock_office_key(later, OLD)
    assert unlock_office_key(later, NEW).public_key == before.public_key
    for store in (colleague, later):
        store.close()


def test_the_change_is_audited_without_the_passphrases(office):
    change_office_passphrase(office, OLD, NEW, actor="李四（lisi）")
    with office.reading() as session:
        events = session.scalars(select(AuditEvent).where(AuditEvent.action == CHANGE_ACTION))
        [event] = list(events)
        assert event.actor == "李四（lisi）"
        assert office_key_info(office).fingerprint in event.detail
        assert OLD not in event.detail and NEW not in event.detail


def test_a_wrong_old_passphrase_changes_nothing(office):
    before = sealing(office)
    with pytest.raises(WrongPassphrase) as wrong:
        change_office_passphrase(office, "南宁高新区审核2025", NEW, actor="李四（lisi）")
    assert "办公室签名口令不正确" in wrong.value.message
    assert sealing(office) == before


def test_a_weak_new_passphrase_changes_nothing(office):
    before = sealing(office)
    with pytest.raises(WeakPassphrase) as weak:
        change_office_passphrase(office, OLD, "短口令1", actor="李四（lisi）")
    assert "至少 10 个字符" in weak.value.message
    assert sealing(office) == before
    assert unlock_office_key(office, OLD)


# A passphrase from a script saved in GBK, read under a UTF-8 locale: Python keeps the bytes it
# cannot decode as lone surrogates (os.environ, getpass), which no UTF-8 text can hold.
UNDECODED = OLD.encode("gbk").decode("utf-8", "surrogateescape")


def test_a_passphrase_that_is_not_text_is_refused_as_such(office):
    """Not 「签名密钥记录已损坏，请从备份恢复」 for the right key, nor a raw UnicodeEncodeError
    (whose text would carry the passphrase itself)."""
    before = sealing(office)
    with pytest.raises(WrongPassphrase):
        unlock_office_key(office, UNDECODED)
    with pytest.raises(WeakPassphrase) as weak:
        change_office_passphrase(office, OLD, UNDECODED, actor="李四（lisi）")
    assert "无法识别的字符" in weak.value.message and "UTF-8" in weak.value.message
    assert UNDECODED not in weak.value.message
    assert sealing(office) == before
    assert unlock_office_key(office, OLD)


def test_a_new_key_is_not_sealed_with_a_passphrase_that_is_not_text(store):
    with pytest.raises(WeakPassphrase, match="无法识别的字符"):
        create_office_key(store, UNDECODED, n=2**10)
    assert office_key_info(store) is None


def test_without_an_office_key_there_is_nothing_to_change(store):
    with pytest.raises(OfficeKeyMissing):
        change_office_passphrase(store, OLD, NEW, actor="李四（lisi）")


def test_an_enterprise_hears_of_its_own_key(store):
    write_mode(store, Mode.ENTERPRISE)
    create_office_key(store, OLD, n=2**10)
    with pytest.raises(WrongPassphrase) as wrong:
        change_office_passphrase(store, "南宁高新区审核2025", NEW, actor="本机用户")
    assert "本单位签名口令不正确" in wrong.value.message and "本园区" not in wrong.value.message


def test_a_change_made_meanwhile_is_not_overwritten(office, store_url, monkeypatch):
    """The other officer's change lands between this one's opening and writing (on one desktop
    here; across processes below): this one is refused, naming the other, and theirs stands."""
    other = Store.open(store_url)
    derive = office_key._derive
    calls = 0

    def meanwhile(*args):
        nonlocal calls
        calls += 1
        if calls == 2:  # this change has opened the key and seals it: the other writes now
            monkeypatch.setattr(office_key, "_derive", derive)
            change_office_passphrase(other, OLD, "另一位的口令abc123", actor="张三（zhangsan）")
        return derive(*args)

    monkeypatch.setattr(office_key, "_derive", meanwhile)
    with pytest.raises(PassphraseChangedMeanwhile) as late:
        change_office_passphrase(office, OLD, NEW, actor="李四（lisi）")
    assert "张三（zhangsan）" in late.value.message and "未保存" in late.value.message
    with pytest.raises(WrongPassphrase):
        unlock_office_key(Store.open(store_url), NEW)
    assert unlock_office_key(Store.open(store_url), "另一位的口令abc123")
    other.close()


def test_two_officers_changing_at_once_on_the_server(server_database, tmp_path):
    store = Store.open(server_database)
    write_mode(store, Mode.PARK_OFFICE)
    made = create_office_key(store, OLD, actor="王芳（wangfang）", n=2**10)
    store.close()
    names = ["李四（lisi）", "张三（zhangsan）"]
    workers = [
        started(server_database, tmp_path / str(n), "change", OLD, f"{name[:2]}的新口令2027", name)
        for n, name in enumerate(names)
    ]

    def everyone(says: str, then: str) -> None:
        for worker in workers:
            assert worker.stdout is not None and worker.stdout.readline().strip() == says
        for worker in workers:
            assert worker.stdin is not None
            worker.stdin.write(f"{then}\n")
            worker.stdin.flush()

    everyone("ready", "go")
    everyone("sealed", "write")  # both opened the same sealing before either writes
    outputs = [w.communicate(timeout=240) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    said = [out.splitlines()[0] for out, _err in outputs]
    assert sorted(line.split(" ")[0] for line in said) == ["changed", "refused"]
    winner = said.index("changed")
    loser = 1 - winner
    assert said[loser].startswith("refused PassphraseChangedMeanwhile")
    assert names[winner] in said[loser]  # the other officer, by name
    assert {out.splitlines()[-1] for out, _err in outputs} == {f"fingerprint {made.fingerprint}"}

    after = Store.open(server_database)
    assert (
        unlock_office_key(after, f"{names[winner][:2]}的新口令2027").public_key == made.public_key
    )
    for refused in (OLD, f"{names[loser][:2]}的新口令2027"):
        with pytest.raises(WrongPassphrase):
            unlock_office_key(after, refused)
    after.close()


def test_a_passphrase_that_no_longer_opens_the_key_says_who_changed_it_and_when(office, store_url):
    """An officer who types the passphrase she was told before a colleague changed it learns
    that it was changed, by whom and when — not only that hers is wrong."""
    later = Store.open(store_url)
    try:
        with pytest.raises(WrongPassphrase) as before_any_change:
            unlock_office_key(later, NEW)
        assert "更改" not in before_any_change.value.message

        change_office_passphrase(office, OLD, NEW, actor="李四（lisi）")
        with pytest.raises(WrongPassphrase) as wrong:
            unlock_office_key(later, OLD)
        said = wrong.value.message
        assert "口令不正确" in said and "重新输入" in said
        assert "最近一次由李四（lisi）于" in said and "更改" in said, said
    finally:
        later.close()
