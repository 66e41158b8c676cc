"""Zone ids at the seams of the exchange: an office of one zone is not another's, a package's
profile zone must match where it is addressed, and a register update cannot move a name."""

from __future__ import annotations

import json

import pytest

from forms.exchange.errors import PackageError
from tests.helpers.copies import dump, open_copy
from tests.helpers.exchange_kit import make_package, respun


def _applicant_zone(zone: str):
    def change(manifest, members):
        doc = json.loads(members["application.json"])
        doc["applicant"]["hitech_zone"] = zone
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return change


def test_a_package_addressed_to_one_zone_for_a_firm_of_another_is_refused(tmp_path):
    """The program always addresses a package to its profile's zone, so a package whose
    applicant says 柳州 but is addressed to 南宁 is hand-made: 南宁's office refuses it as
    inconsistent (it used to take in a firm that by its own profile is 柳州's)."""
    office = open_copy(tmp_path / "office", "enclave")  # 南宁
    data, key = make_package()
    crafted = respun(data, key, _applicant_zone("liuzhou"))
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(crafted, "x.gxpkg")
    assert caught.value.code == "inconsistent", caught.value.message
    assert dump(office.store) == before
    office.exchange.import_package(data, "x.gxpkg")  # the package as made comes in


def test_a_register_update_cannot_give_a_name_to_another_zone(tmp_path):
    """An "update" (a .toml anyone can e-mail as 文件 › 导入高新区名录) that moves the short name
    「南宁高新区」 from nanning to liuzhou is refused: what older profiles, packages and the
    picker call 南宁高新区 stays 南宁. A newer register that keeps every name is taken."""
    from forms.core.zones import (
        ZoneRegisterError,
        import_register,
        load_register,
        set_user_folder,
        shipped_folder,
    )

    original = next(shipped_folder().glob("*.toml")).read_text("utf-8")
    newer = original.replace('version = "2017-11"', 'version = "2099-01"')
    moved = newer.replace('short_names = ["南宁高新区", ', "short_names = [", 1)
    moved = moved.replace(
        'short_names = ["柳州高新区", ', 'short_names = ["南宁高新区", "柳州高新区", ', 1
    )
    assert original != newer != moved and moved.count("南宁高新区") == original.count("南宁高新区")
    update = tmp_path / "名录更新.toml"
    update.write_text(moved, "utf-8")
    set_user_folder(tmp_path / "zones")
    try:
        with pytest.raises(ZoneRegisterError, match="不再属于它"):
            import_register(update)
        assert load_register().resolve("南宁高新区") == "nanning"
        update.write_text(newer, "utf-8")
        import_register(update)  # the same names, a newer version: taken
        assert load_register().version == "2099-01"
        assert load_register().resolve("南宁高新区") == "nanning"
    finally:
        set_user_folder(None)


def test_one_zones_office_cannot_become_another_zones_by_saying_so(tmp_path):
    """南宁's office (pinned for nanning at this firm) signing a decision that names
    hitech_zone="liuzhou", on a package the firm sent to 柳州, is refused like a changed key:
    an office pinned for one zone does not become another's by saying so."""
    from db.review import office_profile
    from tests.helpers.copies import submit
    from tests.helpers.exchange_kit import decision_for, office_signer
    from tests.helpers.scenarios import corrected_zone, recommended

    enterprise = open_copy(tmp_path / "enterprise")
    nanning = open_copy(tmp_path / "nanning", "enclave")
    recommended(enterprise, nanning)  # 南宁's office is pinned for nanning here
    corrected_zone(enterprise, "liuzhou")
    from dataclasses import replace

    from tests.helpers.examples import example_document

    doc = example_document("incubator")
    doc = replace(doc, applicant=doc.applicant.model_copy(update={"hitech_zone": "liuzhou"}))
    exported = enterprise.exchange.export_package(submit(enterprise, doc=doc)).content
    key = nanning.decisions.key
    signer = office_signer(office_profile(nanning.store), key, hitech_zone="liuzhou")
    forged = decision_for(exported, key, signer)
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(forged, "d.gxdec")
    assert caught.value.code == "key_changed", caught.value.message
    assert dump(enterprise.store) == before
