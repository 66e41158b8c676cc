"""The blank form of one kind with its whole material list (打印空白申报表及材料清单).

A clerk prints it before typing anything: the papers to gather, for every request type, and
every field of the applicant profile and of the form with room to write a draft by hand. Read
from the declaration like the packet: nothing here names a form's fields or materials.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Paragraph, Spacer

from forms.core.catalogue import Catalogue
from forms.core.definition import FieldSpec, FormDefinition, Section
from forms.core.fields import FieldKind
from forms.packet.layout import LABEL_WIDTH, chinese_ordinal, para, row_columns, table
from forms.packet.materials_list import material_table, when_text
from forms.packet.pages import SheetStamp
from forms.packet.render import Progress
from forms.packet.review_sheets import content_width, render_sheet
from forms.packet.styles import grid_table, styles
from forms.packet.text import aside, markup

BLANK_ROWS = 3  # empty rows printed for a repeatable table
MAX_OPTIONS = 24  # a choice with more options says so instead of listing them all
# Room left to write in, by kind (a choice is written by ticking its boxes).
WRITING_ROOM = {FieldKind.LONG_TEXT: 30 * mm, FieldKind.TEXT_LIST: 15 * mm}
LINE_ROOM = 5 * mm
SUBTITLE = "空白申报表及申报材料清单"


def _boxes(labels: list[str]) -> str:
    return "　".join(f"□ {markup(label)}" for label in labels)


def _options(spec: FieldSpec) -> list[str]:
    if spec.kind is FieldKind.BOOL:
        return ["是", "否"]
    if spec.kind is FieldKind.DEPENDENT_CHOICE:
        codes = list(dict.fromkeys(c for codes in spec.options_by.values() for c in codes))
    else:
        codes = list(spec.options)
    return [spec.option_label(c) for c in codes]


def _value_cell(definition: FormDefinition, spec: FieldSpec) -> list[Flowable]:
    """What to write and where: the choices as boxes to tick, the field's help and when it
    applies, in grey over the room left blank."""
    s = styles()
    lines: list[str] = []
    notes: list[str] = []
    if spec.when:
        notes.append(f"仅当{when_text(definition, spec.when)}填写")
    if spec.kind in (FieldKind.CHOICE, FieldKind.MULTI_CHOICE, FieldKind.DEPENDENT_CHOICE) or (
        spec.kind is FieldKind.BOOL
    ):
        options = _options(spec)
        if spec.kind is FieldKind.MULTI_CHOICE:
            notes.append("可多选")
        if spec.kind is FieldKind.DEPENDENT_CHOICE and spec.depends_on:
            parent = definition.fields.get(spec.depends_on)
            notes.append(f"按“{parent.label if parent else spec.depends_on}”选择")
        if len(options) <= MAX_OPTIONS:
            lines.append(_boxes(options))
        else:
            notes.append(f"共 {len(options)} 个选项，请在程序中选择")
    if spec.kind is FieldKind.ZONE:
        notes.append("从高新区名录中选择")
    if spec.kind is FieldKind.DATE:
        lines.append("&nbsp;" * 12 + "年" + "&nbsp;" * 6 + "月" + "&nbsp;" * 6 + "日")
    if spec.help:
        notes.append(spec.help)
    cell: list[Flowable] = []
    if notes:
        cell.append(Paragraph(aside("；".join(notes)), s.cell))
    if lines:
        cell.append(Paragraph("<br/>".join(lines), s.cell))
    else:  # room to write (the cell grows with its text, never cut)
        cell.append(Spacer(1, WRITING_ROOM.get(spec.kind, LINE_ROOM)))
    return cell


def _rows_flowables(definition: FormDefinition, spec: FieldSpec) -> list[Flowable]:
    s = styles()
    width = content_width(A4)
    caption = spec.label + ("（必填）" if spec.required else "")
    if spec.when:
        caption += f"（仅当{when_text(definition, spec.when)}填写）"
    header, widths = row_columns(spec, width)
    rows = [[para(str(i), s.cell)] + [""] * len(spec.row_fields) for i in range(1, BLANK_ROWS + 1)]
    return [
        Spacer(1, 2 * mm),
        para(f"{caption}（行数不够可另附页）", s.label),
        Spacer(1, 1 * mm),
        table(
            [header, *rows],
            widths,
            grid_table(1),
            repeatRows=1,
            rowHeights=[None] + [9 * mm] * BLANK_ROWS,
        ),
        Spacer(1, 2 * mm),
    ]


def _blank_section(definition: FormDefinition, section: Section, number: int) -> list[Flowable]:
    s = styles()
    width = content_width(A4)
    flow: list[Flowable] = [
        CondPageBreak(40 * mm),
        para(f"（{chinese_ordinal(number)}）{section.title}", s.subheading),
    ]
    if section.help:
        flow.append(para(section.help, s.note))
    pending: list[list[Any]] = []

    def flush() -> None:
        if pending:
            widths = [LABEL_WIDTH, width - LABEL_WIDTH]
            flow.append(table(list(pending), widths, grid_table(label_column=True)))
            pending.clear()

    for name in section.fields:
        spec = definition.fields[name]
        if spec.kind is FieldKind.ROWS:
            flush()
            flow += _rows_flowables(definition, spec)
            continue
        label = spec.label_with_unit + ("（必填）" if spec.required else "")
        pending.append([para(label, s.label), _value_cell(definition, spec)])
    flush()
    return flow


def blank_part(definition: FormDefinition, number: int, title: str) -> list[Flowable]:
    """Every section and field of ``definition``, with room to write."""
    flow: list[Flowable] = [
        CondPageBreak(60 * mm),
        para(f"{chinese_ordinal(number)}、{title}", styles().heading),
    ]
    for index, section in enumerate(definition.sections, start=1):
        flow += _blank_section(definition, section, index)
    return flow


def blank_flowables(
    definition: FormDefinition,
    applicant_definition: FormDefinition,
    catalogue: Catalogue,
    printed_on: date,
) -> list[Flowable]:
    s = styles()
    count = len(definition.materials) + 1
    return [
        para("广西高新区创新政策申报材料", s.subtitle),
        Spacer(1, 3 * mm),
        para(definition.title, s.title),
        para(SUBTITLE, s.subtitle),
        Spacer(1, 3 * mm),
        para(
            f"打印日期 {printed_on.isoformat()}　·　政策参数 {catalogue.version}。"
            "本表供准备材料和起草用：先按“申报材料清单”备齐材料，再在本程序中填写、添加附件，"
            "由程序检查后打印正式申报材料（每页带材料指纹和二维码）。手工填写的本表不能作为正式申报材料。",
            s.note,
        ),
        Spacer(1, 4 * mm),
        para(f"一、申报材料清单（共 {count} 项）", s.heading),
        para(
            "列出本表各申请类别可能需要的全部材料；“何时需要”说明哪些申请类别须提供。"
            "标“需盖章”的须加盖申报单位公章后扫描。“依据”引用政策条文；标“填报要求”的不是政策条文，"
            "而是为核实申报内容而设的要求。",
            s.note,
        ),
        Spacer(1, 2 * mm),
        material_table(definition, catalogue, content_width(A4)),
        PageBreak(),
        *blank_part(applicant_definition, 2, "申报主体信息"),
        *blank_part(definition, 3, definition.title),
    ]


def render_blank_form(
    definition: FormDefinition,
    applicant_definition: FormDefinition,
    catalogue: Catalogue,
    *,
    printed_on: date | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The blank form of ``definition`` with its material list, as PDF bytes (A4)."""
    printed_on = printed_on or date.today()
    stamp = SheetStamp(
        header_left=SUBTITLE,
        header_right=definition.title,
        footer_left=f"打印日期 {printed_on.isoformat()}　空白表，不作为正式申报材料",
    )
    flow = blank_flowables(definition, applicant_definition, catalogue, printed_on)
    return render_sheet(flow, stamp, title=f"{definition.title}（{SUBTITLE}）", progress=progress)
