"""What a packet is printed from, and the fingerprint that ties paper to saved data."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from forms.core.fields import FormModel
from forms.core.materials import OTHER, material_slots

if TYPE_CHECKING:
    from forms.core.definition import FormDefinition
    from forms.core.document import ApplicationDocument, AttachmentData
    from forms.core.validation import ValidationReport

FINGERPRINT_PREFIX = "GXAPPLY"
SUBJECT_PREFIX = "材料指纹"  # the PDF's subject: 材料指纹 <full fingerprint>


@dataclass(frozen=True)
class PacketAttachment:
    name: str
    size: int
    sha256: str
    material: str = OTHER  # the id of the material it is filed under (forms.core.materials)
    # The content, read only when the attachment is appended to the packet.
    read: Callable[[], bytes] | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Packet:
    """One application as it will be printed: the saved data and the check of it."""

    definition: FormDefinition
    applicant: FormModel | None
    form: FormModel
    report: ValidationReport
    number: str = ""
    attachments: tuple[PacketAttachment, ...] = ()
    printed_on: date = field(default_factory=date.today)
    # Declares the applicant profile printed first (the caller's registry holds it).
    applicant_definition: FormDefinition = field(kw_only=True)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.definition.kind, self.applicant, self.form, self.attachments)

    @property
    def short_fingerprint(self) -> str:
        return short_fingerprint(self.fingerprint)

    @property
    def listed_attachments(self) -> tuple[PacketAttachment, ...]:
        """The attachments in the order of the 附件清单 (and of those appended): by material, in
        declared order, 其他材料 last; files of one material in the order they were added."""
        slots = material_slots(self.definition, self.form, self.attachments)
        return tuple(f for slot in slots for f in slot.files if isinstance(f, PacketAttachment))

    @property
    def is_draft(self) -> bool:
        """A packet that fails an error-level rule (or lacks a required value) is only a draft."""
        return not self.report.can_submit

    @property
    def qr_payload(self) -> str:
        """What the QR code on every page carries: enough to find and compare the saved data."""
        return f"{FINGERPRINT_PREFIX}:{self.number or '-'}:{self.fingerprint}"


def _plain(model: FormModel | None) -> Any:
    return None if model is None else model.model_dump(mode="json")


def fingerprint(
    kind: str,
    applicant: FormModel | None,
    form: FormModel,
    attachments: Sequence[PacketAttachment] = (),
) -> str:
    """SHA-256 (hex) of the saved data and attachments; any change of a value changes it, and
    so does filing a file under another material.

    The status, number and print date are left out: paper printed before and after a status
    change shows the same fingerprint as long as the content is the same.
    """
    content = {
        "kind": kind,
        "applicant": _plain(applicant),
        "data": _plain(form),
        "attachments": [_attachment_content(a) for a in attachments],
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _attachment_content(attachment: PacketAttachment) -> list[str]:
    """What the fingerprint covers of a file: name, SHA-256 and material. A file of 其他材料
    is fingerprinted as before materials were declared, so an application whose files name no
    material (one received in an older package) keeps the fingerprint its packet printed."""
    if attachment.material == OTHER:
        return [attachment.name, attachment.sha256]
    return [attachment.name, attachment.sha256, attachment.material]


def short_fingerprint(full: str) -> str:
    """The first 64 bits, grouped for reading aloud: 3F2A-91C0-7B1D-22E0."""
    head = full[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def packet_subject(full: str) -> str:
    """The PDF subject of a packet: the full fingerprint, which a received packet is checked by."""
    return f"{SUBJECT_PREFIX} {full}"


def fingerprint_in_subject(subject: str) -> str:
    """The fingerprint ``packet_subject`` wrote, or "" when the PDF was not made so."""
    return (
        subject.removeprefix(SUBJECT_PREFIX).strip() if subject.startswith(SUBJECT_PREFIX) else ""
    )


def _content(attachment: AttachmentData) -> bytes:
    return attachment.content


def packet_from_document(
    doc: ApplicationDocument,
    report: ValidationReport,
    applicant_definition: FormDefinition,
    *,
    printed_on: date | None = None,
) -> Packet:
    """A packet for an application read from a JSON document (the command line); the
    document's applicant profile is declared by ``applicant_definition``."""
    return Packet(
        applicant_definition=applicant_definition,
        definition=doc.definition,
        applicant=doc.applicant,
        form=doc.form,
        report=report,
        number=doc.number or "",
        attachments=tuple(
            PacketAttachment(a.name, a.size, a.sha256, a.material, read=partial(_content, a))
            for a in doc.attachments
        ),
        printed_on=printed_on or date.today(),
    )
