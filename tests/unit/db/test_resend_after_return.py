"""Resending after a return or a wrong zone: never stuck, never a way round a refusal.

Found by a review of issue 10 after the merge; each test failed on that code and names where
the bug was."""

from __future__ import annotations

import pytest

from db.withdrawal import withdraw_submission
from forms.core.workflow import Status, TransitionError
from forms.exchange.errors import PackageError
from forms.exchange.review import Outcome
from tests.helpers.copies import dump, officer, open_copy, submit
from tests.helpers.scenarios import LIUZHOU, NANNING, decided, returned_by_nanning, zone_of


def test_a_returned_application_whose_zone_is_corrected_is_not_stuck(enterprise, tmp_path):
    """南宁 returns an application saying 'you are in 柳州'; the clerk corrects her zone. 第2版
    to 柳州 (which never saw 第1版) is refused with the way out, and 撤回并重新报送 sends it to
    柳州 as 第1版, which 柳州 takes."""
    app_id, _ = returned_by_nanning(enterprise, tmp_path)
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    zone_of(enterprise, LIUZHOU)
    enterprise.store.change_status(app_id, Status.READY)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="撤回并重新报送"):  # 第2版 to an office that
        enterprise.exchange.export_package(app_id)  # never saw 第1版 is refused, saying the way
    assert dump(enterprise.store) == before
    withdraw_submission(enterprise.store, app_id, "所在高新区选错，应报送柳州高新区")
    again = enterprise.exchange.export_package(app_id)  # 第1版 under a new uid, to 柳州
    assert again.revision == 1
    assert not liuzhou.exchange.import_package(again.content, again.file_name).duplicate


def test_withdrawal_message_names_the_zone_not_its_id(enterprise, tmp_path):
    """db/decisions.py import_decision, the "withdrawn" refusal: 撤回前报送“{sent.addressed_to}”
    shows the raw register id ("nanning") to the clerk instead of zone_name(...)."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    zone_of(enterprise, LIUZHOU)
    withdraw_submission(enterprise.store, app_id, "所在高新区选错，应报送柳州高新区")
    nanning.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(nanning))
    late = nanning.decisions.export_decision(office_id).content
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(late, "late.gxdec")
    assert caught.value.code == "withdrawn"
    assert "南宁高新技术产业开发区" in caught.value.message, caught.value.message
    assert "nanning" not in caught.value.message, caught.value.message


def test_withdrawal_cannot_dodge_a_pending_refusal_at_the_same_office(enterprise, tmp_path):
    """A clerk sent 不予推荐 (not yet imported) cannot set the zone to 柳州, withdraw, set it back
    to 南宁 and send 南宁 a fresh 第1版 unlinked to the refused one: the re-export is refused."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    refusal = decided(nanning, office_id, Outcome.REJECT, "不符合")
    zone_of(enterprise, LIUZHOU)
    withdraw_submission(enterprise.store, app_id, "所在高新区选错")
    zone_of(enterprise, NANNING)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="撤回前已报送过"):
        enterprise.exchange.export_package(app_id)
    assert dump(enterprise.store) == before
    assert refusal  # the refusal stays the office's last word on it


def test_a_decision_on_a_package_sent_unaddressed_before_the_upgrade_comes_in(enterprise, tmp_path):
    """db/decisions.py import_decision: `sent.addressed_to != signer.hitech_zone`. Release
    0.1.0 sent packages with addressed_to null when the profile had no zone, and offices took
    them in (attack 7 of issue 10). After the upgrade the office's decision on such a package
    is refused as wrong_office (报送的是“未写明”) although it comes from the office that received
    it, with its pinned key: the clerk can only withdraw and send again, losing the decision.
    A null addressed_to from before the upgrade should accept the decision of the office that
    is pinned (or first) for the zone, or the migration should fill addressed_to."""
    from sqlalchemy import update

    from db.models import ExchangedPackage

    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    with enterprise.store.writing() as session:  # as release 0.1.0 recorded an unaddressed one
        session.execute(update(ExchangedPackage).values(addressed_to=None))
    nanning.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(nanning))
    decision = nanning.decisions.export_decision(office_id).content
    assert enterprise.decisions.import_decision(decision).status is Status.RECOMMENDED
