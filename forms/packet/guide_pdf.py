"""Help documents (填报说明, 用户手册) as PDF, in the packet's fonts and styles.

The document is plain blocks (``forms.guide.document``); every text goes through ``markup``,
so it prints as written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, ListFlowable, ListItem, Spacer
from reportlab.platypus import Paragraph as PdfParagraph

from forms.guide.document import Heading, HelpDocument, Items, Paragraph, Table
from forms.packet.layout import grid, para
from forms.packet.pages import SheetStamp
from forms.packet.render import Progress
from forms.packet.review_sheets import content_width, render_sheet
from forms.packet.styles import styles


def _cell(text: str) -> PdfParagraph:
    return para(text, styles().cell)


def document_flowables(document: HelpDocument) -> list[Flowable]:
    s = styles()
    width = content_width(A4)
    flow: list[Flowable] = [para(document.title, s.title)]
    if document.subtitle:
        flow.append(para(document.subtitle, s.note))
    flow.append(Spacer(1, 4 * mm))
    level_styles = {1: s.heading, 2: s.heading, 3: s.subheading}
    for block in document.blocks:
        if isinstance(block, Heading):
            style = level_styles.get(block.level, s.subheading)
            flow.append(para(block.text, style))
        elif isinstance(block, Paragraph):
            flow.append(para(block.text, s.note if block.note else s.body))
            flow.append(Spacer(1, 2 * mm))
        elif isinstance(block, Items):
            items = [ListItem(para(text, s.body), leftIndent=14) for text in block.items]
            flow.append(
                ListFlowable(
                    items,
                    bulletType="1" if block.ordered else "bullet",
                    start="1" if block.ordered else "•",
                    bulletFontName=s.body.fontName,
                    bulletFontSize=9,
                    leftIndent=14,
                )
            )
            flow.append(Spacer(1, 2 * mm))
        elif isinstance(block, Table):
            header = [para(text, s.header) for text in block.header]
            rows: list[list[Any]] = [header, *([_cell(c) for c in row] for row in block.rows)]
            widths = block.widths or tuple(1 for _ in block.header)
            flow.append(grid(rows, widths, width))
            flow.append(Spacer(1, 3 * mm))
    return flow


def render_document(
    document: HelpDocument, *, printed_on: date | None = None, progress: Progress | None = None
) -> bytes:
    """``document`` as A4 PDF bytes, numbered 第 X 页 共 Y 页."""
    printed_on = printed_on or date.today()
    stamp = SheetStamp(
        header_left="广西高新区创新政策申报助手",
        header_right=document.title,
        footer_left=f"打印日期 {printed_on.isoformat()}",
    )
    return render_sheet(
        document_flowables(document), stamp, title=document.title, progress=progress
    )
