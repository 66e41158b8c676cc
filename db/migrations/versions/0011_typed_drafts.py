"""a draft keeps the values typed that its form cannot take (application_contents.unparsed)

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application_contents") as batch:
        batch.add_column(sa.Column("unparsed", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("application_contents") as batch:
        batch.drop_column("unparsed")
