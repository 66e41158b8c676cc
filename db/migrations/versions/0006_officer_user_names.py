"""officers' 登录名 unique whatever the case; decisions keep the officer's 登录名

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 04:00:00

Accounts already sign in by 登录名, but ``WangFang`` and ``wangfang`` could both exist, and a
decision kept only the 姓名, which several officers may share. Clashing 登录名 (the later
accounts) get a suffix (``wangfang-2``), said in the audit trail; a decision made here is given
its officer's 登录名 where the 姓名 names exactly one account, and stays without one otherwise
(a received decision keeps what its package said: nothing, before this release).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MAX_USERNAME = 32


def _free_name(taken: set[str], name: str) -> str:
    for n in range(2, 1000):
        suffix = f"-{n}"
        candidate = name[: MAX_USERNAME - len(suffix)] + suffix
        if candidate.lower() not in taken:
            return candidate
    raise RuntimeError(f"no free user name for {name}")  # a thousand clashes: not a real store


def _rename_clashes(connection: sa.Connection) -> None:
    rows = connection.execute(sa.text("SELECT id, username FROM accounts ORDER BY id")).all()
    taken: set[str] = set()
    for account_id, username in rows:
        if username.lower() not in taken:
            taken.add(username.lower())
            continue
        renamed = _free_name(taken | {u.lower() for _, u in rows}, username)
        taken.add(renamed.lower())
        connection.execute(
            sa.text("UPDATE accounts SET username = :name WHERE id = :id"),
            {"name": renamed, "id": account_id},
        )
        connection.execute(
            sa.text(
                "INSERT INTO audit_events (at, actor, action, detail)"
                " VALUES (CURRENT_TIMESTAMP, '本机用户', '更改登录名', :detail)"
            ),
            {
                "detail": f"登录名“{username}”与另一账号只差大小写，改为“{renamed}”，"
                "请该审核人用新登录名登录"
            },
        )


def upgrade() -> None:
    connection = op.get_bind()
    _rename_clashes(connection)
    op.create_index(
        "uq_accounts_username_nocase", "accounts", [sa.text("lower(username)")], unique=True
    )
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("officer_username", sa.String(length=32), nullable=True))
    connection.execute(
        sa.text(
            "UPDATE review_decisions SET officer_username = ("
            " SELECT username FROM accounts WHERE accounts.display_name = review_decisions.officer)"
            " WHERE NOT received AND (SELECT count(*) FROM accounts"
            " WHERE accounts.display_name = review_decisions.officer) = 1"
        )
    )


def downgrade() -> None:
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.drop_column("officer_username")
    op.drop_index("uq_accounts_username_nocase", table_name="accounts")
