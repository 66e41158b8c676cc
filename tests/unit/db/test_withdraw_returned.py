"""Withdrawing a returned application, and the refusals around it (the other side of
test_resend_after_return.py): what is still let in, and what is not."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import update

from db.models import ExchangedPackage
from db.review import office_profile
from db.trust import KeyAcceptance, PinSource, pinned_offices
from db.withdrawal import withdraw_submission
from forms.core.workflow import Status, TransitionError
from forms.exchange.errors import PackageError
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import decision_for, office_signer
from tests.helpers.scenarios import (
    LIUZHOU,
    NANNING,
    decided,
    returned_by_nanning,
    zone_of,
)


def test_a_returned_application_is_withdrawn_as_it_is_and_sent_to_the_corrected_zone(
    enterprise, tmp_path
):
    app_id, _ = returned_by_nanning(enterprise, tmp_path)
    assert enterprise.store.load(app_id).status is Status.RETURNED
    zone_of(enterprise, LIUZHOU)
    withdrawal = withdraw_submission(enterprise.store, app_id, "应报送柳州高新区")
    assert withdrawal.was_addressed_to == NANNING and withdrawal.revision == 1
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    again = enterprise.exchange.export_package(app_id)
    assert again.revision == 1
    liuzhou.exchange.import_package(again.content, again.file_name)


def test_a_returned_application_corrected_in_place_goes_back_to_the_same_office(
    enterprise, tmp_path
):
    app_id, nanning = returned_by_nanning(enterprise, tmp_path)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id)  # same zone: 第2版, to 南宁
    assert second.revision == 2
    assert nanning.exchange.import_package(second.content).revision == 2


def test_a_decided_application_is_not_withdrawn(enterprise, tmp_path):
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    nanning.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(nanning))
    enterprise.decisions.import_decision(nanning.decisions.export_decision(office_id).content)
    zone_of(enterprise, LIUZHOU)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="已收到审核决定，状态为“已推荐”"):
        withdraw_submission(enterprise.store, app_id, "应报送柳州高新区")
    assert dump(enterprise.store) == before


def test_no_withdrawal_back_to_an_office_withdrawn_from(enterprise, tmp_path):
    """南宁 → 撤回 → 柳州, which returns it; withdrawing it back to 南宁 is refused."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    app_id = submit(enterprise)
    nanning.exchange.import_package(enterprise.exchange.export_package(app_id).content)
    zone_of(enterprise, LIUZHOU)
    withdraw_submission(enterprise.store, app_id, "应报送柳州高新区")
    liuzhou_id = liuzhou.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    enterprise.decisions.import_decision(decided(liuzhou, liuzhou_id, Outcome.RETURN, "请补充"))
    zone_of(enterprise, NANNING)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="撤回前已报送过“南宁高新技术产业开发区”"):
        withdraw_submission(enterprise.store, app_id, "还是南宁")
    assert dump(enterprise.store) == before
    enterprise.store.change_status(app_id, Status.READY)
    before = dump(enterprise.store)
    with pytest.raises(TransitionError, match="撤回并重新报送"):
        enterprise.exchange.export_package(app_id)  # 第2版 to 南宁, which has never seen 第1版
    assert dump(enterprise.store) == before


def _nanning_deciding_for_liuzhou(enterprise: Copy, tmp_path) -> tuple[Copy, bytes]:
    from tests.helpers.scenarios import corrected_zone, recommended

    nanning = open_copy(tmp_path / "nanning", "enclave")
    recommended(enterprise, nanning)
    corrected_zone(enterprise, LIUZHOU)
    doc = example_document("incubator")
    doc = replace(doc, applicant=doc.applicant.model_copy(update={"hitech_zone": LIUZHOU}))
    exported = enterprise.exchange.export_package(submit(enterprise, doc=doc)).content
    key = nanning.decisions.key
    signer = office_signer(office_profile(nanning.store), key, hitech_zone=LIUZHOU)
    return nanning, decision_for(exported, key, signer)


def test_one_zones_office_is_taken_for_another_once_accepted_for_that_zone(enterprise, tmp_path):
    nanning, decision = _nanning_deciding_for_liuzhou(enterprise, tmp_path)
    uscc, fp = office_profile(nanning.store).uscc, nanning.decisions.key.fingerprint
    with pytest.raises(PackageError) as caught:  # accepted for 南宁 only: still refused
        enterprise.decisions.import_decision(decision, accept_key=KeyAcceptance(fp, uscc, NANNING))
    assert caught.value.code == "key_changed" and "柳州高新技术产业开发区" in caught.value.message
    assert "liuzhou" not in caught.value.message
    taken = enterprise.decisions.import_decision(
        decision, accept_key=KeyAcceptance(fp, uscc, LIUZHOU)
    )
    assert taken.status is Status.RECOMMENDED
    pins = {p.zone: p.source for p in pinned_offices(enterprise.store)}
    assert pins == {NANNING: PinSource.DECISION, LIUZHOU: PinSource.ACCEPTED}


def test_an_unaddressed_old_package_takes_no_decision_from_another_zone(enterprise, tmp_path):
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id).content
    nanning.exchange.import_package(exported)
    with enterprise.store.writing() as session:  # as release 0.1.0 recorded an unaddressed one
        session.execute(update(ExchangedPackage).values(addressed_to=None))
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    key = liuzhou.decisions.key
    forged = decision_for(exported, key, office_signer(office_profile(liuzhou.store), key))
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(forged)
    assert caught.value.code == "wrong_office"
    assert dump(enterprise.store) == before
