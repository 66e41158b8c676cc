"""an officer's one-time recovery code, kept only as a hash (accounts.recovery_hash)

Revision ID: 0012
Revises: 0011

A sole officer who forgot the password was locked out for good. Accounts made before this
release have no code (NULL) until their password is reset with one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


# Plain ALTER TABLE, not a batch copy of the table: a copy would lose the expression index on
# lower(username) (0006), which SQLAlchemy cannot reflect.


def upgrade() -> None:
    op.add_column("accounts", sa.Column("recovery_hash", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "recovery_hash")  # SQLite 3.35+ drops a column in place
