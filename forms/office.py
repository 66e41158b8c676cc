"""本园区信息: the profile a park office (园区端) is set up with — its name, code, zone, contacts.

The office is still an applicant of its own (a 管委会 applies for 新赛道 and 飞地), so the
store keeps it as an applicant profile: ``as_applicant`` makes one (单位类型 高新区管委会, the
设区市 of its zone), ``office_values`` reads one back, carrying over from a profile of the
enterprise shape (what offices were set up with before) whatever the office form asks.
The zone stored there is the one the office's card, its addressing checks and its decisions
read (``db.identity.own_profile``): there is no second place for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import field_validator

from forms.applicant import APPLICANT, ApplicantProfile, City, OrgType
from forms.core.definition import FormDefinition, Section
from forms.core.fields import FormModel, phone, text, zone
from forms.core.fields import email as email_field
from forms.core.fields import uscc as uscc_field
from forms.core.issues import FieldIssue
from forms.core.validation import parse_form
from forms.core.zones import NOT_IN_ZONE, NOT_IN_ZONE_LABEL, load_register, zone_id

OFFICE_ORG_TYPE = OrgType.ZONE_COMMITTEE
NOT_AN_OFFICE_ZONE = f"园区端须从名录中选择本园区所辖的高新区，不能选“{NOT_IN_ZONE_LABEL}”"


class OfficeProfile(FormModel):
    name: str | None = text(
        "单位名称",
        required=True,
        max_length=60,
        help="本园区管理机构的全称，与统一社会信用代码证书一致，如“南宁高新技术产业开发区管理委员会”；"
        "印在审核意见表和园区名片上",
    )
    uscc: str | None = uscc_field("统一社会信用代码", required=True)
    hitech_zone: str | None = zone(
        "所辖高新区",
        required=True,
        help="本园区所辖的高新区，从高新区名录中选择（可输入名称中的字查找）。企业报送本高新区的"
        "申报包才能导入本机，园区名片和审核决定也写明此高新区",
    )
    address: str | None = text("通讯地址", max_length=120)
    contact_person: str | None = text("联系人", required=True, max_length=30)
    contact_phone: str | None = phone("联系电话", required=True)
    email: str | None = email_field("电子邮箱")

    @field_validator("hitech_zone")
    @classmethod
    def _a_zone_of_the_register(cls, value: str | None) -> str | None:
        if value == NOT_IN_ZONE:
            raise ValueError(NOT_AN_OFFICE_ZONE)
        return value


OFFICE = FormDefinition(
    kind="office",
    title="本园区信息",
    model=OfficeProfile,
    title_field="name",
    cover_fields=("name", "uscc", "hitech_zone"),
    signatory="单位负责人",
    sections=(
        Section(
            "园区基本信息",
            ("name", "uscc", "hitech_zone"),
            help="本园区作为审核单位和申报单位（新赛道、飞地等）使用的信息",
        ),
        Section("联系方式", ("address", "contact_person", "contact_phone", "email")),
    ),
)

# What an office profile has in common with an applicant profile: the same names, the same values.
CARRIED_OVER = tuple(OfficeProfile.model_fields)


def office_values(stored: Mapping[str, Any] | None) -> dict[str, Any]:
    """The office form's values in a stored profile: an office profile's own, or from one of
    the enterprise shape (注册日期, 法定代表人, 收款账户… are left behind). Old choice values
    and zone names are read as today's codes."""
    if not stored:
        return {}
    upgraded, _retired = APPLICANT.upgrade(dict(stored))
    values = {name: upgraded.get(name) for name in CARRIED_OVER if name in upgraded}
    if "hitech_zone" in values:
        values["hitech_zone"] = zone_id(values["hitech_zone"])
    return values


def as_applicant(office: OfficeProfile) -> ApplicantProfile:
    """The office as the applicant it is when it applies itself: a 高新区管委会 in its zone's city."""
    found = load_register().get(office.hitech_zone)
    city = City(found.city) if found is not None and found.city in City.labels() else None
    return ApplicantProfile(org_type=OFFICE_ORG_TYPE, city=city, **dict(office))


def parse_office(data: Any) -> tuple[OfficeProfile | None, list[FieldIssue]]:
    """``parse_form`` for the office profile, typed as one."""
    office, issues = parse_form(OFFICE, data)
    return (office if isinstance(office, OfficeProfile) else None), issues
