"""打印空白申报表及材料清单: the blank form of each kind lists every material of every request
type, with when it is needed, and leaves every field to be written."""

from __future__ import annotations

import re

import pytest

from app.cli import main
from forms import get_form
from forms.applicant import APPLICANT
from forms.core.catalogue import load_catalogue
from forms.core.fields import FieldKind
from forms.core.materials import OTHER_NAME
from forms.packet.blank_form import render_blank_form
from forms.packet.materials_list import when_text
from tests.helpers.examples import KINDS
from tests.helpers.samples import squeezed_pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def blanks() -> dict[str, list[str]]:
    catalogue = load_catalogue()
    return {k: squeezed_pages(render_blank_form(get_form(k), APPLICANT, catalogue)) for k in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_the_blank_form_lists_every_material_of_the_kind_in_declared_order(blanks, kind):
    definition = get_form(kind)
    flat = "".join(blanks[kind])
    listing = flat[flat.index("申报材料清单") : flat.index("二、申报主体信息")]
    places = [listing.index(squeeze(m.name)) for m in definition.materials]
    assert places == sorted(places)
    assert listing.index(OTHER_NAME) > places[-1]
    assert f"共{len(definition.materials) + 1}项" in listing
    for m in definition.materials:  # when it is needed, as a clerk reads it
        assert squeeze(when_text(definition, m.when)) in listing
    assert listing.count("需盖章") >= sum(m.sealed for m in definition.materials)


@pytest.mark.parametrize("kind", KINDS)
def test_the_blank_form_has_every_field_of_the_applicant_and_of_the_form(blanks, kind):
    flat = "".join(blanks[kind])
    form_part = flat[flat.index("二、申报主体信息") :]
    for definition in (APPLICANT, get_form(kind)):
        for _section, spec in definition.iter_fields():
            assert squeeze(spec.label) in form_part, spec.label
    pages = blanks[kind]
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页共{len(pages)}页" in page
        assert "空白表，不作为正式申报材料" in page


def test_a_material_for_one_request_type_says_which():
    definition = get_form("incubator")
    evaluation = next(m for m in definition.materials if m.id == "evaluation")
    assert when_text(definition, evaluation.when) == "申请类别为“绩效评价优秀后补助”时"
    enclave = get_form("enclave")
    filing = next(m for m in enclave.materials if m.id == "tech_filing")
    assert when_text(enclave, filing.when) == "飞地类型为“科创飞地”，且是否已备案为“是”时"
    assert when_text(definition, {}) == "所有申报"
    choice = next(spec for _s, spec in definition.iter_fields() if spec.kind is FieldKind.CHOICE)
    assert f"□{squeeze(choice.option_label(choice.options[0]))}" in squeeze(
        "".join(squeezed_pages(render_blank_form(definition, APPLICANT, load_catalogue())))
    )


def test_gxapply_blank_writes_the_pdf(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    assert main(["blank", "rd_subsidy", "-o", str(tmp_path / "空白表")]) == 0
    written = tmp_path / "空白表.pdf"
    assert "已生成" in capsys.readouterr().out
    flat = "".join(squeezed_pages(written.read_bytes()))
    assert "研发补助申领表" in flat and "国家项目任务书或立项文件" in flat
    assert main(["blank", "nothing", "-o", str(tmp_path / "x.pdf")]) != 0
    assert not (tmp_path / "x.pdf").exists()
