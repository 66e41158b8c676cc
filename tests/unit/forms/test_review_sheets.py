"""审核意见表 and 推荐汇总表: printed from plain data, read back as an officer would."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

import pytest
from pypdf import PdfReader

from forms.applicant import APPLICANT
from forms.core.rules import Verdict
from forms.core.validation import ValidationReport, validate
from forms.packet.review_sheets import (
    DecisionLines,
    ManualCheckLine,
    OpinionSheet,
    ReasonLine,
    render_opinion,
)
from forms.packet.summary_sheet import (
    EmptySummary,
    SummaryRow,
    SummarySheet,
    render_summary,
    total,
)
from tests.helpers.examples import example_document

PRINTED_ON = date(2026, 11, 23)
OFFICE = "南宁高新技术产业开发区管理委员会"


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def text_of(pdf: bytes) -> str:
    return squeeze("".join(pages_text(pdf)))


def report_of(kind: str = "incubator") -> ValidationReport:
    doc = example_document(kind)
    return validate(
        doc.definition, doc.form, applicant=doc.applicant, applicant_definition=APPLICANT
    )


def opinion(**changes) -> OpinionSheet:
    report = report_of()
    manual = [r for r in report.results if r.verdict is Verdict.MANUAL]
    sheet = OpinionSheet(
        office_name=OFFICE,
        number="GX20260000042",
        kind_title="科技企业孵化器认定/后补助申请表",
        project="南宁众创孵化基地",
        applicant_name="广西示例科技有限公司",
        applicant_uscc="91450100MA5KXXXX1A",
        requested_amount=Decimal("1234.5"),
        revision=2,
        received_at=datetime(2026, 11, 20, 9, 30),
        fingerprint="3F2A-91C0-7B1D-22E0",
        fingerprint_note="与随附的申报材料一致",
        sender="广西示例科技有限公司，密钥指纹 AB12-CD34-EF56-7890",
        report=report,
        manual_checks=tuple(
            ManualCheckLine(
                f"{r.article}：{r.requirement}",
                i == 0,
                "王芳" if i == 0 else "",
                date(2026, 11, 21) if i == 0 else None,
                "已核对原件" if i == 0 else "",
            )
            for i, r in enumerate(manual)
        ),
        decisions=(),
        printed_on=PRINTED_ON,
    )
    return replace(sheet, **changes)


RETURNED = DecisionLines(
    outcome="退回补正",
    officer="王芳",
    decided_on=date(2026, 11, 22),
    revision=2,
    comment="请补充场地租赁合同。",
    reasons=(
        ReasonLine("栏目", "孵化场地面积（平方米）", "与租赁合同不符"),
        ReasonLine("条款", "第（十）条：在孵企业不少于 20 家", "在孵企业名单缺少营业执照"),
    ),
)


# --- 审核意见表 ------------------------------------------------------------------------------------


def test_the_opinion_sheet_prints_the_summary_the_rules_and_the_checklist():
    sheet = opinion()
    pdf = render_opinion(sheet)
    text = text_of(pdf)
    for value in (
        "审核意见表",
        OFFICE,
        "GX20260000042",
        "科技企业孵化器认定/后补助申请表",
        "南宁众创孵化基地",
        "广西示例科技有限公司",
        "91450100MA5KXXXX1A",
        "1,234.50万元",
        "第2版",
        "2026-11-2009:30",
        "3F2A-91C0-7B1D-22E0",
        "与随附的申报材料一致",
        "AB12-CD34-EF56-7890",
        "已核实",
        "未核实",
        "已核对原件",
        "打印日期2026-11-23",
    ):
        assert squeeze(value) in text, value
    for result in sheet.report.results:  # every rule of the office's re-run, with its verdict
        assert squeeze(result.article)[:12] in text
    assert len(sheet.manual_checks) >= 2


def test_without_a_decision_the_sheet_says_so_and_leaves_room_to_write():
    text = text_of(render_opinion(opinion()))
    assert "尚未作出审核决定" in text
    assert "□通过并推荐" in text and "□退回补正" in text and "□不予推荐" in text
    assert "审核人（签字）" in text and "园区（盖章）" in text and "日期：" in text


def test_a_returned_decision_prints_each_reason_with_its_target():
    text = text_of(render_opinion(opinion(decisions=(RETURNED,))))
    assert "尚未作出审核决定" not in text
    for value in (
        "退回补正",
        "栏目“孵化场地面积（平方米）”：与租赁合同不符",
        "条款“第（十）条：在孵企业不少于20家”：在孵企业名单缺少营业执照",
        "请补充场地租赁合同。",
        "王芳",
        "2026-11-22",
    ):
        assert squeeze(value) in text, value


def test_several_decisions_are_numbered_and_the_latest_marked():
    recommended = DecisionLines("通过并推荐", "李明", date(2026, 12, 1), 3)
    text = text_of(render_opinion(opinion(decisions=(RETURNED, recommended))))
    assert "第1次审核决定" in text and "第2次审核决定（最新）" in text
    assert "通过并推荐" in text and "李明" in text and "第3版" in text


def test_no_manual_rules_and_unknown_fingerprint_are_said_plainly():
    text = text_of(render_opinion(opinion(manual_checks=(), fingerprint="", fingerprint_note="")))
    assert "没有需人工核实的条款" in text
    assert "材料指纹未知" in text


def test_every_page_of_the_opinion_sheet_is_numbered():
    long_comment = "补正意见" * 1500  # a comment longer than a page continues on the next
    decision = replace(RETURNED, comment=long_comment)
    pages = pages_text(render_opinion(opinion(decisions=(decision,))))
    assert len(pages) >= 3
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页  共 {len(pages)} 页" in page
        assert OFFICE in squeeze(page)


def test_hostile_text_prints_as_typed():
    sheet = opinion(
        project="<b>粗体</b> & <i>不是标签</i> 😀",
        decisions=(replace(RETURNED, comment="A&B <font size=40>大</font>"),),
    )
    text = text_of(render_opinion(sheet))
    assert "<b>粗体</b>&<i>不是标签</i>" in text
    assert "〔U+1F600〕" in text
    assert "A&B<fontsize=40>大</font>" in text


# --- 推荐汇总表 ------------------------------------------------------------------------------------


def row(n: int, kind: str = "孵化器", amount: str | None = "100", **changes) -> SummaryRow:
    made = SummaryRow(
        number=f"GX2026{n:07d}",
        applicant_name=f"广西第{n}科技有限公司",
        applicant_uscc=f"91450100MA5K{n:05d}X",
        kind_title=kind,
        project=f"项目{n}",
        requested_amount=Decimal(amount) if amount is not None else None,
        officer="王芳",
        recommended_on=date(2026, 11, n % 28 + 1),
    )
    return replace(made, **changes)


def summary(*rows: SummaryRow) -> SummarySheet:
    return SummarySheet(OFFICE, tuple(rows), PRINTED_ON)


def test_three_applications_over_two_kinds_are_subtotalled_and_totalled():
    sheet = summary(
        row(1, "孵化器", "1234.5"), row(2, "研发补助", "20.25"), row(3, "孵化器", "1000000")
    )
    text = text_of(render_summary(sheet))
    for r in sheet.rows:
        for value in (r.number, r.applicant_name, r.applicant_uscc, r.project, r.officer):
            assert value in text
        assert r.recommended_on.isoformat() in text
    assert "1,234.50" in text and "20.25" in text and "1,000,000.00" in text
    assert "小计：孵化器（2项）1,001,234.50" in text
    assert "小计：研发补助（1项）20.25" in text
    assert "合计（3项）1,001,254.75" in text
    assert "2个申报类别，共推荐3项申报，申请金额合计1,001,254.75万元" in text
    for label in ("经办人（签字）", "负责人（签字）", "园区（盖章）", "打印日期2026-11-23", OFFICE):
        assert label in text
    # the rows of one kind are listed together, numbered on
    assert text.index("GX20260000003") < text.index("GX20260000002")


def test_a_missing_amount_is_shown_as_such_and_left_out_of_the_sum():
    sheet = summary(row(1, amount="10"), row(2, amount=None), row(3, "飞地", amount="5.5"))
    grand = total("合计", sheet.rows)
    assert (grand.count, grand.unfilled, grand.amount) == (3, 1, Decimal("15.5"))
    assert total("合计", sheet.rows[:1]).unfilled == 0
    text = text_of(render_summary(sheet))
    assert "小计：孵化器（2项），其中1项未填申请金额，未计入10.00" in text
    assert "合计（3项），其中1项未填申请金额，未计入15.50" in text
    assert "以上共推荐3项申报，申请金额合计15.50万元（1项未填金额，未计入）" in text


def test_an_empty_summary_is_refused_not_printed_blank():
    with pytest.raises(EmptySummary, match="没有任何申报"):
        render_summary(summary())


def test_hostile_and_very_long_text_wraps_inside_its_cell():
    long_name = "超长项目名称" * 40
    sheet = summary(
        row(1, project=long_name), row(2, applicant_name="<b>A&B</b> 😀 公司", project="x")
    )
    pdf = render_summary(sheet)
    text = text_of(pdf)
    assert squeeze(long_name) in text  # all of it, wrapped, nothing cut off
    assert "<b>A&B</b>〔U+1F600〕公司" in text
    # wrapped inside the 项目名称 column: the name spans many lines of one page's width
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    lines: list[tuple[float, float]] = []

    def visit(text, cm, tm, *_):
        if "超长" in text:
            lines.append((tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    width = float(page.mediabox.width)
    assert len({round(y) for _, y in lines}) >= 5  # on five lines or more
    assert all(width * 0.45 < x < width * 0.75 for x, _ in lines)  # all in the column


def test_120_rows_run_over_pages_each_numbered_with_the_header_repeated():
    rows = [row(n, ("孵化器", "新赛道", "研发补助")[n % 3], f"{n}.5") for n in range(1, 121)]
    pages = pages_text(render_summary(summary(*rows)))
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert f"第 {number} 页  共 {len(pages)} 页" in page
        if "GX2026" in page:  # a page of rows (the signatures may follow on a page alone)
            assert "申请金额（万元）" in squeeze(page) and "统一社会信用代码" in squeeze(page)
    text = squeeze("".join(pages))
    assert all(f"GX2026{n:07d}" in text for n in range(1, 121))
    expected = sum(Decimal(f"{n}.5") for n in range(1, 121))
    assert f"合计（120项）{expected:,.2f}" in text
