"""The signed zip both kinds of package share: written whole, or read and checked whole.

Reading checks, in order: the zip's table of contents (see safezip), the manifest's format,
version and schema, the signature over the manifest, that the members are exactly those the
manifest lists, and each member's size and SHA-256. Only then are members returned.
"""

from __future__ import annotations

import errno
import hashlib
import importlib.metadata
import io
import json
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from forms.core.display import human_size, quoted
from forms.core.document import MAX_ATTACHMENT_BYTES, os_error_text, reject_constant
from forms.core.issues import from_validation_error
from forms.exchange.errors import PackageError
from forms.exchange.manifest import (
    PACKAGE_FORMAT,
    Manifest,
    Member,
    PackageType,
)
from forms.exchange.safezip import RATIO_FLOOR, SafeZip, ZipLimits
from forms.exchange.signing import SigningKey, verify

MANIFEST = "manifest.json"
SIGNATURE = "manifest.sig"
PACKET = "packet.pdf"
ATTACHMENT_FOLDER = "attachments/"

MAX_ATTACHMENTS = 100
MAX_JSON_BYTES = 16 << 20
MAX_PACKET_BYTES = 256 << 20
LIMITS = ZipLimits(
    max_file_bytes=512 << 20,
    max_members=MAX_ATTACHMENTS + 4,  # manifest, signature, data, packet
    max_total_bytes=512 << 20,
    max_ratio=100,
)

M = TypeVar("M", bound=Manifest)


def where_of(noun: str, source: str) -> str:
    """How messages name a package: its kind and, when known, its file name."""
    return f"{noun} {source}" if source else noun


def issues_text(exc: ValidationError, model: type[BaseModel], most: int = 5) -> str:
    """The first few problems pydantic found in a package's JSON, in Chinese, for a refusal:
    each names its field as ``model`` declares it (``Field(title=...)``): 「理由第2条·意见」."""
    return "；".join(
        i.with_label(field_label(model, i.path)).describe()
        for i in from_validation_error(exc)[:most]
    )


def field_label(model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    """The Chinese name of the field at ``path`` in ``model``: each step's ``title`` (its key
    where it has none), a list's item as 第N条."""
    parts: list[str] = []
    current: type[BaseModel] | None = model
    for step in path:
        if isinstance(step, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}第{step + 1}条"]
            continue
        field = current.model_fields.get(step) if current else None
        if field is None:  # a field the model lacks: named as the file wrote it
            parts.append(quoted(step))
            current = None
            continue
        parts.append(field.title or step)
        current = _nested_model(field.annotation)
    return "·".join(parts)


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, alone, in a tuple or optional (``tuple[Reason, ...]``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next(
        (found for arg in get_args(annotation) if (found := _nested_model(arg)) is not None),
        None,
    )


def app_version() -> str:
    try:
        return importlib.metadata.version("gxapply")
    except importlib.metadata.PackageNotFoundError:  # a frozen build without metadata
        return "unknown"


def member_limit(name: str) -> tuple[int, str]:
    """The size bound of a member, and what to call it in a message."""
    if name == SIGNATURE:
        return 1024, "签名"
    if name == PACKET:
        return MAX_PACKET_BYTES, "申报材料 PDF"
    if name.startswith(ATTACHMENT_FOLDER):
        return MAX_ATTACHMENT_BYTES, "附件"
    return MAX_JSON_BYTES, "数据文件"


def json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"键“{key}”重复")
        out[key] = value
    return out


def parse_json(raw: bytes, where: str, name: str) -> Any:
    """A JSON member, with exact decimals; a PackageError naming the member if it is not JSON."""
    try:
        return json.loads(
            raw.decode("utf-8"),
            parse_float=Decimal,
            parse_constant=reject_constant,
            object_pairs_hook=_no_duplicate_keys,
        )
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise PackageError(
            "bad_json",
            f"{where} 中的 {name} 不是有效的 JSON 文件（{exc.__class__.__name__}），文件可能已损坏，"
            "请让对方重新导出",
        ) from exc


def write_package(
    fields: Mapping[str, Any],
    model: type[Manifest],
    members: Mapping[str, bytes],
    key: SigningKey,
    created_at: datetime,
) -> bytes:
    """A package: the manifest (``fields`` plus the format, this app's version, the time and the
    member list), its signature, the members.

    Members that compress too well are stored, so no honest package looks like a zip bomb.
    """
    listed = [
        Member(name=name, size=len(content), sha256=hashlib.sha256(content).hexdigest())
        for name, content in members.items()
    ]
    header = {
        "format": PACKAGE_FORMAT,
        "format_version": PackageType(fields["type"]).format_version,
        "app_version": app_version(),
        "created_at": created_at.isoformat(),
    }
    manifest = model.model_validate({**header, **fields, "members": listed})  # never a bad one
    manifest_raw = json_bytes(manifest.model_dump(mode="json"))
    signature = key.sign(manifest_raw).encode("ascii")
    stamp = created_at.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in ((MANIFEST, manifest_raw), (SIGNATURE, signature), *members.items()):
            info = zipfile.ZipInfo(name, date_time=(max(stamp[0], 1980), *stamp[1:]))
            info.create_system = 3
            info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
            info.compress_type = _compression(content)
            archive.writestr(info, content)
    return out.getvalue()


def _compression(content: bytes) -> int:
    if len(content) > RATIO_FLOOR // 2:
        compressed = len(zlib.compress(content, 6))
        if len(content) > compressed * (LIMITS.max_ratio // 2):
            return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


@dataclass(frozen=True)
class OpenedPackage(Generic[M]):
    manifest: M
    members: dict[str, bytes]
    file_sha256: str

    def content_digest(self, *, skip: frozenset[str] = frozenset({PACKET})) -> str:
        """A digest of what the package says (its members bar the printed packet)."""
        listed = sorted((m.name, m.sha256) for m in self.manifest.members if m.name not in skip)
        return hashlib.sha256(json.dumps(listed).encode()).hexdigest()


def open_package(
    data: bytes, source: str, expected: PackageType, model: type[M]
) -> OpenedPackage[M]:
    """Check a package from outside and return its manifest and members; PackageError if not."""
    where = where_of(expected.noun, source)
    archive = SafeZip(data, where, LIMITS)
    names = archive.names
    if MANIFEST not in names or SIGNATURE not in names:
        raise PackageError(
            "no_manifest",
            f"{where} 缺少清单或签名（{MANIFEST}、{SIGNATURE}），不是本软件导出的文件",
        )
    manifest_raw = archive.read(MANIFEST, MAX_JSON_BYTES // 16, "清单")
    signature = archive.read(SIGNATURE, 1024, "签名")
    obj = parse_json(manifest_raw, where, MANIFEST)
    if not isinstance(obj, dict):
        raise PackageError(
            "bad_manifest", f"{where} 的清单应为一个 JSON 对象，不是本软件导出的文件"
        )
    if obj.get("format") != PACKAGE_FORMAT:
        raise PackageError(
            "wrong_format",
            f"{where} 不是本软件导出的申报包（清单格式为 {obj.get('format')!r}，应为 “{PACKAGE_FORMAT}”）",
        )
    # the type first: a decision opened as a submission is told so, whatever its version
    if obj.get("type") != expected.value:
        other = "审核决定包" if expected is PackageType.SUBMISSION else "申报包"
        how = "导入审核决定" if expected is PackageType.SUBMISSION else "导入申报包"
        raise PackageError(
            "wrong_type", f"{where} 实际是{other}，不是{expected.noun}；请改用“{how}”"
        )
    if obj.get("format_version") not in expected.readable_versions:
        readable = "、".join(str(v) for v in expected.readable_versions)
        raise PackageError(
            "wrong_version",
            f"{where} 的格式版本为 {obj.get('format_version')!r}，本软件只能读取第 "
            f"{readable} 版：请升级本软件，或请对方用相同版本的软件重新导出",
        )
    try:
        manifest = model.model_validate(obj)
    except ValidationError as exc:
        raise PackageError(
            "bad_manifest",
            f"{where} 的清单有误：{issues_text(exc, model)}。请让对方用本软件重新导出",
        ) from exc
    try:
        signature_text = signature.decode("ascii")
    except UnicodeDecodeError:
        signature_text = ""
    if not verify(manifest.signer.public_key, manifest_raw, signature_text):
        raise PackageError(
            "bad_signature",
            f"{where} 的签名无效：文件在签名后被改动过，或并非由 {manifest.signer.describe()} "
            "签署。已拒收；请对方重新导出，并通过电话等方式核对密钥指纹",
        )
    listed = {m.name: m for m in manifest.members}
    if len(listed) != len(manifest.members):
        raise PackageError(
            "bad_manifest", f"{where} 的清单中有重复的成员，文件可能被篡改，请让对方重新导出"
        )
    present = set(names) - {MANIFEST, SIGNATURE}
    if extra := sorted(present - set(listed)):
        raise PackageError(
            "unlisted_member",
            f"{where} 中的成员 {extra[0]} 不在签名的清单中，文件可能被篡改，请让对方重新导出",
        )
    if missing := sorted(set(listed) - present):
        raise PackageError(
            "missing_member",
            f"{where} 缺少清单中列出的成员 {missing[0]}，文件不完整，请重新复制或让对方重新导出",
        )
    members: dict[str, bytes] = {}
    for name, entry in listed.items():
        limit, what = member_limit(name)
        content = archive.read(name, limit, what)
        if len(content) != entry.size or hashlib.sha256(content).hexdigest() != entry.sha256:
            raise PackageError(
                "checksum",
                f"{where} 中的成员 {name} 与签名清单中的校验值不符（{human_size(len(content))}），"
                "文件在导出后被改动或已损坏，已拒收；请让对方重新导出",
            )
        members[name] = content
    return OpenedPackage(manifest, members, hashlib.sha256(data).hexdigest())


def read_package_file(path: Path, noun: str = "申报包") -> bytes:
    """The bytes of a package file, refusing one too large to be ours before reading it."""
    label = f"{noun} {path.name or path}"
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "directory")
        size = path.stat().st_size
        if size > LIMITS.max_file_bytes:
            raise PackageError(
                "file_too_large",
                f"{label} 过大（{human_size(size)}），超过 {human_size(LIMITS.max_file_bytes)}"
                " 的上限，不是本软件导出的文件",
            )
        return path.read_bytes()
    except OSError as exc:
        raise PackageError("unreadable", f"无法打开{label}：{os_error_text(exc)}") from exc
