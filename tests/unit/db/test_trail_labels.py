"""The trail after an office exports a decision shows labels and zone names, never codes
(found by review: it showed 'approve' and 'nanning')."""

from __future__ import annotations

from forms.exchange.review import Outcome
from tests.helpers.copies import officer, open_copy, submit


def test_the_trail_of_an_exported_decision_shows_its_label(tmp_path):
    """The trail of an exported decision shows the outcome's label, never its code."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(submit(enterprise)).content
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    office.decisions.export_decision(office_id)
    details = [e.detail for e in office.store.audit_trail(office_id) if e.action == "导出审核决定"]
    assert details and all(Outcome.RECOMMEND.label in (d or "") for d in details), details
    assert all(Outcome.RECOMMEND.value not in (d or "") for d in details), details


def test_the_trail_of_a_changed_office_names_the_zone(tmp_path):
    """The trail of an office accepted for a zone names the zone, never its id."""
    from sqlalchemy import select

    from db.models import AuditEvent
    from db.trust import KeyAcceptance
    from tests.helpers.scenarios import LOOKALIKE_USCC, lookalike, recommended

    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    recommended(enterprise, office)
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    forged, key = lookalike(tmp_path, exported)
    accept = KeyAcceptance(key.fingerprint, LOOKALIKE_USCC, "nanning")
    enterprise.decisions.import_decision(forged, "d.gxdec", accept_key=accept)
    with enterprise.store.reading() as session:
        detail = session.scalar(
            select(AuditEvent.detail).where(AuditEvent.action == "更换园区密钥")
        )
    assert detail and "南宁高新技术产业开发区" in detail and "nanning" not in detail, detail
