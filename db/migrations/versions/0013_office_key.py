"""the park office's one signing key on a shared store, sealed with the office passphrase

Revision ID: 0013
Revises: 0012

Officers' desktops on one server store each signed with a key of their own, so enterprises
refused every officer's decisions but one. The office key now lives in the store (office_keys),
its private half encrypted; SQLite stores keep their key file and leave the table empty.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "office_keys",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("public_key", sa.String(length=64), nullable=False),
        sa.Column("scrypt_n", sa.Integer(), nullable=False),
        sa.Column("scrypt_r", sa.Integer(), nullable=False),
        sa.Column("scrypt_p", sa.Integer(), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("nonce", sa.LargeBinary(), nullable=False),
        sa.Column("sealed_key", sa.LargeBinary(), nullable=False),
        sa.Column("created_by", sa.String(length=80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_office_keys_one_office_key")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_keys")),
    )


def downgrade() -> None:
    op.drop_table("office_keys")
