"""所在高新区 becomes a zone id of the register; the typed 高新区级别 goes

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05 04:00:00

Data only, no schema change. Every stored profile (the applicant's own, and the copies kept
with each application and each superseded revision) gets its zone as an id: a name the register
knows becomes its id, 无 or a blank (the old form said 不在高新区内的留空) becomes "none", and
text the register does not know is kept as it was, for the profile page to ask to pick again.
The typed level is dropped: it is read from the register. A sent or received package's
addressed_to is read the same way (blank stays blank: it was never addressed).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

from forms.core.zones import NOT_IN_ZONE, load_register, release_one_zone, zone_id

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

PROFILES = (  # table, key column, profile column
    ("applicants", "id", "profile"),
    ("application_contents", "application_id", "applicant"),
    ("application_revisions", "id", "applicant"),
)
LEVEL_LABELS = {"national": "国家级", "regional": "自治区级"}  # as the older form typed them


def profile_with_zone_id(profile: Any) -> Any:
    if not isinstance(profile, dict):
        return profile
    converted = {k: v for k, v in profile.items() if k != "zone_level"}
    converted["hitech_zone"] = release_one_zone(profile.get("hitech_zone"))
    return converted


def profile_with_zone_name(profile: Any) -> Any:
    """Back to what the release before this one stored: the full name and the typed level."""
    if not isinstance(profile, dict):
        return profile
    zone = load_register().get(profile.get("hitech_zone"))
    converted = dict(profile)
    if zone is not None:
        converted["hitech_zone"] = zone.name
        converted["zone_level"] = LEVEL_LABELS[zone.level.value]
    elif profile.get("hitech_zone") == NOT_IN_ZONE:
        converted["hitech_zone"] = None
    return converted


def _convert(change: Any, addressed: Any) -> None:
    connection = op.get_bind()
    for table_name, key_name, column_name in PROFILES:
        table = sa.table(
            table_name, sa.column(key_name, sa.Integer), sa.column(column_name, sa.JSON)
        )
        key, column = table.c[key_name], table.c[column_name]
        for row_id, value in connection.execute(sa.select(key, column)).all():
            new = change(value)
            if new != value:
                connection.execute(sa.update(table).where(key == row_id).values({column_name: new}))
    packages = sa.table(
        "exchanged_packages", sa.column("id", sa.Integer), sa.column("addressed_to", sa.String)
    )
    rows = connection.execute(sa.select(packages.c.id, packages.c.addressed_to)).all()
    for row_id, value in rows:
        new = addressed(value)
        if new != value:
            connection.execute(
                sa.update(packages).where(packages.c.id == row_id).values(addressed_to=new)
            )


def name_of_zone(value: Any) -> Any:
    zone = load_register().get(value)
    return zone.name if zone is not None else value


def upgrade() -> None:
    _convert(profile_with_zone_id, zone_id)


def downgrade() -> None:
    _convert(profile_with_zone_name, name_of_zone)
