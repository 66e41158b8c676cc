"""A killed process mid-save, a read-only store: the last saved version stays intact."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy import event, text

from db.engine import make_engine
from db.errors import StoreError
from db.repository import Store
from db.schema_admin import upgrade_store
from db.server_url import is_server
from tests.helpers.databases import empty_store_url_in
from tests.helpers.examples import example_document

ROOT = Path(__file__).resolve().parents[3]

CHILD = textwrap.dedent(
    """
    import os, sys
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from db.repository import Store

    store = Store.open(sys.argv[1])
    app_id = int(sys.argv[2])
    record = store.load(app_id)

    @event.listens_for(Session, "after_flush")
    def die(session, context):
        os._exit(17)  # the process is killed after the UPDATE was sent, before COMMIT

    data = record.form.model_dump(mode="json") | {"carrier_name": "半途而废的名称"}
    store.save_draft(app_id, data)
    """
)


def test_killed_mid_save_keeps_last_saved_version(store, store_url):
    app_id = store.import_document(example_document("incubator"))
    saved = store.load(app_id)
    result = subprocess.run(
        [sys.executable, "-c", CHILD, store_url, str(app_id)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 17, result.stderr
    reopened = Store.open(store_url)
    after = reopened.load(app_id)
    assert after.form == saved.form
    assert after.revision == saved.revision
    if reopened.engine.dialect.name == "sqlite":  # a server checks its own pages
        with reopened.engine.connect() as connection:
            assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"


@pytest.mark.sqlite_only(reason="a read-only SQLite file")
def test_read_only_store_says_so(tmp_path):
    path = tmp_path / "ro.sqlite3"
    store = Store.open(f"sqlite:///{path}")
    app_id = store.import_document(example_document("incubator"))
    store.close()
    # mode=ro stands for a store on a read-only share or with read-only file permissions
    # (file modes alone don't stop root, which CI runs as)
    read_only = Store(make_engine(f"sqlite:///file:{path}?mode=ro&uri=true"))
    record = read_only.load(app_id)
    with pytest.raises(StoreError) as caught:
        read_only.save_draft(app_id, record.form.model_dump(mode="json") | {"carrier_name": "新"})
    assert "只读" in str(caught.value)
    assert Store.open(f"sqlite:///{path}").load(app_id).form == record.form


@pytest.mark.sqlite_only(reason="a full disk is made by capping the SQLite file's pages")
def test_full_disk_says_so_and_keeps_data(store, store_url):
    app_id = store.import_document(example_document("incubator"))
    record = store.load(app_id)
    full = make_engine(store_url)

    @event.listens_for(full, "connect")
    def cap_size(dbapi_connection, _record):
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages}")

    full_store = Store(full)
    with pytest.raises(StoreError) as caught:
        full_store.add_attachment(app_id, "大文件.bin", os.urandom(2_000_000))
    assert "磁盘空间不足" in str(caught.value)
    assert store.load(app_id).form == record.form
    assert store.load(app_id).attachments == record.attachments


MIGRATION_CHILD = textwrap.dedent(
    """
    import os, sys
    from sqlalchemy import event
    from db.engine import make_engine, migrate

    engine = make_engine(sys.argv[1])
    created = []

    @event.listens_for(engine, "before_cursor_execute")
    def die(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("CREATE TABLE"):
            created.append(statement)
            if len(created) == 3:
                os._exit(17)  # killed in the middle of creating the schema

    migrate(engine)
    """
)


def test_killed_during_the_first_migration_leaves_a_store_that_opens(tmp_path):
    store_url = empty_store_url_in(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", MIGRATION_CHILD, store_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 17, result.stderr
    if is_server(store_url):  # a server store is upgraded by its administrator, not on open
        upgrade_store(store_url)
    store = Store.open(store_url)  # nothing half-made is left behind: it migrates from scratch
    assert store.import_document(example_document("incubator"))
