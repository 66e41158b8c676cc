"""Submission packages (.gxpkg): one application, its attachments and its printed packet."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from forms.core.document import (
    ApplicationDocument,
    AttachmentData,
    DocumentError,
    attachment_name_problem,
    document_from_json,
    document_to_json,
    filed_by_answers,
    material_id,
)
from forms.core.registry import FormRegistry
from forms.exchange.container import (
    ATTACHMENT_FOLDER,
    MAX_ATTACHMENTS,
    PACKET,
    OpenedPackage,
    json_bytes,
    open_package,
    parse_json,
    where_of,
    write_package,
)
from forms.exchange.errors import PackageError
from forms.exchange.manifest import (
    PackageType,
    Party,
    SubmissionManifest,
)
from forms.exchange.signing import SigningKey

DATA = "application.json"


@dataclass(frozen=True)
class SubmissionPackage:
    """A checked submission: signed manifest, the application (model-validated), its packet."""

    manifest: SubmissionManifest
    document: ApplicationDocument
    packet_pdf: bytes | None
    file_sha256: str
    content_digest: str  # equal for two packages that carry the same application content

    @property
    def signer(self) -> Party:
        return self.manifest.signer


def attachment_member(index: int, name: str) -> str:
    return f"{ATTACHMENT_FOLDER}{index + 1:03d}-{name}"


def build_submission(
    doc: ApplicationDocument,
    *,
    key: SigningKey,
    signer: Party,
    package_id: str,
    revision: int,
    created_at: datetime,
    catalogue_version: str,
    addressed_to: str | None,
    packet_pdf: bytes | None,
) -> bytes:
    """The .gxpkg bytes for ``doc`` (which must carry its uid), signed with ``key``."""
    if doc.uid is None:
        raise ValueError("a submitted document needs its uid")
    if len(doc.attachments) > MAX_ATTACHMENTS:
        raise PackageError(
            "too_many_attachments",
            f"附件共 {len(doc.attachments)} 个，超过申报包 {MAX_ATTACHMENTS} 个的上限，请合并后再导出",
        )
    data = document_to_json(doc, with_content=False)
    members: dict[str, bytes] = {}
    for index, (entry, attachment) in enumerate(
        zip(data["attachments"], doc.attachments, strict=True)
    ):
        entry["member"] = attachment_member(index, attachment.name)
        members[entry["member"]] = attachment.content
    members = {DATA: json_bytes(data), **members}
    if packet_pdf is not None:
        members[PACKET] = packet_pdf
    fields = {
        "type": PackageType.SUBMISSION.value,
        "package_id": package_id,
        "kind": doc.kind,
        "application_uid": doc.uid,
        "revision": revision,
        "number": doc.number,
        "title": doc.title[:200],
        "signer": signer.model_dump(mode="json"),
        "catalogue_version": catalogue_version,
        "addressed_to": addressed_to,
    }
    return write_package(fields, SubmissionManifest, members, key, created_at)


def read_submission(data: bytes, source: str = "", *, forms: FormRegistry) -> SubmissionPackage:
    """Check everything about a submission package; a PackageError says what is wrong.

    ``forms``: the forms the data may be of, and the applicant profile it carries."""
    opened = open_package(data, source, PackageType.SUBMISSION, SubmissionManifest)
    where = where_of(PackageType.SUBMISSION.noun, source)
    manifest = opened.manifest
    if DATA not in opened.members:
        raise PackageError("missing_member", f"{where} 缺少申报数据 {DATA}，请让对方重新导出")
    obj = parse_json(opened.members[DATA], where, DATA)
    if not isinstance(obj, dict):
        raise PackageError(
            "invalid_data", f"{where} 中的 {DATA} 应为一个 JSON 对象，请让对方重新导出"
        )
    attachments = _attachments(opened, obj.pop("attachments", []), where)
    try:
        doc = document_from_json(obj, forms.by_kind, forms.applicant)
    except DocumentError as exc:
        issues = "；".join(i.describe() for i in exc.issues[:10])
        more = f"（共 {len(exc.issues)} 处）" if len(exc.issues) > 10 else ""
        raise PackageError(
            "invalid_data", f"{where} 中的申报数据不符合表单：{issues}{more}。请对方修正后重新导出"
        ) from exc
    uscc = getattr(doc.applicant, "uscc", None)
    mismatch = (
        "申报类别"
        if doc.kind != manifest.kind
        else "申报的唯一标识"
        if doc.uid != manifest.application_uid
        else "申报主体的统一社会信用代码"
        if uscc != manifest.signer.uscc
        else None
    )
    if mismatch:
        raise PackageError(
            "inconsistent",
            f"{where} 中申报数据的{mismatch}与签名清单不一致，文件可能被篡改，请让对方重新导出",
        )
    packet = opened.members.get(PACKET)
    if packet is not None and not packet.startswith(b"%PDF-"):
        raise PackageError("bad_packet", f"{where} 中的 {PACKET} 不是 PDF 文件，请让对方重新导出")
    return SubmissionPackage(
        manifest=manifest,
        document=replace(doc, attachments=filed_by_answers(doc.definition, doc.form, attachments)),
        packet_pdf=packet,
        file_sha256=opened.file_sha256,
        content_digest=opened.content_digest(),
    )


def _attachments(
    opened: OpenedPackage[SubmissionManifest], raw: Any, where: str
) -> list[AttachmentData]:
    """The attachments ``application.json`` lists, each matched to exactly one member."""
    if not isinstance(raw, list):
        raise PackageError("invalid_data", f"{where} 中的附件列表应为列表，请让对方重新导出")
    found: list[AttachmentData] = []
    used: set[str] = set()
    for index, item in enumerate(raw, start=1):
        label = f"{where} 中的第{index}个附件"
        if not isinstance(item, dict):
            raise PackageError("invalid_data", f"{label}应为一个 JSON 对象，请让对方重新导出")
        name, member = item.get("name"), item.get("member")
        if problem := attachment_name_problem(name, "请让对方把附件改名后重新导出"):
            raise PackageError("invalid_data", f"{label}：{problem}")
        if not isinstance(member, str) or member not in opened.members or member in used:
            raise PackageError(
                "invalid_data", f"{label}“{name}”在包中没有对应的成员，请让对方重新导出"
            )
        if not member.startswith(ATTACHMENT_FOLDER):
            raise PackageError(
                "invalid_data", f"{label}“{name}”指向的成员不是附件，请让对方重新导出"
            )
        content = opened.members[member]
        if (
            item.get("size") != len(content)
            or item.get("sha256") != hashlib.sha256(content).hexdigest()
        ):
            raise PackageError(
                "checksum",
                f"{label}“{name}”的大小或校验值与附件内容不符，文件可能被篡改，请让对方重新导出",
            )
        used.add(member)
        found.append(AttachmentData(str(name).strip(), content, material_id(item.get("material"))))
    if stray := sorted(
        n for n in opened.members if n.startswith(ATTACHMENT_FOLDER) and n not in used
    ):
        raise PackageError(
            "unlisted_member", f"{where} 中的成员 {stray[0]} 不是申报所列的附件，请让对方重新导出"
        )
    return found
