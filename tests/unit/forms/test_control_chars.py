"""Invisible control characters are refused by every form's fields, naming the field: a NUL
stored on an enterprise's SQLite would stop its park office's PostgreSQL import (issue 16)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from forms import get_form
from forms.applicant import ApplicantProfile
from forms.core.control_chars import control_char_problem
from forms.core.validation import parse_form
from tests.helpers.examples import checked, example_document, example_json


def issues_of(kind: str, **changes):
    data = {**example_json(kind)["data"], **changes}
    form, issues = parse_form(get_form(kind), data)
    return form, [issue.describe() for issue in issues]


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ud800"])
def test_a_single_line_field_refuses_a_control_character_naming_the_field(char):
    form, issues = issues_of("incubator", carrier_name=f"南宁{char}孵化器")
    assert form is None
    (issue,) = issues
    assert issue.startswith("「孵化载体名称」第 3 个字符处有不可见的控制字符")
    assert f"U+{ord(char):04X}" in issue and "请删去" in issue


def test_a_single_line_field_refuses_a_line_break_inside_but_not_around_it():
    form, issues = issues_of("incubator", carrier_name="南宁\n孵化器")
    assert form is None and "本栏只能填一行" in issues[0] and "孵化载体名称" in issues[0]
    form, issues = issues_of("incubator", carrier_name="  南宁孵化器\n")
    assert issues == [] and form is not None and form.carrier_name == "南宁孵化器"


def test_the_place_told_counts_the_blanks_typed_before_the_text():
    """The box shows the blanks the value is stored without: 第 N 个 counts them too."""
    form, issues = issues_of("incubator", carrier_name="  南宁\x00孵化器")
    assert form is None and issues[0].startswith("「孵化载体名称」第 5 个字符处")
    form, issues = issues_of("incubator", fund_plan="\n\n一、设备\x00")
    assert form is None and issues[0].startswith("「补助资金使用计划」第 7 个字符处")


def test_a_multi_line_field_keeps_line_breaks_and_tabs_but_refuses_nul():
    form, issues = issues_of("incubator", fund_plan="一、设备\t120 万元\r\n二、场地\n三、其他")
    assert issues == [] and form is not None and "\t120" in form.fund_plan
    form, issues = issues_of("incubator", fund_plan="一、设备\x00")
    assert form is None and issues[0].startswith("「补助资金使用计划」第 5 个字符处")


def test_a_list_item_and_the_applicant_profile_refuse_them_too():
    form, issues = issues_of("new_track", leading_industries=["电子信息", "新材料\x00"])
    assert form is None and "主导产业" in issues[0] and "U+0000" in issues[0]
    profile = example_json("incubator")["applicant"]
    with pytest.raises(ValueError, match="U\\+0000"):
        ApplicantProfile.model_validate({**profile, "name": "广西\x00科技有限公司"})


def test_plain_chinese_and_symbols_pass():
    assert control_char_problem("南宁·高新区（第 2 期）—— ①②③ 😀 龘") is None
    assert control_char_problem("第一行\n第二行\t附注", multi_line=True) is None
    assert control_char_problem("第一行\n第二行") is not None


@pytest.mark.parametrize("char", ["\n", "\t", "\x07"])
def test_a_stored_control_character_in_a_one_line_field_is_told_by_the_check(char):
    """What an older release stored loads (FormDefinition.load keeps it), but the check tells
    it at its field, a line break in a one-line box as well as a BEL: else it is submitted,
    and the office's copy refuses the package for it."""
    doc = example_document("incubator")
    stored = {**doc.form.model_dump(mode="json"), "carrier_name": f"南宁{char}孵化器"}
    form = doc.definition.load(stored)
    assert form.carrier_name == f"南宁{char}孵化器"  # opens, kept as stored
    report = checked(replace(doc, form=form))
    (issue,) = [i for i in report.field_issues if i.path == ("carrier_name",)]
    assert issue.label == "孵化载体名称" and "第 3 个字符处" in issue.message
    assert not report.can_submit


def test_stored_line_breaks_in_a_long_text_are_no_issue():
    doc = example_document("incubator")
    stored = {**doc.form.model_dump(mode="json"), "fund_plan": "一、设备\t120 万元\r\n二、场地"}
    report = checked(replace(doc, form=doc.definition.load(stored)))
    assert not [i for i in report.field_issues if i.path == ("fund_plan",)]
