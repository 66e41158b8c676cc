"""Resending after a return or a wrong zone: never stuck, never a way round a refusal.

Found by a review of issue 10 after the merge; each test failed on that code and names where
the bug was."""

from __future__ import annotations

import pytest

from db.withdrawal import withdraw_submission
from forms.core.workflow import Status, TransitionError
from forms.exchange.errors import PackageError
from forms.exchange.review import Outcome, Reason
from tests.conftest import example_document
from tests.db.copies import Copy, officer, open_copy, submit

NANNING, LIUZHOU = "nanning", "liuzhou"


@pytest.fixture
def enterprise(tmp_path) -> Copy:
    return open_copy(tmp_path / "enterprise")


def zone_of(copy: Copy, zone: str) -> None:
    profile = example_document("incubator").applicant
    copy.store.save_applicant(profile.model_copy(update={"hitech_zone": zone}))


def decided(office: Copy, office_id: int, outcome: Outcome, message: str) -> bytes:
    """``office`` decides on a received application, with one reason on a manual rule; the
    decision package."""
    rule = next(
        r.rule_id
        for r in office.review.office_report(office_id).results
        if r.verdict.name == "MANUAL"
    )
    office.review.record_decision(
        office_id, outcome, officer=officer(office), reasons=[Reason(rule_id=rule, message=message)]
    )
    return office.decisions.export_decision(office_id).content


def returned_by_nanning(enterprise: Copy, tmp_path) -> tuple[int, Copy]:
    """An application sent to 南宁, returned for correction (the office says: wrong zone)."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    message = "贵单位位于柳州高新区，请改报柳州高新区"
    enterprise.decisions.import_decision(decided(nanning, office_id, Outcome.RETURN, message))
    return app_id, nanning


def test_a_returned_application_whose_zone_is_corrected_is_not_stuck(enterprise, tmp_path):
    """db/exchange.py export_package (addressed_to=profile.hitech_zone for revision N+1) and
    db/withdrawal.py (只有“已提交”…; zone == addressed refused): the office returns an
    application saying 'you are in 柳州'; the clerk corrects her zone and exports 第2版. It is
    addressed to 柳州, whose office refuses it (not_first_revision: it never saw 第1版), and 南宁
    refuses it (wrong_office). 撤回 is refused too (the zone now equals where 第2版 went). The
    clerk is stuck: the only way out is to change the zone to a third zone, withdraw, and
    change it back, which no message tells her."""
    app_id, nanning = returned_by_nanning(enterprise, tmp_path)
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")
    zone_of(enterprise, LIUZHOU)
    enterprise.store.change_status(app_id, Status.READY)
    try:
        second = enterprise.exchange.export_package(app_id)
    except TransitionError as exc:  # fix: 第2版 to an office that never saw 第1版 is refused
        assert "撤回并重新报送" in str(exc), exc  # ... and the message says the way out
    else:
        arrived = False
        for office in (liuzhou, nanning):
            try:
                office.exchange.import_package(second.content, second.file_name)
                arrived = True
            except PackageError:
                pass
        if arrived:
            return
    try:  # not arrived anywhere: then at least 撤回 must get it out
        withdraw_submission(enterprise.store, app_id, "所在高新区选错，应报送柳州高新区")
    except TransitionError as exc:
        pytest.fail(f"stuck: 第2版 arrives at no office and 撤回 is refused: {exc}")
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
    assert "nanning" not in caught.value.message, caught.value.message


def test_withdrawal_cannot_dodge_a_pending_refusal_at_the_same_office(enterprise, tmp_path):
    """db/withdrawal.py withdraw_submission: the guard "zone still equals where it went" is
    checked only at the moment of withdrawal. A clerk who has been sent 不予推荐 (not yet
    imported) sets the zone to 柳州, withdraws, sets it back to 南宁 and re-exports: 南宁 receives
    a fresh 第1版 under a new uid with nothing linking it to the refused one, and the refusal can
    never be imported (refused as 'withdrawn'). The withdrawn package's zone should be kept and a
    re-export to that same zone refused (or the new package should carry the uid it replaces)."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    refusal = decided(nanning, office_id, Outcome.REJECT, "不符合")
    zone_of(enterprise, LIUZHOU)
    withdraw_submission(enterprise.store, app_id, "所在高新区选错")
    zone_of(enterprise, NANNING)
    try:
        again = enterprise.exchange.export_package(app_id)
    except TransitionError:
        return  # refused: fine
    with pytest.raises(PackageError):  # the office must at least see it is the refused one again
        nanning.exchange.import_package(again.content, again.file_name)
    enterprise.decisions.import_decision(refusal)


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
    with enterprise.store._write() as session:  # as release 0.1.0 recorded an unaddressed one
        session.execute(update(ExchangedPackage).values(addressed_to=None))
    nanning.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(nanning))
    decision = nanning.decisions.export_decision(office_id).content
    assert enterprise.decisions.import_decision(decision).status is Status.RECOMMENDED
