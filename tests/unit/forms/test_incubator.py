"""Rules of 孵化器认定/后补助 (《若干措施》第（十）条), each on its passing and failing side."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms.core.rules import Verdict
from tests.helpers.verdicts import report_for, result

NATIONAL = "国家级孵化器创建成功后补助"
REGIONAL = "自治区级孵化器创建成功后补助"
EXCELLENT = "绩效评价优秀后补助"


def test_example_passes_every_error_rule():
    report = report_for("incubator")
    assert report.can_submit, report.reasons()
    assert result(report, "incubator.cap.national").verdict is Verdict.PASS


@pytest.mark.parametrize(
    ("request_type", "level", "rule_id", "ok", "too_much"),
    [
        (NATIONAL, "国家级", "incubator.cap.national", "100", "100.0001"),
        (REGIONAL, "自治区级", "incubator.cap.regional", "50", "51"),
        (EXCELLENT, "自治区级", "incubator.cap.excellent", "200", "200.5"),
    ],
)
def test_caps(request_type, level, rule_id, ok, too_much):
    extra = {"request_type": request_type, "certified_level": level}
    if request_type == EXCELLENT:
        extra |= {"evaluation_year": 2025, "evaluation_grade": "优秀"}
    assert (
        result(report_for("incubator", data=extra | {"requested_amount": ok}), rule_id).verdict
        is Verdict.PASS
    )
    failing = result(report_for("incubator", data=extra | {"requested_amount": too_much}), rule_id)
    assert failing.verdict is Verdict.FAIL
    assert "超过上限" in failing.message


def test_excellent_has_a_floor():
    data = {
        "request_type": EXCELLENT,
        "certified_level": "国家级",
        "evaluation_year": 2025,
        "evaluation_grade": "优秀",
        "requested_amount": "49",
    }
    r = result(report_for("incubator", data=data), "incubator.cap.excellent")
    assert r.verdict is Verdict.FAIL and "低于" in r.message


def test_cap_follows_the_catalogue(catalogue):
    lower = catalogue.with_value("incubator.national_cap", Decimal("80"))
    report = report_for("incubator", catalogue=lower)
    r = result(report, "incubator.cap.national")
    assert r.verdict is Verdict.FAIL
    assert "80" in r.requirement
    assert not report.can_submit


def test_zone_required(example):
    assert result(report_for("incubator"), "incubator.in_zone").verdict is Verdict.PASS
    r = result(report_for("incubator", applicant={"hitech_zone": None}), "incubator.in_zone")
    assert r.verdict is Verdict.FAIL and "所在高新区" in r.message


def test_level_must_match_request():
    ok = report_for("incubator")
    assert result(ok, "incubator.level").verdict is Verdict.PASS
    bad = report_for("incubator", data={"certified_level": "自治区级"})
    r = result(bad, "incubator.level")
    assert r.verdict is Verdict.FAIL and "国家级" in r.message
    assert not bad.can_submit


def test_excellent_requires_grade_excellent():
    base = {
        "request_type": EXCELLENT,
        "certified_level": "自治区级",
        "evaluation_year": 2025,
        "requested_amount": "100",
    }
    good = report_for("incubator", data=base | {"evaluation_grade": "优秀"})
    assert result(good, "incubator.excellent.grade").verdict is Verdict.PASS
    bad = report_for("incubator", data=base | {"evaluation_grade": "良好"})
    assert result(bad, "incubator.excellent.grade").verdict is Verdict.FAIL


@pytest.mark.parametrize(
    ("rule_id", "passing", "failing"),
    [
        # (the tenants' area kept within the whole: that consistency is an error of its own)
        (
            "incubator.national.area",
            {"total_area": "10000", "tenant_area": "8000"},
            {"total_area": "9999", "tenant_area": "8000"},
        ),
        (
            "incubator.national.tenant_area_share",
            {"tenant_area": "24000"},
            {"tenant_area": "23999"},
        ),
        ("incubator.national.seed_fund", {"seed_fund": "500"}, {"seed_fund": "499.9"}),
        ("incubator.national.graduates", {"graduated_count": 20}, {"graduated_count": 19}),
        ("incubator.national.statistics_years", {"statistics_years": 2}, {"statistics_years": 1}),
        (
            "incubator.national.operating_years",
            {"operator_founded_on": "2023-11-23"},
            {"operator_founded_on": "2023-11-24"},
        ),
        (
            "incubator.national.professional_staff",
            {"staff_professional": 21},
            {"staff_professional": 20},
        ),
        ("incubator.national.staff_and_mentors", {"mentor_count": 14}, {"mentor_count": 13}),
        (  # 68 of 136 is 50 % of firms that applied for patents; 40 (29.4 %) hold valid IP
            "incubator.national.ip_share",
            {"tenants_with_patent_applications": 68, "tenants_with_valid_ip": 40},
            {"tenants_with_patent_applications": 67, "tenants_with_valid_ip": 40},
        ),
        (  # either figure suffices: 30 % holding valid IP with few patent applications
            "incubator.national.ip_share",
            {
                "tenant_count": 140,
                "tenants_with_patent_applications": 10,
                "tenants_with_valid_ip": 42,
            },
            {
                "tenant_count": 140,
                "tenants_with_patent_applications": 10,
                "tenants_with_valid_ip": 41,
            },
        ),
        ("incubator.national.financed_share", {"tenants_financed": 14}, {"tenants_financed": 13}),
        (
            "incubator.national.tenants",
            {"tenant_count": 96, "tenants_with_patent_applications": 50, "tenants_financed": 10},
            {"tenant_count": 95, "tenants_with_patent_applications": 50, "tenants_financed": 10},
        ),
    ],
)
def test_national_criteria_are_warnings(rule_id, passing, failing):
    assert result(report_for("incubator", data=passing), rule_id).verdict is Verdict.PASS
    bad = report_for("incubator", data=failing)
    assert result(bad, rule_id).verdict is Verdict.FAIL
    assert bad.can_submit, "a national criterion informs, it does not block"


def test_specialised_thresholds_are_manual():
    data = {
        "incubator_type": "专业型",
        "focus_industry": "生物医药",
        "tenants_in_focus_industry": 110,
    }
    report = report_for("incubator", data=data)
    assert result(report, "incubator.national.area").verdict is Verdict.MANUAL
    assert result(report, "incubator.national.focus_share").verdict is Verdict.PASS
    low = report_for("incubator", data=data | {"tenants_in_focus_industry": 100})
    assert result(low, "incubator.national.focus_share").verdict is Verdict.FAIL


def test_inconsistent_counts_fail():
    r = result(
        report_for("incubator", data={"tenant_area": "40000"}),
        "incubator.national.tenant_area_share",
    )
    assert r.verdict is Verdict.FAIL and "核对" in r.message


def test_required_when_relevant():
    report = report_for("incubator", data={"incubator_type": "专业型"})
    assert any(i.path == ("focus_industry",) for i in report.field_issues)
    assert not report.can_submit


# --- shares: a part larger than its whole, or a whole of 0, is an entry error -----------------

SPECIALISED = {"incubator_type": "专业型", "focus_industry": "生物医药"}


@pytest.mark.parametrize(
    ("rule_id", "data", "says"),
    [
        (
            "incubator.national.tenant_area_share",
            {"tenant_area": "40000"},
            "在孵企业使用面积（40,000 ㎡）大于可自主支配孵化场地面积（32,000 ㎡）",
        ),
        (
            "incubator.national.financed_share",
            {"tenants_financed": 137},
            "获得投融资的在孵企业数（137 家）大于在孵企业数（136 家）",
        ),
        (
            "incubator.national.professional_staff",
            {"staff_professional": 27},
            "专业孵化服务人员数（27 人）大于管理服务人员总数（26 人）",
        ),
        (
            "incubator.national.ip_share",
            {"tenants_with_patent_applications": 500},
            "已申请专利的在孵企业数（500 家）大于在孵企业数（136 家）",
        ),
        (
            "incubator.national.focus_share",
            SPECIALISED | {"tenants_in_focus_industry": 137},
            "属于专业孵化领域的在孵企业数（137 家）大于在孵企业数（136 家）",
        ),
    ],
)
def test_a_part_larger_than_its_whole_fails(rule_id, data, says):
    r = result(report_for("incubator", data=data), rule_id)
    assert r.verdict is Verdict.FAIL
    assert says in r.message and "请核对" in r.message


@pytest.mark.parametrize(
    ("rule_id", "data", "says"),
    [
        (
            "incubator.national.tenant_area_share",
            {"total_area": "0", "tenant_area": "0"},
            "可自主支配孵化场地面积为 0",
        ),
        (
            "incubator.national.tenants",
            {"total_area": "0", "tenant_area": "0"},
            "可自主支配孵化场地面积为 0",
        ),
        (
            "incubator.national.financed_share",
            {"tenant_count": 0, "tenants_financed": 0},
            "在孵企业数为 0",
        ),
        (
            "incubator.national.ip_share",
            {"tenant_count": 0, "tenants_with_patent_applications": 0, "tenants_with_valid_ip": 0},
            "在孵企业数为 0",
        ),
        (
            "incubator.national.professional_staff",
            {"staff_total": 0, "staff_professional": 0},
            "管理服务人员总数为 0",
        ),
        (
            "incubator.national.focus_share",
            SPECIALISED | {"tenant_count": 0, "tenants_in_focus_industry": 0},
            "在孵企业数为 0",
        ),
    ],
)
def test_a_whole_of_zero_fails_instead_of_asking_for_a_ratio(rule_id, data, says):
    r = result(report_for("incubator", data=data), rule_id)
    assert r.verdict is Verdict.FAIL
    assert says in r.message and "请核对" in r.message
    assert "请填写" not in r.message


def test_a_missing_part_asks_for_that_field():
    dropped = ("tenants_with_patent_applications", "tenants_with_valid_ip")
    r = result(report_for("incubator", drop=dropped), "incubator.national.ip_share")
    assert r.verdict is Verdict.INCOMPLETE
    assert r.message == "请填写已申请专利的在孵企业数或拥有有效知识产权的在孵企业数"


def test_a_share_just_below_its_threshold_does_not_read_as_the_threshold():
    # 23999.99 of 32000 ㎡ is 74.99997 %: shown as 74.99 %, never as "75 %，低于要求的 75 %".
    r = result(
        report_for("incubator", data={"tenant_area": "23999.99"}),
        "incubator.national.tenant_area_share",
    )
    assert r.verdict is Verdict.FAIL
    assert "为 74.99 %，低于要求的 75 %" in r.message


def test_staff_and_mentor_ratios_are_both_shown(catalogue):
    r = result(report_for("incubator"), "incubator.national.staff_and_mentors")
    assert "每 10 家在孵企业至少配备 1 名专业孵化服务人员" in r.requirement
    assert "每 10 家至少配备 1 名创业导师" in r.requirement
    mentors = catalogue.with_value("incubator.national_criteria.tenants_per_mentor", 8)
    r = result(report_for("incubator", catalogue=mentors), "incubator.national.staff_and_mentors")
    assert "每 8 家至少配备 1 名创业导师" in r.requirement


def test_zone_rule_checks_the_applicant_not_a_field():
    assert result(report_for("incubator"), "incubator.in_zone").fields == ()


# --- 绩效评价: a past, recent evaluation -----------------------------------------------------


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2026, Verdict.PASS),  # TODAY's year
        (2024, Verdict.PASS),  # as old as the catalogue allows (2 years)
        (2023, Verdict.FAIL),
        (2027, Verdict.FAIL),  # not held yet
        (2099, Verdict.FAIL),
    ],
)
def test_evaluation_year_is_past_and_recent(year, expected):
    data = {
        "request_type": EXCELLENT,
        "certified_level": "自治区级",
        "evaluation_year": year,
        "evaluation_grade": "优秀",
        "requested_amount": "100",
    }
    report = report_for("incubator", data=data)
    r = result(report, "incubator.excellent.evaluation_year")
    assert r.verdict is expected, r
    assert report.can_submit is (expected is Verdict.PASS)
    if year > 2026:
        assert "晚于今年（2026 年）" in r.message
    elif expected is Verdict.FAIL:
        assert "早于 2024 年" in r.message


def test_evaluation_year_left_out_is_asked_for():
    data = {
        "request_type": EXCELLENT,
        "certified_level": "自治区级",
        "evaluation_grade": "优秀",
        "requested_amount": "100",
    }
    report = report_for("incubator", data=data, drop=("evaluation_year",))
    r = result(report, "incubator.excellent.evaluation_year")
    assert r.verdict is Verdict.INCOMPLETE and r.message == "请填写最近绩效评价年度"
    assert not report.can_submit


# --- 《科技企业孵化器管理办法》第八条: two IP figures, and the 专业 thresholds -------------------


def test_ip_criterion_is_two_figures_either_of_which_satisfies():
    rule_id = "incubator.national.ip_share"
    # 40 % applied for patents (below 50 %) but 35 % hold valid IP (above 30 %): passes
    either = {
        "tenant_count": 100,
        "tenants_with_patent_applications": 40,
        "tenants_with_valid_ip": 35,
    }
    r = result(report_for("incubator", data=either), rule_id)
    assert r.verdict is Verdict.PASS and "已申请专利" in r.observed and "有效知识产权" in r.observed
    neither = either | {"tenants_with_valid_ip": 29}
    r = result(report_for("incubator", data=neither), rule_id)
    assert r.verdict is Verdict.FAIL and "满足其一即可" in r.message
    # one figure short and the other not given: the other may still satisfy, so ask for it
    one = {"tenant_count": 100, "tenants_with_patent_applications": 40}
    r = result(report_for("incubator", data=one, drop=("tenants_with_valid_ip",)), rule_id)
    assert r.verdict is Verdict.INCOMPLETE and "拥有有效知识产权的在孵企业数" in r.message


def test_a_merged_figure_of_the_older_form_is_kept_and_asks_for_the_two():
    old = {"tenants_with_ip": 92}
    dropped = ("tenants_with_patent_applications", "tenants_with_valid_ip")
    r = result(report_for("incubator", data=old, drop=dropped), "incubator.national.ip_share")
    assert r.verdict is Verdict.INCOMPLETE and "旧版合并填报 92 家" in r.observed
    assert "请分别填写" in r.message


@pytest.mark.parametrize(
    ("rule_id", "passing", "failing"),
    [
        (
            "incubator.national.tenants.specialised",
            {"tenant_count": 64, "tenants_in_focus_industry": 60},  # 30+ firms, 2 per 1,000 ㎡
            {"tenant_count": 63, "tenants_in_focus_industry": 60},
        ),
        (
            "incubator.national.tenants.specialised",
            {
                "tenant_count": 30,
                "total_area": "12000",
                "tenant_area": "9000",
                "tenants_in_focus_industry": 30,
                "tenants_with_patent_applications": 30,
                "tenants_with_valid_ip": 30,
                "tenants_financed": 10,
            },
            {
                "tenant_count": 29,
                "total_area": "12000",
                "tenant_area": "9000",
                "tenants_in_focus_industry": 29,
                "tenants_with_patent_applications": 29,
                "tenants_with_valid_ip": 29,
                "tenants_financed": 10,
            },
        ),
        (
            "incubator.national.graduates.specialised",
            {"graduated_count": 15},
            {"graduated_count": 14},
        ),
    ],
)
def test_specialised_thresholds_are_checked_like_the_general_ones(rule_id, passing, failing):
    ok = report_for("incubator", data=SPECIALISED | {"tenants_in_focus_industry": 110} | passing)
    assert result(ok, rule_id).verdict is Verdict.PASS, result(ok, rule_id)
    bad = report_for("incubator", data=SPECIALISED | {"tenants_in_focus_industry": 110} | failing)
    assert result(bad, rule_id).verdict is Verdict.FAIL
    # the general figures (50 firms, 20 graduates) do not apply to a specialised incubator
    general = rule_id.removesuffix(".specialised")
    assert result(bad, general).verdict is Verdict.NOT_APPLICABLE
    assert result(report_for("incubator"), rule_id).verdict is Verdict.NOT_APPLICABLE
