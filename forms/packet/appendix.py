"""Image and PDF attachments appended to the packet, each page stamped like the rest.

Images are laid out by reportlab. A PDF attachment gets one stamped page per page of its own
(caption, header, footer, QR code), and after the build its pages are drawn into those, scaled
to fit. An attachment that cannot be read (corrupt, encrypted, not an image or PDF) is not
appended, and the 附件清单 says why.
"""

from __future__ import annotations

import hashlib
import io
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph

from forms.packet.layout import CONTENT_WIDTH, Heading, chinese_ordinal
from forms.packet.model import PacketAttachment
from forms.packet.pages import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from forms.packet.styles import styles
from forms.packet.text import markup

CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
MAX_PDF_PAGES = 200  # per attachment; more than this is not paper anyone hands in
MAX_IMAGE_PIXELS = 60_000_000
MAX_POINTS_PER_PIXEL = 1.5  # a small image is enlarged at most this much (about 100 dpi)

log = logging.getLogger(__name__)


class PageSlot(Flowable):
    """An empty stretch of a page that a page of a PDF attachment is drawn into later."""

    def __init__(self, appendix: Appendix, key: tuple[int, int]) -> None:
        super().__init__()
        self.appendix = appendix
        self.key = key

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, available_height - 1
        return self.width, self.height

    def draw(self) -> None:
        # Each build pass overwrites this; the last pass is the one written out.
        x, y = self.canv.absolutePosition(0, 0)
        self.appendix.slots[self.key] = Slot(
            self.canv.getPageNumber() - 1, x, y, self.width, self.height
        )


@dataclass(frozen=True)
class Slot:
    page: int  # 0-based page of the packet
    x: float
    y: float
    width: float
    height: float


@dataclass
class _Item:
    index: int
    attachment: PacketAttachment
    kind: str  # "image" | "pdf"
    content: bytes
    pages: int = 1
    size: tuple[int, int] = (0, 0)


@dataclass
class Appendix:
    items: list[_Item] = field(default_factory=list)
    notes: dict[int, str] = field(default_factory=dict)  # attachment index → 附件清单 说明
    slots: dict[tuple[int, int], Slot] = field(default_factory=dict)  # (attachment, its page)

    def flowables(self, ordinal: int) -> list[Flowable]:
        if not self.items:
            return []
        s = styles()
        flow: list[Flowable] = [
            PageBreak(),
            Heading(f"{chinese_ordinal(ordinal)}、附件", s.heading),
            Paragraph(markup(f"以下附后 {len(self.items)} 个附件，顺序与附件清单一致。"), s.note),
        ]
        loose = ParagraphStyle("caption", parent=s.subheading, keepWithNext=0)
        for number, item in enumerate(self.items):
            caption = f"附件 {item.index + 1}：{item.attachment.name}"
            if item.kind == "image":
                if number:
                    flow.append(PageBreak())
                flow += [Heading(caption, s.subheading, level=1), FittedImage(item)]
                continue
            for page in range(item.pages):
                if number or page:  # the first attachment starts under the 附件 heading
                    flow.append(PageBreak())
                if page == 0:  # not kept with the slot: the slot takes whatever room is left
                    flow.append(Heading(f"{caption}（共 {item.pages} 页）", loose, level=1))
                else:
                    flow.append(
                        Paragraph(
                            markup(f"{caption}（第 {page + 1} 页，共 {item.pages} 页）"),
                            s.subheading,
                        )
                    )
                flow.append(PageSlot(self, (item.index, page)))
        return flow

    def merge(self, pdf: bytes) -> bytes:
        """Draw the pages of PDF attachments into their stamped pages of ``pdf``."""
        if not self.slots:
            return pdf
        from pypdf import PdfReader, PdfWriter, Transformation

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        for item in self.items:
            if item.kind != "pdf":
                continue
            # A writer's own copy: turning a rotated page upright rewrites its content.
            source = PdfWriter(clone_from=PdfReader(io.BytesIO(item.content), strict=False))
            for page in range(item.pages):
                slot = self.slots[(item.index, page)]
                target = writer.pages[slot.page]
                original = source.pages[page]
                if original.rotation:
                    original.transfer_rotation_to_content()
                box = original.mediabox
                width, height = float(box.width), float(box.height)
                scale = min(slot.width / width, slot.height / height)
                x = slot.x + (slot.width - width * scale) / 2
                y = slot.y + (slot.height - height * scale)  # top of the slot
                ctm = (
                    Transformation()
                    .translate(-float(box.left), -float(box.bottom))
                    .scale(scale, scale)
                    .translate(x, y)
                )
                target.merge_transformed_page(original, ctm, over=False)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


class FittedImage(Flowable):
    """An image scaled to the room left under its caption, or moved whole to the next page
    when that room would shrink it below ``MIN_SHARE`` of its full-page size."""

    MIN_SHARE = 0.5

    def __init__(self, item: _Item) -> None:
        super().__init__()
        self.item = item

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.item.size
        full = min(CONTENT_WIDTH / width, CONTENT_HEIGHT / height, MAX_POINTS_PER_PIXEL)
        here = min(available_width / width, available_height / height, full)
        scale = here if here >= full * self.MIN_SHARE else full  # too big here: next page
        self.width, self.height = width * scale, height * scale
        return self.width, self.height

    def draw(self) -> None:
        Image(io.BytesIO(self.item.content), self.width, self.height).drawOn(self.canv, 0, 0)


def _probe_image(content: bytes) -> tuple[int, int] | str:
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(content)) as image:
                if image.width * image.height > MAX_IMAGE_PIXELS:
                    return "未附后：图片像素过多，请缩小后再添加"
                image.load()
                return image.width, image.height
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        return "未附后：图片像素过多，请缩小后再添加"
    except Exception:
        return "未附后：图片文件已损坏或格式不受支持"


def _probe_pdf(content: bytes) -> int | str:
    from pypdf import PdfReader, PdfWriter

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return "未附后：PDF 已加密，请另行提交纸质件"
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            return f"未附后：超过 {MAX_PDF_PAGES} 页，请另行提交"
        trial = PdfWriter()
        for page in reader.pages:
            box = page.mediabox
            if float(box.width) <= 0 or float(box.height) <= 0:
                return "未附后：PDF 页面尺寸无效"
            # Content streams are parsed only when merged: try it now, so a broken page is
            # listed as not appended instead of failing the whole packet later.
            trial.add_blank_page(float(box.width), float(box.height)).merge_page(page)
        return pages if pages else "未附后：PDF 没有页面"
    except Exception:
        return "未附后：PDF 文件已损坏，无法读取"


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp")


def plan_appendix(attachments: Sequence[PacketAttachment]) -> Appendix:
    """Read the attachments to append and decide, for each, whether and how it can be."""
    appendix = Appendix()
    for index, attachment in enumerate(attachments):
        name = attachment.name.lower()
        if attachment.read is None:
            appendix.notes[index] = "未附后：内容不可用"
            continue
        if not name.endswith((".pdf", *IMAGE_SUFFIXES)):
            appendix.notes[index] = "未附后（非图片或 PDF）"
            continue
        try:
            content = attachment.read()
        except Exception as exc:  # the store or file went away: list it, don't fail the packet
            log.warning("attachment %s unreadable: %s", attachment.name, exc)
            appendix.notes[index] = "未附后：读取失败，请重新添加该附件"
            continue
        if hashlib.sha256(content).hexdigest() != attachment.sha256:
            # The list and the fingerprint vouch for the listed bytes; never append others.
            appendix.notes[index] = "未附后：内容与清单中的校验值不符，请重新添加该附件"
            continue
        if content.startswith(b"%PDF"):
            pages = _probe_pdf(content)
            if isinstance(pages, str):
                appendix.notes[index] = pages
                continue
            appendix.items.append(_Item(index, attachment, "pdf", content, pages=pages))
        else:
            size = _probe_image(content)
            if isinstance(size, str):
                appendix.notes[index] = size
                continue
            appendix.items.append(_Item(index, attachment, "image", content, size=size))
        item = appendix.items[-1]
        pages_text = f"，{item.pages} 页" if item.kind == "pdf" else ""
        appendix.notes[index] = f"已附后（附件 {index + 1}{pages_text}）"
    return appendix
