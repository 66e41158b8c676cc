"""Time to build PDF packets, beside reportlab alone laying out the same pages (the floor).

Targets (issue 4): one full packet per form under 300 ms; a batch of 100 packets, reported
beside the time reportlab alone takes for the same number of pages of the same text, in the
same run. "reportlab alone" is one SimpleDocTemplate build of plain paragraphs in the same
embedded font, carrying the text the packets print, with the same page count: no tables, no
contents pass, no stamping. Fonts are registered before timing (once per process, ~0.1 s).

Run: .venv/bin/python -m benchmarks.bench_packets [--runs 15] [--batch 100]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

from benchmarks.timing import samples_ms
from forms.applicant import APPLICANT
from forms.core.validation import validate
from forms.packet import Packet, packet_from_document, render_packet
from forms.packet.styles import styles
from forms.packet.text import markup
from tests.conftest import KINDS, example_document

TARGET_MS = 300


def packet_of(kind: str) -> Packet:
    doc = example_document(kind)
    report = validate(
        doc.definition, doc.form, applicant=doc.applicant, applicant_definition=APPLICANT
    )
    return packet_from_document(doc, report, APPLICANT)


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def floor_build(pages: list[str]) -> bytes:
    """reportlab alone: the same text, one page of paragraphs per page of the packet."""
    s = styles()
    story = []
    for text in pages:
        story += [Paragraph(markup(line), s.cell) for line in text.splitlines() if line.strip()]
        story.append(PageBreak())
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4).build(story[:-1])
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()

    packets = {kind: packet_of(kind) for kind in KINDS}
    texts = {kind: page_texts(render_packet(p)) for kind, p in packets.items()}  # also warms up
    for kind in KINDS:
        floor_build(texts[kind])

    print(
        f"一份完整申报材料（封面、目录、表单、自查表、附件清单、承诺书），各 {args.runs} 次，中位 / 最快 / 最慢"
    )
    print(f"{'表单':<14}{'页数':>4}   {'gxapply':>22}   {'reportlab 单纯排版同样页数':>22}")
    for kind, packet in packets.items():
        ours = samples_ms(lambda p=packet: render_packet(p), args.runs)
        floor = samples_ms(lambda t=texts[kind]: floor_build(t), args.runs)
        verdict = "达标" if statistics.median(ours) < TARGET_MS else "未达标"
        print(
            f"{kind:<14}{len(texts[kind]):>4}   "
            f"{statistics.median(ours):6.0f} / {min(ours):4.0f} / {max(ours):4.0f} ms   "
            f"{statistics.median(floor):6.0f} / {min(floor):4.0f} / {max(floor):4.0f} ms   "
            f"（目标 < {TARGET_MS} ms，{verdict}）"
        )

    order = [packets[KINDS[i % len(KINDS)]] for i in range(args.batch)]
    start = time.perf_counter()
    pages = 0
    for packet in order:
        pages += len(PdfReader(io.BytesIO(render_packet(packet))).pages)
    ours_s = time.perf_counter() - start
    start = time.perf_counter()
    floor_pages = 0
    for i in range(args.batch):
        floor_pages += len(texts[KINDS[i % len(KINDS)]])
        floor_build(texts[KINDS[i % len(KINDS)]])
    floor_s = time.perf_counter() - start
    print()
    print(
        f"批量 {args.batch} 份（四类轮流，共 {pages} 页）：gxapply {ours_s:.1f} s（每份 {ours_s * 1000 / args.batch:.0f} ms）"
    )
    print(
        f"reportlab 单纯排版同样 {floor_pages} 页的同样文字：{floor_s:.1f} s；gxapply 为其 {ours_s / floor_s:.1f} 倍"
    )


if __name__ == "__main__":
    main()
