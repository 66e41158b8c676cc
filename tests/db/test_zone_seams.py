"""Zone ids at the seams of the exchange: an office of one zone is not another's, a package's
profile zone must match where it is addressed, and a register update cannot move a name."""

from __future__ import annotations

import json

from forms.exchange.errors import PackageError
from tests.db.copies import open_copy
from tests.exchange_kit import make_package, respun


def _applicant_zone(zone: str):
    def change(manifest, members):
        doc = json.loads(members["application.json"])
        doc["applicant"]["hitech_zone"] = zone
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return change


def test_a_package_addressed_to_one_zone_for_a_firm_of_another_is_refused(tmp_path):
    """db/exchange.py _check_addressed compares only manifest.addressed_to with the office's
    zone; forms/exchange/submission.py checks the applicant's USCC against the signer but not
    its zone against addressed_to. The program always makes them equal (addressed_to =
    profile.hitech_zone), so a package where the applicant says 柳州 but is addressed to 南宁
    is hand-made: 南宁's office takes in a firm that by its own profile is 柳州's, and every
    in-zone rule passes (柳州 is a zone too). It should be refused as inconsistent."""
    office = open_copy(tmp_path / "office", "enclave")  # 南宁
    data, key = make_package()
    crafted = respun(data, key, _applicant_zone("liuzhou"))
    try:
        office.exchange.import_package(crafted, "x.gxpkg")
    except PackageError:
        return
    raise AssertionError("a firm whose profile names 柳州 was taken in by 南宁's office")


def test_a_register_update_cannot_give_a_name_to_another_zone(tmp_path):
    """forms/core/zones.py ZoneRegister.successor_problems checks only that each id keeps its
    city and former full name. An unsigned "update" (a .toml anyone can e-mail to clerks as
    文件 › 导入高新区名录) may move the short name 「南宁高新区」 from nanning to liuzhou: from
    then on what a 0.1.0 profile, a v1 package or the picker's type-ahead calls 南宁高新区 is
    柳州. Names an id had should stay with it (or the register should be signed)."""
    from forms.core.zones import import_register, load_register, set_user_folder, shipped_folder

    text = next(shipped_folder().glob("*.toml")).read_text("utf-8")
    text = text.replace('version = "2017-11"', 'version = "2099-01"')
    text = text.replace('short_names = ["南宁高新区", ', "short_names = [", 1)
    text = text.replace(
        'short_names = ["柳州高新区", ', 'short_names = ["南宁高新区", "柳州高新区", ', 1
    )
    update = tmp_path / "名录更新.toml"
    update.write_text(text, "utf-8")
    assert load_register().resolve("南宁高新区") == "nanning"
    set_user_folder(tmp_path / "zones")
    try:
        try:
            import_register(update)
        except Exception:
            return
        assert load_register().resolve("南宁高新区") == "nanning"
    finally:
        set_user_folder(None)


def test_one_zones_office_cannot_become_another_zones_by_saying_so(tmp_path):
    """db/trust.py office_status pins per zone and key_status per USCC, but nothing binds a
    USCC (or key) already pinned for one zone to that zone: 南宁's office (pinned for nanning
    at this firm) signs a decision naming hitech_zone="liuzhou" on a package the firm sent to
    柳州, and it is taken (and pins 南宁's office as 柳州's). The real 柳州 office's decision
    is then refused as a look-alike. A signer pinned for another zone should be refused (or
    need the deliberate acceptance), like a changed key."""
    from db.review import office_profile
    from tests.db.copies import submit
    from tests.db.test_trust_attacks import recommended
    from tests.db.test_withdrawal import corrected_zone
    from tests.exchange_kit import decision_for, office_signer

    enterprise = open_copy(tmp_path / "enterprise")
    nanning = open_copy(tmp_path / "nanning", "enclave")
    recommended(enterprise, nanning)  # 南宁's office is pinned for nanning here
    corrected_zone(enterprise, "liuzhou")
    from dataclasses import replace

    from tests.conftest import example_document

    doc = example_document("incubator")
    doc = replace(doc, applicant=doc.applicant.model_copy(update={"hitech_zone": "liuzhou"}))
    exported = enterprise.exchange.export_package(submit(enterprise, doc=doc)).content
    key = nanning.decisions.key
    signer = office_signer(office_profile(nanning.store), key, hitech_zone="liuzhou")
    forged = decision_for(exported, key, signer)
    try:
        enterprise.decisions.import_decision(forged, "d.gxdec")
    except PackageError:
        return
    raise AssertionError("南宁's office decided for 柳州 by naming liuzhou as its zone")
