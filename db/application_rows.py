"""The one place an application row is made and filled: its number (GX…), its title cut to
fit, its amount and its applicant's name, whether it was typed, imported or received."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from db.models import Applicant, Application, ApplicationContent, utcnow
from forms.core.definition import FormDefinition
from forms.core.display import local_time
from forms.core.fields import FormModel
from forms.core.typed import TypedValue

MAX_TITLE = 200  # the column's width


def new_application(
    session: Session,
    applicant: Applicant,
    definition: FormDefinition,
    *,
    uid: str | None = None,
    created_at: datetime | None = None,
) -> Application:
    """A new row of ``definition``'s kind for ``applicant``, added to ``session``; the caller
    fills it (``fill_content``), gives it its status (``workflow.apply_move``) and its number."""
    row = Application(
        uid=uid or str(uuid.uuid4()),
        kind=definition.kind,
        applicant=applicant,
        content=ApplicationContent(data={}, applicant={}),
    )
    if created_at is not None:
        row.created_at = created_at
    session.add(row)
    return row


def fill_content(
    row: Application,
    definition: FormDefinition,
    form: FormModel,
    *,
    profile: dict[str, Any],
    catalogue_version: str,
    applicant: Applicant | None = None,
    unparsed: Sequence[TypedValue] = (),
) -> None:
    """Put ``form`` (and the applicant ``profile`` it is checked with) into ``row``, with the
    columns the list shows taken from it; ``applicant`` names the row after that firm.
    ``unparsed``: a draft's values as typed that ``form`` could not take (forms/core/typed.py)."""
    begun = local_time(row.created_at or utcnow()).date()  # a new row has no created_at yet
    row.title = definition.title_of(form, begun)[:MAX_TITLE]
    if applicant is not None:
        row.applicant_name = applicant.name
    row.content.data = form.model_dump(mode="json")
    row.content.applicant = profile
    row.content.unparsed = [v.as_json() for v in unparsed] or None
    row.requested_amount = definition.amount_of(form)
    row.catalogue_version = catalogue_version


def give_number(session: Session, row: Application) -> str:
    """Write ``row`` and give it its 申报编号 (GX, the year, the id), unless it has one."""
    session.flush()
    if row.number is None:
        row.number = f"GX{row.created_at:%Y}{row.id:07d}"
    return row.number
