"""office pins: the park office an enterprise expects for each 高新区

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_pins",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("zone", sa.String(length=50), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_pins")),
        sa.UniqueConstraint("zone", name=op.f("uq_office_pins_zone")),
    )
    _pin_offices_already_known()


def _pin_offices_already_known() -> None:
    """An enterprise that upgrades already knows its offices: the decisions it received name
    the office (code, key) that decided on a package sent to each zone. Pin each zone whose
    decisions all came from one office, so a look-alike deciding first after the upgrade is
    refused as it would be after a first decision; a zone whose decisions disagree stays
    unpinned (its next decision is then checked as first contact)."""
    connection = op.get_bind()
    rows = connection.execute(
        sa.text(
            "SELECT p.addressed_to, d.office_uscc, d.office_name, d.office_key, d.recorded_at "
            "FROM review_decisions d JOIN exchanged_packages p "
            "ON p.package_id = d.submission_package_id AND p.direction = 'sent' "
            "WHERE d.received AND p.addressed_to IS NOT NULL AND p.addressed_to != 'none' "
            "ORDER BY d.recorded_at"
        ).columns(recorded_at=sa.DateTime)  # typed: SQLite hands back text otherwise
    ).all()
    offices: dict[str, set[tuple[str, str]]] = {}
    latest: dict[str, tuple[str, str, str, object, object]] = {}
    for zone, uscc, name, key, at in rows:
        offices.setdefault(zone, set()).add((uscc, key))
        first = latest.get(zone, (uscc, name, key, at, at))[3]
        latest[zone] = (uscc, name, key, first, at)
    pins = sa.table(
        "office_pins",
        sa.column("zone", sa.String),
        sa.column("uscc", sa.String),
        sa.column("name", sa.String),
        sa.column("public_key", sa.String),
        sa.column("source", sa.String),
        sa.column("first_seen", sa.DateTime),
        sa.column("last_seen", sa.DateTime),
    )
    for zone, known in offices.items():
        if len(known) != 1:
            continue
        uscc, name, key, first, last = latest[zone]
        connection.execute(
            pins.insert().values(
                zone=zone,
                uscc=uscc,
                name=name,
                public_key=key,
                source="decision",
                first_seen=first,
                last_seen=last,
            )
        )


def downgrade() -> None:
    op.drop_table("office_pins")
