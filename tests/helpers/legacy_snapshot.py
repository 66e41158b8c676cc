"""What a store shows of its applications, as plain JSON: to compare a store before and after a
data migration (tests/data/legacy holds one recorded by release 0.1.0, see make_legacy.py).

Only what a person sees is recorded: statuses and outcomes as their Chinese text, every rule's
verdict and message, the printed packet's text, the audit trail and the decisions. Validation and
printing use a fixed day so that the recorded text does not age.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

from pypdf import PdfReader

from app.packets import packet_for
from db.repository import Store
from db.review import Review
from forms.applicant import APPLICANT
from forms.core.validation import validate
from forms.packet import render_packet

FIXED_DAY = date(2026, 12, 5)


def shown(value: Any) -> Any:
    """A choice as people read it: its label (its value at release 0.1.0, which had no label)."""
    if value is None:
        return None
    return getattr(value, "label", getattr(value, "value", value))


def pdf_text(pdf: bytes) -> str:
    """The packet's text without spaces; the content fingerprint (a hash of the stored values,
    which a migration to codes changes by design) is masked."""
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    return re.sub(r"材料指纹[0-9A-F]{4}(-[0-9A-F]{4}){3}", "材料指纹*", text)


def application_snapshot(store: Store, app_id: int) -> dict[str, Any]:
    record = store.load(app_id)
    packet = packet_for(store, app_id)
    report = validate(
        record.definition,
        record.form,
        applicant=record.applicant,
        applicant_definition=APPLICANT,
        catalogue=store.catalogue,
        history=store.firm_history(record.applicant.uscc or "", exclude_id=record.id),
        today=FIXED_DAY,
    )
    # Printed with every field of the applicant form, as recorded: a 管委会's packet prints only
    # the office form's fields since issue 16, but what is compared here is that the migration
    # kept every stored value of the profile.
    packet = replace(packet, report=report, printed_on=FIXED_DAY, applicant_definition=APPLICANT)
    review = Review(store)
    return {
        "kind": record.kind,
        "status": shown(record.status),
        "report": report.as_dict(),
        "packet": pdf_text(render_packet(packet)),
        "audit": [
            [e.action, shown(e.from_status), shown(e.to_status), e.detail]
            for e in store.audit_trail(app_id)
        ],
        "decisions": [
            [
                shown(d.outcome),
                d.comment,
                [[r.field_path, r.rule_id, r.label, r.message] for r in d.reasons],
            ]
            for d in review.decisions(app_id)
        ],
        "revisions": [
            pdf_text(
                render_packet(
                    replace(
                        packet,
                        form=(rev := review.load_revision(app_id, info.revision)).form,
                        applicant=rev.applicant,
                    )
                )
            )
            for info in review.revisions(app_id)
        ],
    }


def store_snapshot(store: Store) -> dict[str, Any]:
    return {str(i): application_snapshot(store, i) for i in sorted(store.application_ids())}
