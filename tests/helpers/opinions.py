"""Typical 审核意见表 data of the example applications, as an office would print them."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import Any

from forms.core.document import ApplicationDocument
from forms.core.materials import material_slots
from forms.core.rules import Verdict
from forms.packet.review_sheets import (
    DecisionLines,
    ManualCheckLine,
    OpinionSheet,
    ReasonLine,
    material_lines,
)
from tests.helpers.examples import checked, example_document

OFFICE = "南宁高新技术产业开发区管理委员会"
PRINTED_ON = date(2026, 11, 23)

# A decision as an office typically writes one: two reasons and a comment.
RETURNED = DecisionLines(
    outcome="退回补正",
    officer="王芳",
    decided_on=date(2026, 11, 22),
    revision=1,
    comment="请按上述意见补正后重新报送，并附加盖公章的说明。",
    reasons=(
        ReasonLine("栏目", "项目名称", "与立项文件所列名称不一致，请核对后改正"),
        ReasonLine("材料", "营业执照", "扫描件不清晰，请重新扫描上传"),
    ),
)


def typical_opinion(kind: str, **changes: Any) -> OpinionSheet:
    """The 审核意见表 of the example ``kind`` as received with its materials: the office's re-run
    of the rules, the first manual check done, no decision yet (``changes`` override)."""
    return opinion_of(example_document(kind), **changes)


def opinion_of(doc: ApplicationDocument, **changes: Any) -> OpinionSheet:
    """The 审核意见表 of ``doc`` as received with its files, as ``typical_opinion`` says."""
    report = checked(doc)
    manual = [r for r in report.results if r.verdict is Verdict.MANUAL]
    sheet = OpinionSheet(
        office_name=OFFICE,
        number="GX20260000042",
        kind_title=doc.definition.title,
        project=doc.definition.title_of(doc.form),
        applicant_name=str(getattr(doc.applicant, "name", "")),
        applicant_uscc=str(getattr(doc.applicant, "uscc", "")),
        requested_amount=doc.definition.amount_of(doc.form),
        revision=1,
        received_at=datetime(2026, 11, 20, 9, 30),
        fingerprint="3F2A-91C0-7B1D-22E0",
        fingerprint_note="与随附的申报材料一致",
        sender="广西示例科技有限公司，密钥指纹 AB12-CD34-EF56-7890",
        report=report,
        manual_checks=tuple(
            ManualCheckLine(  # as app/review_prints.py gathers them
                r.requirement,
                i == 0,
                "王芳" if i == 0 else "",
                date(2026, 11, 21) if i == 0 else None,
                "已核对原件" if i == 0 else "",
                basis=r.article,
            )
            for i, r in enumerate(manual)
        ),
        decisions=(),
        printed_on=PRINTED_ON,
        materials=material_lines(material_slots(doc.definition, doc.form, doc.attachments)),
    )
    return replace(sheet, **changes)
