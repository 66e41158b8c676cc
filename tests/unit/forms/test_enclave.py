"""Rules of 飞地登记表 (《若干措施》第（四）条、第（九）条; 《实施方案》第19项), each on both sides."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms import get_form
from forms.core.rules import Severity, Verdict
from forms.core.validation import parse_form
from forms.enclave import Province
from tests.helpers.examples import example_document, example_json
from tests.helpers.samples import OFFICE, TECH
from tests.helpers.verdicts import report_for, result

PARK_ONLY = (
    "host_zone",
    "partner_region",
    "partner_name",
    "partner_uscc",
    "shared_taxes",
    "out_share",
    "in_share",
    "share_basis",
    "out_investment",
    "in_investment",
)

PARK_RULES = (
    "enclave.park.applicant",
    "enclave.park.host_zone",
    "enclave.park.in_guangxi",
    "enclave.park.tax_total",
    "enclave.park.share_basis",
    "enclave.park.investment_ratio",
)
TECH_RULES = (
    "enclave.tech.applicant",
    "enclave.tech.outside_guangxi",
    "enclave.tech.cap",
    "enclave.tech.filed",
)
OFFICE_RULES = ("enclave.office.location", "enclave.office.subsidy")
PARK_MANUAL = ("enclave.park.region", "enclave.park.agreement")


def verdict(rule_id: str, **kwargs) -> Verdict:
    return result(report_for("enclave", **kwargs), rule_id).verdict


def test_example_passes_every_error_rule():
    report = report_for("enclave")
    assert report.can_submit, report.reasons()
    for rule_id in PARK_RULES:
        assert result(report, rule_id).verdict is Verdict.PASS, rule_id
    for rule_id in TECH_RULES + OFFICE_RULES:
        assert result(report, rule_id).verdict is Verdict.NOT_APPLICABLE, rule_id
    for rule_id in PARK_MANUAL:
        assert result(report, rule_id).verdict is Verdict.MANUAL, rule_id


@pytest.mark.parametrize(
    ("data", "applicable", "other"),
    [
        (TECH, TECH_RULES, PARK_RULES + PARK_MANUAL + OFFICE_RULES),
        (OFFICE, OFFICE_RULES, PARK_RULES + PARK_MANUAL + TECH_RULES),
    ],
)
def test_other_kinds_pass_their_own_rules(data, applicable, other):
    report = report_for("enclave", data=data)
    assert report.can_submit, report.reasons()
    for rule_id in applicable:
        assert result(report, rule_id).verdict is Verdict.PASS, rule_id
    for rule_id in other:
        assert result(report, rule_id).verdict is Verdict.NOT_APPLICABLE, rule_id


def test_example_document_reads():
    doc = example_document("enclave")
    assert doc.title == "深南（南宁）电子信息产业飞地园区"


def _amount(data: dict, drop: tuple[str, ...] = ()) -> Decimal | None:
    raw = example_json("enclave")["data"] | data
    for name in drop:
        raw.pop(name, None)
    form, issues = parse_form(get_form("enclave"), raw)
    assert form is not None, issues
    return get_form("enclave").amount_of(form)


def test_amount_is_the_one_the_kind_asks_for():
    definition = get_form("enclave")
    assert definition.amount_fields == ("requested_amount", "subsidy_requested")
    assert _amount(OFFICE) == Decimal("60")  # the site subsidy of an office
    assert _amount(TECH) == Decimal("500")  # the project funds of a 科创飞地
    assert _amount({}) is None  # a 飞地园区 asks for no money
    # A figure left over from another kind does not count: it is not relevant to this one.
    assert _amount(OFFICE | {"requested_amount": "300"}) == Decimal("60")
    assert _amount(TECH | {"subsidy_requested": "40"}) == Decimal("500")
    assert _amount(OFFICE, drop=("subsidy_requested",)) is None


def test_provinces_are_the_31_divisions():
    assert len(Province) == 31
    assert "广西壮族自治区" in {p.label for p in Province}


# --- 科创飞地 ---------------------------------------------------------------------------


def test_tech_enclave_must_be_outside_guangxi():
    assert verdict("enclave.tech.outside_guangxi", data=TECH) is Verdict.PASS
    report = report_for("enclave", data=TECH | {"province": "广西壮族自治区", "city": "南宁市"})
    r = result(report, "enclave.tech.outside_guangxi")
    assert r.verdict is Verdict.FAIL and "自治区外" in r.message
    assert not report.can_submit


@pytest.mark.parametrize(
    ("amount", "expected"), [("500", Verdict.PASS), ("500.0001", Verdict.FAIL)]
)
def test_tech_enclave_cap(amount, expected):
    r = result(report_for("enclave", data=TECH | {"requested_amount": amount}), "enclave.tech.cap")
    assert r.verdict is expected
    if expected is Verdict.FAIL:
        assert "超过上限" in r.message and "500" in r.message


def test_cap_follows_the_catalogue(catalogue):
    lower = catalogue.with_value("enclave.tech_enclave_cap", Decimal("300"))
    report = report_for("enclave", data=TECH, catalogue=lower)
    r = result(report, "enclave.tech.cap")
    assert r.verdict is Verdict.FAIL
    assert "300" in r.requirement and "300" in r.message
    assert not report.can_submit
    assert result(report_for("enclave", data=TECH), "enclave.tech.cap").verdict is Verdict.PASS


def test_tech_funds_need_filing():
    assert verdict("enclave.tech.filed", data=TECH) is Verdict.PASS
    unfiled = TECH | {"is_filed": False}
    report = report_for("enclave", data=unfiled)
    r = result(report, "enclave.tech.filed")
    assert r.verdict is Verdict.FAIL and "备案" in r.message
    assert not report.can_submit
    # Registering without asking for funds needs no filing.
    report = report_for("enclave", data=unfiled | {"requested_amount": "0"})
    assert result(report, "enclave.tech.filed").verdict is Verdict.PASS
    assert report.can_submit, report.reasons()


def test_tech_funds_missing_is_incomplete():
    report = report_for("enclave", data=TECH, drop=("requested_amount",))
    assert result(report, "enclave.tech.cap").verdict is Verdict.INCOMPLETE
    assert result(report, "enclave.tech.filed").verdict is Verdict.INCOMPLETE
    assert any(i.path == ("requested_amount",) for i in report.field_issues)


# --- applicant ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "rule_id"), [({}, "enclave.park.applicant"), (TECH, "enclave.tech.applicant")]
)
def test_applicant_is_a_zone_committee(data, rule_id):
    assert verdict(rule_id, data=data) is Verdict.PASS
    report = report_for("enclave", data=data, applicant={"org_type": "企业"})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "高新区管委会" in r.message and "企业" in r.observed
    assert not report.can_submit
    no_zone = result(report_for("enclave", data=data, applicant={"hitech_zone": None}), rule_id)
    assert no_zone.verdict is Verdict.FAIL and "高新区" in no_zone.message


def test_office_has_no_applicant_type_rule():
    report = report_for("enclave", data=OFFICE, applicant={"org_type": "企业"})
    assert report.can_submit, report.reasons()


# --- 飞地园区 -----------------------------------------------------------------------------


def test_park_lies_in_guangxi():
    r = result(
        report_for("enclave", data={"province": "广东省", "city": "深圳市"}),
        "enclave.park.in_guangxi",
    )
    assert r.verdict is Verdict.FAIL and "科创飞地" in r.message


def test_park_partner_region():
    # The form cannot verify where the partner is: an officer checks it, whatever the choice.
    named = result(report_for("enclave", data={"partner_region": "长三角"}), "enclave.park.region")
    assert named.severity is Severity.MANUAL
    assert named.verdict is Verdict.MANUAL and "长三角" in named.observed
    assert "主管部门核实" in named.requirement
    other = {"partner_region": "其他发达地区", "partner_region_note": "北京市海淀区"}
    report = report_for("enclave", data=other)
    r = result(report, "enclave.park.region")
    assert r.verdict is Verdict.MANUAL and "北京市海淀区" in r.observed
    assert report.can_submit
    missing = report_for("enclave", drop=("partner_region",))
    assert result(missing, "enclave.park.region").verdict is Verdict.INCOMPLETE
    unexplained = report_for("enclave", data={"partner_region": "其他发达地区"})
    assert any(i.path == ("partner_region_note",) for i in unexplained.field_issues)


@pytest.mark.parametrize(
    ("out_share", "in_share", "expected"),
    [
        ("60", "40", Verdict.PASS),
        ("60.5", "39.5", Verdict.PASS),
        ("60", "30", Verdict.FAIL),
        ("60", "40.01", Verdict.FAIL),
    ],
)
def test_tax_shares_add_up(out_share, in_share, expected):
    data = {"out_share": out_share, "in_share": in_share, "share_basis": ["产值贡献"]}
    report = report_for("enclave", data=data)
    r = result(report, "enclave.park.tax_total")
    assert r.verdict is expected
    assert report.can_submit is (expected is Verdict.PASS)


def test_tax_share_message_shows_both_figures_and_sum():
    r = result(report_for("enclave", data={"in_share": "30"}), "enclave.park.tax_total")
    assert r.verdict is Verdict.FAIL
    for figure in ("60", "30", "90", "100"):
        assert figure in r.message
    assert "90" in r.observed


def test_tax_share_missing_is_incomplete():
    report = report_for("enclave", drop=("in_share",))
    assert result(report, "enclave.park.tax_total").verdict is Verdict.INCOMPLETE
    assert not report.can_submit


def test_share_basis_required():
    report = report_for("enclave", data={"share_basis": []})
    r = result(report, "enclave.park.share_basis")
    assert r.verdict is Verdict.FAIL and "分配依据" in r.message
    assert not report.can_submit
    other = {"share_basis": ["其他"], "share_basis_other": "入园企业用地面积"}
    r = result(report_for("enclave", data=other), "enclave.park.share_basis")
    assert r.verdict is Verdict.PASS and "入园企业用地面积" in r.observed
    r = result(report_for("enclave", data={"share_basis": ["其他"]}), "enclave.park.share_basis")
    assert r.verdict is Verdict.INCOMPLETE


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Verdict.PASS),  # 40% share, 24000 of 60000 invested
        ({"out_share": "50", "in_share": "50"}, Verdict.PASS),  # 10 points off: at the limit
        ({"out_share": "49.99", "in_share": "50.01"}, Verdict.FAIL),
        ({"in_investment": "12000"}, Verdict.FAIL),  # 25% of investment against a 40% share
    ],
)
def test_investment_ratio_is_a_warning(data, expected):
    report = report_for("enclave", data=data)
    assert result(report, "enclave.park.investment_ratio").verdict is expected
    assert report.can_submit, "a warning informs, it does not block"


def test_investment_ratio_message():
    r = result(
        report_for("enclave", data={"in_investment": "12000"}), "enclave.park.investment_ratio"
    )
    assert "25" in r.message and "40" in r.message and "15" in r.message


def test_investment_ratio_only_when_investment_is_a_basis():
    report = report_for("enclave", data={"share_basis": ["产值贡献"], "in_investment": "1"})
    assert result(report, "enclave.park.investment_ratio").verdict is Verdict.NOT_APPLICABLE
    missing = report_for("enclave", drop=("in_investment",))
    assert result(missing, "enclave.park.investment_ratio").verdict is Verdict.INCOMPLETE
    assert missing.can_submit


# --- 飞地经济办公场所 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"office_location": "上海张江", "province": "上海市", "city": "上海市"}, Verdict.PASS),
        ({"province": "上海市", "city": "上海市"}, Verdict.FAIL),  # 中关村 is in 北京市
        # 「……等四个」 closes the list: elsewhere fails (it passed here while another row failed)
        ({"office_location": "其他", "province": "浙江省", "city": "杭州市"}, Verdict.FAIL),
        ({"office_location": "其他", "province": "广西壮族自治区", "city": "南宁市"}, Verdict.FAIL),
    ],
)
def test_office_location(data, expected):
    r = result(report_for("enclave", data=OFFICE | data), "enclave.office.location")
    assert r.verdict is expected
    if expected is Verdict.FAIL:
        assert "请核对" in r.message


def test_office_outside_the_four_named_places_fails_in_one_row():
    rule_id = "enclave.office.location"
    assert verdict(rule_id, data=OFFICE) is Verdict.PASS
    other = OFFICE | {"office_location": "其他", "province": "浙江省", "city": "杭州市"}
    report = report_for("enclave", data=other)
    r = result(report, rule_id)
    assert r.severity is Severity.ERROR and r.verdict is Verdict.FAIL
    for place in ("中关村", "上海张江", "广东深圳", "江苏南京"):
        assert place in r.message and place in r.requirement
    assert "浙江省杭州市" in r.observed
    assert not report.can_submit, "《实施方案》第19项 closes the list: elsewhere does not qualify"
    # no other row of the same 自查表 judges the place the other way
    office_rows = [x for x in report.results if x.rule_id.startswith("enclave.office.")]
    assert not [x for x in office_rows if "办公场所设在" in x.requirement and x is not r]


@pytest.mark.parametrize(
    ("rent", "subsidy", "expected"),
    [
        ("120", "60", Verdict.PASS),
        ("120", "60.0001", Verdict.FAIL),
        ("0.0003", "0.0001", Verdict.PASS),  # limit 0.00015 万元 rounds down to the yuan
        ("0.0003", "0.0002", Verdict.FAIL),
    ],
)
def test_office_subsidy_at_most_half_the_rent(rent, subsidy, expected):
    data = OFFICE | {"rent_cost": rent, "subsidy_requested": subsidy}
    report = report_for("enclave", data=data)
    r = result(report, "enclave.office.subsidy")
    assert r.verdict is expected
    if expected is Verdict.FAIL:
        assert "50" in r.message and "调减" in r.message
        assert not report.can_submit


def test_office_subsidy_follows_the_catalogue(catalogue):
    lower = catalogue.with_value("enclave.office_subsidy_percent", 40)
    r = result(report_for("enclave", data=OFFICE, catalogue=lower), "enclave.office.subsidy")
    assert r.verdict is Verdict.FAIL and "40" in r.requirement and "48" in r.message


# --- field relevance and dates -------------------------------------------------------------


def test_dates_in_wrong_order_are_refused():
    data = example_json("enclave")["data"] | {"term_start": "2035-06-30", "term_end": "2025-07-01"}
    form, issues = parse_form(get_form("enclave"), data)
    assert form is None
    issue = next(i for i in issues if i.path == ("term_end",))
    text = issue.describe()
    assert "合作期限结束" in text and "合作期限开始" in text and "不能早于" in text


def test_fields_of_other_kinds_are_not_required():
    park = report_for("enclave")
    assert not park.field_issues  # no office or 科创飞地 field asked of a 飞地园区
    office = report_for("enclave", data=OFFICE, drop=PARK_ONLY)
    assert office.can_submit, office.reasons()
    tech = report_for(
        "enclave", data=TECH | {"is_filed": False, "requested_amount": "0"}, drop=PARK_ONLY
    )
    assert tech.can_submit, tech.reasons()


def test_fields_of_the_chosen_kind_are_required():
    office = report_for("enclave", data={"enclave_type": "飞地经济办公场所", "province": "北京市"})
    missing = {i.path for i in office.field_issues}
    assert {("office_location",), ("rent_cost",), ("subsidy_requested",)} <= missing
    assert ("out_share",) not in missing
    park = report_for("enclave", drop=("out_share", "partner_name"))
    missing = {i.path for i in park.field_issues}
    assert {("out_share",), ("partner_name",)} <= missing
    labels = {i.label for i in park.field_issues}
    assert "合作方（飞出地）名称" in labels


def test_filing_details_required_only_once_filed():
    report = report_for("enclave", data=TECH, drop=("filing_number",))
    assert any(i.path == ("filing_number",) for i in report.field_issues)
    unfiled = report_for(
        "enclave",
        data=TECH | {"is_filed": False, "requested_amount": "0"},
        drop=("filing_number", "filing_date", "filing_authority"),
    )
    assert not unfiled.field_issues


def test_partner_uscc_is_checked():
    data = example_json("enclave")["data"] | {"partner_uscc": "91440300MA5G8K2P7A"}
    form, issues = parse_form(get_form("enclave"), data)
    assert form is None
    assert any(i.path == ("partner_uscc",) and "校验码" in i.message for i in issues)


def test_units_are_declared():
    fields = get_form("enclave").fields
    assert fields["area"].unit == "㎡"
    assert fields["firm_count"].unit == "家"
    assert fields["staff_count"].unit == "人"
    assert fields["out_share"].unit == "%"
    assert fields["requested_amount"].unit == "万元"


def _filed_claim(amount: str, status: str = "已提交", number: str = "桂园办备〔2025〕12号"):
    from forms.core.rules import PriorClaim

    return PriorClaim(
        7,
        "GX20250000007",
        "enclave",
        status,
        "前次申报",
        {"enclave_type": "科创飞地", "filing_number": number, "requested_amount": amount},
    )


def test_tech_cap_counts_earlier_claims_for_the_same_filing():
    from forms.core.rules import StaticHistory

    rule = "enclave.tech.cap.cumulative"
    data = TECH | {"requested_amount": "200"}
    ok = report_for("enclave", data=data, history=StaticHistory([_filed_claim("300")]))
    assert result(ok, rule).verdict is Verdict.PASS and "500 万元" in result(ok, rule).observed
    bad = report_for("enclave", data=data, history=StaticHistory([_filed_claim("301")]))
    failing = result(bad, rule)
    assert failing.verdict is Verdict.FAIL and "本次最多可申请 199 万元" in failing.message
    # 「对获得备案的飞地给予最高500万元」 caps the filing: over it, the claim cannot be handed in
    assert failing.severity is Severity.ERROR and not bad.can_submit
    over = report_for(
        "enclave",
        data=TECH | {"requested_amount": "200.0001"},
        history=StaticHistory([_filed_claim("300")]),
    )
    assert result(over, rule).verdict is Verdict.FAIL and not over.can_submit
    other = StaticHistory(
        [_filed_claim("480", number="另一备案号"), _filed_claim("480", status="不予推荐")]
    )
    assert verdict(rule, data=data, history=other) is Verdict.PASS
    assert verdict(rule, data=data) is Verdict.MANUAL  # the store was not consulted


# --- 飞地园区: the 飞入地 高新区 is the applicant committee's own ----------------------------


LIUZHOU_COMMITTEE = {"hitech_zone": "liuzhou", "city": "liuzhou"}


@pytest.mark.parametrize(
    ("data", "applicant", "expected"),
    [
        ({}, {}, Verdict.PASS),  # 南宁高新区's committee, a park in 南宁市
        ({"city": "南宁"}, {}, Verdict.PASS),  # 市 may be left out
        ({"host_zone": "北海高新区", "city": "北海市"}, {}, Verdict.FAIL),  # another zone
        ({"host_zone": "beihai", "city": "北海市"}, LIUZHOU_COMMITTEE, Verdict.FAIL),
        ({"host_zone": "liuzhou", "city": "北海市"}, LIUZHOU_COMMITTEE, Verdict.MANUAL),
        ({"host_zone": "无"}, {}, Verdict.FAIL),
    ],
)
def test_park_lies_in_the_committees_own_zone(data, applicant, expected):
    report = report_for("enclave", data=data, applicant=applicant)
    r = result(report, "enclave.park.host_zone")
    assert r.verdict is expected, r
    assert report.can_submit is (expected is not Verdict.FAIL)
    if data.get("host_zone") == "beihai":
        assert "柳州高新技术产业开发区" in r.message and "北海高新技术产业开发区" in r.message
    if expected is Verdict.MANUAL:
        assert "柳州市" in r.message and "北海市" in r.message


def test_park_without_a_host_zone_is_checked_against_the_committees_own():
    # as stored before the field existed: the 飞入地 is the filing committee's zone
    report = report_for("enclave", drop=("host_zone",))
    assert not report.field_issues and report.can_submit
    r = result(report, "enclave.park.host_zone")
    assert r.verdict is Verdict.PASS and "南宁高新技术产业开发区" in r.observed
    # a 柳州 committee's park in 北海, with no zone named: the city is for the department
    elsewhere = report_for(
        "enclave", data={"city": "北海市"}, applicant=LIUZHOU_COMMITTEE, drop=("host_zone",)
    )
    assert result(elsewhere, "enclave.park.host_zone").verdict is Verdict.MANUAL


def test_office_location_message_cites_the_catalogue_article(catalogue):
    # The message names the source as the catalogue does, so a renamed 方案 is cited anew.
    renamed = catalogue.with_value("articles.enclave_office", "《新实施方案》第7项")
    other = OFFICE | {"office_location": "其他", "province": "浙江省", "city": "杭州市"}
    r = result(report_for("enclave", data=other, catalogue=renamed), "enclave.office.location")
    assert r.verdict is Verdict.FAIL
    assert r.message.startswith("《新实施方案》第7项支持设在") and "第19项" not in r.message
    assert r.article == "《新实施方案》第7项" and "第19项" not in r.requirement


def test_office_location_choices_are_the_catalogue_places(catalogue):
    # The rule judges by the catalogue's places; the form offers its own choices. Each place
    # must be a choice of the same code and name, and the one more choice is 其他.
    from forms.enclave import OfficeLocation

    places = {str(p["code"]): str(p["label"]) for p in catalogue.value("enclave.office_places")}
    offered = {o.code: o.label for o in OfficeLocation if o is not OfficeLocation.OTHER}
    assert offered == places


def test_park_host_zone_cannot_be_checked_without_the_committees_zone_or_the_city():
    no_zone = report_for("enclave", applicant={"hitech_zone": None})
    r = result(no_zone, "enclave.park.host_zone")
    assert r.verdict is Verdict.FAIL and "申报主体未选择所在高新区" in r.message
    assert not no_zone.can_submit
    no_city = report_for("enclave", drop=("city",))
    r = result(no_city, "enclave.park.host_zone")
    assert r.verdict is Verdict.INCOMPLETE and r.message == "请填写飞地园区所在城市"
    assert not no_city.can_submit
