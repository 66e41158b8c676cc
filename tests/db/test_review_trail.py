"""Review: what the trail shows after an office exports a decision. FAILS on the merged code."""

from __future__ import annotations

from forms.exchange.review import Outcome
from tests.db.copies import officer, open_copy, submit


def test_review_the_trail_of_an_exported_decision_shows_its_label(tmp_path):
    """db/decisions.py record_sent: _audit(..., "导出审核决定", None, None, decision.outcome)
    stores the outcome's code ("recommend") as the trail's detail, which the history shows."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(submit(enterprise)).content
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    office.decisions.export_decision(office_id)
    details = [e.detail for e in office.store.audit_trail(office_id) if e.action == "导出审核决定"]
    assert details and all(Outcome.RECOMMEND.value not in (d or "") for d in details), details
