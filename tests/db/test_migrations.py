"""The schema comes up to date from nothing, and the migrations match the models exactly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from db.engine import current_revision, head_revision, make_engine, migrate
from db.models import Base


def test_empty_database_comes_up_to_date(store_url):
    engine = make_engine(store_url)
    assert current_revision(engine) is None
    migrate(engine)
    assert current_revision(engine) == head_revision()
    tables = set(inspect(engine).get_table_names())
    assert {"applicants", "applications", "attachments", "audit_events"} <= tables


def test_migrations_match_the_models(store_url):
    engine = make_engine(store_url)
    migrate(engine)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert diff == [], "models changed without a migration: run alembic revision --autogenerate"


def test_migrate_twice_is_a_no_op(store_url):
    engine = make_engine(store_url)
    migrate(engine)
    migrate(engine)
    assert current_revision(engine) == head_revision()


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
        engine = make_engine(f"sqlite:///{tmp_path / f'r{revision}.sqlite3'}")
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        migrate(engine)
        assert current_revision(engine) == head_revision()


def test_head_constant_matches_the_migration_scripts():
    from db.engine import HEAD_REVISION

    assert head_revision() == HEAD_REVISION, "set db.engine.HEAD_REVISION to the new migration"
