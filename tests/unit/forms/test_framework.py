"""The form framework itself: declarations, Chinese errors, catalogue use, no Qt in the core."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from forms import UnknownKind, all_forms, get_form
from forms.applicant import APPLICANT
from forms.core.catalogue import CatalogueError, load_catalogue, parse_catalogue
from forms.core.fields import FieldKind
from forms.core.rules import Verdict
from forms.core.uscc import ALPHABET, check_character, uscc_problem, with_check_character
from forms.core.validation import parse_form
from tests.helpers.examples import KINDS, example_json

DEFINITIONS = [APPLICANT, *all_forms().values()]


def test_four_forms_are_discovered():
    assert set(KINDS) == {"incubator", "new_track", "enclave", "rd_subsidy"}
    assert all(get_form(k).kind == k for k in KINDS)
    with pytest.raises(UnknownKind) as caught:
        get_form("nonsense")
    assert "没有“nonsense”这类申报表" in str(caught.value)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.kind)
def test_every_field_is_declared_for_the_editor(definition):
    for _section, spec in definition.iter_fields():
        assert spec.label and not spec.label.isascii(), f"{spec.name} needs a Chinese label"
        if spec.kind is FieldKind.MONEY:
            assert spec.unit == "万元" and spec.decimal_places == 4
        if spec.kind is FieldKind.DEPENDENT_CHOICE:
            assert spec.depends_on in definition.fields
        if spec.kind is FieldKind.ROWS:
            assert spec.row_fields, f"{spec.name} rows need a row model"
        for other in spec.when:
            assert other in definition.fields, f"{spec.name} depends on unknown {other}"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=lambda d: d.kind)
def test_every_rule_is_cited_and_its_figures_are_in_the_catalogue(definition):
    catalogue = load_catalogue()
    ids = [r.id for r in definition.rules]
    assert len(ids) == len(set(ids))
    for rule in definition.rules:
        if rule.basis is None:
            assert catalogue.article(rule.article).startswith(("《", "GB"))
        else:  # a 填报要求: its own stated basis, from the catalogue
            assert catalogue.value(f"form_requirements.{rule.basis}")
            assert rule.source(catalogue).startswith("填报要求：")
        for key in rule.params.values():
            catalogue.value(key)  # raises if a figure is missing
        for name in rule.fields:
            assert name in definition.fields, f"{rule.id} points at unknown field {name}"


@pytest.mark.parametrize("kind", KINDS)
def test_example_is_a_complete_valid_document(kind):
    definition = get_form(kind)
    form, issues = parse_form(definition, example_json(kind)["data"])
    assert form is not None and not issues
    assert definition.missing_required(form) == []


def test_sections_must_cover_every_field():
    from forms.core.definition import FormDefinition, Section
    from forms.incubator import IncubatorApplication

    with pytest.raises(ValueError, match="missing"):
        FormDefinition("x", "x", IncubatorApplication, (Section("only", ("carrier_name",)),))


# --- 统一社会信用代码 -----------------------------------------------------------------------


def test_uscc_known_valid_and_invalid():
    assert uscc_problem("91350100M000100Y43") is None
    assert uscc_problem("91350100M000100Y42") == "第18位校验码应为 3，现为 2，请核对前17位或校验码"
    assert "应为 18 位" in uscc_problem("9135")
    assert "第9位“I”不是有效字符" in uscc_problem("91350100I000100Y43")


@given(st.text(alphabet=ALPHABET, min_size=17, max_size=17))
def test_uscc_check_character_round_trips(first17):
    code = with_check_character(first17)
    assert uscc_problem(code) is None
    wrong = next(c for c in ALPHABET if c != code[17])
    assert f"应为 {check_character(first17)}" in uscc_problem(first17 + wrong)


def test_uscc_lowercase_is_accepted_and_normalised():
    form, issues = parse_form(APPLICANT, {"uscc": "91350100m000100y43"})
    assert not issues and form.uscc == "91350100M000100Y43"


# --- Chinese messages for bad input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"registered_capital": "abc"}, "「注册资本」应为数字"),
        ({"registered_capital": "-1"}, "「注册资本」不能小于 0"),
        ({"registered_capital": "1.23456"}, "「注册资本」最多保留 4 位小数"),
        ({"registered_capital": "1e20"}, "「注册资本」不能大于"),
        ({"name": "名" * 101}, "「单位名称」不能超过 100 个字"),
        ({"registered_on": "2024-13-01"}, "「注册日期」应为日期"),
        ({"city": "广州市"}, "「所在设区市」“广州市”不是可选项"),
        ({"contact_phone": "12345"}, "「联系电话」格式不正确"),
        ({"unknown": 1}, "「unknown」不是本表的栏目"),
        ({"is_gazelle": "也许"}, "「瞪羚企业」应为“是”或“否”"),
    ],
)
def test_bad_input_messages_name_the_field(data, expected):
    form, issues = parse_form(APPLICANT, data)
    assert form is None
    assert any(expected in i.describe() for i in issues), [i.describe() for i in issues]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # pydantic would take a number for a Unix timestamp: 0 → 1970-01-01
        ({"registered_on": 0}, "「注册日期」应为日期，格式为 年-月-日"),
        ({"registered_on": 1718000000}, "「注册日期」应为日期"),
        ({"registered_on": 1.5}, "不能填数字"),
        ({"registered_on": True}, "「注册日期」应为日期"),
        # and true for 1
        ({"registered_capital": True}, "「注册资本」应为数字，不能填“是”或“否”"),
        ({"registered_capital": False}, "「注册资本」应为数字"),
    ],
)
def test_numbers_for_dates_and_booleans_for_numbers_are_refused(data, expected):
    form, issues = parse_form(APPLICANT, data)
    assert form is None
    assert any(expected in i.describe() for i in issues), [i.describe() for i in issues]


@pytest.mark.parametrize(
    ("kind", "data", "label"),
    [
        ("incubator", {"tenant_count": True}, "在孵企业数"),  # integer
        ("incubator", {"total_area": True}, "可自主支配孵化场地面积"),  # decimal quantity
        ("incubator", {"self_reported_occupancy": False}, "场地出租率"),  # percent
        ("incubator", {"requested_amount": True}, "申请后补助金额"),  # money
        ("incubator", {"certified_on": 0}, "认定日期"),  # date
        ("new_track", {"start_date": 20270101}, "实施期开始日期"),
    ],
)
def test_wrong_json_types_are_refused_in_every_form(kind, data, label):
    form, issues = parse_form(get_form(kind), example_json(kind)["data"] | data)
    assert form is None
    [issue] = issues
    assert issue.describe().startswith(f"「{label}」应为")


@pytest.mark.parametrize(("given", "expected"), [("是", True), ("否", False), (True, True)])
def test_yes_and_no_are_accepted_for_a_flag(given, expected):
    form, issues = parse_form(APPLICANT, {"is_gazelle": given})
    assert not issues and form.is_gazelle is expected


def test_dates_and_numbers_still_parse_from_their_usual_forms():
    form, issues = parse_form(
        APPLICANT, {"registered_on": "2024-06-30", "registered_capital": 12, "is_gazelle": "true"}
    )
    assert not issues
    assert form.registered_on.isoformat() == "2024-06-30"
    assert form.registered_capital == Decimal(12) and form.is_gazelle is True


# --- phone and email ------------------------------------------------------------------------


def test_phone_and_email_fields_share_one_declaration():
    from forms.core.fields import EMAIL_PATTERN, PHONE_PATTERN

    phones = [
        ("applicant", "contact_phone"),
        ("new_track", "contact_phone"),
        ("enclave", "contact_phone"),
    ]
    emails = [("applicant", "email"), ("new_track", "contact_email")]
    forms = {"applicant": APPLICANT, **all_forms()}
    for kind, name in phones:
        info = forms[kind].model.model_fields[name]
        assert _pattern(info) == PHONE_PATTERN, (kind, name)
        assert forms[kind].spec(name).help.startswith("手机号 11 位，或座机“区号-号码”，例如 0")
    for kind, name in emails:
        assert _pattern(forms[kind].model.model_fields[name]) == EMAIL_PATTERN, (kind, name)
        assert forms[kind].spec(name).help == "例如 name@example.com"


def _pattern(info):
    return next(m.pattern for m in info.metadata if getattr(m, "pattern", None))


@pytest.mark.parametrize("value", ["13877123456", "0771-1234567", "07711234567", "0771-1234567-89"])
def test_phone_numbers_accepted(value):
    _, issues = parse_form(APPLICANT, {"contact_phone": value})
    assert not issues


def test_bad_email_says_what_an_email_looks_like():
    _, issues = parse_form(APPLICANT, {"email": "kjj.example.cn"})
    assert [i.describe() for i in issues] == ["「电子邮箱」格式不正确：例如 name@example.com"]


# --- the amount an application asks for -----------------------------------------------------


def test_amount_field_is_shorthand_for_one_amount_field():
    from forms.core.definition import FormDefinition
    from forms.incubator import FORM, IncubatorApplication

    assert FORM.amount_fields == ("requested_amount",)
    assert FORM.amount_field == "requested_amount"
    sections = FORM.sections
    with pytest.raises(ValueError, match="not a field"):
        FormDefinition("x", "x", IncubatorApplication, sections, amount_fields=("nothing",))
    with pytest.raises(ValueError, match="not both"):
        FormDefinition(
            "x",
            "x",
            IncubatorApplication,
            sections,
            amount_field="requested_amount",
            amount_fields=("seed_fund",),
        )
    both = FormDefinition(
        "x", "x", IncubatorApplication, sections, amount_fields=("seed_fund", "requested_amount")
    )
    form, _ = parse_form(both, example_json("incubator")["data"])
    assert both.amount_of(form) == Decimal("1200")
    form, _ = parse_form(both, example_json("incubator")["data"] | {"seed_fund": None})
    assert both.amount_of(form) == Decimal("100")


# --- rules about the applicant ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "data", "rule_id"),
    [
        ("new_track", {}, "new_track.applicant"),
        ("enclave", {}, "enclave.park.applicant"),
        (
            "enclave",
            {"enclave_type": "科创飞地", "province": "广东省", "requested_amount": "0"},
            "enclave.tech.applicant",
        ),
    ],
)
def test_a_zone_committee_without_a_zone_gets_one_verdict_everywhere(kind, data, rule_id):
    from tests.helpers.verdicts import report_for, result

    r = result(report_for(kind, data=data, applicant={"hitech_zone": None}), rule_id)
    assert r.verdict is Verdict.FAIL
    assert r.message == "请在申报主体信息中选择所在高新区（即本管委会所辖的高新区）"
    assert r.fields == ()
    other = result(report_for(kind, data=data, applicant={"org_type": "企业"}), rule_id)
    assert other.verdict is Verdict.FAIL and "由高新区管委会申报" in other.message


def test_money_is_exact_decimal():
    form, _ = parse_form(APPLICANT, {"registered_capital": "0.1"})
    assert form.registered_capital == Decimal("0.1")
    assert form.model_dump(mode="json")["registered_capital"] == "0.1"


def test_conditional_required_fields():
    form, _ = parse_form(APPLICANT, {"is_high_tech_enterprise": False})
    assert "hte_certificate_no" not in {i.path[0] for i in APPLICANT.missing_required(form)}
    form, _ = parse_form(APPLICANT, {"is_high_tech_enterprise": True})
    assert "hte_certificate_no" in {i.path[0] for i in APPLICANT.missing_required(form)}


# --- the catalogue --------------------------------------------------------------------------


def test_catalogue_is_versioned_data():
    catalogue = load_catalogue()
    assert catalogue.version == "2024-再次征求意见稿"
    assert catalogue.value("incubator.national_cap") == 100
    with pytest.raises(CatalogueError, match="没有版本"):
        load_catalogue("1999")
    with pytest.raises(CatalogueError, match="缺少参数"):
        catalogue.value("incubator.nothing")
    with pytest.raises(CatalogueError, match="格式错误"):
        parse_catalogue("version = ")


def test_results_record_the_catalogue_version(catalogue):
    from tests.helpers.verdicts import report_for

    other = catalogue.with_value("incubator.national_cap", Decimal("120"))
    object.__setattr__(other, "version", "2025-正式稿")
    assert report_for("incubator", catalogue=other).catalogue_version == "2025-正式稿"


# --- layering -------------------------------------------------------------------------------


def test_domain_and_store_never_import_qt():
    code = (
        "import sys, forms, db.repository, app.cli, app.commands, app.settings, app.recovery, forms.core.document;"
        "[__import__(f'forms.{k}') for k in forms.all_forms()];"
        "bad = [m for m in sys.modules if m.startswith('PySide6')];"
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("1,234.5", Decimal("1234.5")), ("1，000", Decimal("1000")), (" 2 000 ", Decimal("2000"))],
)
def test_thousands_separators_are_for_reading_only(typed, stored):
    form, issues = parse_form(APPLICANT, {"registered_capital": typed})
    assert not issues and form.registered_capital == stored


@pytest.mark.parametrize("typed", ["2016/3/18", "2016.03.18", "20160318", "2016年3月18日"])
def test_dates_in_the_usual_chinese_ways(typed):
    from datetime import date

    form, issues = parse_form(APPLICANT, {"registered_on": typed})
    assert not issues and form.registered_on == date(2016, 3, 18)


def test_an_impossible_date_is_still_refused():
    form, issues = parse_form(APPLICANT, {"registered_on": "2016/2/30"})
    assert form is None and "「注册日期」应为日期" in issues[0].describe()
