"""Printing a packet with the largest attachments allowed. Prints its figures.

Target (issue 11): the time to print a packet with the largest allowed attachment
(MAX_ATTACHMENT_BYTES, 50 MB; a PDF of at most MAX_PDF_PAGES, 200 pages), and a hostile PDF
that used to block printing for minutes now listed as not appended within its budget. Issue 11
names no figure for the others, so they are printed only. Every file is made here, the same on
every run (seeded noise, reportlab's invariant mode).

Run: .venv/bin/python -m benchmarks.bench_attachments [--only a,b,c,d]
"""

from __future__ import annotations

import argparse
import io
import random
import time
import zlib
from collections.abc import Callable

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, StreamObject
from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from forms.core.document import MAX_ATTACHMENT_BYTES
from forms.packet import PacketOptions, render_packet
from forms.packet.appendix import (
    MAX_IMAGE_PIXELS,
    MAX_PDF_CONTENT_BYTES,
    MAX_PDF_PAGES,
    plan_appendix,
)
from tests.unit.forms.test_packet import make_packet, shared_stream_pdf, with_attachments

MB = 1024 * 1024
HOSTILE_BEFORE_S = 300  # issue 11: "a 92 kB 200-page one over 300 s" with the old code


def noise_jpeg(
    target: int, seed: int, size: tuple[int, int] = (827, 1169), grain: int = 3
) -> bytes:
    """A grey scan-like JPEG (soft noise, as paper grain) of about ``target`` bytes: the
    quality is searched on this page, so every page comes out near the same size."""
    rng = random.Random(seed)
    width, height = size
    small = (width // grain, height // grain)
    image = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    image = image.resize(size, Image.Resampling.BILINEAR)
    best, low, high = b"", 5, 95
    while low <= high:
        quality = (low + high) // 2
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality)
        if len(out.getvalue()) <= target:
            best, low = out.getvalue(), quality + 1
        else:
            high = quality - 1
    return best or out.getvalue()


def scanned_pdf(pages: int, target: int) -> bytes:
    """``pages`` A4 pages, each one full-page JPEG (as a scanner makes them), ``target`` bytes
    in all, give or take a page's overhead."""
    per_page = (target - 4096) // pages - 600  # each page's own objects and the xref
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=True)
    width, height = A4
    ascii85, rl_config.useA85 = rl_config.useA85, 0  # the JPEG as it is, as scanners write it
    try:
        for page in range(pages):
            jpeg = noise_jpeg(per_page, seed=page)
            canvas.drawImage(ImageReader(io.BytesIO(jpeg)), 0, 0, width, height)
            canvas.showPage()
        canvas.save()
    finally:
        rl_config.useA85 = ascii85
    return out.getvalue()


def vector_pdf(pages: int, content_bytes: int) -> bytes:
    """``pages`` pages of line drawing (a CAD plan, say), each with its own Flate content
    stream, ``content_bytes`` decompressed in all."""
    rng = random.Random(11)
    writer = PdfWriter()
    per_page = content_bytes // pages
    for _ in range(pages):
        page = writer.add_blank_page(595, 842)
        ops, size = [], 0
        while size < per_page:
            x, y = rng.randrange(20, 575), rng.randrange(20, 822)
            op = f"{x} {y} m {x + rng.randrange(-20, 21)} {y + rng.randrange(-20, 21)} l S\n"
            ops.append(op)
            size += len(op)
        stream = StreamObject()
        stream._data = zlib.compress("".join(ops).encode()[:per_page].rsplit(b"\n", 1)[0] + b"\n")
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def noise_png(target: int) -> bytes:
    """An RGB PNG of noise (nothing to compress) of about ``target`` bytes: the heaviest image
    of that size, as a large uncompressed scan would be."""
    side = int((target / 3) ** 0.5)
    image = Image.frombytes("RGB", (side, side), random.Random(5).randbytes(side * side * 3))
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


def noise_photo_jpeg(target: int) -> bytes:
    """A photo-like JPEG of about ``target`` bytes within the pixel limit."""
    side = int((MAX_IMAGE_PIXELS * 0.9) ** 0.5)
    return noise_jpeg(target, seed=99, size=(side, side), grain=1)


def appended_note(name: str, content: bytes) -> str:
    """What the packet's 附件清单 says of the attachment (planned again, outside the timing)."""
    packet = with_attachments(make_packet("incubator"), {name: content})
    return plan_appendix(packet.attachments).notes[0]


def size_text(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} kB"


def print_case(label: str, name: str, content: bytes, before: str = "") -> None:
    packet = with_attachments(make_packet("incubator"), {name: content})
    start = time.perf_counter()
    pdf = render_packet(packet, PacketOptions(append_attachments=True))
    seconds = time.perf_counter() - start
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"{label}")
    print(f"  附件 {size_text(len(content))}；打印用时 {seconds:.1f} s{before}")
    print(f"  输出 {len(pdf) / MB:.1f} MB，共 {pages} 页；附件清单：{appended_note(name, content)}")


CASES: dict[str, tuple[str, str, Callable[[], bytes]]] = {
    "a": (
        f"(a) 扫描件 PDF：{MAX_PDF_PAGES} 页，每页一张 JPEG，接近 {MAX_ATTACHMENT_BYTES // MB} MB",
        "扫描件.pdf",
        lambda: scanned_pdf(MAX_PDF_PAGES, MAX_ATTACHMENT_BYTES - 64 * 1024),
    ),
    "b": (
        f"(b) 矢量图 PDF：{MAX_PDF_PAGES} 页，内容流解压后共 "
        f"{MAX_PDF_CONTENT_BYTES * 0.95 / MB:.1f} MB（上限 {MAX_PDF_CONTENT_BYTES // MB} MB）",
        "矢量图纸.pdf",
        lambda: vector_pdf(MAX_PDF_PAGES, int(MAX_PDF_CONTENT_BYTES * 0.95)),
    ),
    "b2": (
        f"(b2) 矢量图 PDF：{MAX_PDF_PAGES} 页，内容流解压后共 "
        f"{MAX_PDF_CONTENT_BYTES / 4 / MB:.1f} MB（上限的四分之一）",
        "矢量图纸（较小）.pdf",
        lambda: vector_pdf(MAX_PDF_PAGES, MAX_PDF_CONTENT_BYTES // 4),
    ),
    "c": (
        f"(c) 恶意 PDF：{MAX_PDF_PAGES} 页共用一个解压后 70 MB 的内容流",
        "共用内容流.pdf",
        lambda: shared_stream_pdf(MAX_PDF_PAGES, 70),
    ),
    "d": (
        f"(d) 图片：接近 {MAX_ATTACHMENT_BYTES // MB} MB 的 PNG（RGB 噪点，无法压缩）",
        "大图.png",
        lambda: noise_png(MAX_ATTACHMENT_BYTES - 64 * 1024),
    ),
    "e": (
        f"(e) 图片：接近 {MAX_ATTACHMENT_BYTES // MB} MB 的 JPEG（{MAX_IMAGE_PIXELS * 0.9 / 1e6:.0f} 百万像素）",
        "大照片.jpg",
        lambda: noise_photo_jpeg(MAX_ATTACHMENT_BYTES - 64 * 1024),
    ),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default=",".join(CASES))
    args = parser.parse_args()
    render_packet(make_packet("incubator"))  # fonts registered before timing
    print(
        "打印一份孵化器申报材料并附后一个最大允许的附件（PacketOptions(append_attachments=True)）"
    )
    for key in args.only.split(","):
        label, name, make = CASES[key]
        start = time.perf_counter()
        content = make()
        made = time.perf_counter() - start
        assert len(content) <= MAX_ATTACHMENT_BYTES, (key, len(content))
        before = f"（旧代码：超过 {HOSTILE_BEFORE_S} s）" if key == "c" else ""
        print_case(label, name, content, before)
        print(f"  （生成该附件 {made:.1f} s，不计入打印用时）")


if __name__ == "__main__":
    main()
