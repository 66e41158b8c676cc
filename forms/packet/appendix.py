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
import time
import warnings
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Image, PageBreak, Paragraph

from forms.packet.layout import CONTENT_WIDTH, Heading, chinese_ordinal
from forms.packet.model import PacketAttachment
from forms.packet.pages import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT
from forms.packet.styles import styles
from forms.packet.text import markup

CONTENT_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
MAX_PDF_PAGES = 200  # per attachment; more than this is not paper anyone hands in
# Each PDF attachment's budget. Its content streams are decompressed and parsed once each (a 92
# kB file whose 200 pages shared one 70 MB stream used to be parsed 400 times: minutes), then
# drawn as copies. Beyond either figure the attachment is listed as not appended; the packet
# still prints.
# Reading content runs at about 1.5 MB/s (pypdf), so the byte limit is the one a PDF meets,
# well before the time limit on any office PC: the same file prints alike on every machine.
MAX_PDF_CONTENT_BYTES = 8 * 1024 * 1024  # decompressed content streams, each counted once
MAX_PDF_SECONDS = 10.0  # reading and trying every page
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
        """Draw the pages of PDF attachments into their stamped pages of ``pdf``.

        Each attachment page becomes a form XObject drawn under the stamps: its content is
        copied, never parsed again (the probe parsed each stream once), so merging costs what
        copying does.
        """
        if not self.slots:
            return pdf
        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
        for item in self.items:
            if item.kind != "pdf":
                continue
            source = PdfReader(io.BytesIO(item.content), strict=False)
            forms: dict[Any, Any] = {}  # pages with the same content and resources share one
            for page in range(item.pages):
                slot = self.slots[(item.index, page)]
                original = source.pages[page]
                key = (_content_keys(original), _object_key(original.get("/Resources")))
                if key not in forms:
                    forms[key] = _page_form(writer, original)
                name = f"/GxAttachment{item.index}p{page}"
                _draw_under(writer, writer.pages[slot.page], original, slot, name, forms[key])
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()


def _content_parts(page: Any) -> list[Any]:
    """The page's content streams (a /Contents stream or array), as objects."""
    from pypdf.generic import ArrayObject

    contents = page.get("/Contents")
    if contents is None:
        return []
    resolved = contents.get_object()
    parts = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    return [p for p in parts if p is not None]


def _placement(page: Any, slot: Slot) -> tuple[float, ...]:
    """The matrix that draws ``page`` upright (its /Rotate applied), scaled to fit the top of
    ``slot`` and centred across it."""
    box = page.mediabox
    left, bottom = float(box.left), float(box.bottom)
    width, height = float(box.width), float(box.height)
    rotation = (page.rotation or 0) % 360
    a, b, c, d, e, f = {  # clockwise, as viewers show /Rotate, on a box at the origin
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, width),
        180: (-1, 0, 0, -1, width, height),
        270: (0, 1, -1, 0, height, 0),
    }.get(rotation, (1, 0, 0, 1, 0, 0))
    shown_w, shown_h = (height, width) if rotation in (90, 270) else (width, height)
    scale = min(slot.width / shown_w, slot.height / shown_h)
    x = slot.x + (slot.width - shown_w * scale) / 2
    y = slot.y + (slot.height - shown_h * scale)  # top of the slot
    e, f = e - a * left - c * bottom, f - b * left - d * bottom
    return (a * scale, b * scale, c * scale, d * scale, e * scale + x, f * scale + y)


def _object_key(obj: Any) -> Any:
    """What identifies an object of one PDF: its number, or (a direct object, such as a page's
    own resource dictionary) what it says, which names other objects by number."""
    from pypdf.generic import IndirectObject

    if obj is None:
        return None
    return (obj.idnum, obj.generation) if isinstance(obj, IndirectObject) else repr(obj)


def _content_keys(page: Any) -> tuple[Any, ...]:
    return tuple(_object_key(part) for part in _content_parts(page))


def _page_form(writer: Any, page: Any) -> Any:
    """``page`` as a form XObject in ``writer``: its content copied as it is stored (still
    compressed when it is one stream), with its resources."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        FloatObject,
        NameObject,
        StreamObject,
    )

    parts = [part.get_object() for part in _content_parts(page)]
    form: Any
    if len(parts) == 1 and hasattr(parts[0], "_data"):
        form = StreamObject()
        form._data = parts[0]._data
        for key in ("/Filter", "/DecodeParms"):
            if key in parts[0]:
                form[NameObject(key)] = parts[0][key].clone(writer)
    else:
        decoded = DecodedStreamObject()
        decoded.set_data(b"\n".join(part.get_data() for part in parts))
        form = decoded.flate_encode()
    box = page.mediabox
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(float(v)) for v in (box.left, box.bottom, box.right, box.top)]
            ),
        }
    )
    resources = page.get("/Resources")
    if resources is not None:
        form[NameObject("/Resources")] = resources.get_object().clone(writer)
    return writer._add_object(form)


def _draw_under(writer: Any, target: Any, page: Any, slot: Slot, name: str, form: Any) -> None:
    """Draw the form XObject ``form`` (of ``page``) into ``slot`` of ``target``, under what
    the packet stamped there."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    target_resources = target.get("/Resources")
    if target_resources is None:
        target[NameObject("/Resources")] = target_resources = DictionaryObject()
    target_resources = target_resources.get_object()
    if "/XObject" not in target_resources:
        target_resources[NameObject("/XObject")] = DictionaryObject()
    target_resources["/XObject"].get_object()[NameObject(name)] = form

    matrix = " ".join(f"{v:.6f}" for v in _placement(page, slot))
    draw = DecodedStreamObject()
    draw.set_data(f"q {matrix} cm {name} Do Q\n".encode())
    under = [writer._add_object(draw), *_content_parts(target)]
    target[NameObject("/Contents")] = ArrayObject(under)


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


class _OverBudget(Exception):
    """An attachment past its budget; the message says which limit it met."""


def _decoded_size(stream: Any, limit: int) -> int:
    """How many bytes ``stream`` decompresses to, counted without holding more than a chunk;
    past ``limit`` it stops counting (_OverBudget)."""
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters or "")]
    raw = stream._data if hasattr(stream, "_data") else b""
    if names in (["/FlateDecode"], ["/Fl"]):
        inflater, total, data = zlib.decompressobj(), 0, raw
        while data:
            chunk = inflater.decompress(data, 1 << 20)
            total += len(chunk)
            if total > limit:
                raise _OverBudget(TOO_LARGE)
            data = inflater.unconsumed_tail
            if not chunk and not data:
                break
        return total
    decoded = len(stream.get_data())  # other filters are rare in content streams; pypdf caps them
    if decoded > limit:
        raise _OverBudget(TOO_LARGE)
    return decoded


TOO_LARGE = (
    f"未附后：PDF 页面内容过于庞大（解压后超过 {MAX_PDF_CONTENT_BYTES // (1024 * 1024)} MB），"
    "请用“打印为 PDF”另存一份较小的文件，或另行提交纸质件"
)
TOO_SLOW = (
    f"未附后：PDF 读取超过 {MAX_PDF_SECONDS:.0f} 秒仍未完成，"
    "请用“打印为 PDF”另存一份较小的文件，或另行提交纸质件"
)


def _check_content(reader: Any, started: float) -> None:
    """Every content stream decompressed within budget and parsed once (a stream that several
    pages share, once): a broken one raises, a costly one raises _OverBudget."""
    from pypdf.generic import ContentStream

    seen: set[Any] = set()
    total = 0
    for page in reader.pages:
        for part in _content_parts(page):
            key = _object_key(part)
            if key in seen:
                continue
            seen.add(key)
            stream = part.get_object()
            total += _decoded_size(stream, MAX_PDF_CONTENT_BYTES - total)
            ContentStream(stream, reader).operations  # noqa: B018 (parses; broken ones raise)
            if time.monotonic() - started > MAX_PDF_SECONDS:
                raise _OverBudget(TOO_SLOW)


def _probe_pdf(content: bytes) -> int | str:
    from pypdf import PdfReader

    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return "未附后：PDF 已加密，请另行提交纸质件"
        pages = len(reader.pages)
        if pages > MAX_PDF_PAGES:
            return f"未附后：超过 {MAX_PDF_PAGES} 页，请另行提交"
        for page in reader.pages:
            box = page.mediabox
            if float(box.width) <= 0 or float(box.height) <= 0:
                return "未附后：PDF 页面尺寸无效"
        _check_content(reader, started)
        return pages if pages else "未附后：PDF 没有页面"
    except _OverBudget as over:
        return str(over)
    except Exception:
        return "未附后：PDF 文件已损坏，无法读取"


def page_counts(attachments: Sequence[PacketAttachment], appendix: Appendix) -> dict[int, int]:
    """The pages of each PDF among ``attachments`` (by place), for the 附件清单: from the
    appendix when it was appended, else counted (a file that cannot be read is left out)."""
    counts = {item.index: item.pages for item in appendix.items if item.kind == "pdf"}
    for index, attachment in enumerate(attachments):
        if index in counts or index in appendix.notes or attachment.read is None:
            continue
        if not attachment.name.lower().endswith(".pdf"):
            continue
        pages = _count_pages(attachment)
        if pages:
            counts[index] = pages
    return counts


def _count_pages(attachment: PacketAttachment) -> int:
    from pypdf import PdfReader

    assert attachment.read is not None
    try:
        content = attachment.read()
        if hashlib.sha256(content).hexdigest() != attachment.sha256 or not content.startswith(
            b"%PDF"
        ):
            return 0
        reader = PdfReader(io.BytesIO(content), strict=False)
        return 0 if reader.is_encrypted else len(reader.pages)
    except Exception:  # listed with its size instead; the packet still prints
        return 0


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
