"""The exchange cannot be fooled (issue 10): each attack below was accepted by the code before
this file; each is now refused with a Chinese message saying what to do, the store unchanged.

New names (KeyAcceptance, withdrawal, office cards) are imported inside the tests that need
them, so this file also runs against the old code to show the attacks used to get through.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest

from db.identity import own_profile
from db.review import office_profile
from forms.applicant import ApplicantProfile
from forms.core.uscc import with_check_character
from forms.core.workflow import Status
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Role
from forms.exchange.review import Decision, Outcome, Reason
from forms.exchange.signing import SigningKey
from tests.helpers.copies import Copy, dump, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import decision_for, make_package, office_signer, respun
from tests.helpers.scenarios import LOOKALIKE_USCC, lookalike, recommended


def refused(copy: Copy, attempt, code: str) -> PackageError:
    """``attempt()`` is refused with ``code``, a Chinese message, and ``copy``'s store unchanged."""
    before = dump(copy.store)
    with pytest.raises(PackageError) as caught:
        attempt()
    assert caught.value.code == code, caught.value.message
    assert dump(copy.store) == before
    return caught.value


def another_application(enterprise: Copy) -> object:
    """The firm's example again under a new uid, as someone holding one of its files could."""
    doc = enterprise.store.export_document(enterprise.store.application_ids()[-1])
    return replace(doc, uid=str(uuid.uuid4()))


# --- 1. submissions are signed 企业端; keys are pinned per USCC whatever the role -----------------


def test_a_park_office_role_does_not_get_a_firms_code_a_fresh_key(enterprise, office):
    office.exchange.import_package(enterprise.exchange.export_package(submit(enterprise)).content)
    data, key = make_package(another_application(enterprise))  # a fresh key
    forged = respun(data, key, lambda m, _: m["signer"].update(role=Role.PARK_OFFICE.value))
    error = refused(
        office, lambda: office.exchange.import_package(forged, "x.gxpkg"), "key_changed"
    )
    assert "签名密钥与本机记录的" in error.message and "请通过电话" in error.message


def test_a_submission_signed_as_a_park_office_is_refused(office):
    data, key = make_package()
    forged = respun(data, key, lambda m, _: m["signer"].update(role=Role.PARK_OFFICE.value))
    error = refused(office, lambda: office.exchange.import_package(forged, "x.gxpkg"), "wrong_role")
    assert "不是由企业端签署的" in error.message and "请与申报单位核实" in error.message


# --- 2. this copy's own code ---------------------------------------------------------------------


def test_a_package_in_the_offices_own_code_is_refused_and_its_profile_kept(office):
    doc = example_document("enclave")  # the office's own code, printed in every .gxdec
    profile = doc.applicant
    assert isinstance(profile, ApplicantProfile)
    renamed = profile.model_copy(update={"name": "冒名单位"})
    data, _key = make_package(replace(doc, applicant=renamed, uid=str(uuid.uuid4())))
    mine = own_profile(office.store)
    error = refused(office, lambda: office.exchange.import_package(data, "x.gxpkg"), "own_uscc")
    assert "本机自己的统一社会信用代码" in error.message
    assert own_profile(office.store) == mine


# --- 3. a decision comes from the zone the application was sent to ------------------------------


def test_a_decision_whose_signer_names_no_zone_is_refused(enterprise, office, tmp_path):
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    stranger = open_copy(tmp_path / "stranger")
    key = stranger.decisions.key
    signer = office_signer(office_profile(office.store), key, uscc=LOOKALIKE_USCC, hitech_zone=None)
    forged = decision_for(exported, key, signer)
    error = refused(
        enterprise, lambda: enterprise.decisions.import_decision(forged, "d.gxdec"), "no_zone"
    )
    assert "没有写明所属高新区" in error.message


# --- 4. a look-alike office ----------------------------------------------------------------------


def test_a_lookalike_office_deciding_first_after_a_pin_is_refused(enterprise, office, tmp_path):
    recommended(enterprise, office)  # the zone's office is pinned by its first decision
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id).content
    forged, _key = lookalike(tmp_path, exported)
    error = refused(
        enterprise, lambda: enterprise.decisions.import_decision(forged, "d.gxdec"), "key_changed"
    )
    assert "南宁高新技术产业开发区" in error.message and "可能是他人冒充" in error.message
    # not stuck: the real office's decision still comes in
    office_id = office.exchange.import_package(exported).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    enterprise.decisions.import_decision(office.decisions.export_decision(office_id).content)
    assert enterprise.store.load(app_id).status is Status.RECOMMENDED


def test_a_new_office_key_is_accepted_only_deliberately_for_its_zone(enterprise, office, tmp_path):
    from db.trust import KeyAcceptance, pinned_offices

    recommended(enterprise, office)
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    forged, key = lookalike(tmp_path, exported)
    zone = "nanning"  # 南宁高新技术产业开发区
    for wrong in (
        KeyAcceptance(key.fingerprint, LOOKALIKE_USCC, "liuzhou"),  # another zone
        KeyAcceptance(key.fingerprint, office_profile(office.store).uscc or "", zone),
        KeyAcceptance("0000-0000-0000-0000", LOOKALIKE_USCC, zone),
    ):
        refused(
            enterprise,
            lambda w=wrong: enterprise.decisions.import_decision(forged, "d", accept_key=w),
            "key_changed",
        )
    accepted = KeyAcceptance(key.fingerprint, LOOKALIKE_USCC, zone)
    enterprise.decisions.import_decision(forged, "d.gxdec", accept_key=accepted)
    (pin,) = pinned_offices(enterprise.store)
    assert (pin.zone, pin.uscc, pin.fingerprint) == (zone, LOOKALIKE_USCC, key.fingerprint)


# --- 5. accepting a changed key is for one code only ---------------------------------------------


def test_accepting_a_new_key_for_one_firm_lets_in_nothing_for_another(enterprise, office, tmp_path):
    from db.trust import KeyAcceptance, known_keys

    other = open_copy(tmp_path / "乙")
    rd = example_document("rd_subsidy")  # 乙 is in 柳州: its own office would take it; here,
    liuzhou = open_copy(tmp_path / "liuzhou", "new_track")  # 柳州's office knows both firms
    liuzhou.exchange.import_package(other.exchange.export_package(submit(other, doc=rd)).content)
    insider = SigningKey.generate()  # an insider of 甲 with a new key, who also signs as 乙
    yi = make_package(replace(rd, uid=str(uuid.uuid4())), key=insider)[0]
    before = {k.uscc: k.fingerprint for k in known_keys(liuzhou.store)}
    jia_code = with_check_character("91450200MA5L2K8Q4")
    accept = KeyAcceptance(insider.fingerprint, jia_code)
    refused(
        liuzhou,
        lambda: liuzhou.exchange.import_package(yi, "乙.gxpkg", accept_key=accept),
        "key_changed",
    )
    assert {k.uscc: k.fingerprint for k in known_keys(liuzhou.store)} == before


# --- 7. smaller ------------------------------------------------------------------------------------


def test_a_first_package_claiming_a_later_revision_is_refused(office):
    data, _key = make_package(revision=5)
    error = refused(
        office, lambda: office.exchange.import_package(data, "x.gxpkg"), "not_first_revision"
    )
    assert "第5版" in error.message and "应为第1版" in error.message


def test_a_package_addressed_to_no_zone_is_refused_by_an_office_with_one(office):
    data, key = make_package()
    unaddressed = respun(data, key, lambda m, _: m.update(addressed_to=None))
    error = refused(
        office, lambda: office.exchange.import_package(unaddressed, "x.gxpkg"), "wrong_office"
    )
    assert "没有写明报送哪个高新区" in error.message and "撤回并重新报送" in error.message


BAD_DECISIONS = {
    "dated 9999-12-31": (
        Decision(outcome=Outcome.RECOMMEND, officer="王芳", decided_on=date(9999, 12, 31)),
        "决定日期不能晚于今天",
    ),
    "dated before the submission": (
        Decision(outcome=Outcome.RECOMMEND, officer="王芳", decided_on=date(2001, 1, 1)),
        "早于申报包的导出日期",
    ),
    "退回补正 without a reason": (
        Decision(outcome=Outcome.RETURN, officer="王芳", decided_on=date.today()),
        "退回补正须至少给出一条理由",
    ),
    "a reason about a field that does not exist": (
        Decision(
            outcome=Outcome.RETURN,
            officer="王芳",
            decided_on=date.today(),
            reasons=(Reason(field_path="no_such_field", message="请补正"),),
        ),
        "“no_such_field”不是本表的栏目",
    ),
    "a reason about a rule that does not exist": (
        Decision(
            outcome=Outcome.REJECT,
            officer="王芳",
            decided_on=date.today(),
            reasons=(Reason(rule_id="no_such_rule", message="不符合"),),
        ),
        "“no_such_rule”不是本表的规则",
    ),
}


@pytest.mark.parametrize("case", BAD_DECISIONS)
def test_the_enterprise_runs_the_offices_decision_rules_again(enterprise, office, case):
    decision, words = BAD_DECISIONS[case]
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    key = office.decisions.key  # the real office: only the rules can refuse it
    forged = decision_for(exported, key, office_signer(office_profile(office.store), key), decision)
    error = refused(
        enterprise,
        lambda: enterprise.decisions.import_decision(forged, "d.gxdec"),
        "invalid_decision",
    )
    assert words in error.message and "请其核对后重新作出并导出审核决定" in error.message
    good = Decision(outcome=Outcome.RECOMMEND, officer="王芳", decided_on=date.today())
    honest = decision_for(exported, key, office_signer(office_profile(office.store), key), good)
    assert enterprise.decisions.import_decision(honest).status is Status.RECOMMENDED


def test_a_decision_in_the_enterprises_own_code_is_refused(tmp_path, office):
    enterprise = open_copy(tmp_path / "firm", "incubator")  # set up with its own profile
    exported = enterprise.exchange.export_package(submit(enterprise)).content
    key = SigningKey.generate()
    firm = example_document("incubator").applicant
    assert isinstance(firm, ApplicantProfile)
    signer = office_signer(office_profile(office.store), key, uscc=firm.uscc)
    forged = decision_for(exported, key, signer)
    error = refused(
        enterprise, lambda: enterprise.decisions.import_decision(forged, "d.gxdec"), "own_uscc"
    )
    assert "可能是他人冒充本单位" in error.message
