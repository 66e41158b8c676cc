"""choices stored as codes instead of their labels

Release 0.1.0 stored (and signed) every choice as its Chinese label. This converts every stored
application's content and revisions, the applicant profiles, statuses (of applications and of
the audit trail), decision outcomes and known keys' roles to the stable codes, through the
frozen map of that release's labels (``forms/_v1_values.py``). Only UPDATEs: no table is
rebuilt (with foreign keys on, a rebuild can cascade-delete, see issue 11).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05 04:00:00
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlalchemy as sa
from alembic import op

from forms import _v1_values as v1
from forms.core.versions import ValueMap

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

Labels = Mapping[str, str]

applications = sa.table(
    "applications", sa.column("id", sa.Integer), sa.column("kind"), sa.column("status")
)
contents = sa.table(
    "application_contents",
    sa.column("application_id", sa.Integer),
    sa.column("data", sa.JSON),
    sa.column("applicant", sa.JSON),
)
revisions = sa.table(
    "application_revisions",
    sa.column("id", sa.Integer),
    sa.column("application_id", sa.Integer),
    sa.column("data", sa.JSON),
    sa.column("applicant", sa.JSON),
)
applicants = sa.table("applicants", sa.column("id", sa.Integer), sa.column("profile", sa.JSON))
audit = sa.table("audit_events", sa.column("from_status"), sa.column("to_status"))
decisions = sa.table("review_decisions", sa.column("outcome"))
known_keys = sa.table("known_keys", sa.column("role"))


def _inverse(labels: Labels) -> dict[str, str]:
    return {code: label for label, code in labels.items()}


def _convert(
    forms: Mapping[str, Mapping[str, Labels]], status: Labels, outcome: Labels, role: Labels
) -> None:
    """Rewrite every stored value through the given maps (old value → new value)."""
    connection = op.get_bind()
    maps = {kind: ValueMap(paths) for kind, paths in forms.items()}
    profile_map = maps["applicant"]

    def upgraded(value_map: ValueMap | None, data: object) -> object:
        return value_map.upgrade(data)[0] if value_map is not None else data

    # The current content and every kept revision: form data by the application's kind, and the
    # profile it was submitted with.
    for table, key in ((contents, contents.c.application_id), (revisions, revisions.c.id)):
        rows = connection.execute(
            sa.select(key, applications.c.kind, table.c.data, table.c.applicant).join(
                applications, applications.c.id == table.c.application_id
            )
        )
        for row_id, kind, data, applicant in rows.all():
            new_data = upgraded(maps.get(kind), data)
            new_applicant = upgraded(profile_map, applicant)
            if (new_data, new_applicant) != (data, applicant):
                connection.execute(
                    table.update()
                    .where(key == row_id)
                    .values(data=new_data, applicant=new_applicant)
                )
    for applicant_id, profile in connection.execute(
        sa.select(applicants.c.id, applicants.c.profile)
    ):
        new_profile = upgraded(profile_map, profile)
        if new_profile != profile:
            connection.execute(
                applicants.update()
                .where(applicants.c.id == applicant_id)
                .values(profile=new_profile)
            )
    for table, column, labels in (
        (applications, applications.c.status, status),
        (audit, audit.c.from_status, status),
        (audit, audit.c.to_status, status),
        (decisions, decisions.c.outcome, outcome),
        (known_keys, known_keys.c.role, role),
    ):
        for old, new in labels.items():
            connection.execute(table.update().where(column == old).values({column.name: new}))


def upgrade() -> None:
    _convert(v1.FORMS, v1.STATUS, v1.OUTCOME, v1.ROLE)


def downgrade() -> None:
    _convert(
        {
            kind: {path: _inverse(old) for path, old in paths.items()}
            for kind, paths in v1.FORMS.items()
        },
        _inverse(v1.STATUS),
        _inverse(v1.OUTCOME),
        _inverse(v1.ROLE),
    )
