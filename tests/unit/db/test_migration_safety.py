"""Migrations cannot delete data: a full store goes down and up again with every row intact."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from db.engine import MigrationError, current_revision, head_revision, run_migration
from db.models import Base
from tests.helpers.copies import Copy
from tests.helpers.databases import store_url_in

# Tables that exist since the first revision, and so must survive a downgrade to it.
FIRST_TABLES = (
    "applicants",
    "applications",
    "application_contents",
    "attachments",
    "search_terms",
    "audit_events",
    "settings",
)


def _counts(copy: Copy, tables) -> dict[str, int]:
    with copy.store.engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}


def test_every_table_is_filled_by_the_fixture(full_office):
    counts = _counts(full_office, [t.name for t in Base.metadata.sorted_tables])
    assert all(counts.values()), {t: n for t, n in counts.items() if not n}


def test_down_to_the_first_revision_and_up_again_keeps_every_row(full_office):
    engine = full_office.store.engine
    before = _counts(full_office, FIRST_TABLES)
    every_table = _counts(full_office, [t.name for t in Base.metadata.sorted_tables])

    run_migration(engine, "0001", downgrade=True)
    assert current_revision(engine) == "0001"
    assert _counts(full_office, FIRST_TABLES) == before  # the rebuild of applications cascaded

    run_migration(engine, "head")
    assert current_revision(engine) == head_revision()
    assert _counts(full_office, FIRST_TABLES) == before
    if engine.dialect.name == "sqlite":  # a server never turns its foreign keys off
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again
            assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    # The tables the downgrade dropped come back empty, the others keep their rows.
    dropped = set(every_table) - set(FIRST_TABLES)
    assert set(inspect(engine).get_table_names()) >= set(every_table)
    assert all(_counts(full_office, dropped)[t] == 0 for t in dropped)


@pytest.mark.sqlite_only(
    reason="orphans are left with SQLite's foreign keys off; a server enforces them always"
)
def test_a_migration_that_orphans_rows_is_rolled_back(full_office):
    engine = full_office.store.engine
    run_migration(engine, "0002", downgrade=True)
    with engine.connect() as connection:  # an orphan, as a faulty migration would leave
        raw = connection.connection.dbapi_connection
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("DELETE FROM applicants")
        raw.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(MigrationError, match="失去关联"):
        run_migration(engine, "head")
    assert current_revision(engine) == "0002"  # nothing applied
    assert "manual_checks" not in inspect(engine).get_table_names()


def test_the_mode_setting_becomes_a_code_and_back(tmp_path):
    from db.engine import make_engine
    from db.repository import Store

    url = store_url_in(tmp_path)
    Store.open(url).close()
    engine = make_engine(url)
    run_migration(engine, "0007", downgrade=True)
    with engine.begin() as connection:  # as release 0.1.0 wrote it
        connection.execute(text("INSERT INTO settings (key, value) VALUES ('mode', '园区端')"))
    run_migration(engine, "head")
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT value FROM settings WHERE key='mode'")).scalar()
            == "office"
        )
    run_migration(engine, "0007", downgrade=True)
    with engine.connect() as connection:
        assert (
            connection.execute(text("SELECT value FROM settings WHERE key='mode'")).scalar()
            == "园区端"
        )
