"""Moving a stored application between statuses, with the checks a move needs: the firm's row
locked, the rules run with the firm's other claims, the catalogue stamped, the profile frozen.

Submitting (检查并标记为待提交 and 导出申报包 alike) is written here once.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.checking import check_row
from db.models import Applicant, Application, utcnow
from db.records import application_record
from forms.core.catalogue import Catalogue
from forms.core.workflow import (
    EDITABLE,
    NEEDS_CLEAN_REPORT,
    Move,
    Status,
    TransitionError,
    apply_move,
    check_move,
)


def lock_applicant(session: Session, row: Application) -> None:
    """Lock the firm's row, so two claims of one firm cannot both slip under a firm-wide cap
    at the same moment."""
    session.execute(select(Applicant.id).where(Applicant.id == row.applicant_id).with_for_update())


def enter_status(
    session: Session,
    row: Application,
    target: Status,
    move: Move,
    *,
    catalogue: Catalogue,
    refused: str,
) -> Status:
    """Move ``row`` to ``target`` by ``move``, within the caller's transaction; returns the
    status it had.

    Into 待提交/已提交 only with a clean report under ``catalogue`` (else TransitionError: the
    ``refused`` sentence, then the reasons). Into 已提交 it is stamped with the catalogue; once
    out of the editable statuses it keeps the applicant's profile as it is now.
    """
    lock_applicant(session, row)
    before = Status(row.status)
    check_move(before, target, move)
    if target in NEEDS_CLEAN_REPORT:
        report = check_row(session, application_record(row), catalogue)
        if not report.can_submit:
            reasons = "\n".join(f"· {r}" for r in report.reasons())
            raise TransitionError(f"{refused}\n{reasons}")
    apply_move(row, target, move)
    row.updated_at = utcnow()
    if target is Status.SUBMITTED:
        row.submitted_at = row.updated_at
        row.catalogue_version = catalogue.version
    if target not in EDITABLE:  # from now on it is checked with the profile it had
        row.content.applicant = row.applicant.profile
    return before
