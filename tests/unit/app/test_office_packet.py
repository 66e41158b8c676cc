"""A park office's own application (新赛道, 飞地…): its packet, cover, pledge and checks show the
profile form it applies with (本园区信息), never the enterprise form's fields left blank."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from app.packets import packet_for
from app.settings import Mode, save_own_profile, write_mode
from db.repository import Store
from db.this_copy import own_applicant_id
from forms import form_registry, get_form
from forms.applicant import APPLICANT
from forms.core.display import EMPTY
from forms.core.rules import FIX_IN_PROFILE, Verdict
from forms.office import OFFICE, OfficeProfile, as_applicant, office_values
from forms.packet import render_packet
from forms.packet.layout import cover_rows
from forms.rd_subsidy import ClaimCategory
from tests.helpers.examples import KINDS, example_json

FULL_OFFICE = office_values(example_json("new_track")["applicant"])
# Fields of the enterprise form the office form does not ask (注册日期, 法定代表人, 收款账户…).
ENTERPRISE_ONLY = [APPLICANT.spec(n).label for n in APPLICANT.fields if n not in OFFICE.fields]


def office_data(kind: str) -> dict:
    """The example of ``kind`` as an office would fill it: 成果转化 is the 研发补助 it may claim."""
    data = example_json(kind)["data"]
    if kind == "rd_subsidy":
        data["category"] = ClaimCategory.CONTINUED_TRANSFER.value
    return data


def open_to_an_office() -> list[str]:
    office = as_applicant(OfficeProfile.model_validate(FULL_OFFICE))
    return [
        kind
        for kind in KINDS
        if (e := get_form(kind).eligibility) is None or e.refusal_for(office) is None
    ]


OFFICE_KINDS = open_to_an_office()


def squeezed_text(pdf: bytes) -> str:
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", "", text)


def applicant_part(text: str, kind: str) -> str:
    """Part 一 of the packet: from its heading (not the contents' line) to part 二."""
    start = text.rfind("一、申报主体信息")
    return text[start : text.index(f"二、{get_form(kind).title}", start)]


def own_application(store: Store, mode: Mode, profile: dict, kind: str, data: dict) -> int:
    write_mode(store, mode)
    assert save_own_profile(store, profile, mode, seen=None) == []
    applicant_id = own_applicant_id(store)
    assert applicant_id is not None
    return store.create_application(kind, applicant_id, get_form(kind).load(data)).id


def test_an_office_may_apply_for_new_track_and_enclave():
    # 新赛道 (measure 十二) and 飞地 (四, 九) are the 管委会's own; 孵化载体 and 成果转化 are open
    assert {"new_track", "enclave"} <= set(OFFICE_KINDS)
    assert "rd_subsidy" in OFFICE_KINDS and "incubator" in OFFICE_KINDS


def test_the_registry_declares_the_profile_form_by_the_applicants_type():
    registry = form_registry()
    office = as_applicant(OfficeProfile.model_validate(FULL_OFFICE))
    firm = APPLICANT.load(example_json("rd_subsidy")["applicant"])
    assert registry.profile_definition(office) is OFFICE
    # a 管委会 that filled the enterprise form (an enterprise copy) is still a 管委会
    assert (
        registry.profile_definition(APPLICANT.load(example_json("new_track")["applicant"]))
        is OFFICE
    )
    assert registry.profile_definition(firm) is APPLICANT
    assert registry.profile_definition(None) is APPLICANT


@pytest.mark.parametrize("kind", OFFICE_KINDS)
def test_an_office_with_a_full_profile_prints_no_empty_applicant_line(store: Store, kind):
    app_id = own_application(store, Mode.PARK_OFFICE, FULL_OFFICE, kind, office_data(kind))
    packet = packet_for(store, app_id)
    assert packet.applicant_definition is OFFICE
    rows = cover_rows(packet)
    assert [label for label, _ in rows] == [
        "申报单位",
        "统一社会信用代码",
        "所辖高新区",
        "申报编号",
        "打印日期",
    ]
    assert all(text for _, text in rows), rows

    text = squeezed_text(render_packet(packet))
    part = applicant_part(text, kind)
    assert "（一）园区基本信息" in part and "（二）联系方式" in part
    for _, spec in OFFICE.iter_fields():
        assert spec.label in part
    assert EMPTY not in part  # every line of the profile has its value
    assert [label for label in ENTERPRISE_ONLY if label in part] == []
    assert "单位负责人（签字）" in text[text.rfind("诚信承诺书") :]


@pytest.mark.parametrize("kind", OFFICE_KINDS)
def test_an_office_applicant_is_not_asked_for_enterprise_fields(store: Store, kind):
    app_id = own_application(store, Mode.PARK_OFFICE, FULL_OFFICE, kind, office_data(kind))
    report = store.validate_record(store.load(app_id))
    assert [i for i in report.field_issues if i.path[:1] == ("applicant",)] == []
    about_profile = [
        r
        for r in report.results
        if FIX_IN_PROFILE in r.message and r.verdict in (Verdict.FAIL, Verdict.INCOMPLETE)
    ]
    assert about_profile == []


def test_an_enterprise_still_prints_the_enterprise_profile(store: Store):
    firm = example_json("rd_subsidy")
    app_id = own_application(store, Mode.ENTERPRISE, firm["applicant"], "rd_subsidy", firm["data"])
    packet = packet_for(store, app_id)
    assert packet.applicant_definition is APPLICANT
    labels = [label for label, _ in cover_rows(packet)]
    assert labels == [
        "申报单位",
        "统一社会信用代码",
        "所在高新区",
        "推荐单位",
        "申报编号",
        "打印日期",
    ]
    text = squeezed_text(render_packet(packet))
    part = applicant_part(text, "rd_subsidy")
    assert "（三）收款账户" in part and f"注册日期{firm['applicant']['registered_on']}" in part
    assert f"法定代表人{firm['applicant']['legal_representative']}" in part
    assert "法定代表人（签字）" in text[text.rfind("诚信承诺书") :]
