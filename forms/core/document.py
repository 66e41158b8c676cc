"""The JSON form of an application (one document, or a collection of them), read and written.

A document is self-contained: the form kind, the applicant profile, the form data and the
attachments (base64, with their SHA-256). Reading checks everything and reports every problem in
Chinese, naming the field; it never returns a half-read document.
"""

from __future__ import annotations

import base64
import binascii
import errno
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from forms._v1_values import STATUS as STATUS_V1
from forms.core.control_chars import checked_text
from forms.core.definition import FormDefinition
from forms.core.display import quoted
from forms.core.errors import UserError, os_error_text
from forms.core.fields import FormModel
from forms.core.file_names import is_unsafe_character, windows_name_problem
from forms.core.issues import FieldIssue
from forms.core.materials import OTHER, filed_under
from forms.core.validation import parse_form
from forms.core.zones import release_one_zone

DOCUMENT_FORMAT = "gxapply.application"
COLLECTION_FORMAT = "gxapply.applications"
# 2: choices are codes. Files of version 1 (choices as the labels of release 0.1.0) still read:
# each form's value map converts them (see ``FormDefinition.value_map``).
# 3: every attachment names the material it is filed under; the attachments of older files
# (and any naming a material the form does not list) are read as 其他材料.
FORMAT_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
MAX_FILE_BYTES = 200 * 1024 * 1024  # a JSON file larger than this is not one of ours
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
MAX_ATTACHMENT_NAME = 120


class DocumentError(UserError):
    """A document that cannot be read; ``issues`` says every reason, in Chinese."""

    def __init__(self, issues: list[FieldIssue], where: str = "") -> None:
        self.issues = issues
        self.where = where
        prefix = f"{where}：" if where else ""
        super().__init__(prefix + "；".join(i.describe() for i in issues))


@dataclass(frozen=True)
class AttachmentData:
    name: str
    content: bytes
    material: str = OTHER  # the id of the material it is filed under (see forms.core.materials)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


@dataclass(frozen=True)
class ApplicationDocument:
    definition: FormDefinition
    applicant: FormModel
    form: FormModel
    attachments: tuple[AttachmentData, ...] = ()
    number: str | None = None
    status: str | None = None
    uid: str | None = None  # the application's id in the store it came from
    extra: Mapping[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.definition.kind

    @property
    def title(self) -> str:
        return self.definition.title_of(self.form)


def _issue(path: tuple[str | int, ...], message: str, label: str) -> FieldIssue:
    return FieldIssue(path, "document", message, label)


def attachment_name_problem(name: Any, advice: str = "请改名后再添加") -> str | None:
    """Why ``name`` cannot be an attachment's file name, or None; ``advice`` says what to do,
    to whoever can: the person adding the file, or (for a received package) its sender."""
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_ATTACHMENT_NAME:
        return f"文件名应为 1—{MAX_ATTACHMENT_NAME} 个字，{advice}"
    bad = sorted({ch for ch in name if is_unsafe_character(ch)})
    if bad or name.strip() in (".", ".."):
        shown = "、".join(repr(ch)[1:-1] for ch in bad) or name
        readable = name.encode("utf-8", "backslashreplace").decode("utf-8")
        return f"文件名“{readable}”含不允许的字符（{shown}），{advice}"
    if problem := windows_name_problem(name):
        return f"{problem}，{advice}"
    return None


def attachment_size_problem(name: str, size: int) -> str | None:
    if size > MAX_ATTACHMENT_BYTES:
        return f"“{name}”超过 {MAX_ATTACHMENT_BYTES // 1024 // 1024} MB，请压缩或拆分后再添加"
    return None


def material_id(value: Any) -> str:
    """A material id as written in a file: anything that is not a short code is 其他材料."""
    if isinstance(value, str) and value.isascii() and 0 < len(value) <= 32:
        return value
    return OTHER


def _read_attachments(raw: Any) -> tuple[list[AttachmentData], list[FieldIssue]]:
    if raw is None:
        return [], []
    if not isinstance(raw, list):
        return [], [_issue(("attachments",), "应为列表", "附件")]
    found: list[AttachmentData] = []
    issues: list[FieldIssue] = []
    for index, item in enumerate(raw):
        label = f"附件第{index + 1}个"
        path = ("attachments", index)
        if not isinstance(item, Mapping):
            issues.append(_issue(path, "应为一组栏目（JSON 对象）", label))
            continue
        raw_name = item.get("name")
        if problem := attachment_name_problem(raw_name):
            issues.append(_issue((*path, "name"), problem, label))
            continue
        name = str(raw_name)
        encoded = item.get("content_base64")
        if not isinstance(encoded, str):
            issues.append(_issue((*path, "content_base64"), f"“{name}”缺少文件内容", label))
            continue
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            issues.append(_issue((*path, "content_base64"), "内容不是有效的 base64 编码", label))
            continue
        if problem := attachment_size_problem(name, len(content)):
            issues.append(_issue(path, problem, label))
            continue
        attachment = AttachmentData(name.strip(), content, material_id(item.get("material")))
        declared_size = item.get("size")
        if declared_size is not None and declared_size != attachment.size:
            issues.append(
                _issue((*path, "size"), f"“{name}”的大小与记录不符，文件可能不完整", label)
            )
            continue
        declared = item.get("sha256")
        if declared is not None and str(declared).lower() != attachment.sha256:
            issues.append(
                _issue((*path, "sha256"), f"“{name}”的校验值不符，文件可能已损坏或被改动", label)
            )
            continue
        found.append(attachment)
    return found, issues


def document_from_json(
    obj: Any, forms: Mapping[str, FormDefinition], applicant_definition: FormDefinition
) -> ApplicationDocument:
    """Check and read one document; raise ``DocumentError`` listing every problem."""
    if not isinstance(obj, Mapping):
        raise DocumentError([_issue((), "应为一个 JSON 对象", "申报文件")])
    if obj.get("format") != DOCUMENT_FORMAT:
        raise DocumentError(
            [
                _issue(
                    ("format",), f"应为“{DOCUMENT_FORMAT}”，这不是本软件导出的申报文件", "文件格式"
                )
            ]
        )
    version = obj.get("format_version")
    if version not in READABLE_VERSIONS:
        raise DocumentError(
            [
                _issue(
                    ("format_version",),
                    f"为 {version!r}，本软件只能读取第 {_readable()} 版，请升级软件或重新导出",
                    "格式版本",
                )
            ]
        )
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in forms:
        known = "、".join(forms)
        raise DocumentError(
            [_issue(("kind",), f"“{quoted(str(kind))}”不是已知的申报类别（{known}）", "申报类别")]
        )
    definition = forms[str(kind)]
    form_version = obj.get("form_version", 1)
    if not isinstance(form_version, int) or form_version > definition.version:
        raise DocumentError(
            [
                _issue(
                    ("form_version",),
                    f"为 {form_version!r}，比本软件的“{definition.title}”（第 {definition.version} 版）"
                    "新，请升级软件后再导入",
                    "表单版本",
                )
            ]
        )
    issues: list[FieldIssue] = []
    raw_applicant = obj.get("applicant", {})
    if version == 1 and isinstance(raw_applicant, dict):  # as the 0.1.0 store's migration reads it
        raw_applicant = {
            **raw_applicant,
            "hitech_zone": release_one_zone(raw_applicant.get("hitech_zone")),
        }
    applicant, applicant_issues = parse_form(applicant_definition, raw_applicant)
    issues += [i.with_label("申报主体·" + i.label).under("applicant") for i in applicant_issues]
    form, form_issues = parse_form(definition, obj.get("data", {}))
    issues += [i.under("data") for i in form_issues]
    attachments, attachment_issues = _read_attachments(obj.get("attachments"))
    issues += attachment_issues
    number = obj.get("number")
    if number is not None and (not isinstance(number, str) or len(number) > 40):
        issues.append(_issue(("number",), "应为 40 个字以内的文字", "申报编号"))
    elif number is not None:
        try:
            checked_text(number)  # a NUL stops a PostgreSQL store; controls are invisible
        except ValueError as exc:
            issues.append(_issue(("number",), str(exc), "申报编号"))
    if issues or form is None or applicant is None:
        raise DocumentError(issues)
    return ApplicationDocument(
        definition=definition,
        applicant=applicant,
        form=form,
        attachments=filed_by_answers(definition, form, attachments),
        number=number,
        status=_status(obj.get("status")),
        uid=obj.get("uid") if isinstance(obj.get("uid"), str) else None,
    )


def filed_by_answers(
    definition: FormDefinition, form: FormModel, attachments: Any
) -> tuple[AttachmentData, ...]:
    """Attachments with each material id the form lists for these answers kept, any other
    (unknown, or not asked for by these answers) read as 其他材料: a file is never dropped."""
    return tuple(
        replace(a, material=filed_under(definition, form, a.material)) for a in attachments
    )


def _readable() -> str:
    return "、".join(str(v) for v in READABLE_VERSIONS)


def _status(value: Any) -> str | None:
    """The status a document names, as a code (version 1 files name it by its old label)."""
    if not isinstance(value, str):
        return None
    return STATUS_V1.get(value, value)


def document_to_json(doc: ApplicationDocument, *, with_content: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "format": DOCUMENT_FORMAT,
        "format_version": FORMAT_VERSION,
        "kind": doc.kind,
        "form_version": doc.definition.version,
    }
    if doc.number:
        out["number"] = doc.number
    if doc.status:
        out["status"] = doc.status
    if doc.uid:
        out["uid"] = doc.uid
    out["applicant"] = doc.applicant.model_dump(mode="json", exclude_defaults=False)
    out["data"] = doc.form.model_dump(mode="json")
    out["attachments"] = [
        {"name": a.name, "material": a.material, "size": a.size, "sha256": a.sha256}
        | ({"content_base64": base64.b64encode(a.content).decode("ascii")} if with_content else {})
        for a in doc.attachments
    ]
    return out


def load_json_file(path: Path) -> Any:
    """Parse a JSON file, with a Chinese message for every way it can be unreadable."""
    label = path.name or str(path)
    try:
        if path.is_dir():
            raise IsADirectoryError(errno.EISDIR, "directory")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentError(
                [_issue((), f"文件过大（{size // 1024 // 1024} MB），不是申报文件", label)]
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise DocumentError([_issue((), f"无法打开：{os_error_text(exc)}", label)]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DocumentError([_issue((), "不是 UTF-8 编码的文本文件", label)]) from exc
    try:
        obj = json.loads(text, parse_float=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            [
                _issue(
                    (),
                    f"JSON 格式错误：第 {exc.lineno} 行第 {exc.colno} 列附近，请检查括号、引号和逗号",
                    label,
                )
            ]
        ) from exc
    except RecursionError as exc:
        raise DocumentError([_issue((), "嵌套层数过多，不是申报文件", label)]) from exc
    except ValueError as exc:
        raise DocumentError([_issue((), str(exc), label)]) from exc
    outside = [path for path in _non_finite(obj, ()) if not _in_a_form(path)]
    if outside:  # NaN in a form's field is refused by that field, which the message names
        where = "、".join(".".join(str(p) for p in path) or "文件" for path in outside[:3])
        value = _at(obj, outside[0])
        raise DocumentError([_issue((), f"含有非法数值 {value}（位置：{where}）", label)])
    return obj


def _non_finite(value: Any, path: tuple[str | int, ...]) -> list[tuple[str | int, ...]]:
    """Where NaN or Infinity (read as non-finite Decimals) occur in ``value``."""
    if isinstance(value, Decimal) and not value.is_finite():
        return [path]
    if isinstance(value, Mapping):
        return [p for key, item in value.items() for p in _non_finite(item, (*path, key))]
    if isinstance(value, list):
        return [p for index, item in enumerate(value) for p in _non_finite(item, (*path, index))]
    return []


def _in_a_form(path: tuple[str | int, ...]) -> bool:
    """True for a path inside a document's ``data`` or ``applicant`` (alone or in a collection)."""
    if len(path) >= 3 and path[0] == "applications" and isinstance(path[1], int):
        path = path[2:]
    return len(path) >= 2 and path[0] in ("data", "applicant")


def _at(obj: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        obj = obj[step]
    return obj


def reject_constant(name: str) -> Any:
    """For json.loads: NaN and Infinity are not numbers a form can hold."""
    raise ValueError(f"含有非法数值 {name}")


def documents_from_json(
    obj: Any, forms: Mapping[str, FormDefinition], applicant_definition: FormDefinition
) -> list[ApplicationDocument]:
    """One document, or every document of a collection; all or nothing."""
    if isinstance(obj, Mapping) and obj.get("format") == COLLECTION_FORMAT:
        if obj.get("format_version") not in READABLE_VERSIONS:
            raise DocumentError(
                [_issue(("format_version",), f"本软件只能读取第 {_readable()} 版", "格式版本")]
            )
        items = obj.get("applications")
        if not isinstance(items, list):
            raise DocumentError([_issue(("applications",), "应为列表", "申报列表")])
        docs, issues = [], []
        for index, item in enumerate(items):
            try:
                docs.append(document_from_json(item, forms, applicant_definition))
            except DocumentError as exc:
                issues += [
                    i.with_label(f"第{index + 1}份申报·{i.label}").under("applications", index)
                    for i in exc.issues
                ]
        if issues:
            raise DocumentError(issues)
        return docs
    return [document_from_json(obj, forms, applicant_definition)]


def collection_to_json(docs: list[ApplicationDocument]) -> dict[str, Any]:
    return {
        "format": COLLECTION_FORMAT,
        "format_version": FORMAT_VERSION,
        "applications": [document_to_json(d) for d in docs],
    }
