"""Rules of 研发补助申领 (《若干措施》第（五）至（八）条, 《双创行动计划》第3项), each on both sides."""

from __future__ import annotations

from decimal import Decimal
from itertools import count
from typing import Any

import pytest

from forms.core.catalogue import CatalogueError
from forms.core.rules import PriorClaim, StaticHistory, Verdict
from forms.core.validation import parse_form
from forms.core.workflow import Status
from forms.rd_subsidy import FORM, ClaimCategory, rd_intensity
from tests.helpers.examples import example_document, example_json
from tests.helpers.samples import CONTINUED, PILOT, PLATFORM, POST, POSTDOC, C
from tests.helpers.verdicts import report_for, result

OUTSIDE = {
    "category": C.OUTSIDE_TRANSFER.value,
    "project_name": "碳化硅功率模块封装技术落地转化",
    "achievement_source": "区外",
    "achievement_owner": "华中科技大学",
    "total_investment": "2000",
    "requested_amount": "500",
}
BY_CATEGORY = {
    C.PLATFORM: PLATFORM,
    C.POSTDOC: POSTDOC,
    C.PILOT: PILOT,
    C.CONTINUED_TRANSFER: CONTINUED,
    C.OUTSIDE_TRANSFER: OUTSIDE,
    C.POST_SUBSIDY: POST,
}
NO_PRIOR = StaticHistory([])
_ids = count(1)


def claim(
    category: ClaimCategory,
    status: str,
    amount: str,
    *,
    number: str = "",
    kind: str = "rd_subsidy",
    **data: Any,
) -> PriorClaim:
    return PriorClaim(
        application_id=next(_ids),
        number=number or f"GXRD-2026-{amount}",
        kind=kind,
        status=status,
        title="另一项申领",
        data={"category": category.value, "requested_amount": amount, **data},
    )


def verdict(rule_id: str, **kwargs: Any) -> Verdict:
    return result(report_for("rd_subsidy", **kwargs), rule_id).verdict


# --- the example and every category -------------------------------------------------------


def test_example_passes_every_error_rule():
    report = report_for("rd_subsidy", history=NO_PRIOR)
    assert report.can_submit, report.reasons()
    assert result(report, "rd.matching.ratio").verdict is Verdict.PASS
    assert result(report, "rd.matching.cap_per_firm").verdict is Verdict.PASS
    assert result(report, "rd.postdoc.grant").verdict is Verdict.NOT_APPLICABLE


def test_example_reads_as_a_document():
    doc = example_document("rd_subsidy")
    assert doc.title == "重型商用车高效电驱动总成关键技术研究与应用"
    assert FORM.amount_of(doc.form) == Decimal("300")


@pytest.mark.parametrize("category", list(BY_CATEGORY))
def test_each_category_can_be_submitted(category):
    report = report_for("rd_subsidy", data=BY_CATEGORY[category], history=NO_PRIOR)
    assert report.can_submit, report.reasons()
    assert result(report, "rd.matching.ratio").verdict is Verdict.NOT_APPLICABLE


@pytest.mark.parametrize(
    ("category", "field"),
    [
        (C.PLATFORM, "platform_type"),
        (C.POSTDOC, "postdoc_approval_no"),
        (C.PILOT, "partners"),
        (C.OUTSIDE_TRANSFER, "achievement_source"),
        (C.POST_SUBSIDY, "rd_deduction"),
    ],
)
def test_category_fields_required_when_chosen(category, field):
    data = dict(BY_CATEGORY[category])
    data[field] = [] if field == "partners" else None
    report = report_for("rd_subsidy", data=data, history=NO_PRIOR)
    assert any(i.path == (field,) and "必填" in i.message for i in report.field_issues)
    assert not report.can_submit
    example_only = report_for("rd_subsidy", history=NO_PRIOR, drop=(field,))
    assert not any(i.path == (field,) for i in example_only.field_issues)


# --- who may claim ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "rule_id"),
    [
        ({}, "rd.matching.in_zone"),
        (PLATFORM, "rd.platform.in_zone"),
        (POSTDOC, "rd.postdoc.in_zone"),
        (PILOT, "rd.pilot_transfer.in_zone"),
        (CONTINUED, "rd.pilot_transfer.in_zone"),
        (OUTSIDE, "rd.pilot_transfer.in_zone"),
    ],
)
def test_zone_required(data, rule_id):
    assert verdict(rule_id, data=data) is Verdict.PASS
    report = report_for("rd_subsidy", data=data, applicant={"hitech_zone": None})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "所在高新区" in r.message
    assert not report.can_submit


def test_post_subsidy_is_not_limited_to_zones():
    # 《双创行动计划》 applies across Guangxi, not only inside a 高新区 (the profile now says so
    # explicitly: 「不在高新区内」 is a choice, the field is no longer left blank for it).
    report = report_for("rd_subsidy", data=POST, applicant={"hitech_zone": "none"})
    assert report.can_submit, report.reasons()
    assert all(
        r.verdict is Verdict.NOT_APPLICABLE for r in report.results if "in_zone" in r.rule_id
    )


@pytest.mark.parametrize(
    ("data", "rule_id"),
    [
        ({}, "rd.matching.enterprise"),
        (PLATFORM, "rd.platform.enterprise"),
        (POSTDOC, "rd.postdoc.enterprise"),
        (PILOT, "rd.pilot.enterprise"),
        (POST, "rd.post_subsidy.enterprise"),
    ],
)
def test_enterprise_required(data, rule_id):
    assert verdict(rule_id, data=data) is Verdict.PASS
    report = report_for("rd_subsidy", data=data, applicant={"org_type": "高校或科研院所"})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "限企业" in r.message
    assert not report.can_submit


def test_transfer_is_open_to_a_university():
    report = report_for("rd_subsidy", data=CONTINUED, applicant={"org_type": "高校或科研院所"})
    assert report.can_submit, report.reasons()


# --- 第（五）条: national project matching ------------------------------------------------


def test_matching_ratio():
    ok = {"requested_amount": "300"}
    assert verdict("rd.matching.ratio", data=ok, history=NO_PRIOR) is Verdict.PASS
    r = result(report_for("rd_subsidy", data={"requested_amount": "300.0001"}), "rd.matching.ratio")
    assert r.verdict is Verdict.FAIL
    assert "最多可申请 300 万元" in r.message
    assert r.observed == (
        "申请 300.0001 万元 / 已获（到账）国家专项资金 300 万元（批复总额 450 万元）"
    )


PROJECT = "2023YFB2504300"  # the example's national project


def matching(status: str, amount: str, number: str, project: str = PROJECT) -> PriorClaim:
    return claim(C.MATCHING, status, amount, number=number, project_number=project)


def test_matching_ratio_counts_live_claims_on_the_same_project():
    # national funds 300 at 1:1: 100 already claimed on this project leaves 200
    history = StaticHistory([matching("已提交", "100", "GXRD-2025-0011")])
    report = report_for("rd_subsidy", data={"requested_amount": "200"}, history=history)
    r = result(report, "rd.matching.ratio")
    assert r.verdict is Verdict.PASS
    assert (
        r.observed == "本次 200 万元 + 同一项目已申领 100 万元 = 300 万元 / "
        "已获（到账）国家专项资金 300 万元（批复总额 450 万元）"
    )

    report = report_for("rd_subsidy", history=history)
    r = result(report, "rd.matching.ratio")
    assert r.verdict is Verdict.FAIL
    assert (
        r.observed == "本次 300 万元 + 同一项目已申领 100 万元 = 400 万元 / "
        "已获（到账）国家专项资金 300 万元（批复总额 450 万元）"
    )
    assert "GXRD-2025-0011（100 万元）" in r.message and PROJECT in r.message
    assert "本次最多可申请 200 万元" in r.message
    assert not report.can_submit


def test_matching_ratio_ignores_other_projects_and_dead_claims():
    history = StaticHistory(
        [
            matching("已推荐", "300", "A", project="2022YFA0001000"),
            matching("不予推荐", "300", "B"),
            matching("草稿", "300", "C"),
            claim(C.PILOT, "已提交", "300", number="D", project_number=PROJECT),
        ]
    )
    r = result(report_for("rd_subsidy", history=history), "rd.matching.ratio")
    assert r.verdict is Verdict.PASS and "同一项目已申领 0 万元" in r.observed


def test_matching_ratio_compares_project_numbers_loosely():
    history = StaticHistory([matching("退回补正", "1", "A", project=" 2023yfb2504300 ")])
    assert verdict("rd.matching.ratio", history=history) is Verdict.FAIL


def test_matching_ratio_without_the_store_is_manual_unless_it_fails_alone():
    r = result(report_for("rd_subsidy"), "rd.matching.ratio")
    assert r.verdict is Verdict.MANUAL and "未查询" in r.message


def test_matching_ratio_with_an_unreadable_amount_is_manual():
    history = StaticHistory([matching("已提交", "abc", "GXRD-2026-0099")])
    r = result(report_for("rd_subsidy", history=history), "rd.matching.ratio")
    assert r.verdict is Verdict.MANUAL and "GXRD-2026-0099" in r.message


def test_matching_ratio_follows_the_catalogue(catalogue):
    half = catalogue.with_value("rd.matching_ratio", Decimal("0.5"))
    r = result(report_for("rd_subsidy", catalogue=half), "rd.matching.ratio")
    assert r.verdict is Verdict.FAIL
    assert "1:0.5" in r.requirement and "150 万元" in r.message


def test_matching_ratio_incomplete_without_national_funds():
    r = result(report_for("rd_subsidy", data={"national_funds": None}), "rd.matching.ratio")
    assert r.verdict is Verdict.INCOMPLETE and "已获国家专项资金" in r.message


def test_matching_cap_counts_live_claims():
    history = StaticHistory(
        [
            claim(C.MATCHING, "已推荐", "500", number="GXRD-2025-0007"),
            claim(C.MATCHING, "退回补正", "300", number="GXRD-2026-0002"),
        ]
    )
    report = report_for("rd_subsidy", history=history)
    r = result(report, "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.FAIL
    assert r.observed == "本次 300 万元 + 已申领 800 万元 = 1,100 万元"
    assert "GXRD-2025-0007（500 万元）" in r.message
    assert "本次最多可申请 200 万元" in r.message
    assert not report.can_submit


def test_matching_cap_reached_exactly_passes():
    history = StaticHistory(
        [claim(C.MATCHING, "已提交", "400"), claim(C.MATCHING, "待提交", "300")]
    )
    r = result(report_for("rd_subsidy", history=history), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.PASS
    assert r.observed == "本次 300 万元 + 已申领 700 万元 = 1,000 万元"


def test_matching_cap_ignores_rejected_drafts_other_categories_and_forms():
    history = StaticHistory(
        [
            claim(C.MATCHING, "不予推荐", "800"),
            claim(C.MATCHING, "草稿", "900"),
            claim(C.POSTDOC, "已推荐", "30"),
            claim(C.PILOT, "已提交", "1000"),
            claim(C.MATCHING, "已推荐", "900", kind="incubator"),
        ]
    )
    r = result(report_for("rd_subsidy", history=history), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.PASS
    assert r.observed == "本次 300 万元 + 已申领 0 万元 = 300 万元"


def test_matching_cap_without_the_store_is_manual():
    r = result(report_for("rd_subsidy"), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.MANUAL
    assert "未查询" in r.message


def test_matching_cap_fails_alone_even_without_the_store():
    data = {"national_funds_approved": "1500", "national_funds": "1200", "requested_amount": "1001"}
    r = result(report_for("rd_subsidy", data=data), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.FAIL and "超过上限 1,000 万元" in r.message


def test_matching_cap_follows_the_catalogue(catalogue):
    history = StaticHistory([claim(C.MATCHING, "已推荐", "800")])
    assert verdict("rd.matching.cap_per_firm", history=history) is Verdict.FAIL
    higher = catalogue.with_value("rd.matching_cap_per_firm", 1100)
    r = result(
        report_for("rd_subsidy", history=history, catalogue=higher), "rd.matching.cap_per_firm"
    )
    assert r.verdict is Verdict.PASS and "1,100" in r.requirement


def test_unreadable_prior_amount_is_manual():
    prior = claim(C.MATCHING, "已提交", "abc", number="GXRD-2026-0009")
    r = result(report_for("rd_subsidy", history=StaticHistory([prior])), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.MANUAL and "GXRD-2026-0009" in r.message


def test_funds_received_within_approved_is_an_error():
    # issue 13 item 17: 已获 above 批复 is an error, no longer a 提示 (it was a warning before)
    assert verdict("rd.matching.funds_received") is Verdict.PASS
    report = report_for("rd_subsidy", data={"national_funds": "460"}, history=NO_PRIOR)
    assert result(report, "rd.matching.funds_received").verdict is Verdict.FAIL
    assert not report.can_submit, "funds received above the approved total block submission"


def test_matching_documents_are_checked_by_hand():
    r = result(report_for("rd_subsidy"), "rd.matching.documents")
    assert r.verdict is Verdict.MANUAL
    assert "2023YFB2504300" in r.observed and "科学技术部" in r.observed


# --- 第（六）条: national platform -------------------------------------------------------


def test_platform_must_be_led_by_the_firm():
    assert verdict("rd.platform.lead", data=PLATFORM) is Verdict.PASS
    report = report_for("rd_subsidy", data=PLATFORM | {"role": "参与单位"})
    r = result(report, "rd.platform.lead")
    assert r.verdict is Verdict.FAIL and "牵头" in r.message
    assert not report.can_submit


def test_platform_support_is_manual_and_shows_the_floor(catalogue):
    r = result(report_for("rd_subsidy", data=PLATFORM), "rd.platform.support")
    assert r.verdict is Verdict.MANUAL
    assert "不低于 5,000 万元" in r.observed
    raised = catalogue.with_value("rd.platform_support_min", 6000)
    r = result(report_for("rd_subsidy", data=PLATFORM, catalogue=raised), "rd.platform.support")
    assert "6,000" in r.requirement and "6,000" in r.observed


# --- 第（七）条: postdoctoral station -------------------------------------------------------


def test_postdoc_grant():
    assert verdict("rd.postdoc.grant", data=POSTDOC) is Verdict.PASS
    # 「给予30万元」 is a fixed sum: less than it is as wrong as more (29.9999 passed before)
    for less_amount in ("20", "29.9999"):
        report = report_for("rd_subsidy", data=POSTDOC | {"requested_amount": less_amount})
        less = result(report, "rd.postdoc.grant")
        assert less.verdict is Verdict.FAIL and "定额 30 万元" in less.observed
        assert "低于定额，请改为 30 万元" in less.message and not report.can_submit
    report = report_for("rd_subsidy", data=POSTDOC | {"requested_amount": "30.5"})
    r = result(report, "rd.postdoc.grant")
    assert r.verdict is Verdict.FAIL and "请改为 30 万元" in r.message
    assert not report.can_submit


def test_postdoc_grant_follows_the_catalogue(catalogue):
    more = catalogue.with_value("rd.postdoc_station_grant", 50)
    data = POSTDOC | {"requested_amount": "50"}
    assert verdict("rd.postdoc.grant", data=data) is Verdict.FAIL
    r = result(report_for("rd_subsidy", data=data, catalogue=more), "rd.postdoc.grant")
    assert r.verdict is Verdict.PASS and "50" in r.requirement


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("已推荐", Verdict.FAIL),
        ("已提交", Verdict.FAIL),
        ("待提交", Verdict.FAIL),
        ("退回补正", Verdict.FAIL),
        ("不予推荐", Verdict.PASS),
        ("草稿", Verdict.PASS),
    ],
)
def test_postdoc_once_per_firm(status, expected):
    history = StaticHistory([claim(C.POSTDOC, status, "30", number="GXRD-2025-0031")])
    report = report_for("rd_subsidy", data=POSTDOC, history=history)
    r = result(report, "rd.postdoc.once")
    assert r.verdict is expected
    if expected is Verdict.FAIL:
        assert "GXRD-2025-0031" in r.message and "只给一次" in r.message
        assert not report.can_submit


def test_postdoc_once_names_the_prior_claims_status_by_its_label():
    history = StaticHistory([claim(C.POSTDOC, Status.SUBMITTED.value, "30", number="GXRD-1")])
    r = result(report_for("rd_subsidy", data=POSTDOC, history=history), "rd.postdoc.once")
    assert "GXRD-1（已提交）" in r.message and "submitted" not in r.message


def test_postdoc_once_ignores_other_categories_and_needs_the_store():
    history = StaticHistory([claim(C.MATCHING, "已推荐", "300")])
    assert verdict("rd.postdoc.once", data=POSTDOC, history=history) is Verdict.PASS
    r = result(report_for("rd_subsidy", data=POSTDOC), "rd.postdoc.once")
    assert r.verdict is Verdict.MANUAL and "未查询" in r.message


# --- 第（八）条: pilot platforms and transfer of results ----------------------------------


def test_pilot_cap(catalogue):
    assert verdict("rd.pilot.cap", data=PILOT) is Verdict.PASS
    over = PILOT | {"requested_amount": "1000.0001"}
    r = result(report_for("rd_subsidy", data=over), "rd.pilot.cap")
    assert r.verdict is Verdict.FAIL and "超过上限 1,000 万元" in r.message
    lower = catalogue.with_value("rd.pilot_platform_cap", 800)
    r = result(report_for("rd_subsidy", data=PILOT, catalogue=lower), "rd.pilot.cap")
    assert r.verdict is Verdict.FAIL and "800" in r.requirement


def test_pilot_needs_a_university_or_institute():
    r = result(report_for("rd_subsidy", data=PILOT), "rd.pilot.partners")
    assert r.verdict is Verdict.PASS and r.observed.startswith("2 家：广西大学（高校）")
    report = report_for("rd_subsidy", data=PILOT | {"partners": []})
    r = result(report, "rd.pilot.partners")
    assert r.verdict is Verdict.FAIL and "至少填写一家" in r.message
    assert not report.can_submit


def test_partner_rows_are_checked_field_by_field():
    rows = [{"name": "广西大学", "cooperation": "共建中试线"}]
    report = report_for("rd_subsidy", data=PILOT | {"partners": rows})
    assert any(
        i.path == ("partners", 0, "partner_type") and i.label == "合作高校或科研院所第1行·单位类型"
        for i in report.field_issues
    )
    assert result(report, "rd.pilot.partners").verdict is Verdict.INCOMPLETE
    bad = example_json("rd_subsidy")["data"] | PILOT
    bad["partners"] = [PILOT["partners"][0] | {"uscc": "12450000498500000X"}]
    _, issues = parse_form(FORM, bad)
    assert issues and issues[0].label == "合作高校或科研院所第1行·统一社会信用代码"


@pytest.mark.parametrize("data", [CONTINUED, OUTSIDE])
def test_transfer_cap(data, catalogue):
    assert verdict("rd.transfer.cap", data=data) is Verdict.PASS
    r = result(report_for("rd_subsidy", data=data | {"requested_amount": "501"}), "rd.transfer.cap")
    assert r.verdict is Verdict.FAIL and "超过上限 500 万元" in r.message
    lower = catalogue.with_value("rd.transfer_cap", 300)
    r = result(report_for("rd_subsidy", data=data, catalogue=lower), "rd.transfer.cap")
    assert r.verdict is Verdict.FAIL and "300" in r.requirement


def test_outside_transfer_needs_an_outside_result():
    assert verdict("rd.transfer.outside_source", data=OUTSIDE) is Verdict.PASS
    report = report_for("rd_subsidy", data=OUTSIDE | {"achievement_source": "区内"})
    r = result(report, "rd.transfer.outside_source")
    assert r.verdict is Verdict.FAIL and "接续转化" in r.message
    assert not report.can_submit
    # An in-region result is exactly what 接续转化 is for.
    assert verdict("rd.transfer.outside_source", data=CONTINUED) is Verdict.NOT_APPLICABLE


def test_request_above_total_investment_is_an_error():
    # issue 13 item 17: where the text funds a project, the request stays within its investment
    assert verdict("rd.pilot_transfer.within_investment", data=OUTSIDE) is Verdict.PASS
    report = report_for("rd_subsidy", data=OUTSIDE | {"total_investment": "450"}, history=NO_PRIOR)
    assert result(report, "rd.pilot_transfer.within_investment").verdict is Verdict.FAIL
    assert not report.can_submit


@pytest.mark.parametrize(
    ("valid_until", "expected"),
    [("2027-12-08", Verdict.PASS), ("2026-11-23", Verdict.PASS), ("2026-11-22", Verdict.FAIL)],
)
def test_an_expired_high_tech_certificate_is_flagged(valid_until, expected):
    report = report_for("rd_subsidy", data=PILOT, applicant={"hte_valid_until": valid_until})
    r = result(report, "rd.pilot.high_tech_certificate")
    assert r.verdict is expected
    assert report.can_submit, "a warning informs, it does not block"
    leading = result(report, "rd.pilot.leading_firm").observed
    if expected is Verdict.FAIL:
        assert "已于 2026-11-22 到期" in r.message and "申报主体" in r.message
        assert "高新技术企业（证书已于 2026-11-22 到期）" in leading
    else:
        assert leading.startswith("高新技术企业、")


def test_leading_firm_names_the_qualifications_by_the_profile_labels(monkeypatch):
    # The 龙头企业 line shows the flags under the profile's own labels: a relabelled flag
    # is shown as relabelled, never as a copy typed into this form.
    from forms.applicant import ApplicantProfile

    info = ApplicantProfile.model_fields["is_gazelle"]
    monkeypatch.setattr(info, "title", "瞪羚企业（自治区认定）")
    applicant = {"is_gazelle": True, "is_tech_sme": False, "is_above_scale": False}
    report = report_for("rd_subsidy", data=PILOT, applicant=applicant)
    observed = result(report, "rd.pilot.leading_firm").observed
    assert observed == "高新技术企业、瞪羚企业（自治区认定）"


def test_high_tech_certificate_only_when_ticked():
    applicant = {"is_high_tech_enterprise": False, "hte_valid_until": "2020-01-01"}
    report = report_for("rd_subsidy", data=PILOT, applicant=applicant)
    assert result(report, "rd.pilot.high_tech_certificate").verdict is Verdict.NOT_APPLICABLE


def test_applicant_rules_point_at_no_field():
    report = report_for("rd_subsidy", history=NO_PRIOR)
    applicant_rules = [
        r
        for r in report.results
        if r.rule_id.endswith(
            (".in_zone", ".enterprise", ".leading_firm", ".high_tech_certificate")
        )
    ]
    assert len(applicant_rules) == 11
    assert all(r.fields == () for r in applicant_rules)


# --- 《双创行动计划》第3项: R&D post-subsidy ------------------------------------------------


def test_post_subsidy_cites_item_3():
    r = result(report_for("rd_subsidy", data=POST), "rd.post_subsidy.intensity")
    assert r.article.startswith("《广西大众创业万众创新三年行动计划（2021—2023年）》")
    assert r.article.endswith("第3项")


def test_intensity_computation():
    form, issues = parse_form(FORM, example_json("rd_subsidy")["data"] | POST)
    assert not issues
    figures = rd_intensity(form)
    assert figures is not None
    assert figures.intensity == Decimal(1200) * 100 / Decimal(22500)
    assert figures.intensity_before == Decimal("4.8")
    assert figures.increment == Decimal("240")
    assert figures.growth == Decimal("25")
    assert figures.intensity_change == figures.intensity - Decimal("4.8")
    expected = (
        "上年度研发投入强度 5.33 %（前一年度 4.8 %，+0.53 个百分点）；"
        "研发投入增量 +240 万元，增幅 25 %"
    )
    assert figures.describe() == expected
    r = result(report_for("rd_subsidy", data=POST), "rd.post_subsidy.intensity")
    assert r.verdict is Verdict.MANUAL and r.observed == expected


def test_intensity_with_zero_divisors():
    data = POST | {"revenue_year_before": "0", "rd_year_before": "0"}
    r = result(report_for("rd_subsidy", data=data), "rd.post_subsidy.intensity")
    assert "前一年度 营业收入为 0，无法计算" in r.observed
    assert "增幅 前一年度研发投入为 0，无法计算" in r.observed


def test_intensity_incomplete_when_inputs_missing():
    report = report_for("rd_subsidy", data=POST | {"rd_last_year": None})
    assert result(report, "rd.post_subsidy.intensity").verdict is Verdict.INCOMPLETE
    band = result(report, "rd.post_subsidy.band")
    assert band.verdict is Verdict.INCOMPLETE and "研发投入" in band.message
    assert not report.can_submit


def test_band_is_manual_while_the_catalogue_has_none():
    report = report_for("rd_subsidy", data=POST, history=NO_PRIOR)
    r = result(report, "rd.post_subsidy.band")
    assert r.verdict is Verdict.MANUAL
    assert "5.33 %" in r.observed and "分档标准尚未公布" in r.message
    assert report.can_submit


BANDS = [
    {"min_intensity": Decimal("3"), "min_growth": Decimal("10"), "amount": 50},
    {"min_intensity": Decimal("5"), "min_growth": Decimal("20"), "amount": 100},
]


@pytest.mark.parametrize(
    ("data", "expected", "text"),
    [
        ({}, Verdict.PASS, "达到 100 万元档"),
        ({"requested_amount": "100.5"}, Verdict.FAIL, "所达档次补助额为 100 万元"),
        # growth 15 %: only the lower band is reached
        ({"rd_last_year": "1104"}, Verdict.FAIL, "所达档次补助额为 50 万元"),
        ({"rd_last_year": "1104", "requested_amount": "50"}, Verdict.PASS, "达到 50 万元档"),
        # intensity exactly at the threshold passes: 1200 / 24000 = 5 %
        ({"revenue_last_year": "24000"}, Verdict.PASS, "达到 100 万元档"),
        # intensity 2.67 %: below every band
        ({"rd_last_year": "600", "rd_year_before": "500"}, Verdict.FAIL, "未达到任何补助档次"),
        ({"rd_year_before": "0"}, Verdict.MANUAL, "增幅无法计算"),
    ],
)
def test_band_is_computed_from_catalogue_bands(catalogue, data, expected, text):
    banded = catalogue.with_value("rd.post_subsidy_bands", BANDS)
    report = report_for("rd_subsidy", data=POST | data, catalogue=banded, history=NO_PRIOR)
    r = result(report, "rd.post_subsidy.band")
    assert r.verdict is expected
    assert text in r.observed + r.message
    assert report.can_submit is (expected is not Verdict.FAIL)


def test_band_does_not_round_the_intensity_up(catalogue):
    # 1200 / 24000.01 = 4.9999979 %: shown as 5 %, yet below the 5 % band.
    banded = catalogue.with_value("rd.post_subsidy_bands", BANDS)
    data = POST | {"revenue_last_year": "24000.01"}
    r = result(report_for("rd_subsidy", data=data, catalogue=banded), "rd.post_subsidy.band")
    assert r.verdict is Verdict.FAIL and "强度 5 %" in r.observed
    assert "所达档次补助额为 50 万元" in r.message


def test_a_malformed_band_is_a_catalogue_error(catalogue):
    broken = catalogue.with_value("rd.post_subsidy_bands", [{"min_intensity": 3}])
    with pytest.raises(CatalogueError, match="amount"):
        report_for("rd_subsidy", data=POST, catalogue=broken)


def test_spend_far_above_revenue_is_a_warning(catalogue):
    assert verdict("rd.post_subsidy.plausible", data=POST) is Verdict.PASS
    report = report_for("rd_subsidy", data=POST | {"rd_last_year": "23000"}, history=NO_PRIOR)
    r = result(report, "rd.post_subsidy.plausible")
    assert r.verdict is Verdict.FAIL and "上年度研发投入" in r.message
    assert report.can_submit
    zero = POST | {"revenue_year_before": "0"}
    assert verdict("rd.post_subsidy.plausible", data=zero) is Verdict.FAIL
    strict = catalogue.with_value("rd.intensity_warning_percent", 5)
    assert verdict("rd.post_subsidy.plausible", data=POST, catalogue=strict) is Verdict.FAIL


def test_rd_year_should_be_last_year():
    assert verdict("rd.post_subsidy.year", data=POST) is Verdict.PASS
    r = result(report_for("rd_subsidy", data=POST | {"rd_year": 2024}), "rd.post_subsidy.year")
    assert r.verdict is Verdict.FAIL and "2025" in r.message


def test_deduction_shown_for_the_officer():
    r = result(report_for("rd_subsidy", data=POST), "rd.post_subsidy.documents")
    assert r.verdict is Verdict.MANUAL
    assert r.observed == "加计扣除额 1,080 万元（为上年度研发投入的 90 %）"


# --- field-level input ----------------------------------------------------------------------


def test_dates_in_wrong_order_are_refused():
    data = example_json("rd_subsidy")["data"] | {"period_end": "2023-11-30"}
    form, issues = parse_form(FORM, data)
    assert form is None
    assert [i.path for i in issues] == [("period_end",)]
    message = issues[0].describe()
    assert message.startswith("「执行期结束日期」不能早于「执行期开始日期」（2023-12-01）")


def test_unknown_category_is_refused_in_chinese():
    data = example_json("rd_subsidy")["data"] | {"category": "研发奖励"}
    _, issues = parse_form(FORM, data)
    assert issues[0].label == "申领类别"
    assert "只能选择" in issues[0].message and C.POST_SUBSIDY.label in issues[0].message


# --- offline, with some claims known (the other claims of the same file) ----------------------


def partly_known(*claims: PriorClaim) -> StaticHistory:
    return StaticHistory(list(claims), available=False)


def test_known_claims_prove_a_breach_even_offline():
    over = partly_known(claim(C.MATCHING, "待提交", "800", number="文件中第2份"))
    r = result(report_for("rd_subsidy", history=over), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.FAIL and "文件中第2份（800 万元）" in r.message
    same = partly_known(matching("待提交", "100", "文件中第2份"))
    assert verdict("rd.matching.ratio", history=same) is Verdict.FAIL
    station = partly_known(claim(C.POSTDOC, "待提交", "30", number="文件中第2份"))
    assert verdict("rd.postdoc.once", data=POSTDOC, history=station) is Verdict.FAIL


def test_known_claims_cannot_prove_a_cap_kept_offline():
    under = partly_known(claim(C.MATCHING, "待提交", "100"), matching("待提交", "0", "B"))
    r = result(report_for("rd_subsidy", history=under), "rd.matching.cap_per_firm")
    assert r.verdict is Verdict.MANUAL
    assert r.observed == "本次 300 万元 + 已申领 100 万元 = 400 万元（申报库未查询）"
    assert verdict("rd.matching.ratio", history=under) is Verdict.MANUAL
    other = partly_known(claim(C.MATCHING, "待提交", "30"))
    assert verdict("rd.postdoc.once", data=POSTDOC, history=other) is Verdict.MANUAL
