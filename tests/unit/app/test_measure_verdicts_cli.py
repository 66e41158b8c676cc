"""``gxapply validate`` gives the verdicts the policy texts give (issue 13): each corrected rule,
once passing and once failing, with the exit code following the verdict."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.cli import main
from tests.helpers.examples import example_json
from tests.helpers.materials import json_with_papers
from tests.helpers.samples import OFFICE, POSTDOC, TECH

pytestmark = pytest.mark.usefixtures("private_home")


def validate(
    tmp_path: Path,
    kind: str,
    data: dict[str, Any] | None = None,
    applicant: dict[str, Any] | None = None,
    *args: str,
) -> tuple[int, str]:
    doc = example_json(kind)
    doc["data"].update(data or {})
    doc["applicant"].update(applicant or {})
    doc = json_with_papers(doc)
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return validate_file(path, *args)


def validate_file(path: Path, *args: str) -> tuple[int, str]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(["validate", *args, str(path)])
    return code, out.getvalue()


# --- item 2: 博士后科研工作站 is a fixed 30 万元 ------------------------------------------------


def test_postdoc_grant_of_exactly_the_figure_passes(tmp_path):
    code, out = validate(tmp_path, "rd_subsidy", POSTDOC)
    assert code == 0, out


@pytest.mark.parametrize("amount", ["29.9999", "30.0001"])
def test_postdoc_grant_other_than_the_figure_fails(tmp_path, amount):
    code, out = validate(tmp_path, "rd_subsidy", POSTDOC | {"requested_amount": amount})
    assert code == 1 and "请改为 30 万元" in out and "结论：不能提交" in out


def collection(tmp_path: Path, *docs: dict[str, Any]) -> Path:
    path = tmp_path / "collection.json"
    payload = {"format": "gxapply.applications", "format_version": 1, "applications": list(docs)}
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def document(kind: str, data: dict[str, Any], **top: Any) -> dict[str, Any]:
    doc = example_json(kind)
    doc["data"].update(data)
    doc = json_with_papers(doc)
    doc.update(top)
    return doc


# --- item 3: 科创飞地 — at most 500 万元 per filed 飞地, over every claim for the filing -----------


@pytest.mark.parametrize(("second", "code"), [("200", 0), ("200.0001", 1)])
def test_two_claims_for_one_filing_add_up_against_its_cap(tmp_path, second, code):
    first = document("enclave", TECH | {"requested_amount": "300"})
    other = document("enclave", TECH | {"requested_amount": second})
    got, out = validate_file(collection(tmp_path, first, other), "--no-store")
    assert got == code, out
    if code:
        assert "同一备案科创飞地的各次有效申报合计不超过 500 万元" in out
        assert "结论：不能提交" in out


# --- item 5: cross-claim caps count live claims only, from a file as from the store --------


def _verdict_of_first(out: str, rule_id: str) -> str:
    (found,) = [r for r in json.loads(out)[0]["results"] if r["rule"] == rule_id]
    return str(found["verdict"])


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("draft", "符合"),
        ("rejected", "符合"),
        ("草稿", "符合"),  # a version 1 file names the status by its label
        ("ready", "不符合"),
        ("submitted", "不符合"),
        ("returned", "不符合"),
        ("recommended", "不符合"),
    ],
)
def test_a_claim_in_the_same_file_counts_only_while_it_is_live(tmp_path, status, expected):
    this = document("enclave", TECH | {"requested_amount": "300"})
    other = document("enclave", TECH | {"requested_amount": "300"}, status=status)
    code, out = validate_file(collection(tmp_path, this, other), "--json")
    assert _verdict_of_first(out, "enclave.tech.cap.cumulative") == expected
    if expected == "不符合":
        assert code == 1


def test_a_draft_in_the_file_is_not_counted_and_the_file_passes(tmp_path):
    this = document("enclave", TECH | {"requested_amount": "300"})
    draft = document("enclave", TECH | {"requested_amount": "300"}, status="draft")
    code, out = validate_file(collection(tmp_path, this, draft), "--json")
    first = json.loads(out)[0]
    assert first["can_submit"] is True
    # the draft itself, checked against the live claim beside it, is over the cap: exit 1
    assert code == 1 and json.loads(out)[1]["can_submit"] is False


# --- item 6: 位于高新区内 is read from the register ---------------------------------------------


@pytest.mark.parametrize("kind", ["incubator", "rd_subsidy"])
@pytest.mark.parametrize(
    ("zone", "code"),
    [("南宁高新区", 0), ("nanning", 0), ("无", 1), ("不在高新区内", 1), ("东盟高新区", 1)],
)
def test_in_a_zone_means_a_zone_of_the_register(tmp_path, kind, zone, code):
    got, out = validate(tmp_path, kind, applicant={"hitech_zone": zone})
    assert got == code, out
    if code:
        assert "位于广西高新区内" in out and "结论：不能提交" in out


# --- item 9: 绩效评价 is a past, recent evaluation -----------------------------------------------

EXCELLENT = {
    "request_type": "excellent",
    "certified_level": "regional",
    "evaluation_grade": "excellent",
    "requested_amount": "100",
}


@pytest.mark.parametrize(("years_ago", "code"), [(0, 0), (1, 0), (2, 0), (3, 1), (-1, 1)])
def test_evaluation_year_must_be_past_and_recent(tmp_path, years_ago, code):
    year = date.today().year - years_ago
    got, out = validate(tmp_path, "incubator", EXCELLENT | {"evaluation_year": year})
    assert got == code, out
    if code:
        assert "评价年度不晚于当年" in out and "结论：不能提交" in out


def test_evaluation_year_2099_fails(tmp_path):
    got, out = validate(tmp_path, "incubator", EXCELLENT | {"evaluation_year": 2099})
    assert got == 1 and "晚于今年" in out


# --- item 4: 飞地经济 offices — the four places of 第19项, a closed list ------------------------


@pytest.mark.parametrize(
    ("place", "code"),
    [
        ({"office_location": "zhongguancun", "province": "beijing", "city": "北京市"}, 0),
        ({"office_location": "nanjing", "province": "jiangsu", "city": "南京市"}, 0),
        ({"office_location": "other", "province": "zhejiang", "city": "杭州市"}, 1),
    ],
)
def test_office_place_is_one_of_the_four(tmp_path, place, code):
    got, out = validate(tmp_path, "enclave", OFFICE | place)
    assert got == code, out
    location = [line for line in out.splitlines() if "办公场所设在本项列明的区域之一" in line]
    assert len(location) == 1  # one row judges the place
    assert location[0].lstrip("✗ ").startswith("符合" if code == 0 else "不符合")


# --- item 7: 飞地园区 — the 飞入地 高新区 is the applicant committee's own ---------------------


@pytest.mark.parametrize(
    ("data", "code", "verdict"),
    [
        ({}, 0, "符合"),
        ({"host_zone": "北海高新区", "city": "北海市"}, 1, "不符合"),
        ({"host_zone": "nanning", "city": "北海市"}, 0, "需人工核实"),
    ],
)
def test_park_zone_is_the_applicants_own(tmp_path, data, code, verdict):
    got, out = validate(tmp_path, "enclave", data)
    assert got == code, out
    (line,) = [x for x in out.splitlines() if "飞入地高新区为申报管委会所辖的高新区" in x]
    assert line.lstrip("✗ ").startswith(verdict)


# --- item 8: 孵化器 — two IP figures, either suffices; the 专业 thresholds are checked ----------


def _row(out: str, requirement: str) -> str:
    (line,) = [x for x in out.splitlines() if requirement in x]
    return line.lstrip("✗ ")


IP_ROW = "已申请专利的在孵企业占比不低于 50%，或拥有有效知识产权的在孵企业占比不低于 30%"


@pytest.mark.parametrize(
    ("figures", "verdict"),
    [
        ({"tenants_with_patent_applications": 40, "tenants_with_valid_ip": 41}, "符合"),
        ({"tenants_with_patent_applications": 68, "tenants_with_valid_ip": 0}, "符合"),
        ({"tenants_with_patent_applications": 67, "tenants_with_valid_ip": 40}, "不符合"),
    ],
)
def test_ip_criterion_is_two_figures(tmp_path, figures, verdict):
    code, out = validate(tmp_path, "incubator", figures)
    assert _row(out, IP_ROW).startswith(verdict)
    assert code == 0  # the national criteria inform (提示); they do not block


@pytest.mark.parametrize(("count", "verdict"), [(15, "符合"), (14, "不符合")])
def test_specialised_graduates_are_checked_not_manual(tmp_path, count, verdict):
    data = {
        "incubator_type": "specialised",
        "focus_industry": "生物医药",
        "tenants_in_focus_industry": 110,
        "graduated_count": count,
    }
    code, out = validate(tmp_path, "incubator", data)
    assert _row(out, "累计毕业企业不少于 15 家（专业型）").startswith(verdict) and code == 0
    assert _row(out, "累计毕业企业不少于 20 家（综合型）").startswith("不适用")


# --- item 1: 新赛道 fields — 传统产业 closed, 新兴产业 and 未来产业 open (列举后有“等”) ---------

FUTURE = {"track_category": "future", "transformation_directions": []}


def test_a_field_named_under_an_open_category_goes_to_the_department(tmp_path):
    code, out = validate(tmp_path, "new_track", FUTURE | {"track_field": "量子信息"})
    assert code == 0, out
    assert _row(out, "赛道领域属于本条为所选类别列举的产业").startswith("需人工核实")
    assert "未来产业培育新赛道：量子信息" in out


def test_a_listed_field_passes(tmp_path):
    code, out = validate(tmp_path, "new_track", FUTURE | {"track_field": "new_energy_storage"})
    assert code == 0, out
    assert _row(out, "赛道领域属于本条为所选类别列举的产业").startswith("符合")


def test_an_unlisted_traditional_field_is_refused(tmp_path, capsys):
    code, _ = validate(tmp_path, "new_track", {"track_field": "造纸"})
    assert code == 2
    err = capsys.readouterr().err
    assert "「赛道领域」" in err and "不属于「传统产业转型新赛道」" in err
