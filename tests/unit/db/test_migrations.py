"""The schema comes up to date from nothing, and the migrations match the models exactly."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db.engine import current_revision, head_revision, make_engine, migrate
from db.models import Base, compared
from tests.helpers.databases import empty_store_url_in


def test_empty_database_comes_up_to_date(tmp_path):
    engine = make_engine(empty_store_url_in(tmp_path))
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"applicants", "applications", "attachments", "audit_events"} <= tables


def test_migrations_match_the_models(store_url):
    engine = make_engine(store_url)
    migrate(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"include_object": compared})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], "models changed without a migration: run alembic revision --autogenerate"


def test_migrate_twice_is_a_no_op(store_url):
    engine = make_engine(store_url)
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) == head_revision()


@pytest.mark.sqlite_only(reason="SQLite's own settings of each connection")
def test_sqlite_pragmas(store_url):
    engine = make_engine(store_url)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_every_released_revision_upgrades_to_head(tmp_path):
    from alembic import command
    from alembic.script import ScriptDirectory

    from db.engine import alembic_config

    config = alembic_config()
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    assert revisions, "no migrations found"
    for revision in revisions:
        engine = make_engine(empty_store_url_in(tmp_path, f"r{revision}.sqlite3"))
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        migrate(engine)
        assert current_revision(engine) == head_revision()


def test_head_constant_matches_the_migration_scripts():
    from db.engine import HEAD_REVISION

    assert head_revision() == HEAD_REVISION, "set db.revision.HEAD_REVISION to the new migration"


def test_a_store_with_applications_keeps_them_through_0002(tmp_path):
    """0002 (packages, revisions, keys, decisions, accounts) adds to the applications table."""
    import json

    from alembic import command

    from db.engine import alembic_config
    from db.repository import Store
    from tests.helpers.examples import example_json

    engine = make_engine(empty_store_url_in(tmp_path, "old.sqlite3"))
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    example = example_json("incubator")
    with engine.begin() as connection:
        now = "2026-01-05 10:00:00"
        connection.execute(
            text(
                "INSERT INTO applicants (id, uscc, name, profile, created_at, updated_at) "
                "VALUES (1, :uscc, :name, :profile, :now, :now)"
            ),
            {
                "uscc": example["applicant"]["uscc"],
                "name": example["applicant"]["name"],
                "profile": json.dumps(example["applicant"]),
                "now": now,
            },
        )
        connection.execute(
            text(
                "INSERT INTO applications (id, uid, number, kind, title, status, applicant_id, "
                "applicant_name, search_key, catalogue_version, created_at, updated_at, revision) "
                "VALUES (1, 'u-1', 'GX20260000001', 'incubator', '孵化基地', '草稿', 1, '中心', '', "
                "'2024-再次征求意见稿', :now, :now, 1)"
            ),
            {"now": now},
        )
        connection.execute(
            text("INSERT INTO application_contents VALUES (1, :data, :applicant)"),
            {"data": json.dumps(example["data"]), "applicant": json.dumps(example["applicant"])},
        )
    migrate(engine)
    record = Store(engine).load(1)
    assert record.number == "GX20260000001" and record.editable
    assert record.received_at is None and record.submission_revision == 0
