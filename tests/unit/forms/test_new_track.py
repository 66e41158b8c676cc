"""Rules of 新赛道项目 (《若干措施》第（十二）条、第（十四）条), each on its passing and failing side."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms import get_form
from forms.core.catalogue import load_catalogue
from forms.core.rules import PriorClaim, Severity, StaticHistory, Verdict
from forms.core.validation import parse_form
from forms.new_track import TRACK_FIELDS, TrackCategory
from tests.helpers.examples import example_document, example_json
from tests.helpers.verdicts import TODAY, report_for, result

KIND = "new_track"
TRADITIONAL = "传统产业转型新赛道"
EMERGING = "新兴产业发展新赛道"
FUTURE = "未来产业培育新赛道"


def participants(*changes: dict) -> list[dict]:
    """The example's participant rows, row ``i`` updated with ``changes[i]``."""
    rows = example_json(KIND)["data"]["participants"]
    for row, change in zip(rows, changes, strict=False):
        row.update(change)
    return rows


def parse(**data):
    doc = example_json(KIND)["data"]
    doc.update(data)
    return parse_form(get_form(KIND), doc)


# --- the example ---------------------------------------------------------------------------


def test_example_passes_every_error_rule():
    report = report_for(KIND)
    assert report.can_submit, report.reasons()
    for r in report.results:
        if r.severity is Severity.ERROR:
            assert r.verdict is Verdict.PASS, (r.rule_id, r.message)
        if r.severity is Severity.WARNING:
            assert r.verdict in (Verdict.PASS, Verdict.MANUAL), (r.rule_id, r.message)


def test_example_document_loads():
    doc = example_document(KIND)
    assert doc.title == "柳州高新区工程机械智能绿色转型新赛道"
    assert doc.definition.amount_of(doc.form) == Decimal("1000")


def test_every_rule_cites_a_catalogue_article(catalogue):
    # or, for a check no article states, is a 填报要求 with its own stated basis (issue 13)
    for r in report_for(KIND).results:
        assert r.article.startswith(("《若干措施》", "GB 32100", "填报要求：")), r.rule_id
        assert r.article.startswith("填报要求：") == r.form_requirement, r.rule_id


# --- applicant -----------------------------------------------------------------------------


def test_applicant_must_be_a_zone_committee():
    assert result(report_for(KIND), "new_track.applicant").verdict is Verdict.PASS
    bad = report_for(KIND, applicant={"org_type": "企业"})
    r = result(bad, "new_track.applicant")
    assert r.verdict is Verdict.FAIL and "管委会" in r.message
    assert not bad.can_submit


def test_applicant_zone_must_be_named():
    # Same verdict as the enclave form gives: a committee that names no 高新区 does not qualify.
    report = report_for(KIND, applicant={"hitech_zone": None})
    r = result(report, "new_track.applicant")
    assert r.verdict is Verdict.FAIL
    assert "申报主体" in r.message and "所在高新区" in r.message
    assert not report.can_submit


# --- amounts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "verdict"),
    [("1000", Verdict.PASS), ("999.9999", Verdict.PASS), ("1000.0001", Verdict.FAIL)],
)
def test_cap_per_track(amount, verdict):
    own = Decimal("3600") - Decimal(amount)
    report = report_for(KIND, data={"requested_amount": amount, "self_funding": str(own)})
    r = result(report, "new_track.cap")
    assert r.verdict is verdict
    assert report.can_submit is (verdict is Verdict.PASS)
    if verdict is Verdict.FAIL:
        assert "超过上限" in r.message


def test_cap_follows_the_catalogue(catalogue):
    lower = catalogue.with_value("new_track.cap_per_track", Decimal("800"))
    report = report_for(KIND, catalogue=lower)
    r = result(report, "new_track.cap")
    assert r.verdict is Verdict.FAIL
    assert "800" in r.requirement and "800" in r.message
    assert not report.can_submit

    higher = catalogue.with_value("new_track.cap_per_track", Decimal("1200"))
    data = {"requested_amount": "1100", "self_funding": "2500"}
    assert result(report_for(KIND, data=data), "new_track.cap").verdict is Verdict.FAIL
    assert result(report_for(KIND, data=data, catalogue=higher), "new_track.cap").verdict is (
        Verdict.PASS
    )


def _claim(number: str, track_field: str, amount: str, status: str = "已提交") -> PriorClaim:
    return PriorClaim(
        application_id=int(number[-1]),
        number=number,
        kind=KIND,
        status=status,
        title="另一赛道",
        data={"track_field": track_field, "requested_amount": amount},
    )


def test_cumulative_cap_over_live_claims_of_the_same_field():
    rule_id = "new_track.cap.cumulative"
    assert result(report_for(KIND), rule_id).verdict is Verdict.MANUAL  # no history known

    same = StaticHistory([_claim("XS-2026-0001", "机械", "300")])
    report = report_for(KIND, history=same)
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "1,300" in r.message and "XS-2026-0001" in r.message
    assert report.can_submit, "the cumulative cap warns, it does not block"

    other_field = StaticHistory([_claim("XS-2026-0002", "钢铁", "900")])
    assert result(report_for(KIND, history=other_field), rule_id).verdict is Verdict.PASS
    turned_down = StaticHistory([_claim("XS-2026-0003", "机械", "900", status="不予推荐")])
    assert result(report_for(KIND, history=turned_down), rule_id).verdict is Verdict.PASS
    room = StaticHistory([_claim("XS-2026-0004", "机械", "0")])
    assert result(report_for(KIND, history=room), rule_id).verdict is Verdict.PASS


def test_requested_within_total_investment():
    rule_id = "new_track.funding.within_total"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS
    data = {"total_investment": "900", "self_funding": "0"}
    report = report_for(KIND, data=data)
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "超过总投资" in r.message
    assert not report.can_submit


def test_funding_must_balance():
    rule_id = "new_track.funding.balance"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS
    report = report_for(KIND, data={"self_funding": "2599.9999"})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "不一致" in r.message
    assert not report.can_submit
    missing = report_for(KIND, drop=("self_funding",))
    assert result(missing, rule_id).verdict is Verdict.INCOMPLETE


def test_local_matching_is_part_of_self_funding():
    rule_id = "new_track.funding.balance"
    ok = report_for(KIND, data={"local_matching": "2600"})
    assert result(ok, rule_id).verdict is Verdict.PASS
    r = result(report_for(KIND, data={"local_matching": "2600.5"}), rule_id)
    assert r.verdict is Verdict.FAIL and "地方财政配套" in r.message


# --- 主导产业 --------------------------------------------------------------------------------


def test_at_most_three_leading_industries():
    rule_id = "new_track.leading_industries.count"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS
    four = ["汽车及零部件", "工程机械", "新材料", "电子信息"]
    report = report_for(KIND, data={"leading_industries": four})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "最多 3 个" in r.message
    assert not report.can_submit


def test_leading_industry_limit_follows_the_catalogue(catalogue):
    four = ["汽车及零部件", "工程机械", "新材料", "电子信息"]
    wider = catalogue.with_value("new_track.max_leading_industries", 4)
    report = report_for(KIND, data={"leading_industries": four}, catalogue=wider)
    assert result(report, "new_track.leading_industries.count").verdict is Verdict.PASS


def test_leading_industries_required():
    report = report_for(KIND, data={"leading_industries": []})
    assert result(report, "new_track.leading_industries.count").verdict is Verdict.INCOMPLETE
    assert any(i.path == ("leading_industries",) for i in report.field_issues)
    assert not report.can_submit


def test_track_outside_leading_industries_is_a_warning():
    rule_id = "new_track.leading_industries.match"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS  # 机械 ⊂ 工程机械
    report = report_for(KIND, data={"leading_industries": ["汽车及零部件", "新材料"]})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "不在高新区主导产业" in r.message
    assert report.can_submit, "a track outside the leading industries warns, it does not block"


def test_leading_industry_may_be_the_shorter_name():
    data = {
        "track_category": EMERGING,
        "track_field": "新一代信息技术",
        "leading_industries": ["信息技术", "汽车"],
    }
    r = result(report_for(KIND, data=data), "new_track.leading_industries.match")
    assert r.verdict is Verdict.PASS


# --- category, field and directions -------------------------------------------------------


def test_fields_of_each_category_are_exactly_the_policy_lists():
    spec = get_form(KIND).spec("track_field")

    def shown(category):  # the options as people read them (stored as codes)
        return tuple(spec.option_label(code) for code in spec.options_for(category))

    assert shown(TrackCategory.TRADITIONAL) == (
        "钢铁",
        "有色金属",
        "石化化工",
        "建材",
        "机械",
    )
    assert shown(TrackCategory.EMERGING) == (
        "新一代信息技术",
        "新能源",
        "新材料",
        "高端装备",
        "生物医药",
        "低空经济",
    )
    assert shown(TrackCategory.FUTURE) == ("人形机器人", "元宇宙", "下一代互联网", "新型储能")
    assert set(TRACK_FIELDS) == set(TrackCategory)
    # the lists are the catalogue's, not the form code's
    assert load_catalogue().value("new_track.fields") == TRACK_FIELDS
    # 传统产业 lists no 等 (closed); 新兴产业 and 未来产业 end in 等 (open)
    assert spec.open_for == (TrackCategory.EMERGING.code, TrackCategory.FUTURE.code)


def test_field_outside_its_category_is_refused():
    form, issues = parse(track_category=EMERGING, track_field="钢铁")
    assert form is None
    [issue] = issues
    assert issue.path == ("track_field",)
    assert "赛道领域" in issue.describe()
    assert "不属于" in issue.message and "新一代信息技术" in issue.message


def test_field_needs_its_category_first():
    _, issues = parse(track_category=None, track_field="机械")
    assert any(i.path == ("track_field",) and "请先选择「赛道类别」" in i.message for i in issues)


@pytest.mark.parametrize(
    ("category", "track_field"),
    [(c, item["code"]) for c, fs in TRACK_FIELDS.items() for item in fs["listed"]],
)
def test_every_listed_field_parses_under_its_category(category, track_field):
    form, issues = parse(track_category=category, track_field=track_field)
    assert not issues and form is not None


def test_traditional_track_needs_a_direction():
    report = report_for(KIND, data={"transformation_directions": []})
    r = result(report, "new_track.directions")
    assert r.verdict is Verdict.FAIL and "转型方向" in r.message
    assert any(i.path == ("transformation_directions",) for i in report.field_issues)
    assert not report.can_submit
    one = report_for(KIND, data={"transformation_directions": ["高端化"]})
    assert result(one, "new_track.directions").verdict is Verdict.PASS


def test_directions_are_irrelevant_outside_traditional_tracks():
    data = {
        "track_category": FUTURE,
        "track_field": "新型储能",
        "transformation_directions": [],
        "leading_industries": ["新型储能", "汽车"],
    }
    report = report_for(KIND, data=data)
    assert result(report, "new_track.directions").verdict is Verdict.NOT_APPLICABLE
    assert not any(i.path == ("transformation_directions",) for i in report.field_issues)
    assert report.can_submit, report.reasons()


def test_unknown_direction_is_refused():
    _, issues = parse(transformation_directions=["数字化"])
    assert issues and issues[0].path[0] == "transformation_directions"
    assert "高端化" in issues[0].message


# --- targets -------------------------------------------------------------------------------

TARGETS = (
    "target_hte",
    "target_tech_sme",
    "target_output",
    "target_rd",
    "target_patents",
    "target_talents",
    "target_platforms",
    "target_incubated",
)


def test_at_least_one_target_above_zero():
    rule_id = "new_track.targets"
    zeros = dict.fromkeys(TARGETS, 0)
    report = report_for(KIND, data=zeros)
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "成效考核" in r.message
    assert not report.can_submit

    one = report_for(KIND, data=zeros | {"target_patents": 1})
    r = result(one, rule_id)
    assert r.verdict is Verdict.PASS and "新增发明专利授权 1 件" in r.observed


def test_targets_missing_is_incomplete():
    report = report_for(KIND, drop=TARGETS)
    assert result(report, "new_track.targets").verdict is Verdict.INCOMPLETE
    assert not report.can_submit


# --- participants --------------------------------------------------------------------------


def test_one_lead_unit():
    rule_id = "new_track.participants.lead"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS

    two = report_for(KIND, data={"participants": participants({}, {"role": "牵头单位"})})
    r = result(two, rule_id)
    assert r.verdict is Verdict.FAIL and "2 家牵头单位" in r.message
    assert two.can_submit, "joint leads are flagged, not blocked"

    none = report_for(KIND, data={"participants": participants({"role": "参与单位"})})
    r = result(none, rule_id)
    assert r.verdict is Verdict.FAIL and "没有牵头单位" in r.message


def test_participant_codes_must_differ():
    rule_id = "new_track.participants.unique"
    assert result(report_for(KIND), rule_id).verdict is Verdict.PASS
    rows = participants()
    rows[2]["uscc"] = rows[0]["uscc"]
    report = report_for(KIND, data={"participants": rows})
    r = result(report, rule_id)
    assert r.verdict is Verdict.FAIL and "第1行与第3行" in r.message
    assert not report.can_submit


def test_participants_required():
    report = report_for(KIND, data={"participants": []})
    assert any(i.path == ("participants",) for i in report.field_issues)
    assert result(report, "new_track.participants.unique").verdict is Verdict.INCOMPLETE
    assert not report.can_submit


def test_participant_code_is_checked_in_its_row():
    rows = participants({}, {"uscc": "91450221MA5P0T3L9A"})
    _, issues = parse(participants=rows)
    [issue] = issues
    assert issue.path == ("participants", 1, "uscc")
    assert issue.describe().startswith("「参与单位第2行·统一社会信用代码」")
    assert "校验码应为 M" in issue.message


def test_participant_row_requires_its_fields():
    rows = participants({}, {"task": None})
    report = report_for(KIND, data={"participants": rows})
    assert any(i.path == ("participants", 1, "task") for i in report.field_issues)
    assert not report.can_submit


# --- implementation period -----------------------------------------------------------------


def test_dates_in_wrong_order_are_refused():
    form, issues = parse(start_date="2027-01-01", end_date="2026-12-31")
    assert form is None
    [issue] = issues
    assert issue.path == ("end_date",)
    assert issue.describe() == (
        "「实施期结束日期」不能早于「实施期开始日期」（2027-01-01），请核对两处日期"
    )


@pytest.mark.parametrize(
    ("start", "end", "verdict", "says"),
    [
        ("2027-03-01", "2028-02-29", Verdict.PASS, ""),  # exactly 12 months (leap year)
        ("2027-03-01", "2028-02-28", Verdict.FAIL, "不足 12 个月"),
        ("2024-01-01", "2025-12-31", Verdict.FAIL, "已于 2025-12-31 结束"),
        ("2025-01-01", TODAY.isoformat(), Verdict.PASS, ""),
    ],
)
def test_period_plausibility(start, end, verdict, says):
    report = report_for(KIND, data={"start_date": start, "end_date": end})
    r = result(report, "new_track.period")
    assert r.verdict is verdict
    assert says in r.message
    assert report.can_submit, "the period check warns, it does not block"


# --- manual checks -------------------------------------------------------------------------


def test_merit_selection_is_manual():
    r = result(report_for(KIND), "new_track.merit")
    assert r.severity is Severity.MANUAL and r.verdict is Verdict.MANUAL
    assert "1,000 万元" in r.observed


# --- 现有基础 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, Verdict.PASS),  # 31 of 86
        ({"baseline_hte": 86}, Verdict.PASS),
        ({"baseline_hte": 87}, Verdict.FAIL),
        ({"baseline_hte": 0, "baseline_firms": 0}, Verdict.PASS),
        ({"baseline_hte": 3, "baseline_firms": 0}, Verdict.FAIL),
        ({"baseline_hte": None}, Verdict.NOT_APPLICABLE),
    ],
)
def test_high_tech_firms_are_part_of_the_track_firms(data, expected):
    report = report_for(KIND, data=data)
    r = result(report, "new_track.baseline.hte")
    assert r.verdict is expected
    if expected is Verdict.FAIL:
        assert "请核对" in r.message and "赛道现有企业数" in r.message
        assert not report.can_submit


def test_hte_larger_than_firms_names_both_figures():
    r = result(report_for(KIND, data={"baseline_hte": 87}), "new_track.baseline.hte")
    assert r.message == "其中：高新技术企业数（87 家）大于赛道现有企业数（86 家），请核对"


# --- history: an unreadable amount is never read as 0 ----------------------------------------


def test_cumulative_cap_with_an_unreadable_amount_is_manual():
    history = StaticHistory([_claim("XS-2026-0005", "机械", "abc")])
    r = result(report_for(KIND, history=history), "new_track.cap.cumulative")
    assert r.verdict is Verdict.MANUAL
    assert "XS-2026-0005" in r.message and "人工核实" in r.message


def test_applicant_rule_points_at_no_field():
    assert result(report_for(KIND), "new_track.applicant").fields == ()


def test_contact_phone_and_email_are_checked():
    _, issues = parse(contact_phone="12345", contact_email="kjj.example.cn")
    described = {i.path: i.describe() for i in issues}
    assert described[("contact_phone",)].startswith("「联系电话」格式不正确：手机号 11 位")
    assert "0772-1234567" in described[("contact_phone",)]
    assert described[("contact_email",)] == "「电子邮箱」格式不正确：例如 name@example.com"


def test_cumulative_cap_offline_counts_the_claims_it_knows():
    rule_id = "new_track.cap.cumulative"
    over = StaticHistory([_claim("XS-2026-0006", "机械", "300")], available=False)
    assert result(report_for(KIND, history=over), rule_id).verdict is Verdict.FAIL
    under = StaticHistory([_claim("XS-2026-0007", "机械", "0")], available=False)
    r = result(report_for(KIND, history=under), rule_id)
    assert r.verdict is Verdict.MANUAL and "未查询" in r.observed


# --- 第（十二）条: 传统产业 closed, 新兴产业 and 未来产业 open (列举后有“等”) -----------------------


@pytest.mark.parametrize("category", [EMERGING, "未来产业培育新赛道"])
def test_an_unlisted_field_of_an_open_category_is_for_the_department(category):
    form, issues = parse(track_category=category, track_field="量子信息")
    assert not issues and form is not None and form.track_field == "量子信息"  # kept as named
    data = {"track_category": category, "track_field": "量子信息", "transformation_directions": []}
    report = report_for(KIND, data=data)
    r = result(report, "new_track.field")
    assert r.verdict is Verdict.MANUAL and "量子信息" in r.observed and "主管部门认定" in r.message
    assert report.can_submit  # 需人工核实, not an input error nor a failing row


def test_a_listed_field_passes_and_an_unlisted_traditional_one_fails():
    assert result(report_for(KIND), "new_track.field").verdict is Verdict.PASS
    low_altitude = {
        "track_category": EMERGING,
        "track_field": "低空经济",
        "transformation_directions": [],
    }
    r = result(report_for(KIND, data=low_altitude), "new_track.field")
    assert r.verdict is Verdict.PASS and r.observed == "新兴产业发展新赛道：低空经济"
    # 传统产业 lists no 等: an unlisted field is refused as input, and the rule fails it too
    form, issues = parse(track_category="传统产业转型新赛道", track_field="造纸")
    assert form is None and "不属于" in issues[0].message
    narrower = load_catalogue().with_value(
        "new_track.fields.traditional.listed", [{"code": "steel", "label": "钢铁"}]
    )
    r = result(report_for(KIND, catalogue=narrower), "new_track.field")
    assert r.verdict is Verdict.FAIL and "所列领域后无“等”" in r.message


def test_field_messages_cite_the_catalogue_article(catalogue):
    renamed = catalogue.with_value("articles.new_track", "《新措施》第三条")
    data = {"track_category": EMERGING, "track_field": "量子信息", "transformation_directions": []}
    r = result(report_for(KIND, data=data, catalogue=renamed), "new_track.field")
    assert "不在《新措施》第三条为" in r.message and "第（十二）条" not in r.message
    narrower = renamed.with_value(
        "new_track.fields.traditional.listed", [{"code": "steel", "label": "钢铁"}]
    )
    r = result(report_for(KIND, catalogue=narrower), "new_track.field")
    assert "限于《新措施》第三条所列的钢铁" in r.message and "第（十二）条" not in r.message
    # the requirement beside the cited article says 本条, not the old article's number
    assert r.article == "《新措施》第三条" and "第（十二）条" not in r.requirement
