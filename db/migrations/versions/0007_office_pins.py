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


def downgrade() -> None:
    op.drop_table("office_pins")
