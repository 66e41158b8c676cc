"""``gxapply db copy``: a single-desktop office's SQLite store (a row in every table) moved onto an
empty, upgraded database on a real PostgreSQL server: every row equal, counts and hashes said
equal in Chinese, new rows get new ids, the source file untouched; a non-empty or un-upgraded
target and a source that is not a store file are refused with nothing changed."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.server_cli import PASSPHRASE_ENV
from db.engine import HEAD_REVISION, make_engine, run_migration
from db.exchange import Exchange
from db.models import Base
from db.office_key import office_key_info
from db.repository import Store
from db.store_copy import TABLE_NAMES, CopyRefused, copy_store
from tests.helpers.copies import dump
from tests.helpers.examples import example_document
from tests.helpers.scenarios import FIXTURE_PASSPHRASE, filled_office
from tests.helpers.server import fresh_database, upgraded_database

pytest.importorskip("psycopg")
pytestmark = pytest.mark.sqlite_only(
    reason="copies a SQLite store file (the single-desktop store) onto a server of its own"
)

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def office_file(tmp_path) -> Path:
    """A single-desktop park office's store with a row in every table, closed."""
    office = filled_office(tmp_path)
    office.store.close()
    return tmp_path / "office" / "store.sqlite3"


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows_of(url: str) -> dict:
    store = Store.open(url)
    try:
        return dump(store)
    finally:
        store.close()


def test_every_table_arrives_equal_and_new_rows_get_new_ids(server, office_file):
    source = f"sqlite:///{office_file}"
    before = rows_of(source)
    assert all(before[table.name] for table in Base.metadata.sorted_tables)  # none empty
    untouched = file_hash(office_file)
    with upgraded_database(server) as target:
        report = copy_store(source, target)
        assert report.ok
        assert {t.table for t in report.tables} == {t.name for t in Base.metadata.sorted_tables}
        for table in report.tables:
            assert table.source_rows == table.target_rows == len(before[table.table]) > 0
            assert table.source_hash == table.target_hash
        text = report.text()
        assert "全部一致" in text and "本机数据文件未做任何更改" in text
        assert all(name in text for name in TABLE_NAMES.values())
        assert rows_of(target) == before  # value for value, attachments' bytes included
        store = Store.open(target)
        try:  # the sequences were moved past the copied ids
            new_id = store.import_document(example_document("incubator"))
            assert new_id > max(row[0] for row in before["applications"])
            added = store.add_attachment(new_id, "新附件.pdf", b"%PDF-1.4 new")
            assert added.id > max(row[0] for row in before["attachments"])
            assert store.attachment_content(added.id) == b"%PDF-1.4 new"
        finally:
            store.close()
    assert file_hash(office_file) == untouched


def test_a_target_with_data_is_refused_and_left_as_it_was(server, office_file):
    source = f"sqlite:///{office_file}"
    with upgraded_database(server) as target:
        store = Store.open(target)
        try:
            store.import_document(example_document("incubator"))
        finally:
            store.close()
        before = rows_of(target)
        with pytest.raises(CopyRefused) as refused:
            copy_store(source, target)
        assert "不是空的" in refused.value.message and "申报 1 行" in refused.value.message
        assert "未做任何更改" in refused.value.message
        assert rows_of(target) == before


def test_a_target_not_yet_upgraded_is_refused(server, office_file):
    with fresh_database(server) as target:
        with pytest.raises(CopyRefused) as refused:
            copy_store(f"sqlite:///{office_file}", target)
        assert "尚未建立本程序的数据表" in refused.value.message
        assert "升级" in refused.value.message and "://" not in refused.value.message


def test_a_target_that_cannot_be_reached_or_refuses_the_login_is_said_as_such(office_file):
    """Not "not yet upgraded": the administrator would upgrade a database that is fine."""
    from db.errors import ServerLoginRefused, ServerUnreachable
    from tests.helpers.fake_server import LOGIN_REFUSED, closed_port, fake_server

    source = f"sqlite:///{office_file}"
    before = file_hash(office_file)
    with pytest.raises(ServerUnreachable) as unreachable:
        copy_store(source, f"postgresql+psycopg://owner:pw@127.0.0.1:{closed_port()}/gx")
    with fake_server(LOGIN_REFUSED) as port, pytest.raises(ServerLoginRefused) as refused:
        copy_store(source, f"postgresql+psycopg://owner:pw@127.0.0.1:{port}/gx")
    for error in (unreachable.value, refused.value):
        assert "尚未建立" not in error.message and "://" not in error.message
    assert file_hash(office_file) == before


def test_a_source_that_is_not_a_store_file_is_refused(tmp_path):
    with pytest.raises(CopyRefused) as refused:
        copy_store(
            f"sqlite:///{tmp_path / 'none.sqlite3'}", "postgresql+psycopg://u:p@127.0.0.1:1/x"
        )
    assert "不是一个已有的数据文件" in refused.value.message
    assert not (tmp_path / "none.sqlite3").exists()


@pytest.mark.parametrize("read_only", [False, True], ids=["writable", "read-only share"])
def test_an_empty_source_is_refused_as_empty(tmp_path, monkeypatch, read_only):
    """Also where it cannot be written (probe then says READ_ONLY, not NEW): never 「旧版本（None）」."""
    empty = tmp_path / "store.sqlite3"
    empty.write_bytes(b"")
    if read_only:
        monkeypatch.setattr("db.opening.writable", lambda _path: False)
    with pytest.raises(CopyRefused) as refused:
        copy_store(f"sqlite:///{empty}", "postgresql+psycopg://u:p@127.0.0.1:1/x")
    assert "是空的，没有可复制的数据" in refused.value.message
    assert "旧版本" not in refused.value.message and "None" not in refused.value.message
    assert empty.read_bytes() == b""


def test_a_source_at_an_older_revision_is_refused_untouched(tmp_path):
    older = tmp_path / "store.sqlite3"
    engine = make_engine(f"sqlite:///{older}")
    try:
        run_migration(engine, "0011")
    finally:
        engine.dispose()
    before = file_hash(older)
    with pytest.raises(CopyRefused) as refused:
        copy_store(f"sqlite:///{older}", "postgresql+psycopg://u:p@127.0.0.1:1/x")
    message = refused.value.message
    assert "是旧版本（0011）" in message and HEAD_REVISION in message
    assert "正常打开一次" in message and "未做任何更改" in message
    assert file_hash(older) == before


def test_the_copy_command_prints_the_report_and_refuses_a_second_copy(server, office_file):
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GXAPPLY_HOME": str(office_file.parent.parent / "home"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    source = f"sqlite:///{office_file}"
    store = Store.open(source)
    fingerprint = Exchange(store).fingerprint  # what the enterprises pinned
    store.close()
    command = [sys.executable, "-m", "app", "db", "copy", "--from", source]
    with upgraded_database(server) as target:
        # the desktop's key goes along, sealed with the office passphrase: without one, no copy
        unsealed = subprocess.run(
            [*command, "--to", target], env=env, capture_output=True, text=True, timeout=300
        )
        assert unsealed.returncode == 2 and "办公室签名口令" in unsealed.stderr
        assert "未做任何更改" in unsealed.stderr
        env[PASSPHRASE_ENV] = FIXTURE_PASSPHRASE
        first = subprocess.run(
            [*command, "--to", target], env=env, capture_output=True, text=True, timeout=300
        )
        assert first.returncode == 0, first.stderr
        assert "全部一致" in first.stdout and "申报（applications）" in first.stdout
        assert f"指纹 {fingerprint}，与原来相同" in first.stdout
        on_server = Store.open(target)
        info = office_key_info(on_server)
        on_server.close()
        assert info is not None and info.fingerprint == fingerprint
        again = subprocess.run(
            [*command, "--to", target], env=env, capture_output=True, text=True, timeout=300
        )
        assert again.returncode == 2
        assert "不是空的" in again.stderr and "Traceback" not in again.stderr


def test_a_copy_that_does_not_compare_equal_is_undone_whole(server, office_file):
    """The server changes what it is given (here a trigger on 设置): the hashes disagree, the
    report says so, and nothing of the copy is kept."""
    from tests.helpers.server import admin_statement

    with upgraded_database(server) as target:
        admin_statement(
            target,
            "CREATE FUNCTION altered() RETURNS trigger AS $$ BEGIN "
            "NEW.value := NEW.value || '改'; RETURN NEW; END $$ LANGUAGE plpgsql",
        )
        admin_statement(
            target,
            "CREATE TRIGGER altering BEFORE INSERT ON settings "
            "FOR EACH ROW EXECUTE FUNCTION altered()",
        )
        report = copy_store(f"sqlite:///{office_file}", target)
        assert not report.ok
        [differs] = [table for table in report.tables if not table.same]
        assert differs.table == "settings"
        assert differs.source_rows == differs.target_rows
        assert "已全部撤销" in report.text() and "设置（settings）" in report.text()
        assert all(not rows for rows in rows_of(target).values())  # still empty


def test_every_table_has_a_name_in_the_report():
    assert {table.name for table in Base.metadata.sorted_tables} <= set(TABLE_NAMES)
