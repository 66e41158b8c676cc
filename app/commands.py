"""The batch commands behind ``gxapply validate|schema|kinds|export|import|pdf|blank``.

Kept apart from ``app.cli`` so that starting the desktop app does not import them.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from functools import partial
from pathlib import Path
from typing import Any

from app.exchange_cli import (  # noqa: F401 (dispatched by name from app.cli)
    cmd_decision_import,
    cmd_package_export,
    cmd_package_import,
    cmd_package_key,
)
from app.exit_codes import EXIT_BAD_INPUT, EXIT_OK, EXIT_RULES_FAILED
from app.files import make_folder, write_file
from app.packets import PacketSource, packet_for, write_packets
from app.server_cli import cmd_db_copy, cmd_db_upgrade  # noqa: F401 (dispatched by name)
from app.store_cli import cmd_backup, cmd_check, cmd_restore  # noqa: F401 (dispatched by name)
from db.checking import StoreHistory, check_application
from db.repository import Store
from forms import all_forms, form_registry, get_form
from forms.applicant import APPLICANT
from forms.core.catalogue import load_catalogue
from forms.core.document import (
    ApplicationDocument,
    collection_to_json,
    document_to_json,
    documents_from_json,
    load_json_file,
)
from forms.core.rules import (
    NO_HISTORY,
    FirmHistory,
    PriorClaim,
    Severity,
    Verdict,
)
from forms.core.validation import ValidationReport, severity_order
from forms.core.workflow import Status
from forms.packet import PacketOptions, packet_from_document


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


# The table's columns, wide enough for their longest text (需人工核实 is 10 columns) and a gap.
VERDICT_WIDTH = max(_width(v.value) for v in Verdict) + 2
SEVERITY_WIDTH = max(_width(s.label) for s in Severity) + 2


def format_report(report: ValidationReport, title: str) -> str:
    """The rule table as plain text, one block per rule, failing ones first."""
    lines = [
        f"{title}",
        f"政策参数目录：{report.catalogue_version}",
        "",
    ]
    if report.field_issues:
        lines.append("未填写或填写有误的栏目：")
        lines += [f"  ✗ {issue.describe()}" for issue in report.field_issues]
        lines.append("")
    indent = " " * (2 + VERDICT_WIDTH + SEVERITY_WIDTH)
    for r in sorted(report.results, key=severity_order):
        mark = "✗ " if r.verdict in (Verdict.FAIL, Verdict.INCOMPLETE) else "  "
        lines.append(
            f"{mark}{_pad(r.verdict.value, VERDICT_WIDTH)}"
            f"{_pad(r.severity.label, SEVERITY_WIDTH)}{r.requirement}"
        )
        # a 填报要求 reads "填报要求：<its basis>": never printed as an article (条款)
        detail = r.article if r.form_requirement else f"条款：{r.article}"
        if r.observed:
            detail += f"　填报值：{r.observed}"
        lines.append(indent + detail)
        if r.source_note:
            lines.append(f"{indent}※ {r.source_note}")
        if r.message and r.verdict is not Verdict.PASS:
            lines.append(f"{indent}→ {r.message}")
    lines.append("")
    summary = "，".join(f"{v.value} {report.count(v)} 项" for v in Verdict if report.count(v))
    lines.append(f"合计：{summary}")
    lines.append(
        "结论：可以提交"
        if report.can_submit
        else "结论：不能提交，请先处理上面标 ✗ 和“不符合”的项目"
    )
    return "\n".join(lines)


def _open_store(args: argparse.Namespace) -> Store:
    return Store.open(args.db)


def _sibling_claims(docs: list[ApplicationDocument], index: int) -> list[PriorClaim]:
    """The file's other documents of the same firm, as its claims: they are checked together.

    Each keeps the status it was exported with, so that the rules count only live ones, as they
    do for the store's claims (a 草稿 or 不予推荐 there is no claim); a document that names no
    status is one about to be handed in."""
    uscc = getattr(docs[index].applicant, "uscc", None)
    return [
        PriorClaim(
            application_id=-(other_index + 1),
            number=other.number or f"文件中第{other_index + 1}份",
            kind=other.kind,
            status=other.status or Status.READY.value,
            title=other.title,
            data=other.form.model_dump(mode="json"),
        )
        for other_index, other in enumerate(docs)
        if other_index != index and getattr(other.applicant, "uscc", None) == uscc
    ]


def check_documents(
    docs: list[ApplicationDocument], args: argparse.Namespace
) -> list[ValidationReport]:
    """Check each document, with the firm's stored claims (unless --no-store) and its siblings."""
    catalogue = load_catalogue(getattr(args, "catalogue", None))
    store = None if getattr(args, "no_store", False) else _open_store(args)
    reports = []
    for index, doc in enumerate(docs):
        uscc = getattr(doc.applicant, "uscc", None)
        siblings = _sibling_claims(docs, index)
        history: FirmHistory = NO_HISTORY
        if store is not None and uscc:
            # the file's own stored copy (same uid) is not a second claim
            history = store.firm_history(uscc, exclude_uid=doc.uid).plus(siblings)
        elif siblings:
            history = StoreHistory.of(siblings, available=False)
        reports.append(
            check_application(
                doc.definition,
                doc.form,
                doc.applicant,
                catalogue=catalogue,
                history=history,
                attachments=doc.attachments,
            )
        )
    return reports


def cmd_validate(args: argparse.Namespace) -> int:
    docs = documents_from_json(load_json_file(Path(args.file)), all_forms(), APPLICANT)
    reports = check_documents(docs, args)
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        for doc, report in zip(docs, reports, strict=True):
            print(format_report(report, f"{doc.definition.title}：{doc.title}"))
            print()
    return EXIT_OK if all(r.can_submit for r in reports) else EXIT_RULES_FAILED


def cmd_schema(args: argparse.Namespace) -> int:
    definition = APPLICANT if args.kind == "applicant" else get_form(args.kind)
    schema = definition.model.model_json_schema()
    schema["title"] = definition.title
    schema["x-kind"] = definition.kind
    schema["x-sections"] = [
        {"title": s.title, "fields": list(s.fields), "help": s.help} for s in definition.sections
    ]
    schema["x-rules"] = [
        {
            "id": r.id,
            "article": r.article,
            "severity": r.severity.value,
            "requirement": r.requirement,
        }
        for r in definition.rules
    ]
    catalogue = load_catalogue()
    schema["x-materials"] = [m.as_dict(catalogue) for m in definition.materials]
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_kinds(args: argparse.Namespace) -> int:
    for kind, definition in all_forms().items():
        print(f"{_pad(kind, 14)}{definition.title}")
    return EXIT_OK


def _write_json(path: str, payload: Any) -> None:
    text = json.dumps(payload, ensure_ascii=False, indent=2)
    if path == "-":
        print(text)
        return
    write_file(Path(path), (text + "\n").encode("utf-8"))  # whole, or the old file stays


def cmd_export(args: argparse.Namespace) -> int:
    if args.kind:
        get_form(args.kind)  # an unknown kind is refused, not exported as nothing
    store = _open_store(args)
    status = Status(args.status) if args.status else None
    ids = args.id or store.application_ids(kind=args.kind, status=status)
    if not ids:
        print("没有符合条件的申报，未生成文件", file=sys.stderr)
        return EXIT_BAD_INPUT
    docs = [store.export_document(i) for i in ids]
    if len(docs) == 1 and not args.collection:
        payload = document_to_json(docs[0])
    else:
        payload = collection_to_json(docs)
    _write_json(args.output, payload)
    if args.output != "-":
        print(f"已导出 {len(docs)} 份申报到 {args.output}")
    return EXIT_OK


def _packet_sources(args: argparse.Namespace) -> list[PacketSource]:
    """Packets for the sources named: JSON files, or applications in the store by number or id."""
    sources: list[PacketSource] = []
    store: Store | None = None
    for source in args.sources:
        path = Path(source)
        if source.lower().endswith(".json") or path.exists():
            docs = documents_from_json(load_json_file(path), all_forms(), APPLICANT)
            reports = check_documents(docs, args)
            profiles = form_registry()
            sources += [
                (
                    f"{path.name} 第 {i} 份",
                    partial(packet_from_document, d, r, profiles.profile_definition(d.applicant)),
                )
                for i, (d, r) in enumerate(zip(docs, reports, strict=True), start=1)
            ]
            continue
        store = store or _open_store(args)
        sources.append((source, partial(packet_for, store, store.find_application_id(source))))
    return sources


def cmd_pdf(args: argparse.Namespace) -> int:
    sources = _packet_sources(args)
    target = Path(args.output)
    if args.each:
        make_folder(target)
    result = write_packets(
        sources,
        target,
        one_file=not args.each,
        options=PacketOptions(append_attachments=args.attach),
    )
    for path in result.written:
        count = f"（{len(sources)} 份申报）" if not args.each and len(sources) > 1 else ""
        print(f"已生成：{path}{count}")
    for title in result.drafts:
        print(f"注意：“{title}”有未通过的必须项，已按草稿打印（每页印有“草稿”）", file=sys.stderr)
    for failure in result.failed:
        print(f"错误：{failure}", file=sys.stderr)
    if result.failed:
        return EXIT_BAD_INPUT
    return EXIT_RULES_FAILED if result.drafts else EXIT_OK


def cmd_blank(args: argparse.Namespace) -> int:
    from forms.packet.blank_form import render_blank_form

    definition = get_form(args.kind)
    pdf = render_blank_form(definition, APPLICANT, load_catalogue())
    target = Path(args.output)
    if target.suffix.lower() != ".pdf":
        target = target.with_name(target.name + ".pdf")
    write_file(target, pdf)
    print(f"已生成：{target}（{definition.title}空白表及申报材料清单）")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from app.application_files import read_application_files, store_documents

    docs = read_application_files([Path(args.file)])  # refused before the store is opened
    store = _open_store(args)
    for line in store_documents(store, docs).lines():
        print(line)
    return EXIT_OK
