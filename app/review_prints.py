"""The park office's printouts from its store: the 审核意见表 of one received application and the
推荐汇总表 of a batch of recommended ones, as PDF bytes.

Gathers the plain data the sheets in ``forms.packet`` print; used by the review window (through
``app.gui.widgets.pdf_preview.PdfPreview``, on a worker thread) and by ``gxapply review``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from datetime import date

from app.packets import packet_for, safe_pdf_name
from db.checking import judged_attachments
from db.errors import NotFound
from db.exchange import Exchange
from db.listing import SortKey, review_query
from db.receiving import RECEIVED
from db.repository import Store
from db.review import DecisionRecord, Review, office_profile
from db.revision_changes import changes_since_previous
from forms.core.display import local_time
from forms.core.errors import UserError
from forms.core.materials import material_slots
from forms.core.rules import Verdict
from forms.core.workflow import Status
from forms.exchange.manifest import PackageType
from forms.exchange.review import Outcome
from forms.packet.model import fingerprint_in_subject
from forms.packet.render import Progress
from forms.packet.review_sheets import (
    DecisionLines,
    ManualCheckLine,
    OpinionSheet,
    ReasonLine,
    material_lines,
    render_opinion,
)
from forms.packet.summary_sheet import SummaryRow, SummarySheet, render_summary

log = logging.getLogger(__name__)

SUMMARY_FILE_NAME = "推荐汇总表.pdf"


class ReviewPrintError(UserError):
    """A sheet cannot be printed: the Chinese message says why and what to do."""


class SummaryPdf(bytes):
    """The PDF of a 推荐汇总表, and why any application asked for was left out of it.

    A ``bytes`` (so it is saved, previewed and printed like any PDF), with ``notes``: one
    Chinese sentence per application left out, for the caller to show.
    """

    notes: tuple[str, ...]

    def __new__(cls, pdf: bytes, notes: Sequence[str] = ()) -> SummaryPdf:
        made = super().__new__(cls, pdf)
        made.notes = tuple(notes)
        return made


# --- 审核意见表 ------------------------------------------------------------------------------------


def _packet_fingerprint_note(store: Store, application_id: int, full: str) -> str:
    """Whether the packet PDF that came in the package shows the fingerprint of the data."""
    packet = Exchange(store).received_packet(application_id)
    if not packet:
        return "按收到的数据计算；申报包未随附申报材料"
    from pypdf import PdfReader  # only when a packet came with the package

    try:
        metadata = PdfReader(io.BytesIO(packet)).metadata
        subject = str(metadata.subject or "") if metadata else ""
    except Exception as exc:  # a damaged packet says nothing of the data, which was verified
        log.warning("received packet of application %s unreadable: %s", application_id, exc)
        return "随附的申报材料无法读取，未能核对"
    printed = fingerprint_in_subject(subject)
    if not printed:
        return "随附的申报材料未载明指纹，未能核对"
    if printed == full:
        return "与随附的申报材料一致"
    return f"随附的申报材料印的是 {printed[:16].upper()}…，与收到的数据不一致，请以数据为准核对"


def _sender(store: Store, application_id: int, revision: int) -> str:
    received = [
        p
        for p in Exchange(store).packages(application_id)
        if p.direction == RECEIVED
        and p.type == PackageType.SUBMISSION.value
        and p.revision == revision
    ]
    if not received:
        return ""
    package = received[-1]
    return f"{package.signer_name}（{package.signer_uscc}），密钥指纹 {package.fingerprint}"


def _decision_lines(decision: DecisionRecord) -> DecisionLines:
    return DecisionLines(
        outcome=decision.outcome.label,
        officer=decision.officer_shown,
        decided_on=decision.decided_on,
        revision=decision.revision,
        comment=decision.comment,
        reasons=tuple(ReasonLine(r.kind_label, r.label, r.message) for r in decision.reasons),
    )


def opinion_sheet(
    store: Store,
    application_id: int,
    printed_on: date | None = None,
    *,
    with_changes: bool | None = None,
) -> OpinionSheet:
    """What the 审核意见表 of a received application prints, read from ``store``;
    ``with_changes``: whether it prints what the current revision changed since the one before
    (None: from 第2版 on)."""
    office = office_profile(store).name or ""
    record = store.load(application_id)
    if record.received_at is None:
        raise ReviewPrintError(
            f"申报 {record.number or record.title} 是本机自己填写的，不是从申报包收到的，"
            "没有审核意见表；请在“审核”中选择收到的申报"
        )
    if with_changes is None:
        with_changes = changes_by_default(record.submission_revision)
    review = Review(store)
    report = review.office_report(application_id)
    checks = review.manual_checks(application_id)
    manual = []
    for rule in report.results:
        if rule.verdict is not Verdict.MANUAL:
            continue
        label, basis = rule.requirement, rule.article
        check = checks.get(rule.rule_id)
        if check is None or not check.done:  # an unticked check prints no officer or date
            manual.append(ManualCheckLine(label, done=False, basis=basis))
            continue
        on = local_time(check.at).date()
        manual.append(ManualCheckLine(label, True, check.officer, on, check.note, basis))
    packet = packet_for(store, application_id)
    applicant = record.applicant
    # A package from before materials names none: its files are not counted as 缺 (db.checking)
    sorted_by_material = judged_attachments(record) is not None
    slots = material_slots(record.definition, record.form, record.attachments)
    materials_note = (
        ""
        if sorted_by_material
        else f"该申报包早于申报材料分类，{len(record.attachments)} 个附件未标明所属材料，"
        "各项材料“待核对”：请逐一打开附件核对是否齐全"
    )
    return OpinionSheet(
        office_name=office,
        number=record.number,
        kind_title=record.definition.title,
        project=record.definition.title_of(record.form),
        applicant_name=applicant.name or "",
        applicant_uscc=applicant.uscc or "",
        requested_amount=record.definition.amount_of(record.form),
        revision=record.submission_revision,
        received_at=local_time(record.received_at),
        fingerprint=packet.short_fingerprint,
        fingerprint_note=_packet_fingerprint_note(store, application_id, packet.fingerprint),
        sender=_sender(store, application_id, record.submission_revision),
        report=report,
        manual_checks=tuple(manual),
        decisions=tuple(_decision_lines(d) for d in review.decisions(application_id)),
        printed_on=printed_on or date.today(),
        materials=material_lines(slots, sorted_by_material),
        materials_note=materials_note,
        changes=changes_since_previous(review, application_id) if with_changes else None,
    )


def changes_by_default(revision: int) -> bool:
    """The 审核意见表 prints 与上一版比较 by default from 第2版 on (the first has none)."""
    return revision >= 2


def opinion_pdf(
    store: Store,
    application_id: int,
    progress: Progress | None = None,
    *,
    with_changes: bool | None = None,
) -> bytes:
    """The 审核意见表 of a received application as PDF bytes (``with_changes``: see
    ``opinion_sheet``)."""
    sheet = opinion_sheet(store, application_id, with_changes=with_changes)
    return render_opinion(sheet, progress=progress)


def opinion_file_name(store: Store, application_id: int) -> str:
    """A Windows-safe file name: 申报编号_审核意见表.pdf."""
    return safe_pdf_name(store.load(application_id).number, "审核意见表")


# --- 推荐汇总表 ------------------------------------------------------------------------------------


def recommended_ids(store: Store) -> list[int]:
    """Every received application whose status is 已推荐, by 申报编号."""
    review = Review(store)
    found: list[int] = []
    while True:
        rows, total = review.queue(
            review_query(
                status=Status.RECOMMENDED,
                sort=SortKey.NUMBER,
                descending=False,
                offset=len(found),
                limit=500,
            )
        )
        found += [r.id for r in rows]
        if not rows or len(found) >= total:
            return found


def summary_sheet(
    store: Store, application_ids: Sequence[int] | None = None, printed_on: date | None = None
) -> tuple[SummarySheet, list[str]]:
    """What the 推荐汇总表 prints, and a sentence for each id left out (not received, not
    已推荐, not found). ``None``: every received application that is 已推荐."""
    office = office_profile(store).name or ""
    ids = (
        recommended_ids(store) if application_ids is None else list(dict.fromkeys(application_ids))
    )
    review = Review(store)
    rows: list[SummaryRow] = []
    left_out: list[str] = []
    for application_id in ids:
        try:
            record = store.load(application_id)
        except NotFound:
            left_out.append(f"编号为 {application_id} 的申报不存在（可能已删除），未列入")
            continue
        name = f"{record.number or '未编号'}（{record.title}）"
        if record.received_at is None:
            left_out.append(f"{name}是本机自己填写的，不是收到的申报，未列入")
            continue
        if record.status is not Status.RECOMMENDED:
            left_out.append(f"{name}的状态为“{record.status.label}”，不是“已推荐”，未列入")
            continue
        decision = next(
            (
                d
                for d in reversed(review.decisions(application_id))
                if d.outcome is Outcome.RECOMMEND
            ),
            None,
        )
        rows.append(
            SummaryRow(
                number=record.number,
                applicant_name=record.applicant.name or "",
                applicant_uscc=record.applicant.uscc or "",
                kind_title=record.definition.title,
                project=record.definition.title_of(record.form),
                requested_amount=record.definition.amount_of(record.form),
                officer=decision.officer_shown if decision else "",
                recommended_on=decision.decided_on if decision else None,
            )
        )
    rows.sort(key=lambda r: (r.kind_title, r.number))
    return SummarySheet(office, tuple(rows), printed_on or date.today()), left_out


def summary_pdf(
    store: Store,
    application_ids: Sequence[int] | None = None,
    progress: Progress | None = None,
) -> SummaryPdf:
    """The 推荐汇总表 as PDF bytes, with ``notes`` on what was left out.

    ReviewPrintError when no application asked for is 已推荐: an empty table is never printed.
    """
    sheet, left_out = summary_sheet(store, application_ids)
    if not sheet.rows:
        if application_ids is None:
            raise ReviewPrintError(
                "本机还没有状态为“已推荐”的申报，推荐汇总表无内容可打印；请先在“审核”中作出“通过并推荐”的决定"
            )
        detail = "；".join(left_out[:5]) + ("……" if len(left_out) > 5 else "")
        raise ReviewPrintError(
            f"所选的 {len(application_ids)} 项申报都不是“已推荐”的收到申报，推荐汇总表无内容可打印"
            f"（{detail}）；请只选择状态为“已推荐”的申报"
        )
    return SummaryPdf(render_summary(sheet, progress=progress), left_out)
