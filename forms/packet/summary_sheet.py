"""The park office's 推荐汇总表: every recommended application of a batch, with totals.

One row per application, grouped by 申报类别 with a subtotal each and a grand total of the
requested amounts; landscape A4, the header row repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, TableStyle

from forms.core.display import EMPTY, format_amount
from forms.core.errors import UserError
from forms.packet.layout import grid, para, signature_block
from forms.packet.pages import SheetStamp
from forms.packet.render import Progress
from forms.packet.review_sheets import content_width, render_sheet
from forms.packet.styles import HEADER_FILL, LABEL_FILL, grid_table, styles

PAGE = landscape(A4)
COLUMNS = (  # name, relative width (mm when the content is 257 mm wide)
    ("序号", 10),
    ("申报编号", 30),
    ("申报单位", 44),
    ("统一社会信用代码", 36),
    ("申报类别", 24),
    ("项目名称", 54),
    ("申请金额\n（万元）", 25),
    ("审核人", 14),
    ("推荐日期", 20),
)
AMOUNT_COLUMN = 6


class EmptySummary(UserError, ValueError):
    """A 推荐汇总表 needs at least one application; the message says so in Chinese."""


@dataclass(frozen=True)
class SummaryRow:
    number: str
    applicant_name: str
    applicant_uscc: str
    kind_title: str  # 申报类别
    project: str
    requested_amount: Decimal | None
    officer: str
    recommended_on: date | None


@dataclass(frozen=True)
class SummarySheet:
    office_name: str
    rows: tuple[SummaryRow, ...]
    printed_on: date = field(default_factory=date.today)


@dataclass(frozen=True)
class Total:
    """The applications of one 申报类别 (or all), and the sum of the amounts they request."""

    label: str
    count: int
    amount: Decimal
    unfilled: int  # applications that state no amount (left out of the sum)

    def describe_amount(self) -> str:
        return format_amount(self.amount)

    def describe_count(self) -> str:
        text = f"{self.label}（{self.count} 项）"
        if self.unfilled:
            text += f"，其中 {self.unfilled} 项未填申请金额，未计入"
        return text


def total(label: str, rows: Sequence[SummaryRow]) -> Total:
    amounts = [r.requested_amount for r in rows if r.requested_amount is not None]
    return Total(label, len(rows), sum(amounts, Decimal(0)), len(rows) - len(amounts))


def grouped(rows: Sequence[SummaryRow]) -> list[tuple[str, list[SummaryRow]]]:
    """Rows by 申报类别, kinds in the order they first appear, rows in their given order."""
    groups: dict[str, list[SummaryRow]] = {}
    for row in rows:
        groups.setdefault(row.kind_title, []).append(row)
    return list(groups.items())


def _cell_style() -> ParagraphStyle:
    # A size smaller than the packet's cells: a code of 18 characters and a date stay on one line.
    return ParagraphStyle("summary_cell", parent=styles().cell, fontSize=8.5, leading=12)


def _amount_style() -> ParagraphStyle:
    return ParagraphStyle("amount", parent=_cell_style(), alignment=TA_RIGHT)


def summary_table(sheet: SummarySheet, width: float) -> Flowable:
    s = styles()
    cell, right = _cell_style(), _amount_style()
    header = [para(name, s.header) for name, _ in COLUMNS]
    cells: list[list[Any]] = [header]
    commands: list[tuple[Any, ...]] = []
    serial = 0
    groups = grouped(sheet.rows)
    for kind, rows in groups:
        for row in rows:
            serial += 1
            amount = (
                format_amount(row.requested_amount) if row.requested_amount is not None else EMPTY
            )
            cells.append(
                [
                    para(str(serial), cell),
                    para(row.number or "（未编号）", cell),
                    para(row.applicant_name, cell),
                    para(row.applicant_uscc or EMPTY, cell),
                    para(row.kind_title, cell),
                    para(row.project, cell),
                    para(amount, right),
                    para(row.officer, cell),
                    para(row.recommended_on.isoformat() if row.recommended_on else EMPTY, cell),
                ]
            )
        subtotal = total(f"小计：{kind}", rows)
        cells.append(_total_row(subtotal, right))
        commands += _total_commands(len(cells) - 1, LABEL_FILL)
    grand = total("合计", sheet.rows)
    cells.append(_total_row(grand, right))
    commands += _total_commands(len(cells) - 1, HEADER_FILL)
    style: TableStyle = grid_table(1)
    for command in commands:
        style.add(*command)
    return grid(cells, [w for _, w in COLUMNS], width, style)


def _total_row(t: Total, right: ParagraphStyle) -> list[Any]:
    s = styles()
    row: list[Any] = [""] * len(COLUMNS)
    row[0] = para(t.describe_count(), s.label)
    row[AMOUNT_COLUMN] = para(t.describe_amount(), right)
    return row


def _total_commands(index: int, fill: Any) -> list[tuple[Any, ...]]:
    return [
        ("SPAN", (0, index), (AMOUNT_COLUMN - 1, index)),
        ("SPAN", (AMOUNT_COLUMN + 1, index), (-1, index)),
        ("BACKGROUND", (0, index), (-1, index), fill),
    ]


def summary_flowables(sheet: SummarySheet, width: float) -> list[Flowable]:
    s = styles()
    grand = total("合计", sheet.rows)
    kinds = len(grouped(sheet.rows))
    unfilled = f"（{grand.unfilled} 项未填金额，未计入）" if grand.unfilled else ""
    counted = f"{grand.count} 项申报，申请金额合计 {grand.describe_amount()} 万元{unfilled}"
    return [
        para("推荐汇总表", s.title),
        para(sheet.office_name, s.subtitle),
        Spacer(1, 2 * mm),
        para(
            f"打印日期 {sheet.printed_on.isoformat()}　·　{kinds} 个申报类别，共推荐 {counted}",
            s.note,
        ),
        Spacer(1, 3 * mm),
        summary_table(sheet, width),
        *signature_block(
            width,
            ("经办人（签字）", "负责人（签字）", "园区（盖章）"),
            # The signed page states what it signs for, even when it is a page of its own.
            lead=[Spacer(1, 4 * mm), para(f"以上共推荐 {counted}。", s.body)],
        ),
    ]


def render_summary(sheet: SummarySheet, progress: Progress | None = None) -> bytes:
    """The 推荐汇总表 as PDF bytes (A4 landscape); EmptySummary when it would list nothing."""
    if not sheet.rows:
        raise EmptySummary("推荐汇总表中没有任何申报：请先选择状态为“已推荐”的申报")
    stamp = SheetStamp(
        header_left=sheet.office_name,
        header_right="推荐汇总表",
        footer_left=f"打印日期 {sheet.printed_on.isoformat()}",
    )
    return render_sheet(
        summary_flowables(sheet, content_width(PAGE)),
        stamp,
        title="推荐汇总表",
        pagesize=PAGE,
        progress=progress,
    )
