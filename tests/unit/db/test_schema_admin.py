"""Migrations of a server store are an administrator's: ``gxapply db upgrade`` runs under an
advisory lock (three at once on an empty database: one migrates, none fails), a desktop meeting
another revision refuses it untouched and says whom to ask, and a data-only role works at the
head but cannot upgrade. On a real PostgreSQL server (tests/helpers/server.py)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from db.engine import HEAD_REVISION, current_revision, make_engine, run_migration
from db.errors import StoreError
from db.repository import Store
from db.schema_admin import (
    SchemaNeedsUpgrade,
    SchemaNewerThanProgram,
    UpgradeNotPermitted,
    upgrade_store,
)
from tests.helpers.examples import example_document
from tests.helpers.server import (
    admin_statement,
    fresh_database,
    office_roles,
    office_roles_sql,
    upgraded_database,
)

pytest.importorskip("psycopg")

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Office-2026!"
OLDER = "0011"


def revision_of(url: str) -> str | None:
    engine = make_engine(url)
    try:
        return current_revision(engine)
    finally:
        engine.dispose()


def downgraded(url: str, target: str = OLDER) -> str:
    engine = make_engine(url)
    try:
        run_migration(engine, target, downgrade=True)
    finally:
        engine.dispose()
    return url


def assert_tells_the_admin_without_a_command(message: str) -> None:
    assert "请联系" in message and "管理员" in message
    assert "gxapply" not in message and "://" not in message and "upgrade" not in message
    assert PASSWORD not in message


def test_three_administrators_upgrading_an_empty_database_at_once(server):
    """Separate processes, released together: the advisory lock makes them take turns, so one
    builds the tables and the others find nothing to do; none fails."""
    with fresh_database(server) as url:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
        }
        workers = [
            subprocess.Popen(
                [sys.executable, "-m", "tests.helpers.upgrade_worker", url],
                cwd=ROOT,
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                encoding="utf-8",
            )
            for _ in range(3)
        ]
        try:
            for worker in workers:  # every one is up before any is told to start
                assert worker.stdout is not None
                assert worker.stdout.readline().strip() == "ready"
            for worker in workers:
                assert worker.stdin is not None
                worker.stdin.write("go\n")
                worker.stdin.flush()
            results = [worker.communicate(timeout=180) for worker in workers]
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
        said = [out.strip() for out, _err in results]
        assert all(worker.returncode == 0 for worker in workers), results
        assert all(line.startswith("exit 0:") for line in said), said
        assert sum("已在空数据库中建立本程序的数据表" in line for line in said) == 1, said
        assert sum("无需升级" in line for line in said) == 2, said
        assert revision_of(url) == HEAD_REVISION
        store = Store.open(url)  # and a desktop opens it
        store.close()


def test_a_desktop_on_an_empty_server_database_asks_for_the_administrator(server):
    with fresh_database(server) as url:
        with pytest.raises(SchemaNeedsUpgrade) as refused:
            Store.open(url)
        assert "请管理员升级数据库" in refused.value.message
        assert_tells_the_admin_without_a_command(refused.value.message)
        assert revision_of(url) is None  # nothing was made
        tables = admin_statement(url, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables == [(0,)]


def test_a_desktop_on_an_older_server_database_refuses_it_untouched(server):
    with upgraded_database(server) as url:
        downgraded(url)
        with pytest.raises(SchemaNeedsUpgrade) as refused:
            Store.open(url)
        message = refused.value.message
        assert "请管理员升级数据库" in message and OLDER in message and HEAD_REVISION in message
        assert_tells_the_admin_without_a_command(message)
        assert revision_of(url) == OLDER  # the desktop did not migrate it
        assert upgrade_store(url).describe() == f"已把数据库从版本 {OLDER} 升级到 {HEAD_REVISION}"
        Store.open(url).close()


def test_an_older_program_on_a_newer_server_database_asks_for_the_newer_program(server):
    with upgraded_database(server) as url:
        admin_statement(url, "UPDATE alembic_version SET version_num = '0999'")
        with pytest.raises(SchemaNewerThanProgram) as refused:
            Store.open(url)
        message = refused.value.message
        assert "请升级程序" in message and "0999" in message
        assert_tells_the_admin_without_a_command(message)
        with pytest.raises(SchemaNewerThanProgram):  # nor does this program's upgrade touch it
            upgrade_store(url)
        assert revision_of(url) == "0999"


def test_a_data_only_role_works_at_the_head_and_cannot_upgrade(server):
    with (
        fresh_database(server) as url,
        office_roles(server, url, PASSWORD) as (owner, officer),
    ):
        with pytest.raises(UpgradeNotPermitted) as refused:  # an empty database
            upgrade_store(officer)
        assert "没有修改数据表的权限" in refused.value.message
        assert "所有者" in refused.value.message and PASSWORD not in refused.value.message
        assert revision_of(owner) is None
        assert "已在空数据库中建立" in upgrade_store(owner).describe()
        store = Store.open(officer)  # reads and writes rows, sequences included
        try:
            app_id = store.import_document(example_document("incubator"))
            store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 licence")
            store.set_setting("note", "数据用户写入")
            assert store.load(app_id).id == app_id
            assert store.get_setting("note") == "数据用户写入"
        finally:
            store.close()
        assert "无需升级" in upgrade_store(officer).describe()  # at the head: nothing to do
        downgraded(owner)
        with pytest.raises(UpgradeNotPermitted):
            upgrade_store(officer)
        assert revision_of(owner) == OLDER  # refused whole: nothing half done
        with pytest.raises(SchemaNeedsUpgrade):
            Store.open(officer)
        upgrade_store(owner)  # tables made by this upgrade reach the officers too
        store = Store.open(officer)
        try:
            store.set_setting("note", "升级之后")
            assert store.list_applications()[1] == 1
        finally:
            store.close()


def test_the_upgrade_command_says_what_it_did_in_chinese(server, capsys):
    from app.cli import main

    with fresh_database(server) as url:
        assert main(["db", "upgrade", "--url", url]) == 0
        assert "已在空数据库中建立本程序的数据表" in capsys.readouterr().out
        assert main(["db", "upgrade", "--url", url]) == 0
        assert "无需升级" in capsys.readouterr().out


def test_a_sqlite_store_still_migrates_itself_and_may_be_upgraded_by_command(tmp_path, capsys):
    from app.cli import main

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    Store.open(url).close()  # a single desktop: migrated on open, as before
    assert revision_of(url) == HEAD_REVISION
    assert main(["db", "upgrade", "--url", url]) == 0
    assert "无需升级" in capsys.readouterr().out


def test_the_readme_gives_the_roles_sql_the_tests_use():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    statements = office_roles_sql(
        "gxapply", "gxapply_owner", "wangfang", "所有者的密码", "王芳的密码"
    )
    for statement in statements:
        assert f"{statement};" in readme, statement
    assert re.search(r"gxapply db upgrade --url", readme)
    assert "gxapply db copy --to" in readme


def test_a_role_without_rights_on_the_tables_is_not_sent_to_upgrade(server):
    """The administrator forgot the officers' GRANTs: an upgrade would change nothing (the
    schema is at the head), so the desktop says the rights are missing instead."""
    import uuid

    from sqlalchemy.engine import make_url

    with upgraded_database(server) as url:
        role = f"gxnogrant_{uuid.uuid4().hex[:8]}"
        database = make_url(url).database
        admin_statement(server, f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{PASSWORD}'")
        try:
            admin_statement(server, f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"')
            as_role = make_url(url).set(username=role, password=PASSWORD)
            with pytest.raises(StoreError) as refused:
                Store.open(as_role.render_as_string(hide_password=False))
            assert not isinstance(refused.value, SchemaNeedsUpgrade)
            message = refused.value.message
            assert "权限" in message and role in message and "尚未建立" not in message
            assert_tells_the_admin_without_a_command(message)
            assert revision_of(url) == HEAD_REVISION  # nothing changed
        finally:
            admin_statement(server, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin_statement(server, f'DROP ROLE IF EXISTS "{role}"')
