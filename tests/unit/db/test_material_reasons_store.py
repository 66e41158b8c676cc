"""A 补正 reason aimed at a material, through both stores: recorded at the office, exported,
taken in by the enterprise and read back by material; a forged one naming no material of the
form is refused, the store unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from app.decision_notes import material_remarks, reason_text
from app.review_prints import opinion_sheet
from db.errors import InputError
from db.review import office_profile
from forms.core.materials import OTHER
from forms.core.workflow import Status
from forms.exchange.errors import PackageError
from forms.exchange.review import Decision, Outcome, Reason
from tests.helpers.copies import Copy, dump, officer, submit
from tests.helpers.exchange_kit import decision_for, office_signer

UNSEALED = Reason(material="licence", message="营业执照复印件未盖章")
BLURRED = Reason(material="licence", message="副本扫描不清")


def received(enterprise: Copy, office: Copy) -> tuple[int, int, bytes]:
    """An incubator application sent by ``enterprise`` and imported at ``office``: both ids and
    the package."""
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id).content
    return app_id, office.exchange.import_package(exported).application_id, exported


def test_a_material_reason_goes_from_the_office_to_the_enterprises_slot(enterprise, office):
    app_id, office_id, _ = received(enterprise, office)
    other = Reason(material=OTHER, message="其他材料中的照片无法辨认")
    field = Reason(field_path="carrier_name", message="名称有误")
    made = office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        reasons=[UNSEALED, field, BLURRED, other],
    )
    # stored at the office with the material's name as the officer saw it
    assert [r.label for r in made.reasons_for_material("licence")] == ["营业执照或法人证书"] * 2
    stored = office.review.latest_decision(office_id)
    assert stored is not None and stored.reasons == made.reasons
    assert (
        "营业执照或法人证书：营业执照复印件未盖章" in office.store.audit_trail(office_id)[-1].detail
    )
    # the 审核意见表 names it as a material, not a field
    lines = opinion_sheet(office.store, office_id).decisions[-1]
    assert ("材料", "营业执照或法人证书", "营业执照复印件未盖章") in [
        (r.target, r.label, r.message) for r in lines.reasons
    ]

    package = office.decisions.export_decision(office_id)
    taken = enterprise.decisions.import_decision(package.content, package.file_name)
    assert taken.status is Status.RETURNED
    decision = enterprise.review.latest_decision(app_id)
    assert decision is not None and decision.received
    by_material = decision.reasons_by_material()
    assert list(by_material) == ["licence", OTHER]
    assert [r.message for r in by_material["licence"]] == ["营业执照复印件未盖章", "副本扫描不清"]
    assert decision.reasons_for_material("audit_report") == []
    assert decision.reasons_for_field("carrier_name") == [made.reasons[1]]
    # what the 附件 tab shows on each slot
    assert material_remarks(decision) == {
        "licence": (
            "营业执照或法人证书",
            ["园区意见（第1版）：营业执照复印件未盖章", "园区意见（第1版）：副本扫描不清"],
        ),
        OTHER: ("其他材料", ["园区意见（第1版）：其他材料中的照片无法辨认"]),
    }
    assert (
        reason_text(by_material["licence"][0]) == "〔材料〕营业执照或法人证书：营业执照复印件未盖章"
    )


def test_the_office_refuses_a_material_the_form_does_not_declare(enterprise, office):
    _, office_id, _ = received(enterprise, office)
    account = officer(office)
    before = dump(office.store)
    with pytest.raises(InputError) as caught:
        office.review.record_decision(
            office_id,
            Outcome.RETURN,
            officer=account,
            reasons=[Reason(material="tech_filing", message="备案文件过期")],  # an enclave's
        )
    assert "“tech_filing”不是本表所列的材料" in str(caught.value.issues[0].message)
    assert dump(office.store) == before


def test_the_enterprise_refuses_a_decision_aimed_at_a_material_its_form_lacks(enterprise, office):
    app_id, _, exported = received(enterprise, office)
    key = office.decisions.key  # the real office: only the decision's own rules can refuse it
    signer = office_signer(office_profile(office.store), key)
    forged = Decision(
        outcome=Outcome.RETURN,
        officer="王芳",
        decided_on=date.today(),
        reasons=(Reason(material="tech_filing", label="营业执照或法人证书", message="请补正"),),
    )
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(decision_for(exported, key, signer, forged), "d.gxdec")
    assert caught.value.code == "invalid_decision"
    assert "“tech_filing”不是本表所列的材料" in caught.value.message
    assert dump(enterprise.store) == before
    assert enterprise.store.load(app_id).status is Status.SUBMITTED
