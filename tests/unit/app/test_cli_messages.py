"""gxapply validate: the rule table's columns, numbers and NaN as the user reads them."""

from __future__ import annotations

import json
import unicodedata

import pytest

from app.cli import main
from app.commands import SEVERITY_WIDTH, VERDICT_WIDTH
from tests.helpers.examples import example_json, json_file

pytestmark = pytest.mark.usefixtures("private_home")


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def test_manual_verdict_does_not_run_into_the_next_column(tmp_path, capsys):
    assert main(["validate", "--no-store", json_file(tmp_path, example_json("incubator"))]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if "需人工核实" in line[:8]]
    assert lines
    for line in lines:
        verdict_end = line.index("需人工核实") + len("需人工核实")
        assert line[verdict_end] == " ", line  # a gap before the severity
        severity_start = len(line) - len(line[verdict_end:].lstrip(" "))
        assert _columns(line[:severity_start]) == 2 + VERDICT_WIDTH, line
        rest = line[severity_start:]
        label = rest.split()[0]
        after = rest[len(label) :]
        assert _columns(label) + len(after) - len(after.lstrip(" ")) == SEVERITY_WIDTH
    assert _columns("需人工核实") + 1 <= VERDICT_WIDTH


def test_nan_in_a_field_names_the_field_not_the_file(tmp_path, capsys):
    text = json.dumps(example_json("incubator"), ensure_ascii=False)
    text = text.replace('"total_area": "32000"', '"total_area": NaN')
    assert main(["validate", json_file(tmp_path, text)]) == 2
    err = capsys.readouterr().err
    assert "「可自主支配孵化场地面积」为非法数值 NaN" in err and "doc.json" not in err


def test_misplaced_separator_in_a_file_is_refused_naming_the_field(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"]["requested_amount"] = "10,0"
    assert main(["validate", json_file(tmp_path, doc)]) == 2
    assert "「申请后补助金额」“10,0”的千位分隔符位置不对" in capsys.readouterr().err
    doc["data"]["requested_amount"] = "2026-11-30"
    assert main(["validate", json_file(tmp_path, doc)]) == 2
    assert "「申请后补助金额」应填数字，“2026-11-30”是日期" in capsys.readouterr().err
    doc["data"]["requested_amount"] = "1,00"
    assert main(["validate", json_file(tmp_path, doc)]) == 2
    doc["data"]["requested_amount"] = "1,000"  # well-grouped: read, and over the cap
    assert main(["validate", json_file(tmp_path, doc)]) == 1


def test_negative_amount_says_what_to_enter(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"]["requested_amount"] = -5
    assert main(["validate", json_file(tmp_path, doc)]) == 2
    assert "「申请后补助金额」不能小于 0，请填写 0 或正数" in capsys.readouterr().err


def test_form_requirements_are_not_printed_as_articles(tmp_path, capsys):
    assert main(["validate", "--no-store", json_file(tmp_path, example_json("new_track"))]) == 0
    out = capsys.readouterr().out
    assert "填报要求：表内数据一致" in out
    assert "条款：填报要求" not in out
    assert "条款：《若干措施》第（十二）条" in out


def test_a_lapsed_source_says_its_basis_needs_confirming(tmp_path, capsys):
    doc = example_json("rd_subsidy")
    doc["data"] = {
        "project_name": "研发投入后补助",
        "category": "post_subsidy",
        "rd_year": 2025,
        "rd_last_year": "500",
        "revenue_last_year": "10000",
        "rd_year_before": "400",
        "revenue_year_before": "9000",
        "rd_deduction": "500",
        "requested_amount": "50",
        "summary": "研发投入情况",
        "fund_plan": "用于研发",
    }
    main(["validate", "--no-store", json_file(tmp_path, doc)])
    out = capsys.readouterr().out
    assert "※ 该文件适用期为 2021—2023年，已到期" in out
    assert "本项后补助的依据和分档须按现行政策核实" in out


def test_clerk_checks_through_validate(tmp_path, capsys):
    doc = example_json("incubator")
    doc["data"]["staff_professional"] = 26  # = the total: consistent
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 0
    capsys.readouterr()
    doc["data"]["staff_professional"] = 27
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 1
    out = capsys.readouterr().out
    assert "专业孵化服务人员数 27 人 超过管理服务人员总数 26 人" in out
    assert "填报要求：表内数据一致" in out
    doc = example_json("new_track")
    doc["data"]["end_date"] = doc["data"]["start_date"]
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 2
    assert "「实施期结束日期」与「实施期开始日期」为同一天" in capsys.readouterr().err


def test_operator_check_is_listed_by_validate(tmp_path, capsys):
    assert main(["validate", "--no-store", json_file(tmp_path, example_json("incubator"))]) == 0
    out = capsys.readouterr().out
    assert "申报单位为该认定孵化载体的运营机构" in out


def test_matching_row_shows_received_and_approved(tmp_path, capsys):
    doc = example_json("rd_subsidy")
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 0
    out = capsys.readouterr().out
    assert "已获（到账）国家专项资金 300 万元（批复总额 450 万元）" in out
    doc["data"]["requested_amount"] = "450"
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 1


def test_caps_list_grants_the_store_cannot_see(tmp_path, capsys):
    assert main(["validate", json_file(tmp_path, example_json("new_track"))]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "每个新赛道的科技项目支持合计不超过上限：" in x)
    assert line.startswith("  需人工核实") and "以往年度、其他园区办受理或纸质申报" in line


def test_tax_splits_through_validate(tmp_path, capsys):
    doc = example_json("enclave")
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 0
    capsys.readouterr()
    doc["data"]["cit_in_share"] = "50"
    assert main(["validate", "--no-store", json_file(tmp_path, doc)]) == 1
    assert (
        "企业所得税飞出地分成比例 60 % 与飞入地分成比例 50 % 合计 110 %" in capsys.readouterr().out
    )
    old = example_json("enclave")
    old["form_version"] = 2
    del old["data"]["cit_out_share"], old["data"]["cit_in_share"]
    assert main(["validate", "--no-store", json_file(tmp_path, old)]) == 0
