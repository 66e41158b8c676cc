"""Coded choices: the member is its code (stored, exported, signed), ``.label`` is shown."""

from __future__ import annotations

import json

import pytest

from forms import all_forms, get_form
from forms.applicant import APPLICANT, City, OrgType
from forms.core.choices import Choice, label_of
from forms.core.display import display_value
from forms.core.document import DocumentError, documents_from_json
from forms.core.validation import parse_form
from forms.core.workflow import Status, TransitionError, check_transition
from forms.new_track import TrackCategory


def test_a_choice_is_its_code_and_shows_its_label():
    assert OrgType.ENTERPRISE == "enterprise" and OrgType("enterprise") is OrgType.ENTERPRISE
    assert OrgType.ENTERPRISE.label == "企业" and label_of(OrgType.ENTERPRISE) == "企业"
    assert json.dumps({"org_type": OrgType.ENTERPRISE}) == '{"org_type": "enterprise"}'
    assert City.labels()["fangchenggang"] == "防城港市"
    with pytest.raises(ValueError):
        OrgType("企业")  # a label is never a value: old labels go through the form's value map


def test_the_city_codes_are_the_agreed_ones():
    assert [c.value for c in City] == [
        "nanning",
        "liuzhou",
        "guilin",
        "wuzhou",
        "beihai",
        "fangchenggang",
        "qinzhou",
        "guigang",
        "yulin",
        "baise",
        "hezhou",
        "hechi",
        "laibin",
        "chongzuo",
    ]


def test_a_choice_needs_an_ascii_code_and_a_label():
    with pytest.raises(ValueError, match="needs a label"):

        class NoLabel(Choice):
            A = "a"

    with pytest.raises(ValueError, match="ASCII"):

        class ChineseCode(Choice):
            A = "甲", "甲"


def test_fields_print_labels_and_hold_codes():
    profile = APPLICANT.spec("org_type")
    assert profile.options[0] == "enterprise" and profile.option_label("enterprise") == "企业"
    assert display_value(profile, OrgType.ZONE_COMMITTEE) == "高新区管委会"
    track = get_form("new_track").spec("track_field")
    assert track.options_for(TrackCategory.TRADITIONAL)[-1] == "machinery"
    assert display_value(track, "machinery") == "机械"
    directions = get_form("new_track").spec("transformation_directions")
    assert display_value(directions, ["intelligent", "green"]) == "智能化、绿色化"


def test_a_dependent_choice_outside_its_parent_is_refused_in_labels(example):
    data = example("new_track")["data"] | {"track_category": "emerging", "track_field": "steel"}
    form, issues = parse_form(get_form("new_track"), data)
    assert form is None
    assert issues[0].message.startswith(
        "「钢铁」不属于「新兴产业发展新赛道」，可选：新一代信息技术、"
    )


def test_a_file_of_a_newer_form_version_is_refused_in_chinese(example):
    doc = example("incubator") | {"form_version": 99}
    with pytest.raises(DocumentError) as caught:
        documents_from_json(doc, all_forms(), APPLICANT)
    assert "比本软件的“科技企业孵化器认定/后补助申请表”（第 2 版）新，请升级软件" in str(
        caught.value
    )


def test_a_status_message_names_labels():
    with pytest.raises(
        TransitionError, match="状态为“草稿”的申报不能改为“已推荐”（可改为：待提交）"
    ):
        check_transition(Status.DRAFT, Status.RECOMMENDED)
