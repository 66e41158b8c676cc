"""Packets of stored applications: build one, or many into one PDF or a file each.

Used by the ``gxapply pdf`` command and by the desktop app's print preview and batch printing
(which runs this on a worker thread, so it takes a progress callback and a cancel check).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app.files import write_file
from db.repository import Store
from forms import form_registry
from forms.core.errors import explain
from forms.core.file_names import safe_file_name
from forms.packet import (
    Packet,
    PacketAttachment,
    PacketCancelled,
    PacketOptions,
    render_packet,
)


def packet_for(store: Store, application_id: int) -> Packet:
    """The packet of a stored application, checked as the store checks it."""
    record = store.load(application_id)
    report = store.validate_record(record)
    return Packet(
        applicant_definition=form_registry().profile_definition(record.applicant),
        definition=record.definition,
        applicant=record.applicant,
        form=record.form,
        report=report,
        number=record.number,
        attachments=tuple(
            PacketAttachment(
                a.name, a.size, a.sha256, a.material, read=partial(store.attachment_content, a.id)
            )
            for a in record.attachments
        ),
    )


def safe_pdf_name(number: str, title: str) -> str:
    """A Windows-safe file name: 申报编号_标题.pdf (未编号 without a number)."""
    return safe_file_name(f"{number or '未编号'}_{title}", ".pdf", "申报材料")


def packet_file_name(packet: Packet) -> str:
    """A Windows-safe file name: 申报编号_名称.pdf."""
    return safe_pdf_name(packet.number, packet.definition.title_of(packet.form))


def combine(pdfs: Sequence[tuple[str, bytes]]) -> bytes:
    """Several packets as one PDF; each keeps its own page numbers and outline under its title."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for title, pdf in pdfs:
        writer.append(PdfReader(io.BytesIO(pdf)), outline_item=title)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # one Chinese sentence per application
    drafts: list[str] = field(default_factory=list)  # titles of those printed as 草稿


# A packet to print: how to name it in a message, and how to get it (read when its turn comes).
PacketSource = tuple[str, Callable[[], Packet]]


def _unique_name(packet: Packet, used: set[str]) -> str:
    """``packet_file_name``, numbered when taken; compared without case, as Windows does."""
    name = stem = packet_file_name(packet).removesuffix(".pdf")
    number = 1
    while name.casefold() in used:
        number += 1
        name = f"{stem}_{number}"
    used.add(name.casefold())
    return f"{name}.pdf"


def write_packets(
    sources: Sequence[PacketSource],
    target: Path,
    *,
    one_file: bool,
    options: PacketOptions | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> BatchResult:
    """Packets of ``sources`` into ``target`` (a .pdf when ``one_file``, else a folder).

    A packet that cannot be made is reported and skipped; the others are written. Cancelling
    stops between pages and writes nothing more (files already written stay).
    """
    result = BatchResult()
    combined: list[tuple[str, bytes]] = []
    used_names: set[str] = set()

    def check_cancel() -> None:
        if cancelled():
            raise PacketCancelled

    for done, (label, load) in enumerate(sources):
        check_cancel()
        if progress is not None:
            progress(done, len(sources))
        try:
            packet = load()
            pdf = render_packet(packet, options or PacketOptions(), progress=check_cancel)
        except PacketCancelled:
            raise
        except Exception as exc:  # one bad application must not stop the batch
            result.failed.append(
                f"{label}：无法生成申报材料（{explain(exc)}）；请打开该申报检查后单独重试"
            )
            continue
        title = f"{packet.number} {packet.definition.title_of(packet.form)}".strip()
        if packet.is_draft:
            result.drafts.append(title)
        if one_file:
            combined.append((title, pdf))
            continue
        path = target / _unique_name(packet, used_names)
        write_file(path, pdf)
        result.written.append(path)
    if one_file and combined:
        check_cancel()
        write_file(target, combined[0][1] if len(combined) == 1 else combine(combined))
        result.written.append(target)
    if progress is not None:
        progress(len(sources), len(sources))
    return result


def print_batch(
    store: Store, application_ids: Sequence[int], target: Path, **options: Any
) -> BatchResult:
    """``write_packets`` for applications in the store (see there for the options)."""
    sources = [(f"内部编号 {i}", partial(packet_for, store, i)) for i in application_ids]
    return write_packets(sources, target, **options)
