"""The office's 审核意见表 and 推荐汇总表 from a real store: received by Exchange, decided by Review."""

from __future__ import annotations

import dataclasses
import io
import re
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from app.gui.widgets.pdf_preview import PdfPreview
from app.review_prints import (
    ReviewPrintError,
    SummaryPdf,
    opinion_file_name,
    opinion_pdf,
    opinion_sheet,
    summary_pdf,
)
from forms.core.display import format_amount
from forms.core.rules import Verdict
from forms.exchange.review import Outcome, Reason
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.samples import squeezed_text

OFFICE = "南宁高新技术产业开发区管理委员会"


@pytest.fixture
def office(tmp_path) -> Copy:
    return open_copy(tmp_path / "office", "enclave")  # 南宁高新区管委会


def send(enterprise: Copy, office: Copy, app_id: int, packet: bytes = b"%PDF-1.7 packet") -> int:
    exported = enterprise.exchange.export_package(app_id, packet)
    return office.exchange.import_package(exported.content, exported.file_name).application_id


def nanning_rd_subsidy():
    """The 研发补助 example from a firm in 南宁高新区 (the office receives its own zone's only)."""
    doc = example_document("rd_subsidy")
    zone = example_document("incubator").applicant.model_dump(mode="json")["hitech_zone"]
    applicant = type(doc.applicant).model_validate(
        {**doc.applicant.model_dump(mode="json"), "hitech_zone": zone}
    )
    return dataclasses.replace(doc, applicant=applicant)


def recommend(office: Copy, office_id: int) -> None:
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))


# --- 审核意见表 ------------------------------------------------------------------------------------


def test_opinion_sheet_of_a_received_application_before_any_decision(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    clerk = officer(office)
    office.review.set_manual_check(
        office_id, "incubator.authenticity", True, officer=clerk, note="已核对原件"
    )
    record = office.store.load(office_id)
    sheet = opinion_sheet(office.store, office_id)
    sender = office.exchange.packages(office_id)[-1]
    text = squeezed_text(opinion_pdf(office.store, office_id))
    amount = format_amount(record.definition.amount_of(record.form))
    for value in (
        "审核意见表",
        OFFICE,
        record.number,
        record.definition.title,
        record.title,
        record.applicant.name,
        record.applicant.uscc,
        f"{amount}万元",
        "第1版",
        sheet.fingerprint,
        sender.fingerprint,
        "已核对原件",
        "尚未作出审核决定",
    ):
        assert value in text, value
    # a packet that cannot be read is said to be unchecked, never taken as matching
    assert sheet.fingerprint_note == "随附的申报材料无法读取，未能核对"
    manual = [
        r for r in office.review.office_report(office_id).results if r.verdict is Verdict.MANUAL
    ]
    assert [c.done for c in sheet.manual_checks] == [
        r.rule_id == "incubator.authenticity" for r in manual
    ]
    ticked = next(c for c in sheet.manual_checks if c.done)
    assert ticked.officer == "王芳" and ticked.on is not None


def test_the_fingerprint_of_the_packet_that_came_is_compared_with_the_data(enterprise, office):
    from app.packets import packet_for
    from forms.packet import render_packet

    app_id = submit(enterprise)
    packet = render_packet(packet_for(enterprise.store, app_id))
    office_id = send(enterprise, office, app_id, packet)
    assert opinion_sheet(office.store, office_id).fingerprint_note == "与随附的申报材料一致"


def test_a_packet_of_other_data_or_without_a_fingerprint_is_not_taken_as_matching(
    enterprise, office
):
    from reportlab.pdfgen.canvas import Canvas

    from app.packets import packet_for
    from forms.packet import render_packet

    other = render_packet(packet_for(enterprise.store, submit(enterprise, "rd_subsidy")))
    office_id = send(enterprise, office, submit(enterprise), other)
    assert "与收到的数据不一致" in opinion_sheet(office.store, office_id).fingerprint_note
    plain = io.BytesIO()
    canvas = Canvas(plain)
    canvas.drawString(72, 720, "scan")
    canvas.save()
    second_id = send(enterprise, office, submit(enterprise), plain.getvalue())
    note = opinion_sheet(office.store, second_id).fingerprint_note
    assert note == "随附的申报材料未载明指纹，未能核对"


def test_opinion_sheet_prints_a_returned_decision_with_its_reasons(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=officer(office),
        comment="请补充租赁合同 <原件> & 复印件",
        reasons=[
            Reason(field_path="requested_amount", message="金额与预算表不符"),
            Reason(rule_id="incubator.authenticity", message="营业执照复印件不清晰"),
        ],
    )
    decision = office.review.latest_decision(office_id)
    text = squeezed_text(opinion_pdf(office.store, office_id))
    assert "尚未作出审核决定" not in text
    for reason in decision.reasons:
        target = "条款" if reason.rule_id else "栏目"
        assert re.sub(r"\s+", "", f"{target}“{reason.label}”：{reason.message}") in text
    assert "退回补正" in text and "请补充租赁合同<原件>&复印件" in text
    assert "王芳" in text and decision.decided_on.isoformat() in text


def test_an_application_typed_in_here_has_no_opinion_sheet(office):
    own = office.store.import_document(example_document("incubator"))
    with pytest.raises(ReviewPrintError, match="不是从申报包收到的"):
        opinion_pdf(office.store, own)


def test_opinion_file_name_is_safe(enterprise, office):
    office_id = send(enterprise, office, submit(enterprise))
    assert opinion_file_name(office.store, office_id) == (
        f"{office.store.load(office_id).number}_审核意见表.pdf"
    )


# --- 推荐汇总表 ------------------------------------------------------------------------------------


def three_over_two_kinds(enterprise: Copy, office: Copy) -> list[int]:
    ids = [
        send(enterprise, office, submit(enterprise)),
        send(enterprise, office, submit(enterprise)),
        send(enterprise, office, submit(enterprise, "rd_subsidy", nanning_rd_subsidy())),
    ]
    for office_id in ids:
        recommend(office, office_id)
    return ids


def test_summary_of_every_recommended_application_with_totals(enterprise, office):
    ids = three_over_two_kinds(enterprise, office)
    waiting = send(enterprise, office, submit(enterprise))  # 已提交, not recommended
    pdf = summary_pdf(office.store)
    assert isinstance(pdf, SummaryPdf) and pdf.notes == ()
    text = squeezed_text(pdf)
    records = [office.store.load(i) for i in ids]
    for r in records:
        for value in (r.number, r.applicant.name, r.applicant.uscc, r.title):
            assert value in text, value
    assert office.store.load(waiting).number not in text
    amounts = {r.kind: r.definition.amount_of(r.form) for r in records}
    incubators = amounts["incubator"] * 2
    grand = incubators + amounts["rd_subsidy"]
    assert f"（2项）{format_amount(incubators)}" in text
    assert f"（1项）{format_amount(amounts['rd_subsidy'])}" in text
    assert f"合计（3项）{format_amount(grand)}" in text
    assert grand == Decimal("500")  # 100 + 100 + 300 in the examples
    assert "王芳" in text and OFFICE in text


def test_summary_of_chosen_ids_leaves_out_the_unrecommended_and_says_so(enterprise, office):
    ids = three_over_two_kinds(enterprise, office)
    waiting = send(enterprise, office, submit(enterprise))
    pdf = summary_pdf(office.store, [ids[0], waiting, 9999])
    assert "合计（1项）" in squeezed_text(pdf)
    number = office.store.load(waiting).number
    assert any(number in n and "已提交" in n and "不是“已推荐”" in n for n in pdf.notes)
    assert any("编号为 9999 的申报不存在" in n for n in pdf.notes)


def test_an_empty_summary_is_an_error_not_a_blank_pdf(enterprise, office):
    with pytest.raises(ReviewPrintError, match="还没有状态为“已推荐”的申报"):
        summary_pdf(office.store)
    waiting = send(enterprise, office, submit(enterprise))
    with pytest.raises(ReviewPrintError, match="都不是“已推荐”") as refused:
        summary_pdf(office.store, [waiting])
    assert office.store.load(waiting).number in str(refused.value)


# --- in the preview -------------------------------------------------------------------------------


def test_the_summary_previews_with_its_notes_and_saves(
    qtbot, enterprise, office, dialogs, tmp_path, monkeypatch
):
    ids = three_over_two_kinds(enterprise, office)
    waiting = send(enterprise, office, submit(enterprise))
    store = office.store
    preview = PdfPreview(
        None,
        "推荐汇总表",
        lambda progress: summary_pdf(store, [*ids, waiting], progress=progress.check),
        "推荐汇总表.pdf",
        store=store,
    )
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: preview.save_button.isEnabled(), timeout=20000)
    assert "不是“已推荐”" in preview.banner.text() and not preview.banner.isHidden()
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "汇总"), "")
    )
    qtbot.mouseClick(preview.save_button, Qt.MouseButton.LeftButton)
    assert "合计（3项）" in squeezed_text((tmp_path / "汇总.pdf").read_bytes())


def test_a_refused_summary_is_told_in_the_preview(qtbot, office, dialogs):
    store = office.store
    preview = PdfPreview(None, "推荐汇总表", lambda p: summary_pdf(store), "推荐汇总表.pdf")
    qtbot.addWidget(preview)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    title, text = dialogs[-1]
    assert title == "无法生成推荐汇总表" and "还没有状态为“已推荐”的申报" in text
    assert not preview.save_button.isEnabled()
