"""Who is in a zone is read from the register: the profile stores a zone id, never a name."""

from __future__ import annotations

import pytest

from forms.applicant import APPLICANT, parse_applicant
from forms.core.display import display_value
from forms.core.rules import Verdict
from forms.core.zones import NOT_IN_ZONE
from tests.helpers.examples import example_json
from tests.helpers.verdicts import report_for, result

IN_ZONE_RULES = [
    ("incubator", "incubator.in_zone"),
    ("rd_subsidy", "rd.matching.in_zone"),
]


def profile_with(zone):
    profile, issues = parse_applicant(
        {**example_json("incubator")["applicant"], "hitech_zone": zone}
    )
    assert profile is not None, issues
    return profile


@pytest.mark.parametrize(
    "spelling", ["南宁高新区", "南宁高新技术产业开发区", " 南宁 高新区 ", "nanning"]
)
def test_both_spellings_of_the_story_are_the_same_zone(spelling):
    profile = profile_with(spelling)
    assert profile.hitech_zone == "nanning" and profile.in_hitech_zone
    assert not APPLICANT.missing_required(profile)


@pytest.mark.parametrize("said", ["无", "不在高新区内", "none"])
def test_not_in_a_zone_is_an_explicit_answer_and_fails_the_in_zone_rules(said):
    profile = profile_with(said)
    assert profile.hitech_zone == NOT_IN_ZONE and not profile.in_hitech_zone
    assert not APPLICANT.missing_required(profile)  # an answer, not a blank
    for kind, rule_id in IN_ZONE_RULES:
        r = result(report_for(kind, applicant={"hitech_zone": said}), rule_id)
        assert r.verdict is Verdict.FAIL and r.observed == "不在高新区内", (kind, r)


@pytest.mark.parametrize(("kind", "rule_id"), IN_ZONE_RULES)
def test_a_zone_of_the_register_passes_and_shows_its_level(kind, rule_id):
    r = result(report_for(kind, applicant={"hitech_zone": "liuzhou-hexi"}), rule_id)
    assert r.verdict is Verdict.PASS and r.observed == "柳州河西高新技术产业开发区（自治区级）"


def test_a_name_the_register_does_not_know_is_kept_and_asks_to_pick_again():
    profile = profile_with("东盟高新区")
    assert profile.hitech_zone == "东盟高新区"  # kept, not silently dropped
    (issue,) = APPLICANT.missing_required(profile)
    assert issue.path == ("hitech_zone",) and issue.code == "zone_unknown"
    assert "请从高新区名录中选择" in issue.message
    r = result(
        report_for("incubator", applicant={"hitech_zone": "东盟高新区"}), "incubator.in_zone"
    )
    assert r.verdict is Verdict.FAIL and "重新选择" in r.message
    report = report_for("incubator", applicant={"hitech_zone": "东盟高新区"})
    assert not report.can_submit


def test_an_empty_zone_is_unfilled_not_an_answer():
    profile = profile_with("")
    assert profile.hitech_zone is None
    assert [i.code for i in APPLICANT.missing_required(profile)] == ["missing"]
    r = result(report_for("incubator", applicant={"hitech_zone": None}), "incubator.in_zone")
    assert r.verdict is Verdict.FAIL


def test_the_level_is_read_from_the_register_not_typed():
    assert "zone_level" not in APPLICANT.fields
    spec = APPLICANT.spec("hitech_zone")
    assert display_value(spec, "nanning") == "南宁高新技术产业开发区（国家级）"
    assert display_value(spec, "baise") == "百色高新技术产业开发区（自治区级）"
    assert display_value(spec, NOT_IN_ZONE) == "不在高新区内"


def test_a_profile_saved_by_an_older_release_with_a_typed_level_still_opens():
    old = {**example_json("incubator")["applicant"], "hitech_zone": "南宁高新区"}
    profile, issues = parse_applicant({**old, "zone_level": "自治区级"})  # typed wrong, ignored
    assert not issues and profile is not None
    assert profile.hitech_zone == "nanning" and "zone_level" not in profile.model_dump()


def test_a_release_one_file_with_a_blank_zone_reads_as_not_in_a_zone_like_its_store():
    """0.1.0's form said 「不在高新区内的留空」: migration 0005 reads a blank as 不在高新区内, and a
    format-1 file must be read the same way (it used to become 'not filled in')."""
    import json

    from forms import all_forms
    from forms.applicant import APPLICANT
    from forms.core.document import documents_from_json
    from forms.core.zones import NOT_IN_ZONE
    from tests.helpers.examples import DATA

    obj = json.loads((DATA / "legacy" / "json_v1" / "rd_subsidy.json").read_text("utf-8"))
    obj["applicant"]["hitech_zone"] = ""
    (doc,) = documents_from_json(obj, all_forms(), APPLICANT)
    assert doc.applicant.hitech_zone == NOT_IN_ZONE
    obj["applicant"]["hitech_zone"] = "南宁高新区"  # a name, as 0.1.0 wrote it
    (doc,) = documents_from_json(obj, all_forms(), APPLICANT)
    assert doc.applicant.hitech_zone == "nanning"
