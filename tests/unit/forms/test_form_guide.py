"""The 填报说明 of each form is generated from its declaration: every field, rule and material
appears, with the figures of the catalogue it is given; the 用户手册 reads and prints."""

from __future__ import annotations

from decimal import Decimal

import pytest

from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.catalogue import Catalogue
from forms.core.definition import FormDefinition
from forms.core.rules import fmt_number
from forms.guide.document import HelpDocument, Items, Table
from forms.guide.field_help import format_text, inline_hint
from forms.guide.form_guide import form_guide
from forms.guide.manual import load_manual, parse_manual, quoted_names
from forms.packet.guide_pdf import render_document
from tests.helpers.examples import KINDS
from tests.helpers.samples import squeezed_text

DEFINITIONS = {**{kind: all_forms()[kind] for kind in KINDS}, "applicant": APPLICANT}


def text_of(document: HelpDocument) -> str:
    return "\n".join(document.texts())


def table_rows(document: HelpDocument) -> list[tuple[str, ...]]:
    return [row for b in document.blocks if isinstance(b, Table) for row in b.rows]


@pytest.mark.parametrize("kind", sorted(DEFINITIONS))
def test_every_field_appears_with_its_unit_requirement_and_help(kind, catalogue):
    definition = DEFINITIONS[kind]
    rows = table_rows(form_guide(definition, catalogue).document())
    for _section, spec in definition.iter_fields():
        siblings = {s.name: s.label for s in spec.row_fields} or {
            n: f.label for n, f in definition.fields.items()
        }
        for field in (spec, *spec.row_fields):
            name = field.label_with_unit + ("（必填）" if field.required else "")
            row = next((r for r in rows if r[0].endswith(name)), None)
            assert row is not None, (kind, name)
            entry = format_text(field, siblings.get(field.depends_on or "", ""))
            assert entry and row[1].startswith(entry), (kind, name, row)
            assert row[2] == (field.help or "—"), (kind, name)


@pytest.mark.parametrize("kind", KINDS)
def test_every_rule_appears_with_its_article_and_figures(kind, catalogue):
    definition = all_forms()[kind]
    text = text_of(form_guide(definition, catalogue).document())
    assert len(definition.rules) > 0
    for rule in definition.rules:
        figures = {n: fmt_number(catalogue.value(k)) for n, k in rule.params.items()}
        assert rule.requirement.format_map(figures) in text, rule.id
        assert rule.source(catalogue) in text, rule.id
        assert "{" not in rule.requirement.format_map(figures)


@pytest.mark.parametrize("kind", KINDS)
def test_every_material_appears_with_its_basis(kind, catalogue):
    definition = all_forms()[kind]
    text = text_of(form_guide(definition, catalogue).document())
    for material in definition.materials:
        assert material.name in text
        assert material.basis.describe(catalogue) in text
    assert "其他材料" in text
    other = form_guide(definition, catalogue).materials[-1]
    assert (other.name, other.need) == ("其他材料", "如有则提供：其他有助于审核的材料")


def _rule_with_figure(definition: FormDefinition, catalogue: Catalogue):
    for rule in definition.rules:
        for name, key in rule.params.items():
            value = catalogue.value(key)
            if f"{{{name}}}" in rule.requirement and isinstance(value, int | Decimal):
                return rule, key, value
    raise AssertionError(f"{definition.kind} has no rule quoting a figure")


@pytest.mark.parametrize("kind", KINDS)
def test_a_changed_catalogue_figure_changes_the_guide(kind, catalogue):
    definition = all_forms()[kind]
    rule, key, value = _rule_with_figure(definition, catalogue)
    changed_value = value * 3 + 7
    changed = catalogue.with_value(key, changed_value)
    before = form_guide(definition, catalogue)
    after = form_guide(definition, changed)
    old = next(r for r in before.rules if r.id == rule.id).requirement
    new = next(r for r in after.rules if r.id == rule.id).requirement
    assert fmt_number(value) in old and fmt_number(changed_value) in new
    assert new in text_of(after.document()) and new not in text_of(before.document())


def test_a_section_asked_only_sometimes_says_so_once(catalogue):
    definition = all_forms()["rd_subsidy"]
    text = text_of(form_guide(definition, catalogue).document())
    conditional = [
        s for s in definition.sections if all(definition.fields[n].when for n in s.fields)
    ]
    assert conditional
    assert "本部分仅当" in text


def test_who_may_apply_lists_each_kind_of_claim(catalogue):
    definition = all_forms()["rd_subsidy"]
    assert definition.eligibility is not None
    document = form_guide(definition, catalogue).document()
    items = [b for b in document.blocks if isinstance(b, Items)]
    labels = [label for label, _ in definition.eligibility.parts]
    assert items and all(any(i.startswith(label) for i in items[0].items) for label in labels)


def test_the_inline_hint_is_the_help_and_what_the_box_does_not_show():
    specs = {s.name: s for _, s in all_forms()["incubator"].iter_fields()}
    assert inline_hint(specs["carrier_name"]) == specs["carrier_name"].help
    percent = next(s for s in specs.values() if s.kind.value == "percent")
    assert "0–100" in inline_hint(percent)
    uscc = next(s for _, s in APPLICANT.iter_fields() if s.format == "uscc")
    assert "校验码" in inline_hint(uscc) and inline_hint(uscc).count("18 位") == 1


def test_the_form_guide_prints_every_field_and_rule(catalogue):
    definition = all_forms()["incubator"]
    guide = form_guide(definition, catalogue)
    text = squeezed_text(render_document(guide.document()))
    assert "科技企业孵化器认定/后补助申请表填报说明" in text
    for _section, spec in definition.iter_fields():
        assert spec.label_with_unit.replace(" ", "") in text
    for rule in guide.rules:
        assert rule.requirement.replace(" ", "")[:20] in text


# --- the 用户手册 -------------------------------------------------------------------------------


def test_the_manual_has_both_loops_backups_and_accounts():
    manual = load_manual()
    assert manual.title == "用户手册"
    chapters = manual.headings(2)
    assert any("企业端" in h for h in chapters) and any("园区端" in h for h in chapters)
    assert any("备份" in h for h in chapters)
    steps = " ".join(manual.headings(3))
    for step in ("初次使用设置", "新建申报", "填写与自查", "添加附件", "标记为待提交", "导出申报包",
                 "导入审核决定", "退回补正", "导入申报包", "审核", "作出审核决定", "打印审核意见表",
                 "统计", "审核人账号"):  # fmt: skip
        assert step in steps, step


def test_the_manual_pdf_has_the_loops_headings():
    manual = load_manual()
    text = squeezed_text(render_document(manual))
    for heading in manual.headings():
        assert heading.replace(" ", "") in text, heading


def test_the_manual_reader_keeps_steps_items_notes_and_quoted_names():
    document = parse_manual(
        "# 手册\n\n## 一、开始\n\n> 提示行\n\n1. 点「文件 › 新建申报」\n2. 点「保存」\n   接着写\n\n- 一项\n"
    )
    assert document.title == "手册" and document.headings(2) == ["一、开始"]
    steps = [b for b in document.blocks if isinstance(b, Items)]
    assert steps[0].ordered and steps[0].items[1] == "点「保存」接着写"
    assert not steps[1].ordered
    assert quoted_names(document) == [("文件", "新建申报"), ("保存",)]
