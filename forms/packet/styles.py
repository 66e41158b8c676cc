"""Paragraph and table styles of the packet, in the embedded Chinese font."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from forms.core.rules import Verdict
from forms.packet.fonts import FONT, MONO, register_fonts

INK = HexColor("#111827")
GREY = HexColor("#6b7280")
LABEL_FILL = HexColor("#f3f4f6")
HEADER_FILL = HexColor("#e5e7eb")
GRID = HexColor("#9ca3af")

VERDICT_COLOURS = {
    Verdict.PASS: "#15803d",
    Verdict.FAIL: "#b91c1c",
    Verdict.MANUAL: "#b45309",
    Verdict.INCOMPLETE: "#c2410c",
    Verdict.NOT_APPLICABLE: "#6b7280",
}


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    cell: ParagraphStyle
    dense: ParagraphStyle  # table cells of the review sheets, which aim to fit on two pages
    small: ParagraphStyle
    label: ParagraphStyle
    header: ParagraphStyle
    mono: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]
    note: ParagraphStyle
    pledge: ParagraphStyle


def _style(name: str, size: float, **kw: object) -> ParagraphStyle:
    # wordWrap CJK breaks a line anywhere, so a long unbroken token (a URL, digits) still wraps.
    options: dict[str, object] = {"leading": size * 1.45, "textColor": INK, **kw}
    return ParagraphStyle(name, fontName=FONT, fontSize=size, wordWrap="CJK", **options)  # type: ignore[arg-type]


@cache
def styles() -> Styles:
    register_fonts()
    return Styles(
        body=_style("body", 10.5),
        cell=_style("cell", 9.5, leading=13.5),
        dense=_style("dense", 8.5, leading=11.5),
        small=_style("small", 8, leading=11, textColor=GREY),
        label=_style("label", 9.5, leading=13.5),
        header=_style("header", 9, leading=12.5, alignment=TA_CENTER),
        mono=ParagraphStyle("mono", fontName=MONO, fontSize=7, leading=9, wordWrap="CJK"),
        heading=_style("heading", 14, leading=20, spaceBefore=4, spaceAfter=8, keepWithNext=1),
        subheading=_style(
            "subheading", 11, leading=16, spaceBefore=8, spaceAfter=4, keepWithNext=1
        ),
        title=_style("title", 22, leading=32, alignment=TA_CENTER),
        subtitle=_style("subtitle", 14, leading=21, alignment=TA_CENTER),
        cover_label=_style("cover_label", 12, leading=18, alignment=TA_RIGHT),
        cover_value=_style("cover_value", 12, leading=18, alignment=TA_LEFT),
        toc=(
            _style("toc1", 11.5, leading=20, leftIndent=0, firstLineIndent=0),
            _style("toc2", 10, leading=16, leftIndent=16, firstLineIndent=0),
        ),
        note=_style("note", 9, leading=13, textColor=GREY),
        pledge=_style("pledge", 12, leading=22, firstLineIndent=24),
    )


def grid_table(header_rows: int = 0, label_column: bool = False, dense: bool = False) -> TableStyle:
    """Thin grid, top-aligned cells, a shaded header row or label column; ``dense``: less room
    above and below the text (the review sheets' tables)."""
    commands: list[tuple[object, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5 if dense else 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 if dense else 4),
    ]
    if header_rows:
        commands.append(("BACKGROUND", (0, 0), (-1, header_rows - 1), HEADER_FILL))
        commands.append(("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"))
    if label_column:
        commands.append(("BACKGROUND", (0, header_rows), (0, -1), LABEL_FILL))
    return TableStyle(commands)
