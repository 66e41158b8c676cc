"""Printouts without padding (issue 15 item 14): the 不适用 rules in one line, and a typical
审核意见表 on one or two pages."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from forms.core.materials import material_of_result
from forms.core.rules import RuleResult, Severity, Verdict
from forms.core.validation import not_applicable_summary
from forms.packet import render_packet
from forms.packet.review_sheets import render_opinion
from tests.helpers.examples import KINDS
from tests.helpers.opinions import RETURNED, typical_opinion
from tests.helpers.samples import make_packet, squeezed_pages, squeezed_text


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def result(rule_id: str, article: str, requirement: str, verdict: Verdict) -> RuleResult:
    return RuleResult(rule_id, article, requirement, Severity.ERROR, verdict, "", "", ())


def test_the_summary_groups_the_rules_that_do_not_apply_by_article_in_one_line():
    results = [
        result("a", "第（九）条", "科创飞地设在自治区外", Verdict.NOT_APPLICABLE),
        result("b", "第（四）条", "飞地园区位于飞入地高新区", Verdict.PASS),
        result("c", "第（十）条", "在孵企业不少于 50 家", Verdict.NOT_APPLICABLE),
        result("d", "第（九）条", "经费" + "很长的要求" * 10, Verdict.NOT_APPLICABLE),
    ]
    summary = not_applicable_summary(results)
    assert "\n" not in summary
    assert summary.startswith("不适用（3 条）：第（九）条（2 条）：科创飞地设在自治区外／经费很长")
    assert summary.index("第（九）条") < summary.index("第（十）条：在孵企业不少于 50 家")
    assert "飞入地" not in summary  # a rule that applies is not named
    assert "…" in summary and "很长的要求" * 10 not in summary  # a long requirement is cut
    assert not_applicable_summary(results, titles=False) == (
        "不适用（3 条）：第（九）条（2 条）；第（十）条。"
    )
    assert not_applicable_summary(results[1:2]) == ""


@pytest.mark.parametrize("kind", ["enclave", "rd_subsidy"])
def test_the_packet_self_check_lists_the_rules_that_do_not_apply_in_one_line(kind):
    packet = make_packet(kind)
    skipped = [r for r in packet.report.results if r.verdict is Verdict.NOT_APPLICABLE]
    listed = len(packet.report.results) - len(skipped)
    assert len(skipped) >= 10  # the examples the issue complained of
    text = squeezed_text(render_packet(packet))
    check = text[text.rindex("政策条款自查表") : text.rindex("附件清单")]
    line = check[check.index(f"不适用（{len(skipped)}条）：") :]
    applying = {r.requirement for r in packet.report.results if r not in skipped}
    for rule in skipped:  # each named by article and requirement in the line, not in the table
        assert squeeze(rule.article) in line, rule.rule_id
        assert squeeze(rule.requirement)[:20] in line, rule.rule_id
        if rule.requirement not in applying:  # (申领主体为企业 is said by two articles)
            assert squeeze(rule.requirement)[:20] not in check[: check.index("不适用（")]
    table = check[: check.index(f"不适用（{len(skipped)}条）：")]
    # the table numbers only the rules that apply
    assert f"{listed}" in table and f"{listed + 1}获得" not in table


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("decided", [False, True], ids=["blank", "returned"])
def test_a_typical_opinion_sheet_fits_on_two_pages(kind, decided):
    sheet = typical_opinion(kind, decisions=(RETURNED,) if decided else ())
    pages = squeezed_pages(render_opinion(sheet))
    assert len(pages) <= 2, f"{kind}: {len(pages)} pages"
    text = "".join(pages)
    for rule in sheet.report.results:  # every rule of the re-run is still accounted for
        if rule.verdict is Verdict.PASS and material_of_result(rule) is not None:
            material = squeeze(rule.requirement).removeprefix("材料齐全：")
            assert material in text[: text.index("三、政策条款复核")], rule.rule_id  # 申报材料
        else:
            assert squeeze(rule.article)[:12] in text, rule.rule_id
    for check in sheet.manual_checks:
        assert squeeze(check.label)[:20] in text
    assert "审核人（签字）" in text and "园区（盖章）" in text and "日期：" in text
    if decided:
        assert "与立项文件所列名称不一致" in text and "尚未作出审核决定" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_the_opinion_sheet_lists_each_rule_once(kind):
    sheet = typical_opinion(kind)
    text = squeezed_text(render_opinion(sheet))
    part = text[text.index("三、政策条款复核") : text.rindex("四、需人工核实事项")]
    report = sheet.report
    skipped = report.count(Verdict.NOT_APPLICABLE)
    if skipped:  # the 不适用 rules: counted, their articles named, in one line
        assert f"不适用（{skipped}条）：" in part

    def elsewhere(rule: RuleResult) -> bool:
        return rule.verdict in (Verdict.NOT_APPLICABLE, Verdict.MANUAL) or (
            rule.verdict is Verdict.PASS and material_of_result(rule) is not None
        )

    listed = {r.requirement for r in report.results if not elsewhere(r)}
    for rule in report.results:
        in_table = squeeze(rule.requirement)[:16] in part
        if elsewhere(rule):  # (unless another rule says the same words: 申领主体为企业)
            assert not in_table or rule.requirement in listed, rule.rule_id
        else:
            assert in_table, rule.rule_id
    manual = report.count(Verdict.MANUAL)
    assert f"需人工核实的{manual}条见“四、需人工核实事项”" in part


def test_a_missing_material_stays_in_the_rule_table_of_the_sheet():
    sheet = typical_opinion("incubator")
    failed = next(r for r in sheet.report.results if material_of_result(r) is not None)
    failed = replace(failed, verdict=Verdict.FAIL, message="缺少该材料")
    others = tuple(r for r in sheet.report.results if r.rule_id != failed.rule_id)
    sheet = replace(sheet, report=replace(sheet.report, results=(failed, *others)))
    text = squeezed_text(render_opinion(sheet))
    part = text[text.index("三、政策条款复核") : text.rindex("四、需人工核实事项")]
    assert squeeze(failed.requirement) in part and "缺少该材料" in part


def test_a_sheet_whose_rules_are_all_said_elsewhere_has_no_empty_table():
    sheet = typical_opinion("rd_subsidy")
    kept = tuple(r for r in sheet.report.results if r.verdict is not Verdict.PASS)
    sheet = replace(sheet, report=replace(sheet.report, results=kept))
    text = squeezed_text(render_opinion(sheet))
    part = text[text.index("三、政策条款复核") : text.rindex("四、需人工核实事项")]
    assert "下表" not in part and "没有其他条款。" in part and "要求及条款" not in part
    assert "需人工核实的7条见“四、需人工核实事项”" in part
