"""The packet's parts as reportlab flowables, generated from the form definition.

No part names a form's fields: the cover, the sections and the 自查表 are read from the
definition and the validation report (the 附件清单 is in ``materials_list``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from forms.core.definition import FieldSpec, FormDefinition, Section
from forms.core.display import EMPTY, display_value, is_empty
from forms.core.fields import FieldKind, FormModel
from forms.core.rules import RuleResult, Severity, Verdict
from forms.core.validation import not_applicable_summary, severity_order
from forms.packet.model import Packet
from forms.packet.pages import MARGIN_LEFT, MARGIN_RIGHT, PAGE_WIDTH
from forms.packet.styles import GRID, VERDICT_COLOURS, Styles, grid_table, styles
from forms.packet.text import aside, markup

CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
LABEL_WIDTH = 50 * mm
NUMERALS = "一二三四五六七八九十"
# A rule listing every offending row can say thousands of characters; in a 4 cm column that is
# dozens of pages, each re-laid out (builds took minutes). The 自查表 shows this much of it.
MAX_CELL_CHARACTERS = 400

PLEDGE = (
    "本单位郑重承诺：",
    "一、本次申报的《{form}》及全部附件所填内容和所附材料真实、准确、完整，不存在虚报、瞒报、伪造、篡改等行为。",
    "二、本次申报事项未就同一内容重复申报、多头申报各级财政资金支持。",
    "三、获得支持后，严格按规定使用资金，接受有关部门的监督检查和绩效评价。",
    "四、如有违反上述承诺，本单位愿按有关规定承担相应责任，并同意将失信情况纳入社会信用记录。",
)

SEVERITY_NAMES = {
    Severity.ERROR: "必须项",
    Severity.WARNING: "提示项",
    Severity.MANUAL: "人工核实项",
}


def chinese_ordinal(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (sections never reach 100)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


class Heading(Paragraph):
    """A heading that the table of contents and the PDF outline list."""

    def __init__(self, text: str, style: Any, level: int = 0, **kw: Any) -> None:
        # reportlab splits a paragraph by building two of the same class from markup
        super().__init__(text if kw else markup(text), style, **kw)
        self.toc_text = text
        self.toc_level = level


def para(text: str, style: Any) -> Paragraph:
    """A paragraph that prints ``text`` exactly as typed."""
    return Paragraph(markup(text), style)


def table(rows: list[list[Any]], widths: Sequence[float], style: TableStyle, **kw: Any) -> Table:
    # splitInRow lets a cell taller than a page (10,000 characters typed, a very long comment)
    # continue on the next.
    made = Table(rows, colWidths=list(widths), splitInRow=1, **kw)
    made.setStyle(style)
    return made


def grid(
    rows: list[list[Any]], widths: Sequence[float], width: float, style: TableStyle | None = None
) -> Table:
    """A grid whose first row is a header repeated on each page; ``widths`` are relative
    (mm as drawn for some width) and scaled to fill ``width``."""
    scale = width / sum(widths)
    return table(rows, [w * scale for w in widths], style or grid_table(1), repeatRows=1)


# --- 封面 ----------------------------------------------------------------------------------------


def cover_rows(packet: Packet) -> list[tuple[str, str]]:
    """The cover's lines: the fields the applicant's profile form declares for it (its name as
    the 申报单位), left blank to write in where not filled; then the number and print date."""
    applicant = packet.applicant
    profile = packet.applicant_definition
    rows: list[tuple[str, str]] = []
    for name in profile.cover_fields:
        spec = profile.fields[name]
        raw = getattr(applicant, name, None) if applicant is not None else None
        # as the packet prints the field elsewhere (a zone: its name and level as the register
        # has them), blank to write in where not filled
        text = "" if is_empty(raw) else display_value(spec, raw)
        rows.append(("申报单位" if name == profile.title_field else spec.label, text))
    return [*rows, ("申报编号", packet.number), ("打印日期", packet.printed_on.isoformat())]


def cover(packet: Packet) -> list[Flowable]:
    s = styles()
    definition = packet.definition
    rows = cover_rows(packet)
    details = table(
        [
            [para(f"{label}：", s.cover_label), para(text or " ", s.cover_value)]
            for label, text in rows
        ],
        [52 * mm, 95 * mm],
        TableStyle(
            [
                ("LINEBELOW", (1, 0), (1, -1), 0.6, GRID),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("TOPPADDING", (0, 0), (-1, -1), 9),
            ]
        ),
    )
    flow: list[Flowable] = [
        Spacer(1, 28 * mm),
        para("广西高新区创新政策申报材料", s.subtitle),
        Spacer(1, 8 * mm),
        para(definition.title, s.title),
        Spacer(1, 5 * mm),
        para(definition.title_of(packet.form), s.subtitle),
        Spacer(1, 22 * mm),
        details,
        Spacer(1, 22 * mm),
    ]
    if packet.is_draft:
        flow.append(
            para(
                "本材料为草稿：申请尚有未通过的必须项或未填写的必填项（见“自查表”），改正后请重新打印。",
                s.note,
            )
        )
    flow += [
        para(
            f"材料指纹 {packet.short_fingerprint}　·　政策参数 {packet.report.catalogue_version}"
            "　·　每页页脚的二维码载有申报编号和完整指纹，可与电子数据核对是否同一版本。",
            s.note,
        ),
        PageBreak(),
    ]
    return flow


def contents() -> list[Flowable]:
    s = styles()
    toc = TableOfContents(dotsMinLevel=0)
    toc.levelStyles = list(s.toc)
    return [Heading("目　录", s.heading, level=-1), toc, PageBreak()]


# --- 表单各部分 --------------------------------------------------------------------------------


def _relevant(specs: Sequence[FieldSpec], values: dict[str, Any]) -> list[FieldSpec]:
    return [spec for spec in specs if spec.is_relevant(values)]


ROW_NUMBER_WIDTH = 9 * mm
COLUMN_WEIGHTS = {
    FieldKind.TEXT: 3.0,
    FieldKind.LONG_TEXT: 4.0,
    FieldKind.CHOICE: 2.0,
    FieldKind.DEPENDENT_CHOICE: 2.0,
    FieldKind.BOOL: 1.2,
    FieldKind.DATE: 1.9,
}


def row_columns(spec: FieldSpec, width: float = CONTENT_WIDTH) -> tuple[list[Any], list[float]]:
    """The header (序号 and each column's label) and the column widths of a repeatable
    table ``spec``, filled in (the packet) or blank (the blank form)."""
    s = styles()
    columns = spec.row_fields
    raw = [3.5 if c.format == "uscc" else COLUMN_WEIGHTS.get(c.kind, 1.7) for c in columns]
    scale = (width - ROW_NUMBER_WIDTH) / sum(raw)
    header = [para("序号", s.header)] + [para(c.label_with_unit, s.header) for c in columns]
    return header, [ROW_NUMBER_WIDTH] + [w * scale for w in raw]


def _rows_table(spec: FieldSpec, rows: Sequence[FormModel], s: Styles) -> Flowable:
    header, widths = row_columns(spec)
    body = [
        [para(str(i), s.cell)]
        + [
            para(display_value(c, getattr(row, c.name), with_unit=False), s.cell)
            for c in spec.row_fields
        ]
        for i, row in enumerate(rows, start=1)
    ]
    return table([header, *body], widths, grid_table(1), repeatRows=1)


def section_flowables(
    definition: FormDefinition,
    section: Section,
    model: FormModel,
    heading: str,
    *,
    first: bool = False,
) -> list[Flowable]:
    """One section: a label/value table; repeatable rows as tables of their own."""
    s = styles()
    values = dict(model)
    specs = _relevant([definition.fields[name] for name in section.fields], values)
    if not specs:
        return []
    # A heading never ends a page: start a new one unless there is room for some content too.
    flow: list[Flowable] = [] if first else [CondPageBreak(40 * mm)]
    flow.append(Heading(heading, s.subheading, level=1))
    if all(is_empty(values.get(spec.name)) for spec in specs):
        return [*flow, para("（本部分无填报内容）", s.note)]
    pending: list[list[Any]] = []

    def flush() -> None:
        if pending:
            widths = [LABEL_WIDTH, CONTENT_WIDTH - LABEL_WIDTH]
            flow.append(table(list(pending), widths, grid_table(label_column=True)))
            pending.clear()

    for spec in specs:
        value = values.get(spec.name)
        if spec.kind is not FieldKind.ROWS:
            pending.append([para(spec.label, s.label), para(display_value(spec, value), s.cell)])
            continue
        flush()
        flow.append(Spacer(1, 3 * mm))
        if value:
            caption = para(f"{spec.label}（共 {len(value)} 行）", s.label)
            flow += [caption, Spacer(1, 1.5 * mm), _rows_table(spec, value, s)]
        else:
            flow.append(para(f"{spec.label}：未填写", s.label))
        flow.append(Spacer(1, 3 * mm))
    flush()
    return flow


def form_parts(packet: Packet) -> list[Flowable]:
    """The applicant profile, then every section of the form that applies to the answers."""
    s = styles()
    flow: list[Flowable] = []
    number = 0
    parts: list[tuple[FormDefinition, FormModel | None, str]] = []
    parts.append((packet.applicant_definition, packet.applicant, "申报主体信息"))
    parts.append((packet.definition, packet.form, packet.definition.title))
    for definition, model, title in parts:
        number += 1
        flow.append(CondPageBreak(60 * mm))
        flow.append(Heading(f"{chinese_ordinal(number)}、{title}", s.heading))
        if model is None:
            flow.append(para("尚未填写申报主体信息。", s.body))
            continue
        printed = 0  # sections that do not apply to the answers are left out, and not counted
        for section in definition.sections:
            title = f"（{chinese_ordinal(printed + 1)}）{section.title}"
            part = section_flowables(definition, section, model, title, first=not printed)
            printed += bool(part)
            flow += part
        flow.append(Spacer(1, 4 * mm))
    return flow


# --- 自查表 ------------------------------------------------------------------------------------


def _verdict_cell(result: RuleResult, style: ParagraphStyle, dense: bool) -> Paragraph:
    colour = VERDICT_COLOURS[result.verdict]
    return Paragraph(
        f'<font color="{colour}">{result.verdict.value}</font>'
        + (" " if dense else "<br/>")
        + aside(SEVERITY_NAMES[result.severity]),
        style,
    )


def clipped(text: str, limit: int = MAX_CELL_CHARACTERS) -> str:
    """A rule's value or message, cut where a table cell would turn into pages of text."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}……（共 {len(text)} 字，完整内容见电子申报文件）"


def _observed_cell(result: RuleResult, style: ParagraphStyle) -> Paragraph:
    text = markup(clipped(result.observed or EMPTY))
    if result.message and result.verdict in (Verdict.FAIL, Verdict.INCOMPLETE, Verdict.MANUAL):
        colour = VERDICT_COLOURS[result.verdict]
        text += f'<br/><font size="8" color="{colour}">{markup(clipped(result.message))}</font>'
    return Paragraph(text, style)


def _requirement_cell(result: RuleResult, style: ParagraphStyle, dense: bool) -> Paragraph:
    """The requirement, and under it (``dense``: after it) in small type its 条款 (or 填报要求
    and its basis) and what is said of the source: one wide column, so a long basis does not
    make the row tall."""
    text = markup(result.requirement)
    text += ("　" if dense else "<br/>") + aside(result.article)
    if result.source_note:
        text += f'<br/><font size="7.5" color="#b45309">{markup(result.source_note)}</font>'
    return Paragraph(text, style)


def applicable(results: Sequence[RuleResult]) -> list[RuleResult]:
    """The rules a printout lists in its table: all but the 不适用 ones (summarised in a line)."""
    return [r for r in results if r.verdict is not Verdict.NOT_APPLICABLE]


def not_applicable_line(results: Sequence[RuleResult], *, titles: bool = True) -> list[Flowable]:
    """The 不适用 rules in one paragraph under the table (nothing when every rule applies);
    without ``titles``, only their articles and how many of each."""
    summary = not_applicable_summary(results, titles=titles)
    return [Spacer(1, 1.5 * mm), para(summary, styles().note)] if summary else []


def self_check(packet: Packet, ordinal: int) -> list[Flowable]:
    s = styles()
    report = packet.report
    counts = "，".join(f"{v.value} {report.count(v)} 条" for v in Verdict if report.count(v))
    flow: list[Flowable] = [
        PageBreak(),
        Heading(f"{chinese_ordinal(ordinal)}、政策条款自查表", s.heading),
        para(
            f"依据政策参数目录“{report.catalogue_version}”逐条自查，共 {len(report.results)} 条：{counts}。"
            "“必须项”不符合的，不能提交；“需人工核实”的由审核部门核对原件。"
            "每条要求下注明所依据的条款；标“填报要求”的不是政策条文，而是本表为数据一致、合理"
            "而设的要求，其后括注依据。不适用本申请的条款不列入表内，在表后一并列明。",
            s.note,
        ),
        Spacer(1, 3 * mm),
    ]
    if report.field_issues:
        flow.append(para("以下必填项或内容有误，须改正后才能提交：", s.label))
        for issue in report.field_issues:
            flow.append(
                Paragraph(f'<font color="#b91c1c">· {markup(issue.describe())}</font>', s.cell)
            )
        flow.append(Spacer(1, 3 * mm))
    flow += rule_table(applicable(report.results))
    flow += not_applicable_line(report.results)
    return flow


def rule_table(
    results: Sequence[RuleResult], width: float = CONTENT_WIDTH, *, dense: bool = False
) -> list[Flowable]:
    """``results`` in severity order: 序号, 要求 with its 条款, 填报值, 结论 — the 自查表, and
    the office's re-run of the rules on the 审核意见表 (``dense``: in smaller type); a line
    saying so when there are none."""
    s = styles()
    style = s.dense if dense else s.cell
    if not results:
        return [para("（没有适用本申请的条款）", s.note)]
    header = [para(h, s.header) for h in ("序号", "要求及条款", "填报值", "结论")]
    rows = [
        [
            para(str(i), style),
            _requirement_cell(r, style, dense),
            _observed_cell(r, style),
            _verdict_cell(r, style, dense),
        ]
        for i, r in enumerate(sorted(results, key=severity_order), start=1)
    ]
    if dense:
        return [grid([header, *rows], [8, 100, 48, 19], width, grid_table(1, dense=True))]
    return [grid([header, *rows], [9, 94, 52, 22], width)]


# --- 诚信承诺书 --------------------------------------------------------------------------------


def pledge(packet: Packet, ordinal: int) -> list[Flowable]:
    s = styles()
    name = getattr(packet.applicant, "name", None) or "＿＿＿＿＿＿＿＿"
    flow: list[Flowable] = [
        PageBreak(),
        Heading(f"{chinese_ordinal(ordinal)}、诚信承诺书", s.heading),
        Spacer(1, 4 * mm),
        para(f"申报单位：{name}", s.body),
        Spacer(1, 4 * mm),
    ]
    for line in PLEDGE:
        flow.append(para(line.format(form=packet.definition.title), s.pledge))
    labels = (f"{packet.applicant_definition.signatory or '负责人'}（签字）", "单位（盖章）")
    return [*flow, *signature_block(CONTENT_WIDTH, labels, lead=[Spacer(1, 8 * mm)])]


def signature_block(
    width: float, labels: Sequence[str], lead: Sequence[Flowable] = ()
) -> list[Flowable]:
    """A box to sign or stamp in under each of ``labels``, and a date line under them; ``lead``
    (what is being signed for) stays on the same page."""
    s = styles()
    gap = 8 * mm
    box = (width - gap * (len(labels) - 1)) / len(labels)
    top: list[Any] = []
    widths: list[float] = []
    commands: list[tuple[Any, ...]] = [("VALIGN", (0, 0), (-1, -1), "TOP")]
    for index, label in enumerate(labels):
        if index:
            top.append("")
            widths.append(gap)
        commands.append(("BOX", (len(top), 0), (len(top), 1), 0.8, GRID))
        top.append(para(label, s.label))
        widths.append(box)
    boxes = table(
        [top, [""] * len(top)], widths, TableStyle(commands), rowHeights=[9 * mm, 36 * mm]
    )
    date_line = Paragraph(
        "日期：" + "&nbsp;" * 14 + "年" + "&nbsp;" * 8 + "月" + "&nbsp;" * 8 + "日", s.body
    )
    return [KeepTogether([*lead, Spacer(1, 6 * mm), boxes, Spacer(1, 6 * mm), date_line])]
