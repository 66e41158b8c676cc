"""The office profile: read from a profile of either shape, kept as the 管委会 applicant it is,
and what a 管委会's own application asks of it."""

from __future__ import annotations

from app.settings import Mode, own_profile_values, save_own_profile, write_mode
from db.checking import StoreHistory, check_application
from db.identity import own_profile
from db.repository import Store
from forms import get_form
from forms.applicant import ApplicantProfile, OrgType
from forms.core.catalogue import load_catalogue
from forms.office import OFFICE, OfficeProfile, as_applicant, office_values
from tests.helpers.examples import example_document, example_json

LIUZHOU = example_json("new_track")["applicant"]


def test_an_enterprise_shaped_profile_carries_over_what_the_office_form_asks():
    values = office_values(LIUZHOU)
    assert set(values) == set(OFFICE.fields)
    assert (
        values["hitech_zone"] == "liuzhou" and values["contact_person"] == LIUZHOU["contact_person"]
    )
    old = {**LIUZHOU, "hitech_zone": "柳州高新区", "org_type": "高新区管委会"}  # release 0.1.0
    assert office_values(old)["hitech_zone"] == "liuzhou"  # the code, not the name


def test_the_office_profile_is_kept_in_the_applicant_shape_and_read_back(store: Store):
    write_mode(store, Mode.PARK_OFFICE)
    assert save_own_profile(store, office_values(LIUZHOU)) == []
    profile = own_profile(store)
    assert isinstance(profile, ApplicantProfile)
    assert profile.org_type is OrgType.ZONE_COMMITTEE and profile.city == "liuzhou"
    assert profile.bank_account is None and profile.legal_representative is None
    assert own_profile_values(store, Mode.PARK_OFFICE) == office_values(LIUZHOU)


def test_saving_an_office_profile_refuses_what_is_missing(store: Store):
    issues = save_own_profile(store, {"name": "某园区管委会"}, Mode.PARK_OFFICE)
    assert {i.path[0] for i in issues} == {"uscc", "hitech_zone", "contact_person", "contact_phone"}
    assert own_profile(store) is None


def test_a_zone_committee_applies_without_the_enterprise_only_fields():
    office = OfficeProfile.model_validate(office_values(LIUZHOU))
    doc = example_document("new_track")
    kwargs = {"catalogue": load_catalogue(), "history": StoreHistory.of([])}
    report = check_application(get_form("new_track"), doc.form, as_applicant(office), **kwargs)
    assert not [i for i in report.field_issues if i.path[0] == "applicant"]
    # a firm still owes its 注册日期 and 法定代表人
    firm = example_document("rd_subsidy")
    bare = firm.applicant.model_copy(update={"registered_on": None, "legal_representative": None})
    report = check_application(get_form("rd_subsidy"), firm.form, bare, **kwargs)
    owed = {i.path for i in report.field_issues}
    assert {("applicant", "registered_on"), ("applicant", "legal_representative")} <= owed
