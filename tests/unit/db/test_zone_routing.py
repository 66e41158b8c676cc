"""Packages are addressed, and received, by zone id: two spellings of one zone are one office."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile
from forms.exchange.errors import PackageError
from tests.helpers.copies import Copy, dump, open_copy, submit
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import make_package, respun, unpack


def set_zone(copy: Copy, kind: str, zone: str) -> None:
    """This copy's own profile, the example of ``kind`` with its 所在高新区 typed as ``zone``."""
    profile = ApplicantProfile.model_validate(
        {**example_json(kind)["applicant"], "hitech_zone": zone}
    )
    copy.store.set_setting(OWN_APPLICANT_SETTING, str(copy.store.save_applicant(profile)))


def enterprise_doc(zone: str):
    doc = example_document("incubator")
    applicant = doc.applicant.model_copy(update={"hitech_zone": zone})  # type: ignore[union-attr]
    return replace(doc, applicant=ApplicantProfile.model_validate(applicant.model_dump()))


@pytest.mark.parametrize(
    ("clerk", "office_typed"),
    [("南宁高新区", "南宁高新技术产业开发区"), ("南宁高新技术产业开发区", "南宁高新区")],
)
def test_the_two_spellings_of_the_story_reach_the_same_office(tmp_path, clerk, office_typed):
    enterprise = open_copy(tmp_path / "enterprise")
    app_id = submit(enterprise, doc=enterprise_doc(clerk))
    assert enterprise.store.load(app_id).applicant.hitech_zone == "nanning"
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    manifest, _ = unpack(exported.content)
    assert manifest["addressed_to"] == "nanning" and manifest["signer"]["hitech_zone"] == "nanning"

    office = open_copy(tmp_path / "office")
    set_zone(office, "enclave", office_typed)
    received = office.exchange.import_package(exported.content, exported.file_name)
    assert office.store.load(received.application_id).applicant.hitech_zone == "nanning"


def test_a_package_addressed_by_name_by_an_older_release_still_reaches_its_office(tmp_path):
    data, key = make_package()

    def by_name(manifest, _members):
        manifest["addressed_to"] = "南宁高新技术产业开发区"
        manifest["signer"]["hitech_zone"] = "南宁高新区"

    office = open_copy(tmp_path / "office", "enclave")
    office.exchange.import_package(respun(data, key, by_name), "old.gxpkg")


def test_another_zone_is_refused_naming_both_zones_by_name(tmp_path):
    data, _ = make_package()
    office = open_copy(tmp_path / "liuzhou", "new_track")  # 柳州高新区管委会
    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(data, "n.gxpkg")
    assert caught.value.code == "wrong_office"
    assert "南宁高新技术产业开发区" in caught.value.message
    assert "柳州高新技术产业开发区" in caught.value.message
    assert dump(office.store) == before

    # a neighbouring zone of the same city is another office too
    hexi = open_copy(tmp_path / "hexi")
    set_zone(hexi, "new_track", "柳州河西高新区")
    liuzhou_package, _ = make_package(example_document("rd_subsidy"))
    with pytest.raises(PackageError, match="柳州河西高新技术产业开发区"):
        hexi.exchange.import_package(liuzhou_package, "l.gxpkg")


def test_a_stored_profile_holds_the_id_and_no_typed_level(tmp_path):
    copy = open_copy(tmp_path / "copy")
    set_zone(copy, "incubator", "南宁 高新区")
    with copy.store.engine.connect() as connection:
        stored = connection.exec_driver_sql("SELECT profile FROM applicants").scalar_one()
    profile = json.loads(stored) if isinstance(stored, str) else stored
    assert profile["hitech_zone"] == "nanning" and "zone_level" not in profile
