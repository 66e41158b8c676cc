"""One office, one key: officers' desktops on one PostgreSQL store sign with the office key kept in
the store (sealed with the office passphrase), so enterprises accept any officer's decision; the
key recorded with a decision is the key that signed it; a single desktop's key moves onto the
server unchanged; SQLite stores keep their key file and never ask for a passphrase.

The desktops are separate processes (tests/helpers/office_desktop.py), each with its own data
folder, on a real PostgreSQL server (tests/helpers/server.py); skipped only where there is none.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select

from db.engine import current_revision, make_engine, migrate, run_migration
from db.exchange import Exchange
from db.identity import key_folder, signing_key, store_id
from db.models import OfficeKey, ReviewDecision
from db.office_key import (
    OfficeKeyConflict,
    OfficeKeyLocked,
    OfficeKeyMissing,
    WeakPassphrase,
    WrongPassphrase,
    adopt_desktop_key,
    create_office_key,
    is_unlocked,
    passphrase_problems,
    shares_office_key,
    unlock_office_key,
)
from db.offices import Offices
from db.repository import Store
from forms.core.workflow import Status
from forms.exchange.decision_package import read_decision
from forms.exchange.review import Outcome
from forms.exchange.signing import SigningKey, fingerprint
from tests.helpers.copies import Copy, open_copy, own_profile, submit
from tests.helpers.office_desktop import started
from tests.helpers.scenarios import decided

pytestmark = pytest.mark.office_key_prompts  # what happens before the passphrase is typed

PASSPHRASE = "南宁高新区审核2026"


@pytest.fixture
def office_url(server_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, migrated database on the server: 南宁高新区管委会's shared store."""
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "this-desktop"))
    store = Store.open(server_database)
    own_profile(store, "enclave")
    store.close()
    return server_database


def desktop(url: str, home: Path, *args: object) -> list[str]:
    """Run one act on an officer's desktop (its own process and data folder); its lines."""
    worker = started(url, home, *map(str, args))
    out, err = worker.communicate(timeout=240)
    assert worker.returncode == 0, err
    return out.splitlines()


def shown_fingerprint(lines: list[str]) -> str:
    return lines[-1].removeprefix("fingerprint ")


def received_at_the_office(enterprise: Copy, url: str) -> int:
    """The enterprise's application, imported into the shared store; its id there."""
    exported = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet")
    store = Store.open(url)
    try:
        imported = Exchange(store).import_package(exported.content, exported.file_name)
    finally:
        store.close()
    return imported.application_id


def recorded_key(url: str, office_id: int) -> str:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(
                select(ReviewDecision.office_key).where(
                    ReviewDecision.application_id == office_id, ReviewDecision.received.is_(False)
                )
            ).scalar_one()
    finally:
        engine.dispose()


# --- two and three desktops ------------------------------------------------------------------


def test_officer_b_exports_what_officer_a_decided_and_the_enterprise_accepts_it(
    office_url, tmp_path
):
    a, b = tmp_path / "desktop-a", tmp_path / "desktop-b"
    made = shown_fingerprint(desktop(office_url, a, "create", PASSPHRASE))
    card = tmp_path / "园区名片.gxcard"
    assert shown_fingerprint(desktop(office_url, a, "card", PASSPHRASE, card)) == made
    # B, before ever signing, already shows the office's fingerprint (no passphrase needed)
    assert shown_fingerprint(desktop(office_url, b, "unlock", "不是口令的口令1")) == made

    enterprise = open_copy(tmp_path / "enterprise")
    Offices(enterprise.store).import_card(card.read_bytes(), card.name)  # pins the office key
    office_id = received_at_the_office(enterprise, office_url)
    assert shown_fingerprint(desktop(office_url, a, "decide", office_id)) == made
    package = tmp_path / "决定.gxdec"
    assert (
        shown_fingerprint(desktop(office_url, b, "export", PASSPHRASE, office_id, package)) == made
    )

    taken = enterprise.decisions.import_decision(package.read_bytes(), package.name)
    assert taken.signer.fingerprint == made
    assert taken.status is Status.RETURNED
    signed_with = read_decision(package.read_bytes()).manifest.signer.public_key
    assert recorded_key(office_url, office_id) == signed_with
    assert fingerprint(signed_with) == made
    # neither desktop made a key of its own
    assert not (a / "keys").exists() and not (b / "keys").exists()


def test_three_first_officers_at_once_make_one_office_key(office_url, tmp_path):
    workers = [
        started(office_url, tmp_path / str(n), "race", PASSPHRASE, f"办公室电脑{n}")
        for n in range(3)
    ]
    for worker in workers:  # all three connected, migrated and waiting
        assert worker.stdout is not None and worker.stdout.readline().strip() == "ready"
    for worker in workers:  # the start line for all three before any is waited for
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    outputs = [w.communicate(timeout=240) for w in workers]
    for worker, (_out, err) in zip(workers, outputs, strict=True):
        assert worker.returncode == 0, err
    said = sorted(out.splitlines()[0] for out, _err in outputs)
    assert said == ["created", "refused OfficeKeyConflict", "refused OfficeKeyConflict"]
    assert len({out.splitlines()[-1] for out, _err in outputs}) == 1  # one fingerprint
    engine = make_engine(office_url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(OfficeKey)).scalar() == 1
    engine.dispose()


# --- the passphrase ----------------------------------------------------------------------------


def test_a_wrong_passphrase_opens_nothing(office_url, tmp_path):
    first = Store.open(office_url)
    made = create_office_key(first, PASSPHRASE, actor="王芳（wangfang）")
    assert signing_key(first).public_key == made.public_key  # open for the session that made it

    second = Store.open(office_url)  # another desktop
    with pytest.raises(OfficeKeyLocked):
        signing_key(second)
    with pytest.raises(WrongPassphrase) as wrong:
        unlock_office_key(second, "南宁高新区审核2025")
    assert "口令不正确" in wrong.value.message and "重新输入" in wrong.value.message
    assert not is_unlocked(second)
    with pytest.raises(OfficeKeyLocked):
        signing_key(second)
    assert Exchange(second).fingerprint == made.fingerprint  # shown without the passphrase
    unlock_office_key(second, PASSPHRASE)
    assert signing_key(second).public_key == made.public_key

    said = desktop(office_url, tmp_path / "c", "unlock", "南宁高新区审核2025")
    assert said[0].startswith("refused 办公室签名口令不正确")
    first.close()
    second.close()


def test_the_store_keeps_no_clear_private_key(office_url):
    store = Store.open(office_url)
    key = create_office_key(store, PASSPHRASE)
    with store.reading() as session:
        row = session.get(OfficeKey, 1)
        assert row is not None
        stored = row.salt + row.nonce + row.sealed_key
    assert key.raw_private() not in stored and PASSPHRASE.encode() not in stored
    store.close()


def test_a_server_store_without_a_key_says_one_must_be_made(office_url):
    store = Store.open(office_url)
    assert shares_office_key(store)
    with pytest.raises(OfficeKeyMissing):
        signing_key(store)
    with pytest.raises(OfficeKeyMissing):
        Exchange(store).fingerprint  # noqa: B018
    store.close()


@pytest.mark.parametrize(
    ("passphrase", "says"),
    [
        ("短口令1", "至少 10 个字符"),
        ("abcdefghijkl", "至少两类"),
        ("aaaaaaaaaa1", "重复过多"),
        (" 南宁高新区审核2026", "首尾不能有空格"),
    ],
)
def test_a_weak_passphrase_is_refused(passphrase, says, store):
    assert any(says in p for p in passphrase_problems(passphrase))
    with pytest.raises(WeakPassphrase):
        create_office_key(store, passphrase)
    assert passphrase_problems(PASSPHRASE) == []
    assert passphrase_problems(PASSPHRASE, "南宁高新区审核2027") == [
        "两次输入的口令不一致，请重新输入确认口令"
    ]


def test_the_passphrase_rules_hold_at_their_edges():
    """Each rule on both sides of its line: the length at ten, one character at half."""
    assert passphrase_problems("南宁高新区审核202") == []  # ten characters
    assert passphrase_problems("南宁高新区审核20") == ["口令至少 10 个字符，当前 9 个"]
    assert passphrase_problems("aaaaa12345") == []  # one character is half of it
    assert passphrase_problems("aaaaaa1234") == ["口令中同一个字符重复过多，请换用更难猜的口令"]
    assert passphrase_problems("南宁高新区审核2026 ") == ["口令首尾不能有空格"]  # at the end too
    assert passphrase_problems("南宁高新区 审核2026") == []  # a space inside is a character
    assert passphrase_problems("南宁高新区审核2026", "南宁高新区审核2026") == []


# --- moving a single desktop onto the server ---------------------------------------------------


def test_adopting_a_desktop_key_keeps_its_fingerprint(office_url, tmp_path):
    single = open_copy(tmp_path / "single", "enclave")  # the office before the server
    before = single.exchange.fingerprint
    key_file = key_folder(single.store.engine) / f"{store_id(single.store)}.pem"
    enterprise = open_copy(tmp_path / "enterprise")
    card, name = Offices(single.store).export_card()
    Offices(enterprise.store).import_card(card, name)  # the enterprise pinned the old desktop

    server = Store.open(office_url)
    assert adopt_desktop_key(server, key_file, PASSPHRASE) == before
    assert adopt_desktop_key(server, key_file, PASSPHRASE) == before  # again: nothing changes
    with pytest.raises(WrongPassphrase):
        adopt_desktop_key(server, key_file, "另一个口令2026abc")
    other = open_copy(tmp_path / "other", "enclave")
    other_file = key_folder(other.store.engine) / f"{store_id(other.store)}.pem"
    with pytest.raises(OfficeKeyConflict) as conflict:
        adopt_desktop_key(server, other_file, PASSPHRASE)
    assert before in conflict.value.message and "未做任何更改" in conflict.value.message
    server.close()

    # an officer's desktop on the server decides; the enterprise notices nothing
    office_id = received_at_the_office(enterprise, office_url)
    desktop(office_url, tmp_path / "a", "decide", office_id)
    package = tmp_path / "决定.gxdec"
    said = desktop(office_url, tmp_path / "b", "export", PASSPHRASE, office_id, package)
    assert shown_fingerprint(said) == before
    taken = enterprise.decisions.import_decision(package.read_bytes(), package.name)
    assert taken.signer.fingerprint == before and taken.status is Status.RETURNED


# --- the key recorded is the key that signed ---------------------------------------------------


def test_the_recorded_key_is_the_key_that_signed(tmp_path):
    office = open_copy(tmp_path / "office", "enclave")
    enterprise = open_copy(tmp_path / "enterprise")
    exported = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id
    decided(office, office_id, Outcome.RETURN, "请补充原件扫描件")  # signed and recorded: key 1
    key_file = key_folder(office.store.engine) / f"{store_id(office.store)}.pem"
    key_file.unlink()  # the key file lost: this desktop makes a new key

    again = Copy(office.store).decisions.export_decision(office_id)
    signed_with = read_decision(again.content).manifest.signer.public_key
    assert signed_with != office.decisions.key.public_key  # a new key indeed
    with office.store.reading() as session:
        recorded = session.scalar(
            select(ReviewDecision.office_key).where(ReviewDecision.application_id == office_id)
        )
    assert recorded == signed_with
    assert office.review.latest_decision(office_id).office_fingerprint == fingerprint(signed_with)
    trail = office.store.audit_trail(office_id)
    assert any("签名密钥已更换为指纹" in e.detail for e in trail if e.action == "导出审核决定")
    # the export with the key the decision was made under says nothing of a change
    exports = [e.detail for e in trail if e.action == "导出审核决定"]
    assert len(exports) == 2 and "签名密钥已更换" not in exports[0]


# --- SQLite as before --------------------------------------------------------------------------


def test_a_sqlite_store_keeps_its_key_file_and_never_asks(tmp_path):
    office = open_copy(tmp_path / "office", "enclave")
    assert not shares_office_key(office.store)
    key_file = key_folder(office.store.engine) / f"{store_id(office.store)}.pem"
    assert (
        SigningKey.from_pem(key_file.read_bytes()).public_key
        == signing_key(office.store).public_key
    )
    enterprise = open_copy(tmp_path / "enterprise")
    exported = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content).application_id
    package = decided(office, office_id, Outcome.RETURN, "请补充原件扫描件")
    assert read_decision(package).manifest.signer.public_key == office.decisions.key.public_key
    with office.store.reading() as session:
        assert session.scalar(select(func.count()).select_from(OfficeKey)) == 0


# --- migration 0013 ----------------------------------------------------------------------------


def test_0013_goes_down_and_up_on_the_server(office_url):
    store = Store.open(office_url)
    create_office_key(store, PASSPHRASE)
    store.close()
    engine = make_engine(office_url)
    run_migration(engine, "0012", downgrade=True)
    assert current_revision(engine) == "0012"
    assert "office_keys" not in inspect(engine).get_table_names()
    migrate(engine)
    assert "office_keys" in inspect(engine).get_table_names()
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(OfficeKey)).scalar() == 0
    engine.dispose()


def test_0013_goes_down_and_up_on_sqlite(store_url):
    engine = make_engine(store_url)
    migrate(engine)
    run_migration(engine, "0012", downgrade=True)
    assert "office_keys" not in inspect(engine).get_table_names()
    migrate(engine)
    assert "office_keys" in inspect(engine).get_table_names()
    engine.dispose()
