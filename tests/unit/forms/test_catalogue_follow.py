"""Every catalogue figure a rule reads moves that rule's verdict.

One row per (rule, figure): an example sitting exactly on the figure's boundary, and a shifted
figure, as a new catalogue version would bring, that must change the verdict. A rule that
declares a figure with no row here fails ``test_every_catalogue_figure_has_a_row``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from forms import all_forms
from forms.core.catalogue import load_catalogue
from forms.core.rules import (
    NO_HISTORY,
    FirmHistory,
    PriorClaim,
    StaticHistory,
    Verdict,
    fmt_number,
)
from tests.helpers.samples import CONTINUED, OFFICE, PILOT, PLATFORM, POST, POSTDOC, TECH
from tests.helpers.verdicts import report_for, result

NO_PRIOR = StaticHistory([])
D = Decimal


@dataclass(frozen=True)
class Row:
    rule_id: str
    key: str  # the catalogue key the rule declares in ``params``
    data: dict[str, Any]  # changes to the example that put it on the figure's boundary
    shifted: Any  # the figure in the new catalogue
    before: Verdict = Verdict.PASS
    after: Verdict = Verdict.FAIL
    history: FirmHistory = NO_HISTORY
    # A manual rule has no verdict to move: it must then show the new figure.
    shows_figure: bool = False


def _track_claim(amount: str) -> PriorClaim:
    data = {"track_field": "机械", "requested_amount": amount}
    return PriorClaim(1, "XS-2026-0001", "new_track", "已提交", "另一赛道", data)


EXCELLENT = {
    "request_type": "绩效评价优秀后补助",
    "certified_level": "自治区级",
    "evaluation_year": 2025,
    "evaluation_grade": "优秀",
}
SPECIALISED = {"incubator_type": "专业型", "focus_industry": "生物医药"}
CRITERIA = "incubator.national_criteria."
SPECIALISED_CRITERIA = "incubator.specialised_criteria."

ROWS = [
    # --- incubator
    Row(
        "incubator.cap.national",
        "incubator.national_cap",
        {"requested_amount": "100"},
        D("99.9999"),
    ),
    Row(
        "incubator.cap.regional",
        "incubator.regional_cap",
        {
            "request_type": "自治区级孵化器创建成功后补助",
            "certified_level": "自治区级",
            "requested_amount": "50",
        },
        D("49.9999"),
    ),
    Row(
        "incubator.cap.excellent",
        "incubator.excellent_min",
        EXCELLENT | {"requested_amount": "50"},
        D("50.0001"),
    ),
    Row(
        "incubator.cap.excellent",
        "incubator.excellent_max",
        EXCELLENT | {"requested_amount": "200"},
        D("199.9999"),
    ),
    Row(
        "incubator.excellent.evaluation_year",
        "incubator.evaluation_max_age_years",
        EXCELLENT | {"evaluation_year": 2024},  # two years before TODAY's
        1,
    ),
    Row(
        "incubator.national.operating_years",
        CRITERIA + "min_operating_years",
        {"operator_founded_on": "2023-11-23"},
        4,
    ),  # exactly 3 years before TODAY
    Row(
        "incubator.national.statistics_years",
        CRITERIA + "min_stat_years",
        {"statistics_years": 2},
        3,
    ),
    Row(
        "incubator.national.area",
        CRITERIA + "min_area_sqm",
        {"total_area": "10000", "tenant_area": "7500"},
        D("10000.01"),
    ),
    Row(
        "incubator.national.tenant_area_share",
        CRITERIA + "min_tenant_area_percent",
        {"tenant_area": "24000"},
        D("75.01"),
    ),  # 24000 / 32000
    Row(
        "incubator.national.seed_fund",
        CRITERIA + "min_seed_fund",
        {"seed_fund": "500"},
        D("500.0001"),
    ),
    Row(
        "incubator.national.financed_share",
        CRITERIA + "min_financed_percent",
        {"tenant_count": 140, "tenants_financed": 14},
        D("10.01"),
    ),
    Row(
        "incubator.national.financed_share",
        CRITERIA + "min_fund_use_cases",
        {"fund_use_cases": 3},
        4,
    ),
    Row(
        "incubator.national.professional_staff",
        CRITERIA + "min_professional_staff_percent",
        {"staff_total": 25, "staff_professional": 20},
        D("80.01"),
    ),
    Row(
        "incubator.national.staff_and_mentors",
        CRITERIA + "tenants_per_staff",
        {"staff_professional": 14},
        9,
    ),  # 136 tenants: 14 staff at 1 per 10, 16 at 1 per 9
    Row(
        "incubator.national.staff_and_mentors",
        CRITERIA + "tenants_per_mentor",
        {"mentor_count": 14},
        9,
    ),
    Row(
        "incubator.national.ip_share",
        CRITERIA + "min_patent_applicant_percent",
        {"tenants_with_patent_applications": 68, "tenants_with_valid_ip": 40},
        D("50.01"),
    ),  # 68 / 136 applied for patents; 40 / 136 (29.4 %) hold valid IP
    Row(
        "incubator.national.ip_share",
        CRITERIA + "min_valid_ip_percent",
        {"tenant_count": 140, "tenants_with_patent_applications": 60, "tenants_with_valid_ip": 42},
        D("30.01"),
    ),  # 42 / 140 hold valid IP; 60 / 140 (42.9 %) applied for patents
    Row(
        "incubator.national.tenants",
        CRITERIA + "min_tenants",
        {"tenant_count": 50, "total_area": "10000", "tenant_area": "7500"},
        51,
    ),
    Row(
        "incubator.national.tenants",
        CRITERIA + "min_tenants_per_1000_sqm",
        {"tenant_count": 96},
        D("3.01"),
    ),  # 96 in 32000 ㎡
    Row("incubator.national.graduates", CRITERIA + "min_graduates", {"graduated_count": 20}, 21),
    Row(
        "incubator.national.tenants.specialised",
        SPECIALISED_CRITERIA + "min_tenants",
        SPECIALISED
        | {
            "tenant_count": 30,
            "tenants_in_focus_industry": 30,
            "tenants_with_patent_applications": 30,
            "tenants_with_valid_ip": 30,
            "tenants_financed": 10,
            "total_area": "12000",
            "tenant_area": "9000",
        },
        31,
    ),
    Row(
        "incubator.national.tenants.specialised",
        SPECIALISED_CRITERIA + "min_tenants_per_1000_sqm",
        SPECIALISED | {"tenant_count": 64, "tenants_in_focus_industry": 60, "tenants_financed": 10},
        D("2.01"),
    ),  # 64 in 32000 ㎡
    Row(
        "incubator.national.graduates.specialised",
        SPECIALISED_CRITERIA + "min_graduates",
        SPECIALISED | {"graduated_count": 15},
        16,
    ),
    Row(
        "incubator.national.focus_share",
        SPECIALISED_CRITERIA + "min_single_industry_percent",
        SPECIALISED | {"tenants_in_focus_industry": 102},
        D("75.01"),
    ),  # 102 / 136
    # --- new_track
    Row("new_track.cap", "new_track.cap_per_track", {}, D("999.9999")),
    Row(
        "new_track.cap.cumulative",
        "new_track.cap_per_track",
        {"requested_amount": "700", "self_funding": "2900"},
        D("999.9999"),
        history=StaticHistory([_track_claim("300")]),
    ),
    Row(  # a catalogue whose 传统产业 list leaves out 机械, the example's field
        "new_track.field",
        "new_track.fields",
        {},
        {
            **load_catalogue().value("new_track.fields"),
            "traditional": {"open": False, "listed": [{"code": "steel", "label": "钢铁"}]},
        },
    ),
    Row(  # a catalogue that closes the 未来产业 list: a named field fails instead of going to
        # the department
        "new_track.field",
        "new_track.fields",
        {"track_category": "future", "track_field": "量子信息", "transformation_directions": []},
        {
            **load_catalogue().value("new_track.fields"),
            "future": {**load_catalogue().value("new_track.fields.future"), "open": False},
        },
        before=Verdict.MANUAL,
    ),
    Row("new_track.leading_industries.count", "new_track.max_leading_industries", {}, 2),
    Row(
        "new_track.period",
        "new_track.min_period_months",
        {"start_date": "2027-03-01", "end_date": "2028-02-29"},
        13,
    ),
    # --- enclave
    Row("enclave.tech.cap", "enclave.tech_enclave_cap", TECH, D("499.9999")),
    Row(
        "enclave.tech.cap.cumulative",
        "enclave.tech_enclave_cap",
        TECH | {"is_filed": True, "requested_amount": "200"},
        D("499.9999"),
        history=StaticHistory(
            [
                PriorClaim(
                    2,
                    "FD-2025-0002",
                    "enclave",
                    "已推荐",
                    "前次",
                    {"filing_number": "桂园办备〔2025〕12号", "requested_amount": "300"},
                )
            ]
        ),
    ),
    Row("enclave.park.tax_total", "enclave.tax_share_total_percent", {}, D("99.99")),
    Row(
        "enclave.park.investment_ratio",
        "enclave.investment_share_tolerance_points",
        {"out_share": "50", "in_share": "50"},
        D("9.99"),
    ),  # 50 % against 40 % of investment
    Row("enclave.office.subsidy", "enclave.office_subsidy_percent", OFFICE, D("49.99")),
    Row(  # a catalogue without 中关村 among the places
        "enclave.office.location",
        "enclave.office_places",
        OFFICE,
        [
            {"code": "zhangjiang", "label": "上海张江", "province": "shanghai"},
            {"code": "shenzhen", "label": "广东深圳", "province": "guangdong"},
            {"code": "nanjing", "label": "江苏南京", "province": "jiangsu"},
        ],
    ),
    # --- rd_subsidy
    Row("rd.matching.ratio", "rd.matching_ratio", {}, D("0.9999"), history=NO_PRIOR),
    Row(
        "rd.matching.cap_per_firm",
        "rd.matching_cap_per_firm",
        {"national_funds_approved": "1500", "national_funds": "1200", "requested_amount": "1000"},
        D("999.9999"),
        history=NO_PRIOR,
    ),
    Row(
        "rd.platform.support",
        "rd.platform_support_min",
        PLATFORM,
        6000,
        before=Verdict.MANUAL,
        after=Verdict.MANUAL,
        shows_figure=True,
    ),
    Row("rd.postdoc.grant", "rd.postdoc_station_grant", POSTDOC, D("29.9999")),
    Row("rd.postdoc.grant", "rd.postdoc_station_grant", POSTDOC, D("30.0001")),  # a fixed sum
    Row("rd.pilot.cap", "rd.pilot_platform_cap", PILOT, D("999.9999")),
    Row("rd.transfer.cap", "rd.transfer_cap", CONTINUED, D("499.9999")),
    Row(
        "rd.post_subsidy.band",
        "rd.post_subsidy_bands",
        POST | {"revenue_last_year": "24000"},  # intensity exactly 5 %
        [{"min_intensity": D("5.01"), "amount": 100}],
        before=Verdict.MANUAL,
    ),
    Row(
        "rd.post_subsidy.plausible",
        "rd.intensity_warning_percent",
        POST | {"rd_last_year": "22500"},
        D("99.99"),
    ),  # intensity exactly 100 %
]


def _kind(rule_id: str) -> str:
    for kind, definition in all_forms().items():
        if any(r.id == rule_id for r in definition.rules):
            return kind
    raise AssertionError(f"no form declares {rule_id}")


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r.rule_id}:{r.key.rsplit('.', 1)[-1]}")
def test_rule_follows_its_catalogue_figure(row: Row):
    kind = _kind(row.rule_id)
    catalogue = load_catalogue()
    before = result(report_for(kind, data=row.data, history=row.history), row.rule_id)
    shifted = catalogue.with_value(row.key, row.shifted)
    after = result(
        report_for(kind, data=row.data, history=row.history, catalogue=shifted), row.rule_id
    )
    assert before.verdict is row.before, (before.observed, before.message)
    assert after.verdict is row.after, (after.observed, after.message)
    if row.shows_figure:
        figure = fmt_number(row.shifted)
        assert figure in after.observed and figure in after.requirement
        assert figure not in before.observed
    else:
        assert after.verdict is not before.verdict


def test_every_catalogue_figure_has_a_row():
    declared = {
        (rule.id, key)
        for definition in all_forms().values()
        for rule in definition.rules
        for key in rule.params.values()
    }
    tabled = {(row.rule_id, row.key) for row in ROWS}
    assert declared - tabled == set(), "add a row to ROWS for each new catalogue figure"
    assert tabled - declared == set(), "rows for figures no rule reads"
