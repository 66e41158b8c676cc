"""Migrations cannot delete data: a full store goes down and up again with every row intact."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text

from db.accounts import SignInError
from db.engine import MigrationError, current_revision, head_revision, run_migration
from db.models import Base
from db.offices import Offices
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason
from tests.db.copies import Copy, officer, open_copy, submit

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


@pytest.fixture
def full_office(tmp_path) -> Copy:
    """An office store with a row in every table: two received revisions with an attachment,
    a decision, a manual check, an office pin, an account, a failed sign-in, a known key,
    settings and the trail."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    enterprise.store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 licence")
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    clerk = officer(office)
    with pytest.raises(SignInError):
        office.accounts.sign_in("lisi", "猜的密码")  # counted in sign_in_failures
    rule = next(
        r.rule_id
        for r in office.review.office_report(office_id).results
        if r.verdict.name == "MANUAL"
    )
    office.review.set_manual_check(office_id, rule, True, officer=clerk)
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=clerk,
        reasons=[Reason(rule_id=rule, message="请补充原件扫描件")],
    )
    returned = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(returned.content, returned.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet 2")
    office.exchange.import_package(second.content, second.file_name)  # keeps the first revision
    office.store.import_document(enterprise.store.export_document(app_id))  # one of its own
    neighbour = open_copy(tmp_path / "neighbour", "new_track")  # another zone's office
    card, name = Offices(neighbour.store).export_card()
    Offices(office.store).import_card(card, name)  # pins that office for its zone
    return office


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
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again
        assert connection.execute(text("PRAGMA foreign_key_check")).fetchall() == []
    # The tables the downgrade dropped come back empty, the others keep their rows.
    dropped = set(every_table) - set(FIRST_TABLES)
    assert set(inspect(engine).get_table_names()) >= set(every_table)
    assert all(_counts(full_office, dropped)[t] == 0 for t in dropped)


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

    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
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
