"""the 使用方 setting (企业端 / 园区端) stored as a code, like every other choice

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# Frozen here: the labels release 0.1.0 stored, and the codes that replace them.
MODES = {"企业端": "enterprise", "园区端": "office"}

settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.Text))


def _convert(mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        op.execute(
            settings.update()
            .where(settings.c.key == "mode", settings.c.value == old)
            .values(value=new)
        )


def upgrade() -> None:
    _convert(MODES)


def downgrade() -> None:
    _convert({code: label for label, code in MODES.items()})
