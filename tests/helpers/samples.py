"""Sample answers and packets shared by the form and printing tests."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from typing import Any

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from forms.applicant import APPLICANT
from forms.packet import (
    Packet,
    packet_from_document,
)
from forms.rd_subsidy import ClaimCategory
from tests.helpers.examples import checked, example_document

PRINTED_ON = date(2026, 11, 23)


def make_packet(kind: str, *, number: str = "GX20260000042", **changes: Any) -> Packet:
    doc = example_document(kind)
    form = doc.form.model_copy(update=changes) if changes else doc.form
    report = checked(replace(doc, form=form))  # the 自查表 has the 材料齐全 lines
    packet = packet_from_document(doc, report, APPLICANT, printed_on=PRINTED_ON)
    return Packet(
        applicant_definition=APPLICANT,
        definition=packet.definition,
        applicant=packet.applicant,
        form=form,
        report=report,
        number=number,
        attachments=packet.attachments,
        printed_on=PRINTED_ON,
    )


def squeezed_pages(pdf: bytes) -> list[str]:
    """Each page's text without white space (a line may break anywhere in a Chinese sentence)."""
    return [re.sub(r"\s+", "", p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]


def squeezed_text(pdf: bytes) -> str:
    """The whole PDF's text without white space."""
    return "".join(squeezed_pages(pdf))


def pdf_bytes(pages: int, text: str = "ATTACHED PAGE") -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for n in range(pages):
        canvas.drawString(100, 700, f"{text} {n + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


C = ClaimCategory


PLATFORM = {
    "category": C.PLATFORM.value,
    "project_name": "国家先进轨道交通装备技术创新中心（广西分中心）",
    "platform_type": "国家技术创新中心",
    "role": "牵头单位",
    "project_number": "国科发区〔2026〕45号",
    "approving_body": "科学技术部",
    "approved_on": "2026-05-20",
    "total_investment": "32000",
    "requested_amount": "5000",
}


POSTDOC = {
    "category": C.POSTDOC.value,
    "project_name": "柳州智驱动力科技有限公司博士后科研工作站",
    "postdoc_approved_on": "2026-03-15",
    "postdoc_approval_no": "人社部发〔2026〕18号",
    "postdocs_enrolled": 2,
    "requested_amount": "30",
}


PILOT = {
    "category": C.PILOT.value,
    "project_name": "新能源汽车电驱动系统中试平台",
    "pilot_content": "建设电机、电控和减速器总成中试线各一条，面向区内整车和零部件企业提供中试验证服务。",
    "partners": [
        {"name": "广西大学", "partner_type": "高校", "cooperation": "共建电机控制算法中试验证线"},
        {
            "name": "广西汽车集团研究院",
            "partner_type": "科研院所",
            "cooperation": "提供整车匹配试验",
        },
    ],
    "total_investment": "3600",
    "requested_amount": "1000",
}


CONTINUED = {
    "category": C.CONTINUED_TRANSFER.value,
    "project_name": "高强韧铝合金轮毂成果接续转化",
    "achievement_source": "区内",
    "achievement_owner": "广西大学",
    "achievement_reference": "ZL202210123456.7",
    "total_investment": "1800",
    "requested_amount": "500",
}


POST = {
    "category": C.POST_SUBSIDY.value,
    "project_name": "2025 年度企业研发投入后补助",
    "rd_year": 2025,
    "rd_last_year": "1200",
    "revenue_last_year": "22500",
    "rd_year_before": "960",
    "revenue_year_before": "20000",
    "rd_deduction": "1080",
    "requested_amount": "100",
}


# The example is a 飞地园区; these switch it to the other two kinds.
TECH = {
    "enclave_type": "科创飞地",
    "enclave_name": "南宁高新区（深圳）科创飞地",
    "province": "广东省",
    "city": "深圳市",
    "address": "深圳市南山区粤海街道高新南九道 10 号 18 层",
    "host_partner_name": "深圳湾科技发展有限公司",
    "requested_amount": "500",
}


OFFICE = {
    "enclave_type": "飞地经济办公场所",
    "enclave_name": "广西高新区驻中关村飞地办公室",
    "province": "北京市",
    "city": "北京市",
    "address": "北京市海淀区中关村大街 1 号 9 层",
    "office_location": "中关村",
    "rent_cost": "120",
    "subsidy_requested": "60",
}
