"""attachments name the material (申报材料) they are filed under; existing ones are 其他材料

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# Frozen here: the id of 其他材料 (forms.core.materials.OTHER), which every existing file becomes.
OTHER = "other"


def upgrade() -> None:
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(
            sa.Column("material", sa.String(length=32), nullable=False, server_default=OTHER)
        )
        batch.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("revision_attachments") as batch:
        batch.add_column(
            sa.Column("material", sa.String(length=32), nullable=False, server_default=OTHER)
        )


def downgrade() -> None:
    with op.batch_alter_table("revision_attachments") as batch:
        batch.drop_column("material")
    with op.batch_alter_table("attachments") as batch:
        batch.drop_column("note")
        batch.drop_column("material")
