"""A form's 填报说明, generated from its declaration and the current catalogue.

Sections and their fields (label, unit, required, what to type, help, when asked), the rules
with the article each cites and its figures read from the catalogue in force, and the materials
with the words that make them necessary. Nothing here names a form's fields: a field, rule or
material added to a declaration appears here by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from forms.core.catalogue import Catalogue
from forms.core.definition import FieldSpec, FormDefinition
from forms.core.materials import OTHER_MATERIAL, Material
from forms.core.rules import FORM_REQUIREMENT, Rule
from forms.guide.document import Block, Heading, HelpDocument, Items, Paragraph, Table
from forms.guide.field_help import format_text
from forms.packet.layout import chinese_ordinal
from forms.packet.materials_list import count_text, need_text, when_text

APPLICANT_FIELDS = "申报主体信息"  # what a rule about the profile (no field of the form) concerns


@dataclass(frozen=True)
class FieldGuide:
    name: str
    label: str  # with its unit: 申请后补助金额（万元）
    required: bool
    entry: str  # what to type: kind, limits, choices
    help: str
    when: str  # 「申请类别为“绩效评价优秀”时」, or "" when always asked
    columns: tuple[FieldGuide, ...] = ()  # a table's columns


@dataclass(frozen=True)
class SectionGuide:
    title: str
    help: str
    fields: tuple[FieldGuide, ...]


@dataclass(frozen=True)
class RuleGuide:
    id: str
    source: str  # the article cited, or 填报要求 with its stated basis
    requirement: str  # with the catalogue's figures in it
    severity: str  # 必须符合 / 提示 / 人工核实
    fields: str  # the labels of the fields it reads
    note: str  # said of the source itself (a lapsed text)


@dataclass(frozen=True)
class MaterialGuide:
    name: str
    need: str  # 必需：所有申报 / 如有则提供：…
    files: str  # types, how many, 需盖章
    basis: str  # the article and its words, or 填报要求 and its reason
    help: str


@dataclass(frozen=True)
class FormGuide:
    kind: str
    title: str
    description: str
    who: str
    who_parts: tuple[str, ...]  # per kind of claim, when they differ
    catalogue: str  # the catalogue's version and title
    sections: tuple[SectionGuide, ...]
    rules: tuple[RuleGuide, ...]
    materials: tuple[MaterialGuide, ...]

    def document(self) -> HelpDocument:
        """The guide as a document, shown in the program and printed."""
        return HelpDocument(
            title=f"{self.title} 填报说明",
            subtitle=f"政策参数：{self.catalogue}",
            blocks=tuple(_blocks(self)),
        )


def _field_guide(definition: FormDefinition, spec: FieldSpec, labels: dict[str, str]) -> FieldGuide:
    parent = labels.get(spec.depends_on or "", "")
    return FieldGuide(
        name=spec.name,
        label=spec.label_with_unit,
        required=spec.required,
        entry=format_text(spec, parent),
        help=spec.help,
        when=when_text(definition, spec.when) if spec.when else "",
        columns=tuple(
            _field_guide(definition, column, {c.name: c.label for c in spec.row_fields})
            for column in spec.row_fields
        ),
    )


def _rule_guide(definition: FormDefinition, rule: Rule, catalogue: Catalogue) -> RuleGuide:
    labels = [definition.fields[f].label if f in definition.fields else f for f in rule.fields]
    return RuleGuide(
        id=rule.id,
        source=rule.source(catalogue),
        requirement=rule.requirement_in(catalogue),
        severity=rule.severity.label,
        fields="、".join(labels) or APPLICANT_FIELDS,
        note=catalogue.lapsed_note(rule.article) if rule.article else "",
    )


def _material_guide(definition: FormDefinition, m: Material, catalogue: Catalogue) -> MaterialGuide:
    files = [m.types_text(), count_text(m)]
    if m.sealed:
        files.append("需盖章")
    return MaterialGuide(
        name=m.name,
        need=need_text(definition, m),
        files="；".join(files),
        basis=m.basis.describe(catalogue),
        help=m.help,
    )


def form_guide(definition: FormDefinition, catalogue: Catalogue) -> FormGuide:
    """The 填报说明 of ``definition`` with the figures of ``catalogue``."""
    labels = {name: spec.label for name, spec in definition.fields.items()}
    eligibility = definition.eligibility
    parts = [f"{label}：{e.who}" for label, e in eligibility.parts] if eligibility else []
    return FormGuide(
        kind=definition.kind,
        title=definition.title,
        description=definition.description,
        who=eligibility.who if eligibility else "",
        who_parts=tuple(parts) if len(parts) > 1 else (),
        catalogue=f"{catalogue.version}（{catalogue.title}）",
        sections=tuple(
            SectionGuide(
                section.title,
                section.help,
                tuple(
                    _field_guide(definition, definition.fields[n], labels) for n in section.fields
                ),
            )
            for section in definition.sections
        ),
        rules=tuple(_rule_guide(definition, rule, catalogue) for rule in definition.rules),
        materials=tuple(
            _material_guide(definition, m, catalogue)
            for m in (*definition.materials, OTHER_MATERIAL)
        )
        if definition.materials
        else (),
    )


# --- the guide as a document --------------------------------------------------------------------


def _field_rows(field: FieldGuide, prefix: str = "", said: str = "") -> list[tuple[str, str, str]]:
    """A field's rows of the table, its columns' after it; ``said`` is a condition the whole
    section has, stated once above the table."""
    name = prefix + field.label + ("（必填）" if field.required else "")
    entry = field.entry
    if field.when and field.when != said:
        entry += f"；仅当{field.when}填写"
    rows = [(name, entry, field.help or "—")]
    for column in field.columns:
        rows += _field_rows(column, prefix="　· ")
    return rows


def _blocks(guide: FormGuide) -> list[Block]:
    blocks: list[Block] = []
    if guide.description:
        blocks.append(Paragraph(guide.description))
    blocks.append(
        Paragraph(
            "本说明由程序按申报表的定义和现行政策参数生成：栏目、填写要求、政策条款和所需材料"
            "与程序中的检查一致。申报主体信息（单位名称、统一社会信用代码、所在高新区等）在"
            "“申报主体”页填写一次，各申报表共用。",
            note=True,
        )
    )
    part = 1
    if guide.who:
        blocks += [Heading(2, f"{chinese_ordinal(part)}、谁可以申报"), Paragraph(guide.who)]
        if guide.who_parts:
            blocks.append(Items(guide.who_parts))
        part += 1
    blocks.append(Heading(2, f"{chinese_ordinal(part)}、填写栏目"))
    blocks.append(
        Paragraph(
            "标“必填”的栏目须填写后才能标记为待提交；“仅当……填写”的栏目按所选情况出现。", note=True
        )
    )
    for number, section in enumerate(guide.sections, start=1):
        blocks.append(Heading(3, f"（{chinese_ordinal(number)}）{section.title}"))
        if section.help:
            blocks.append(Paragraph(section.help, note=True))
        conditions = {field.when for field in section.fields}
        said = conditions.pop() if len(conditions) == 1 else ""
        if said:
            blocks.append(Paragraph(f"本部分仅当{said}填写。", note=True))
        rows = [row for field in section.fields for row in _field_rows(field, said=said)]
        blocks.append(Table(("栏目", "填写要求", "说明"), tuple(rows), (30, 40, 30)))
    part += 1
    blocks.append(Heading(2, f"{chinese_ordinal(part)}、政策条款自查"))
    blocks.append(
        Paragraph(
            "程序在填写时逐条检查下列要求，结果列在“政策条款自查”中。“必须符合”的一条不符合，"
            f"申报不能标记为待提交；“人工核实”的由园区审核人员对照原件核实。条款标“{FORM_REQUIREMENT}”的"
            "不是政策条文，而是为核实申报内容而设的要求，括号中写明其依据。",
            note=True,
        )
    )
    blocks.append(
        Table(
            ("序号", "条款", "要求", "类别", "涉及栏目"),
            tuple(
                (
                    str(i),
                    r.source,
                    r.requirement + (f"（{r.note}）" if r.note else ""),
                    r.severity,
                    r.fields,
                )
                for i, r in enumerate(guide.rules, start=1)
            ),
            (7, 24, 39, 11, 19),
        )
    )
    if guide.materials:
        part += 1
        blocks.append(Heading(2, f"{chinese_ordinal(part)}、申报材料（附件）"))
        blocks.append(
            Paragraph(
                "在申报窗口的“附件”页按材料添加文件。“依据”引用政策条文中要求该材料的原话；"
                "标“需盖章”的须加盖申报单位公章后扫描。",
                note=True,
            )
        )
        blocks.append(
            Table(
                ("材料", "何时需要", "文件", "依据"),
                tuple(
                    (m.name + (f"\n{m.help}" if m.help else ""), m.need, m.files, m.basis)
                    for m in guide.materials
                ),
                (26, 24, 18, 32),
            )
        )
    return blocks
