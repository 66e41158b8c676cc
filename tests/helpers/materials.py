"""Small generated files standing in for the papers each form asks for (申报材料)."""

from __future__ import annotations

import io
import zlib
from dataclasses import replace
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from forms.core.definition import FormDefinition
from forms.core.document import ApplicationDocument, AttachmentData
from forms.core.materials import Material, materials_for


def sample_pdf(title: str) -> bytes:
    """A one-page PDF, the same bytes every time (``invariant``: no date, no random id)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4, invariant=1)
    canvas.drawString(72, 760, f"SAMPLE DOCUMENT: {title}")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def sample_png(width: int = 8, height: int = 8) -> bytes:
    """A tiny grey PNG (a scanned certificate, for the examples)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    rows = b"".join(b"\x00" + b"\xc0" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def material_file(material: Material) -> AttachmentData:
    """One file for ``material``: a picture for the licence, a PDF for everything else."""
    if material.id == "licence":
        return AttachmentData(f"{material.name}.png", sample_png(), material.id)
    return AttachmentData(f"{material.name}.pdf", sample_pdf(material.id), material.id)


def required_materials(definition: FormDefinition, form: Any) -> list[Material]:
    return [m for m in materials_for(definition, form) if m.required]


def required_files(definition: FormDefinition, form: Any) -> tuple[AttachmentData, ...]:
    """A file for every material the answers require, in declared order."""
    return tuple(
        material_file(m) for m in required_materials(definition, form) for _ in range(m.min_files)
    )


def plus_required_materials(doc: ApplicationDocument) -> ApplicationDocument:
    """``doc`` with its own attachments kept and a file added for each required material it
    lacks (a test that attaches files of its own still submits)."""
    given = {a.material for a in doc.attachments}
    missing = tuple(f for f in required_files(doc.definition, doc.form) if f.material not in given)
    return replace(doc, attachments=(*missing, *doc.attachments))


def with_required_materials(doc: ApplicationDocument) -> ApplicationDocument:
    """``doc`` whose attachments are exactly the files its answers require (the others go)."""
    return replace(doc, attachments=required_files(doc.definition, doc.form))


def without_files(doc: ApplicationDocument) -> ApplicationDocument:
    """``doc`` with no attachments (a test of adding files starts from none)."""
    return replace(doc, attachments=())


def json_with_papers(doc: dict[str, Any]) -> dict[str, Any]:
    """An application file (JSON) with a file added for each material its answers require, so
    that only the rule a test is about can fail; answers the form refuses are left as they are,
    for the file to be refused."""
    from forms import all_forms
    from forms.applicant import APPLICANT
    from forms.core.document import DocumentError, document_to_json, documents_from_json

    try:
        parsed = documents_from_json(doc, all_forms(), APPLICANT)[0]
    except DocumentError:
        return doc
    return document_to_json(plus_required_materials(parsed))
