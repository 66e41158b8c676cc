"""What every page of a packet carries: header, 第 X 页 共 Y 页, fingerprint, QR code, 草稿.

The page total is known only when the document is finished, so the canvas keeps each page's
state and stamps all pages when it is saved.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.colors import Color, HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from forms.packet.fonts import FONT, font_runs
from forms.packet.styles import GREY, GRID, INK
from forms.packet.text import plain

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_LEFT = MARGIN_RIGHT = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 28 * mm
QR_SIZE = 17 * mm
DRAFT_TEXT = "草稿"


@dataclass(frozen=True)
class PageStamp:
    """What each page shows besides its content."""

    title: str
    number: str
    short_fingerprint: str
    qr_payload: str
    draft: bool


def qr_runs(payload: str) -> tuple[int, list[tuple[int, int, int]]]:
    """The QR code of ``payload``: its size in modules and its dark runs (row, column, length)."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(payload)
    code.make()
    runs = []
    for r, row in enumerate(code.modules):
        c = 0
        for dark, group in itertools.groupby(bool(m) for m in row):
            length = len(list(group))
            if dark:
                runs.append((r, c, length))
            c += length
    return code.getModuleCount(), runs


def draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The QR code as filled rectangles in one path, with a quiet zone of two modules."""
    count, runs = qr_runs(payload)
    module = size / (count + 4)
    path = canvas.beginPath()
    for r, c, length in runs:
        path.rect(x + (c + 2) * module, y + size - (r + 3) * module, length * module, module)
    canvas.setFillColor(HexColor("#000000"))
    canvas.drawPath(path, stroke=0, fill=1)


def text_width(text: str, size: float) -> float:
    """Width of ``text`` in points at ``size``, rare characters in their own font."""
    return sum(stringWidth(run, face, size) for face, run in font_runs(text))


def fit(text: str, size: float, width: float) -> str:
    """``text`` cut with … so that it fits ``width`` points in the packet fonts at ``size``."""
    if text_width(text, size) <= width:
        return text
    while text and text_width(text + "…", size) > width:
        text = text[:-1]
    return text + "…"


# The footer's left column ends before the centred page number.
FOOTER_LEFT_WIDTH = PAGE_WIDTH / 2 - MARGIN_LEFT - 40


class DeferredCanvas(Canvas):
    """A canvas that keeps each page's state and stamps all pages when saved, once the total
    (for 第 X 页 共 Y 页) is known."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self.before_stamping()
        for index, state in enumerate(self._pages):
            self.__dict__.update(state)
            self.stamp_page(index, total)
            super().showPage()
        super().save()

    def before_stamping(self) -> None:
        """Drawn once, before the pages are stamped (a form every page places)."""

    def stamp_page(self, index: int, total: int) -> None:
        raise NotImplementedError

    def draw_header(self, top: float, left: str, right: str) -> None:
        """Grey text at the left and right of the header, ruled off from the content."""
        width = self._pagesize[0]
        self.setFont(FONT, 8)
        self.setFillColor(GREY)
        half = (width - MARGIN_LEFT - MARGIN_RIGHT) / 2 - 6
        self.draw_text(MARGIN_LEFT, top, fit(left, 8, half), 8)
        right = fit(right, 8, half)
        self.draw_text(width - MARGIN_RIGHT - text_width(right, 8), top, right, 8)
        self.line(MARGIN_LEFT, top - 2.5 * mm, width - MARGIN_RIGHT, top - 2.5 * mm)

    def draw_text(self, x: float, y: float, text: str, size: float) -> None:
        """User text at ``x``, ``y``: each run in the font that has its glyphs (生僻字 too)."""
        for face, run in font_runs(text):
            self.setFont(face, size)
            self.drawString(x, y, run)
            x += stringWidth(run, face, size)
        self.setFont(FONT, size)

    def draw_page_number(self, y: float, total: int) -> None:
        self.setFont(FONT, 9)
        self.setFillColor(INK)
        self.drawCentredString(self._pagesize[0] / 2, y, f"第 {self._pageNumber} 页  共 {total} 页")


def stamped_canvas(stamp: PageStamp) -> type[Canvas]:
    """A canvas class that stamps every page of the packet with ``stamp`` when it is saved."""
    title = plain(stamp.title)
    number = plain(stamp.number or "（未编号）")

    class StampedCanvas(DeferredCanvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._marks: dict[int, list[tuple[str, Any, Any]]] = {}

        def bookmarkPage(self, key: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
            # Pages are written only when saved: a bookmark made now is set on its page then.
            self._marks.setdefault(len(self._pages), []).append((key, args, kwargs))

        def before_stamping(self) -> None:
            # Drawn once and placed on every page: an encoded QR code is ~400 rectangles.
            self.beginForm("qr")
            draw_qr(self, stamp.qr_payload, 0, 0, QR_SIZE)
            self.endForm()

        def stamp_page(self, index: int, total: int) -> None:
            for key, args, kwargs in self._marks.get(index, ()):
                Canvas.bookmarkPage(self, key, *args, **kwargs)
            self.saveState()
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            if self._pageNumber > 1:  # the cover has its own title block
                self.draw_header(PAGE_HEIGHT - 14 * mm, title, f"申报编号 {number}")
            base = 9 * mm
            self.line(
                MARGIN_LEFT,
                base + QR_SIZE + 1.5 * mm,
                PAGE_WIDTH - MARGIN_RIGHT,
                base + QR_SIZE + 1.5 * mm,
            )
            self.setFillColor(GREY)
            self.setFont(FONT, 8)
            self.drawString(MARGIN_LEFT, base + 9 * mm, f"材料指纹 {stamp.short_fingerprint}")
            self.draw_text(
                MARGIN_LEFT, base + 4.5 * mm, fit(f"申报编号 {number}", 8, FOOTER_LEFT_WIDTH), 8
            )
            self.draw_page_number(base + 6 * mm, total)
            self.saveState()
            self.translate(PAGE_WIDTH - MARGIN_RIGHT - QR_SIZE, base)
            self.doForm("qr")
            self.restoreState()
            if stamp.draft:
                self._draft_mark()
            self.restoreState()

        def _draft_mark(self) -> None:
            self.saveState()
            self.setFillColor(Color(0.75, 0.1, 0.1, alpha=0.16))
            self.setFont(FONT, 150)
            self.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
            self.rotate(35)
            self.drawCentredString(0, -50, DRAFT_TEXT)
            self.restoreState()
            self.setFont(FONT, 8)
            self.setFillColor(HexColor("#b91c1c"))
            self.drawString(MARGIN_LEFT, 9 * mm, "草稿：存在未通过的必须项，不能作为正式申报材料")

    return StampedCanvas


@dataclass(frozen=True)
class SheetStamp:
    """What each page of a review sheet (审核意见表, 推荐汇总表) shows besides its content."""

    header_left: str  # the office's name
    header_right: str  # the sheet's title (and the application's number)
    footer_left: str  # 打印日期 …


def numbered_canvas(stamp: SheetStamp) -> type[Canvas]:
    """A canvas class that heads every page with ``stamp`` and numbers it 第 X 页 共 Y 页.

    Portrait or landscape: the page's own size is read when stamping.
    """
    left, right, footer = (
        plain(stamp.header_left),
        plain(stamp.header_right),
        plain(stamp.footer_left),
    )

    class NumberedCanvas(DeferredCanvas):
        def stamp_page(self, index: int, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            self.setStrokeColor(GRID)
            self.setLineWidth(0.4)
            self.draw_header(height - 12 * mm, left, right)
            base = 10 * mm
            self.line(MARGIN_LEFT, base + 5 * mm, width - MARGIN_RIGHT, base + 5 * mm)
            self.draw_text(MARGIN_LEFT, base, fit(footer, 8, width / 2 - MARGIN_LEFT - 40), 8)
            self.draw_page_number(base, total)
            self.restoreState()

    return NumberedCanvas
