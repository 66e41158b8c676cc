"""The audit trail: who did what to an application, and which status it moved between."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Application, AuditEvent
from db.records import AuditEntry, status_or_none
from forms.core.workflow import Status

SYSTEM_ACTOR = "本机用户"  # who acts when no officer is signed in


def audit(
    session: Session,
    row: Application,
    actor: str,
    action: str,
    before: Status | None,
    after: Status | None,
    detail: str,
) -> None:
    """Record an act on ``row`` in the same transaction as the act itself."""
    session.add(
        AuditEvent(
            application_id=row.id,
            application_number=row.number,
            actor=actor,
            action=action,
            from_status=before.value if before else None,
            to_status=after.value if after else None,
            detail=detail,
        )
    )


def audit_trail(session: Session, application_id: int) -> list[AuditEntry]:
    rows = session.scalars(
        select(AuditEvent)
        .where(AuditEvent.application_id == application_id)
        .order_by(AuditEvent.id)
    )
    return [
        AuditEntry(
            r.at,
            r.actor,
            r.action,
            status_or_none(r.from_status),
            status_or_none(r.to_status),
            r.detail,
        )
        for r in rows
    ]
