"""The park office's 审核意见表 of one received application, printed from plain data.

The data (``OpinionSheet``) is gathered by the app from the store; nothing here reads the store.
The office's re-run of the rules prints with the packet's own 自查表 table.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from forms.core.display import EMPTY, format_amount
from forms.core.materials import OTHER, MaterialSlot, material_of_result
from forms.core.revision_changes import RevisionChanges
from forms.core.rules import RuleResult, Verdict
from forms.core.validation import ValidationReport
from forms.exchange.review import Outcome
from forms.packet.changes_sheet import changes_flowables
from forms.packet.layout import (
    chinese_ordinal,
    clipped,
    grid,
    not_applicable_line,
    para,
    rule_table,
    table,
)
from forms.packet.materials_list import slot_status, status_cell
from forms.packet.pages import MARGIN_LEFT, MARGIN_RIGHT, SheetStamp, numbered_canvas
from forms.packet.render import BUILD_LOCK, Progress
from forms.packet.styles import LABEL_FILL, grid_table, styles
from forms.packet.text import aside, markup, plain

SHEET_MARGIN_TOP = 20 * mm
SHEET_MARGIN_BOTTOM = 20 * mm


@dataclass(frozen=True)
class ManualCheckLine:
    """One 需人工核实 rule and where the officer's check of it stands."""

    label: str  # the requirement (or 条款：要求 in one)
    done: bool
    officer: str = ""
    on: date | None = None
    note: str = ""
    basis: str = ""  # its 条款, printed small under the requirement


@dataclass(frozen=True)
class ReasonLine:
    target: str  # 栏目, 条款 or 材料
    label: str
    message: str


@dataclass(frozen=True)
class DecisionLines:
    outcome: str
    officer: str
    decided_on: date
    revision: int
    comment: str = ""
    reasons: tuple[ReasonLine, ...] = ()


@dataclass(frozen=True)
class MaterialLine:
    """One material of the application and what the office found of it (材料齐全)."""

    name: str
    required: bool
    sealed: bool
    status: str  # as printed: 已提供 n 个 / 缺 / 未提供 / 待核对
    files: tuple[str, ...] = ()
    missing: bool = False  # 缺: required, sorted by material, and no file (decides; status shows)


UNSORTED = "待核对"


def material_lines(
    slots: Sequence[MaterialSlot], sorted_by_material: bool = True
) -> tuple[MaterialLine, ...]:
    """The 审核意见表's lines of ``slots`` (``forms.core.materials.material_slots``): every
    material the answers ask for, then 其他材料 when it has files. Files that name no material
    (``sorted_by_material`` False: a package from before materials) leave each material
    待核对 rather than 缺."""
    lines = []
    for slot in slots:
        m = slot.material
        if m.id == OTHER and not slot.files:
            continue
        known = sorted_by_material or m.id == OTHER
        status = slot_status(slot) if known else UNSORTED
        names = tuple(f.name for f in slot.files)
        required = m.required and m.id != OTHER
        lines.append(
            MaterialLine(m.name, required, m.sealed, status, names, known and slot.missing)
        )
    return tuple(lines)


@dataclass(frozen=True)
class OpinionSheet:
    """Everything the 审核意见表 of one application prints."""

    office_name: str
    number: str
    kind_title: str  # 申报类别
    project: str
    applicant_name: str
    applicant_uscc: str
    requested_amount: Decimal | None
    revision: int
    received_at: datetime | None
    fingerprint: str  # 材料指纹 of the data received (short form)
    fingerprint_note: str  # whether the packet that came with it shows the same
    sender: str  # who signed the package, and the key's fingerprint
    report: ValidationReport
    manual_checks: tuple[ManualCheckLine, ...]
    decisions: tuple[DecisionLines, ...]
    printed_on: date = field(default_factory=date.today)
    materials: tuple[MaterialLine, ...] = ()  # 申报材料 and what was found of each
    materials_note: str = ""  # said above them (files that name no material…)
    changes: RevisionChanges | None = None  # printed under 申报概况 when given (与上一版比较)


# --- a sheet document ---------------------------------------------------------------------------


def heading(ordinal: int, text: str) -> list[Flowable]:
    """A part's heading, on a new page only when less than the heading and a few rows fit:
    not kept with what follows, which would move a whole table (and the rest of the page)
    to the next page."""
    loose = ParagraphStyle("part", parent=styles().subheading, keepWithNext=0, spaceBefore=5)
    return [CondPageBreak(35 * mm), para(f"{chinese_ordinal(ordinal)}、{text}", loose)]


def content_width(pagesize: tuple[float, float]) -> float:
    return pagesize[0] - MARGIN_LEFT - MARGIN_RIGHT


def render_sheet(
    flow: list[Flowable],
    stamp: SheetStamp,
    *,
    title: str,
    pagesize: tuple[float, float] = A4,
    progress: Progress | None = None,
) -> bytes:
    """``flow`` on numbered pages under ``stamp``, as PDF bytes."""
    buffer = io.BytesIO()
    document = BaseDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=SHEET_MARGIN_TOP,
        bottomMargin=SHEET_MARGIN_BOTTOM,
        title=plain(title),
        author=plain(stamp.header_left),
        creator="gxapply",
        invariant=1,
    )
    frame = Frame(
        MARGIN_LEFT,
        SHEET_MARGIN_BOTTOM,
        content_width(pagesize),
        pagesize[1] - SHEET_MARGIN_TOP - SHEET_MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def after_page(_canvas: Any, _document: Any) -> None:
        if progress is not None:
            progress()

    document.addPageTemplates([PageTemplate("sheet", frames=[frame], onPageEnd=after_page)])
    with BUILD_LOCK:  # the shared TrueType font is not safe to subset from two builds at once
        document.build(flow, canvasmaker=numbered_canvas(stamp))
    return buffer.getvalue()


def label_table(
    rows: list[tuple[str, str, str, str] | tuple[str, str]],
    width: float,
    heights: Sequence[float | None] | None = None,
) -> Table:
    """Label/value pairs, two to a row; a pair alone spans the row. ``heights``: None = fit."""
    s = styles()
    label, value = 27 * mm, (width - 54 * mm) / 2
    cells: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    for index, row in enumerate(rows):
        if len(row) == 4:
            cells.append(
                [
                    para(row[0], s.dense),
                    para(row[1], s.dense),
                    para(row[2], s.dense),
                    para(row[3], s.dense),
                ]
            )
            commands.append(("BACKGROUND", (2, index), (2, index), LABEL_FILL))
        else:
            cells.append([para(row[0], s.dense), para(row[1], s.dense), "", ""])
            commands.append(("SPAN", (1, index), (3, index)))
    style = grid_table(label_column=True, dense=True)
    for command in commands:
        style.add(*command)
    return table(cells, [label, value, label, value], style, rowHeights=heights)


# --- 审核意见表 ------------------------------------------------------------------------------------


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else EMPTY


def _summary(sheet: OpinionSheet, width: float) -> Table:
    amount = (
        f"{format_amount(sheet.requested_amount)} 万元"
        if sheet.requested_amount is not None
        else EMPTY
    )
    fingerprint = sheet.fingerprint or "未知"
    if sheet.fingerprint_note:
        fingerprint += f"（{sheet.fingerprint_note}）"
    return label_table(
        [
            ("申报编号", sheet.number or "（未编号）", "申报类别", sheet.kind_title),
            ("项目名称", sheet.project or EMPTY),
            ("申报单位", sheet.applicant_name or EMPTY),
            ("统一社会信用代码", sheet.applicant_uscc or EMPTY, "申请金额", amount),
            ("版次", f"第{sheet.revision}版", "收到时间", _when(sheet.received_at)),
            ("材料指纹", fingerprint),
            ("申报包签名", sheet.sender or "未知"),
        ],
        width,
    )


def _manual_table(checks: Sequence[ManualCheckLine], width: float) -> Flowable:
    s = styles()
    if not checks:
        return para("按本机复核，本申请没有需人工核实的条款。", s.body)
    header = [para(h, s.header) for h in ("序号", "核实事项", "核实情况", "核实人", "日期", "说明")]
    rows = [
        [
            para(str(i), s.dense),
            Paragraph(markup(c.label) + (f"　{aside(c.basis)}" if c.basis else ""), s.dense),
            para("✔ 已核实" if c.done else "□ 未核实", s.dense),
            para(c.officer or "", s.dense),
            para(c.on.isoformat() if c.on else "", s.dense),
            para(c.note, s.dense),
        ]
        for i, c in enumerate(checks, start=1)
    ]
    return grid([header, *rows], [8, 96, 18, 15, 19, 20], width, grid_table(1, dense=True))


def _materials_table(sheet: OpinionSheet, width: float) -> list[Flowable]:
    """One compact row per material: 必需/如有 and 盖章, 已提供 n 个 / 缺, and its files."""
    s = styles()
    missing = sum(line.missing for line in sheet.materials)
    given = sum(bool(line.files) for line in sheet.materials)
    summary = f"共 {len(sheet.materials)} 项，已提供 {given} 项" + (
        f"，缺 {missing} 项（见下表标“缺”者）" if missing else "，必需材料齐全"
    )
    flow: list[Flowable] = []
    if sheet.materials_note:
        flow.append(para(sheet.materials_note, s.note))
    elif sheet.materials:
        flow.append(para(summary + "。盖章情况见“需人工核实事项”。", s.note))
    if not sheet.materials:
        return [*flow, para("本申请没有需提供的申报材料。", s.body)]
    header = [para(h, s.header) for h in ("序号", "申报材料", "要求", "核对结果", "文件")]
    rows: list[list[Any]] = [header]
    for i, line in enumerate(sheet.materials, start=1):
        need = "必需" if line.required else "如有"
        rows.append(
            [
                para(str(i), s.dense),
                para(line.name, s.dense),
                para(need + ("，需盖章" if line.sealed else ""), s.dense),
                status_cell(line.status, bool(line.files), line.missing),
                para(clipped("、".join(line.files), 200) or EMPTY, s.small),
            ]
        )
    flow.append(grid(rows, [9, 55, 24, 24, 58], width, grid_table(1, dense=True)))
    return flow


# The parts of the 审核意见表 the 政策条款复核 points to, by number and name.
MATERIALS_PART = (2, "申报材料")
MANUAL_PART = (4, "需人工核实事项")


def _part_name(part: tuple[int, str]) -> str:
    number, name = part
    return f"{chinese_ordinal(number)}、{name}"


def _material_there(result: RuleResult) -> bool:
    """A rule that a material is there, met: the 申报材料 part says it."""
    return result.verdict is Verdict.PASS and material_of_result(result) is not None


def _in_rule_table(result: RuleResult) -> bool:
    """Whether the sheet lists a rule in its 政策条款复核 table: not when another part of the
    sheet says it (a material that is there: 申报材料; a rule to check by hand: 需人工核实事项;
    a rule that does not apply: the line under the table)."""
    if result.verdict in (Verdict.NOT_APPLICABLE, Verdict.MANUAL):
        return False
    return not _material_there(result)


def _rules_part(sheet: OpinionSheet, width: float) -> list[Flowable]:
    """The office's re-run of the rules: a tally, the rules only this part says, and the
    不适用 ones in one line."""
    s = styles()
    report = sheet.report
    listed = [r for r in report.results if _in_rule_table(r)]
    counts = "，".join(f"{v.value} {report.count(v)} 条" for v in Verdict if report.count(v))
    materials = sum(1 for r in report.results if _material_there(r))
    manual = report.count(Verdict.MANUAL)
    elsewhere = [
        f"材料已提供的 {materials} 条见“{_part_name(MATERIALS_PART)}”" if materials else "",
        f"需人工核实的 {manual} 条见“{_part_name(MANUAL_PART)}”" if manual else "",
        "不适用的列在表后" if report.count(Verdict.NOT_APPLICABLE) else "",
    ]
    where = "；".join(filter(None, elsewhere))
    return [
        para(
            f"园区按政策参数目录“{report.catalogue_version}”对收到的申报重新逐条核对"
            f"（不采用申报单位的自查结果），共 {len(report.results)} 条"
            + (f"：{counts}" if counts else "")
            + (f"。下表列出其余 {len(listed)} 条" if listed and where else "")
            + (f"{'，' if listed else '。'}{where}。" if where else "。"),
            s.note,
        ),
        Spacer(1, 1.5 * mm),
        *(rule_table(listed, width, dense=True) if listed else [para("没有其他条款。", s.note)]),
        *not_applicable_line(report.results, titles=False),
    ]


def _decision_table(decision: DecisionLines, width: float) -> Table:
    if decision.reasons:
        reasons = "\n".join(
            f"{i}. {r.target}“{r.label}”：{r.message}"
            for i, r in enumerate(decision.reasons, start=1)
        )
    else:
        reasons = "（无）"
    return label_table(
        [
            ("审核结论", decision.outcome, "审核版次", f"第{decision.revision}版"),
            ("理由", reasons),
            ("审核意见", decision.comment or "（无）"),
            ("审核人", decision.officer, "审核日期", decision.decided_on.isoformat()),
        ],
        width,
    )


def _blank_decision(width: float) -> Table:
    """The decision to fill in by hand, when none is recorded yet (who and when: the
    signature row under it)."""
    boxes = "　　".join(f"□ {o.label}" for o in Outcome)
    return label_table(
        [("审核结论", boxes), ("理由及意见", "")],
        width,
        heights=[None, 34 * mm],  # room to write by hand
    )


def _signatures(width: float) -> Table:
    """Where the officer signs and the office stamps, and the date: one row at the foot of
    the opinion, as on the paper forms officers know."""
    s = styles()
    blank = "&nbsp;" * 8
    when = Paragraph(f"日期：{blank}年{blank}月{blank}日", s.dense)
    style = grid_table(label_column=True, dense=True)
    style.add("VALIGN", (3, 0), (3, 0), "BOTTOM")
    style.add("LINEBEFORE", (2, 0), (3, 0), 0, colors.white)  # one box, three places
    label = 27 * mm
    row = [
        [
            para("签字盖章", s.dense),
            para("审核人（签字）：", s.dense),
            para("园区（盖章）：", s.dense),
            when,
        ]
    ]
    rest = (width - label) / 3
    return table(row, [label, rest, rest, rest], style, rowHeights=[20 * mm])


def opinion_flowables(sheet: OpinionSheet, width: float) -> list[Flowable]:
    s = styles()
    flow: list[Flowable] = [
        para("审核意见表", ParagraphStyle("sheet_title", parent=s.title, fontSize=18, leading=25)),
        # the date it was printed on: in every page's footer
        para(sheet.office_name, ParagraphStyle("sheet_office", parent=s.subtitle, fontSize=12)),
        *heading(1, "申报概况"),
        _summary(sheet, width),
        *(changes_flowables(sheet.changes, width) if sheet.changes is not None else []),
        *heading(MATERIALS_PART[0], f"{MATERIALS_PART[1]}（材料齐全）"),
        *_materials_table(sheet, width),
        *heading(3, "政策条款复核"),
        *_rules_part(sheet, width),
        *heading(*MANUAL_PART),
        _manual_table(sheet.manual_checks, width),
        *heading(5, "审核意见"),
    ]
    part: list[Flowable] = []  # the decision and the signatures stay on one page
    if sheet.decisions:
        for index, decision in enumerate(sheet.decisions):
            if len(sheet.decisions) > 1:
                latest = "（最新）" if index == len(sheet.decisions) - 1 else ""
                part.append(para(f"第 {index + 1} 次审核决定{latest}", s.label))
            part += [_decision_table(decision, width), Spacer(1, 2 * mm)]
    else:
        part += [
            para("尚未作出审核决定，以下由审核人手工填写。", s.note),
            Spacer(1, 1 * mm),
            _blank_decision(width),
        ]
    return [*flow, KeepTogether([*part, _signatures(width)])]


def render_opinion(sheet: OpinionSheet, progress: Progress | None = None) -> bytes:
    """The 审核意见表 as PDF bytes (A4 portrait)."""
    stamp = SheetStamp(
        header_left=sheet.office_name,
        header_right=f"审核意见表　申报编号 {sheet.number or '（未编号）'}",
        footer_left=f"打印日期 {sheet.printed_on.isoformat()}",
    )
    flow = opinion_flowables(sheet, content_width(A4))
    return render_sheet(
        flow, stamp, title=f"审核意见表（{sheet.number or '未编号'}）", progress=progress
    )
