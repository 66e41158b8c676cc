"""申报主体: the applicant profile every form shares (unit, code, location, contacts, account)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import field_validator, model_validator

from forms import _v1_values as v1
from forms.core.choices import Choice
from forms.core.definition import FormDefinition, Section
from forms.core.eligibility import Eligibility
from forms.core.fields import (
    FormModel,
    choice,
    date_field,
    flag,
    money,
    phone,
    text,
    zone,
)
from forms.core.fields import email as email_field
from forms.core.fields import uscc as uscc_field
from forms.core.issues import FieldIssue
from forms.core.materials import Material, material, requirement
from forms.core.rules import FIX_IN_PROFILE, Check, RuleContext, Verdict, applicant_zone
from forms.core.validation import parse_form
from forms.core.versions import ValueMap
from forms.core.zones import NOT_IN_ZONE_LABEL, load_register


class OrgType(Choice):
    ENTERPRISE = "enterprise", "企业"
    INCUBATOR_OPERATOR = "incubator_operator", "孵化载体运营机构"
    ZONE_COMMITTEE = "zone_committee", "高新区管委会"
    UNIVERSITY = "university", "高校或科研院所"
    OTHER = "other", "其他"


class City(Choice):
    NANNING = "nanning", "南宁市"
    LIUZHOU = "liuzhou", "柳州市"
    GUILIN = "guilin", "桂林市"
    WUZHOU = "wuzhou", "梧州市"
    BEIHAI = "beihai", "北海市"
    FANGCHENGGANG = "fangchenggang", "防城港市"
    QINZHOU = "qinzhou", "钦州市"
    GUIGANG = "guigang", "贵港市"
    YULIN = "yulin", "玉林市"
    BAISE = "baise", "百色市"
    HEZHOU = "hezhou", "贺州市"
    HECHI = "hechi", "河池市"
    LAIBIN = "laibin", "来宾市"
    CHONGZUO = "chongzuo", "崇左市"


ACCOUNT_PATTERN = r"^\d{8,32}$"


class ApplicantProfile(FormModel):
    name: str | None = text("单位名称", required=True, help="与营业执照或法人证书上的名称一致")
    uscc: str | None = uscc_field("统一社会信用代码", required=True)
    org_type: OrgType | None = choice("单位类型", OrgType, required=True)
    city: City | None = choice("所在设区市", City, required=True)
    hitech_zone: str | None = zone(
        "所在高新区",
        required=True,
        help="单位注册或主要经营地所在的高新区，从高新区名录中选择（可输入名称中的字查找，"
        f"如“南宁高新”），级别按名录显示；不在高新区内的选“{NOT_IN_ZONE_LABEL}”",
    )
    recommender: str | None = text(
        "推荐单位",
        max_length=60,
        help="负责审核、推荐本单位申报的高新区管委会或设区市科技主管部门，例如“南宁高新区管委会”；"
        "印在申报材料封面上，不清楚的留空，封面留出空行手写",
    )
    registered_on: date | None = date_field("注册日期", required=True, not_future=True)
    registered_capital: Decimal | None = money("注册资本")
    legal_representative: str | None = text("法定代表人", required=True, max_length=30)
    address: str | None = text("通讯地址", max_length=120)
    contact_person: str | None = text("联系人", required=True, max_length=30)
    contact_phone: str | None = phone("联系电话", required=True)
    email: str | None = email_field("电子邮箱")
    bank_name: str | None = text("开户银行", max_length=60, help="资助资金拨付的开户银行全称")
    bank_account: str | None = text(
        "银行账号", max_length=32, pattern=ACCOUNT_PATTERN, help="8—32 位数字，不含空格"
    )
    is_high_tech_enterprise: bool = flag("高新技术企业")
    hte_certificate_no: str | None = text(
        "高新技术企业证书编号",
        max_length=30,
        required=True,
        when={"is_high_tech_enterprise": [True]},
        placeholder="例如 GR202345000123",
    )
    hte_valid_until: date | None = date_field(
        "高企证书有效期至", required=True, when={"is_high_tech_enterprise": [True]}
    )
    is_tech_sme: bool = flag("科技型中小企业")
    is_gazelle: bool = flag("瞪羚企业")
    is_above_scale: bool = flag("规模以上企业")

    @model_validator(mode="before")
    @classmethod
    def _drop_typed_level(cls, data: Any) -> Any:
        # Older releases had the level typed beside the zone; it is read from the register now.
        if isinstance(data, dict) and "zone_level" in data:
            data = {k: v for k, v in data.items() if k != "zone_level"}
        return data

    @field_validator("bank_account", mode="before")
    @classmethod
    def _normalise_account(cls, value: Any) -> Any:
        return value.replace(" ", "") if isinstance(value, str) else value

    @property
    def in_hitech_zone(self) -> bool:
        """In a zone of the register: "none", an unknown id or nothing is not."""
        return load_register().get(self.hitech_zone) is not None


APPLICANT = FormDefinition(
    kind="applicant",
    version=2,  # 2: choices stored as codes (1 stored their labels)
    value_map=ValueMap(v1.APPLICANT),
    title="申报主体信息",
    model=ApplicantProfile,
    title_field="name",
    cover_fields=("name", "uscc", "hitech_zone", "recommender"),
    signatory="法定代表人",
    sections=(
        Section(
            "基本信息",
            (
                "name",
                "uscc",
                "org_type",
                "city",
                "hitech_zone",
                "recommender",
                "registered_on",
                "registered_capital",
                "legal_representative",
            ),
        ),
        Section("联系方式", ("address", "contact_person", "contact_phone", "email")),
        Section("收款账户", ("bank_name", "bank_account"), help="资助资金拨付至此账户"),
        Section(
            "企业资质",
            (
                "is_high_tech_enterprise",
                "hte_certificate_no",
                "hte_valid_until",
                "is_tech_sme",
                "is_gazelle",
                "is_above_scale",
            ),
            help="按实际情况勾选，高新技术企业须填写证书编号和有效期",
        ),
    ),
)


# The applicant's registration certificate: the first material of every form (each form lists
# it first among its own, see ``forms.core.materials``).
LICENCE: Material = material(
    "licence",
    "营业执照或法人证书",
    requirement(
        "核实申报单位的名称、统一社会信用代码和登记状态与申报主体信息一致；企业提供营业执照，"
        "事业单位提供事业单位法人证书，高新区管委会等机关提供统一社会信用代码证书"
    ),
    help="复印件或扫描件，加盖申报单位公章",
    sealed=True,
    max_files=2,
)


def stored_profile(data: Any) -> ApplicantProfile:
    """A profile as stored (or signed), old choice values upgraded (``FormDefinition.load``)."""
    profile = APPLICANT.load(data)
    assert isinstance(profile, ApplicantProfile)
    return profile


def parse_applicant(data: Any) -> tuple[ApplicantProfile | None, list[FieldIssue]]:
    """``parse_form`` for the profile, typed as a profile."""
    profile, issues = parse_form(APPLICANT, data)
    return (profile if isinstance(profile, ApplicantProfile) else None), issues


# --- who may apply: declared once, read by the checks below and shown in 新建申报 -----------

ZONE_COMMITTEE_APPLIES = Eligibility(
    who=OrgType.ZONE_COMMITTEE.label,
    org_types=(OrgType.ZONE_COMMITTEE,),
    refusal=f"需由{OrgType.ZONE_COMMITTEE.label}申报",
)
ENTERPRISE_CLAIMS = Eligibility(
    who=OrgType.ENTERPRISE.label, org_types=(OrgType.ENTERPRISE,), refusal="{org}不能申领"
)


# --- checks of the profile that the forms' rules share ------------------------------------


def applicant_is_zone_committee(ctx: RuleContext, *, what: str, instead: str) -> Check:
    """The applicant is a 高新区管委会 and names its 高新区.

    ``what`` is what the committee applies for; ``instead`` tells anyone else what to do.
    """
    org_type = getattr(ctx.applicant, "org_type", None)
    if org_type is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"{FIX_IN_PROFILE}选择单位类型")
    if not ZONE_COMMITTEE_APPLIES.allows(org_type):
        return Check(
            Verdict.FAIL,
            org_type.label,
            f"{what}由{ZONE_COMMITTEE_APPLIES.who}申报，申报主体的单位类型现为"
            f"“{org_type.label}”；{instead}",
        )
    zone, failed = applicant_zone(ctx)
    if zone is None:
        assert failed is not None
        return Check(
            Verdict.FAIL,
            f"{org_type.label}（{failed.observed}）",
            f"{FIX_IN_PROFILE}选择所在高新区（即本管委会所辖的高新区）",
        )
    return Check(Verdict.PASS, f"{zone.label}（{org_type.label}）")


def applicant_is_enterprise(ctx: RuleContext) -> Check:
    """The applicant's 单位类型 is 企业."""
    org_type = getattr(ctx.applicant, "org_type", None)
    if org_type is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"{FIX_IN_PROFILE}选择单位类型")
    if ENTERPRISE_CLAIMS.allows(org_type):
        return Check(Verdict.PASS, org_type.label)
    return Check(
        Verdict.FAIL,
        org_type.label,
        f"本类申领限企业申报，申报主体单位类型为“{org_type.label}”；请由承担项目的企业申报，"
        "或核对申报主体信息中的单位类型",
    )
