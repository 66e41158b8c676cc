"""Build the PDF of one packet: 封面, 目录, the form, 自查表, 附件清单, 诚信承诺书, attachments."""

from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from forms.packet.appendix import Appendix, page_counts, plan_appendix
from forms.packet.layout import (
    Heading,
    contents,
    cover,
    form_parts,
    pledge,
    self_check,
)
from forms.packet.materials_list import attachment_list
from forms.packet.model import Packet, packet_subject
from forms.packet.pages import (
    MARGIN_BOTTOM,
    MARGIN_LEFT,
    MARGIN_RIGHT,
    MARGIN_TOP,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    PageStamp,
    stamped_canvas,
)
from forms.packet.text import markup, plain

# Asked between pages of a long build; raising PacketCancelled from it stops the build.
Progress = Callable[[], None]


# reportlab's TrueType font object (shared by the process) is not safe to subset from two
# builds at once: a preview and a batch build one packet at a time.
BUILD_LOCK = threading.Lock()


class PacketCancelled(Exception):
    """The user cancelled while the packet was being built."""


@dataclass(frozen=True)
class PacketOptions:
    # Append image and PDF attachments after the 附件清单, each page stamped like the others.
    append_attachments: bool = False


class PacketDocument(BaseDocTemplate):
    """A4 pages in one frame; headings feed the table of contents and the PDF outline."""

    def __init__(self, target: io.BytesIO, packet: Packet, progress: Progress | None) -> None:
        super().__init__(
            target,
            pagesize=A4,
            leftMargin=MARGIN_LEFT,
            rightMargin=MARGIN_RIGHT,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            title=plain(f"{packet.definition.title}（{packet.number or '未编号'}）"),
            author=plain(str(getattr(packet.applicant, "name", "") or "")),
            subject=packet_subject(packet.fingerprint),
            creator="gxapply",
            invariant=1,  # the same packet gives the same bytes: no build time inside
        )
        frame = Frame(
            MARGIN_LEFT,
            MARGIN_BOTTOM,
            PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT,
            PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", frames=[frame])])
        self._progress = progress
        self._headings = 0

    def beforeDocument(self) -> None:
        self._headings = 0

    def afterPage(self) -> None:
        if self._progress is not None:
            self._progress()

    def afterFlowable(self, flowable: Flowable) -> None:
        if not isinstance(flowable, Heading):
            return
        self._headings += 1
        key = f"h{self._headings}"
        self.canv.bookmarkPage(key)
        level = max(flowable.toc_level, 0)
        self.canv.addOutlineEntry(plain(flowable.toc_text), key, level=level, closed=level > 0)
        if flowable.toc_level >= 0:
            self.notify("TOCEntry", (flowable.toc_level, markup(flowable.toc_text), self.page, key))


def story(packet: Packet, appendix: Appendix) -> list[Flowable]:
    flow: list[Flowable] = [*cover(packet), *contents(), *form_parts(packet)]
    ordinal = 3  # 一 applicant, 二 the form
    flow += self_check(packet, ordinal)
    pages = page_counts(packet.listed_attachments, appendix)
    flow += attachment_list(packet, appendix.notes, pages, ordinal + 1)
    flow += pledge(packet, ordinal + 2)
    flow += appendix.flowables(ordinal + 3)
    return flow


def render_packet(
    packet: Packet, options: PacketOptions = PacketOptions(), progress: Progress | None = None
) -> bytes:
    """The packet as PDF bytes. ``progress`` is called after each page laid out."""
    # Appended in the order of the 附件清单, numbered as it numbers them.
    appendix = plan_appendix(packet.listed_attachments if options.append_attachments else ())
    buffer = io.BytesIO()
    document = PacketDocument(buffer, packet, progress)
    canvas = stamped_canvas(
        PageStamp(
            title=packet.definition.title,
            number=packet.number,
            short_fingerprint=packet.short_fingerprint,
            qr_payload=packet.qr_payload,
            draft=packet.is_draft,
        )
    )
    with BUILD_LOCK:
        document.multiBuild(story(packet, appendix), canvasmaker=canvas)
    return appendix.merge(buffer.getvalue())
