"""飞地登记表 — 科创飞地（《若干措施》第（九）条）、飞地园区（第（四）条）、
飞地经济办公场所（《实施方案》第19项）."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from decimal import ROUND_DOWN, Decimal
from typing import Any

from forms import _v1_values as v1
from forms.applicant import LICENCE, ZONE_COMMITTEE_APPLIES, applicant_is_zone_committee
from forms.core.choices import Choice
from forms.core.definition import FormDefinition, Section
from forms.core.eligibility import ANYONE, FormEligibility
from forms.core.fields import (
    MONEY_PLACES,
    FormModel,
    ShortText,
    choice,
    date_field,
    flag,
    integer,
    long_text,
    money,
    multi_choice,
    percent,
    phone,
    quantity,
    text,
    text_list,
    uscc,
    zone,
)
from forms.core.materials import WRITTEN, article, material, requirement
from forms.core.rules import (
    Check,
    Params,
    RuleContext,
    RuleSet,
    Severity,
    Verdict,
    applicant_zone,
    at_most,
    claimed_total,
    entered,
    fmt_amount,
    live_claims,
    ratio_percent,
)
from forms.core.versions import ValueMap
from forms.core.zones import load_register


class EnclaveType(Choice):
    TECH = "tech", "科创飞地"
    PARK = "park", "飞地园区"
    OFFICE = "office", "飞地经济办公场所"


class Province(Choice):
    """China's 31 provincial-level divisions (mainland), in the official order."""

    BEIJING = "beijing", "北京市"
    TIANJIN = "tianjin", "天津市"
    HEBEI = "hebei", "河北省"
    SHANXI = "shanxi", "山西省"
    INNER_MONGOLIA = "inner_mongolia", "内蒙古自治区"
    LIAONING = "liaoning", "辽宁省"
    JILIN = "jilin", "吉林省"
    HEILONGJIANG = "heilongjiang", "黑龙江省"
    SHANGHAI = "shanghai", "上海市"
    JIANGSU = "jiangsu", "江苏省"
    ZHEJIANG = "zhejiang", "浙江省"
    ANHUI = "anhui", "安徽省"
    FUJIAN = "fujian", "福建省"
    JIANGXI = "jiangxi", "江西省"
    SHANDONG = "shandong", "山东省"
    HENAN = "henan", "河南省"
    HUBEI = "hubei", "湖北省"
    HUNAN = "hunan", "湖南省"
    GUANGDONG = "guangdong", "广东省"
    GUANGXI = "guangxi", "广西壮族自治区"
    HAINAN = "hainan", "海南省"
    CHONGQING = "chongqing", "重庆市"
    SICHUAN = "sichuan", "四川省"
    GUIZHOU = "guizhou", "贵州省"
    YUNNAN = "yunnan", "云南省"
    TIBET = "tibet", "西藏自治区"
    SHAANXI = "shaanxi", "陕西省"
    GANSU = "gansu", "甘肃省"
    QINGHAI = "qinghai", "青海省"
    NINGXIA = "ningxia", "宁夏回族自治区"
    XINJIANG = "xinjiang", "新疆维吾尔自治区"


class PartnerRegion(Choice):
    GBA = "gba", "粤港澳大湾区"
    YANGTZE_DELTA = "yangtze_delta", "长三角"
    OTHER = "other", "其他发达地区"


class ShareBasis(Choice):
    INVESTMENT = "investment", "投资比例"
    OUTPUT = "output", "产值贡献"
    TAX = "tax", "税收贡献"
    OTHER = "other", "其他"


class SharedTax(Choice):
    VAT = "vat", "增值税地方留存部分"
    CIT = "cit", "企业所得税地方留存部分"
    OTHER = "other", "其他税收地方留存部分"


class OfficeLocation(Choice):
    ZHONGGUANCUN = "zhongguancun", "中关村"
    ZHANGJIANG = "zhangjiang", "上海张江"
    SHENZHEN = "shenzhen", "广东深圳"
    NANJING = "nanjing", "江苏南京"
    OTHER = "other", "其他"


class OfficeService(Choice):
    OFFICE = "office", "临时办公室"
    MEETING = "meeting", "会议室"
    EXHIBITION = "exhibition", "会展室"
    OTHER = "other", "其他后勤服务"


# ``when=`` conditions: which 飞地类型 a field belongs to (all keys must match).
When = dict[str, list[Any]]
TECH: When = {"enclave_type": [EnclaveType.TECH]}
PARK: When = {"enclave_type": [EnclaveType.PARK]}
OFFICE: When = {"enclave_type": [EnclaveType.OFFICE]}
TECH_OR_PARK: When = {"enclave_type": [EnclaveType.TECH, EnclaveType.PARK]}
TECH_OR_OFFICE: When = {"enclave_type": [EnclaveType.TECH, EnclaveType.OFFICE]}
FILED: When = {**TECH_OR_PARK, "is_filed": [True]}


class EnclaveApplication(FormModel):
    # --- 飞地基本情况
    enclave_name: str | None = text(
        "飞地名称", required=True, max_length=60, help="与合作协议或备案文件上的名称一致"
    )
    enclave_type: EnclaveType | None = choice(
        "飞地类型",
        EnclaveType,
        required=True,
        help="科创飞地：高新区在自治区外科技资源富集区设立；飞地园区：与发达地区共建、"
        "落在广西高新区的园区；飞地经济办公场所：在区外创新创业资源集中区域设立的固定办公场所",
    )
    province: Province | None = choice(
        "所在省（区、市）", Province, required=True, help="飞地（场所）实际所在地"
    )
    city: str | None = text("所在城市", required=True, max_length=30, placeholder="例如 深圳市")
    address: str | None = text(
        "详细地址", required=True, max_length=120, help="区（县）、街道、门牌号及楼层房号"
    )
    host_zone: str | None = zone(
        "飞入地高新区",
        when=PARK,
        help="飞地园区落在的广西高新区，应为申报管委会所辖的高新区；留空即按申报管委会所辖高新区核对",
    )
    operator_name: str | None = text(
        "运营管理机构", max_length=60, help="负责飞地日常运营的机构名称；由管委会直接运营的可留空"
    )
    opened_on: date | None = date_field("投入运营日期", not_future=True, help="尚未运营的留空")
    contact_person: str | None = text("飞地负责人", max_length=30)
    contact_phone: str | None = phone("负责人联系电话", example="0755-12345678")

    # --- 合作方与协议
    partner_region: PartnerRegion | None = choice(
        "合作区域", PartnerRegion, required=True, when=PARK, help="飞出地（合作共建方）所在区域"
    )
    partner_region_note: str | None = text(
        "其他发达地区说明",
        max_length=100,
        required=True,
        when={**PARK, "partner_region": [PartnerRegion.OTHER]},
        help="写明飞出地所在省市，以及其属于发达地区的依据",
    )
    partner_name: str | None = text(
        "合作方（飞出地）名称",
        max_length=60,
        required=True,
        when=PARK,
        help="与广西高新区共建飞地园区的发达地区政府部门、园区或企业",
    )
    partner_uscc: str | None = uscc("合作方统一社会信用代码", required=True, when=PARK)
    host_partner_name: str | None = text(
        "合作（场地提供）单位",
        max_length=60,
        when=TECH_OR_OFFICE,
        help="飞地所在地提供场地或共建的园区、机构、出租方名称",
    )
    agreement_signed_on: date | None = date_field(
        "协议签订日期",
        required=True,
        not_future=True,
        help="合作共建协议，或办公场所租赁合同的签订日期",
    )
    term_start: date | None = date_field("合作期限开始", required=True)
    term_end: date | None = date_field(
        "合作期限结束", required=True, after="term_start", help="协议或租赁合同约定的期满日期"
    )

    # --- 备案情况
    is_filed: bool = flag(
        "是否已备案", when=TECH_OR_PARK, help="飞地已按规定向主管部门备案的，请勾选"
    )
    filing_authority: str | None = text(
        "备案部门", max_length=60, when=FILED, placeholder="例如 自治区园区办"
    )
    filing_number: str | None = text(
        "备案文号",
        max_length=60,
        required=True,
        when=FILED,
        placeholder="例如 桂园办备〔2025〕12号",
    )
    filing_date: date | None = date_field("备案日期", required=True, not_future=True, when=FILED)

    # --- 场地与入驻情况
    area: Decimal | None = quantity(
        "场地面积", "㎡", required=True, help="飞地可使用的场地（建筑）面积"
    )
    firm_count: int | None = integer(
        "入驻企业数", "家", required=True, help="截至填表日在飞地内登记或办公的企业"
    )
    staff_count: int | None = integer(
        "入驻人员", "人", required=True, help="入驻企业和机构的在岗人员"
    )
    focus_fields: list[ShortText] = text_list(
        "重点产业（技术）领域",
        max_items=10,
        when=TECH_OR_PARK,
        help="每项一个领域，例如“新能源汽车”",
    )

    # --- 税收分成（飞地园区）
    shared_taxes: list[SharedTax] = multi_choice(
        "分成税种",
        SharedTax,
        required=True,
        when=PARK,
        help="入园企业产生的、在飞出地与飞入地之间分配的税收地方留存部分",
    )
    # 第（四）条 names 增值税 and 企业所得税: each has its own split (version 3; version 2 had
    # one split for both, kept in ``out_share``/``in_share``, which now hold the 增值税 split).
    out_share: Decimal | None = percent(
        "增值税飞出地分成比例",
        required=True,
        when=PARK,
        help="增值税地方留存部分分给飞出地的比例",
    )
    in_share: Decimal | None = percent(
        "增值税飞入地分成比例",
        required=True,
        when=PARK,
        help="增值税地方留存部分分给广西飞入地高新区的比例；与飞出地比例合计应为 100%",
    )
    cit_out_share: Decimal | None = percent(
        "企业所得税飞出地分成比例",
        required=True,
        when=PARK,
        help="企业所得税地方留存部分分给飞出地的比例",
    )
    cit_in_share: Decimal | None = percent(
        "企业所得税飞入地分成比例",
        required=True,
        when=PARK,
        help="企业所得税地方留存部分分给广西飞入地高新区的比例；与飞出地比例合计应为 100%",
    )
    share_basis: list[ShareBasis] = multi_choice(
        "分配依据",
        ShareBasis,
        required=True,
        when=PARK,
        help="协议约定分成比例所依据的指标，可多选",
    )
    share_basis_other: str | None = text(
        "其他分配依据说明",
        max_length=100,
        required=True,
        when={**PARK, "share_basis": [ShareBasis.OTHER]},
    )
    out_investment: Decimal | None = money(
        "飞出地投资额", when=PARK, help="飞出地累计（或协议约定）投入园区建设的资金"
    )
    in_investment: Decimal | None = money(
        "飞入地投资额", when=PARK, help="广西飞入地累计（或协议约定）投入园区建设的资金"
    )

    # --- 办公场所与场地补贴（飞地经济办公场所）
    office_location: OfficeLocation | None = choice(
        "办公场所所在地",
        OfficeLocation,
        required=True,
        when=OFFICE,
        help="政策列明的四个创新创业资源集中区域；设在其他区域的不属本项支持范围",
    )
    office_services: list[OfficeService] = multi_choice(
        "提供的后勤服务", OfficeService, when=OFFICE, help="为区内企业短期技术交流合作提供的服务"
    )
    rent_cost: Decimal | None = money(
        "场地租金等费用",
        required=True,
        when=OFFICE,
        help="申请补贴期间的场地租金、物业管理等费用合计，以租赁合同和票据为准",
    )
    subsidy_requested: Decimal | None = money(
        "申请场地补贴",
        required=True,
        when=OFFICE,
        help="按场地租金等费用的规定比例申请，上限见自查表",
    )

    # --- 申请经费与建设方案
    requested_amount: Decimal | None = money(
        "申请项目经费",
        required=True,
        when=TECH,
        help="获得备案的科创飞地可申请项目经费支持；不申请的填 0",
    )
    construction_content: str | None = long_text(
        "建设内容", required=True, help="场地、平台、服务功能等建设内容及进度安排，2000 字以内"
    )
    operation_model: str | None = long_text(
        "运营模式",
        required=True,
        help="运营主体、管理机制、双方责任分工及利益分配（飞地园区写明税收分成安排）",
    )
    expected_outcomes: str | None = long_text(
        "预期成效", required=True, help="引进企业、人才、项目和成果转化等可量化的预期目标"
    )


rules = RuleSet()


def _is(kind: EnclaveType) -> Callable[[RuleContext], bool]:
    return lambda ctx: ctx.form.enclave_type == kind


_tech, _park, _office = _is(EnclaveType.TECH), _is(EnclaveType.PARK), _is(EnclaveType.OFFICE)


def _where(form: EnclaveApplication) -> str:
    province = form.province.label if form.province else ""
    city = form.city if form.city and form.city != province else ""
    return province + city


def _applicant_is_zone_committee(ctx: RuleContext) -> Check:
    kind = ctx.form.enclave_type.label if ctx.form.enclave_type else "本类飞地"
    return applicant_is_zone_committee(ctx, what=kind, instead="请由所在高新区管委会申报")


# --- 科创飞地 — 《若干措施》第（九）条 ----------------------------------------------------


@rules.rule(
    "enclave.tech.applicant",
    article="tech_enclave",
    requirement="科创飞地由高新区（管委会）设立和申报",
    fields=(),  # checks the applicant (申报主体), not a field of this form
    applies=_tech,
)
def tech_applicant(ctx: RuleContext, p: Params) -> Check:
    return _applicant_is_zone_committee(ctx)


@rules.rule(
    "enclave.tech.outside_guangxi",
    article="tech_enclave",
    requirement="科创飞地设在自治区外",
    fields=("province", "city"),
    applies=_tech,
)
def tech_outside_guangxi(ctx: RuleContext, p: Params) -> Check:
    province = ctx.form.province
    if province is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择飞地所在省（区、市）")
    if province is Province.GUANGXI:
        return Check(
            Verdict.FAIL,
            _where(ctx.form),
            "科创飞地应设在自治区外的科技资源富集区，现所在地在广西：请核对所在省（区、市）；"
            f"与区外合作方在区内共建的园区，请将飞地类型改为“{EnclaveType.PARK.label}”",
        )
    return Check(Verdict.PASS, _where(ctx.form))


rules.cap(
    "enclave.tech.cap",
    article="tech_enclave",
    requirement="科创飞地项目经费支持不超过 {cap} 万元",
    cap="enclave.tech_enclave_cap",
    applies=_tech,
)


@rules.rule(
    "enclave.tech.cap.cumulative",
    article="tech_enclave",
    requirement="同一备案科创飞地的各次有效申报合计不超过 {cap} 万元",
    fields=("requested_amount", "filing_number"),
    params={"cap": "enclave.tech_enclave_cap"},
    applies=lambda c: _tech(c) and bool(c.form.filing_number),
)
def tech_cap_cumulative(ctx: RuleContext, p: Params) -> Check:
    """「对获得备案的飞地给予最高500万元」 caps each filed enclave: the claims for the same filing
    add up against it, an error like the per-firm cap of 第（五）条."""
    form = ctx.form
    if form.requested_amount is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写申请项目经费")
    same = live_claims(ctx, "enclave", filing_number=form.filing_number)
    if not same:
        if not ctx.history.available:
            return Check(
                Verdict.MANUAL,
                f"本次 {fmt_amount(form.requested_amount)}（未能查询其他申报）",
                "请人工核实该备案飞地此前是否已获项目经费支持",
            )
        return Check(Verdict.PASS, f"本次 {fmt_amount(form.requested_amount)}，该备案无其他申报")
    claimed = claimed_total(same)
    if claimed.unreadable:
        return claimed.manual(f"本次 {fmt_amount(form.requested_amount)}")
    total = claimed.total + form.requested_amount
    observed = (
        f"本次 {fmt_amount(form.requested_amount)} + 已申报 {fmt_amount(claimed.total)}"
        f"（{claimed.listed()}）= {fmt_amount(total)}"
    )
    if total > p.cap:
        return Check(
            Verdict.FAIL,
            observed,
            f"备案 {form.filing_number} 的科创飞地已有申报，合计超过 {fmt_amount(p.cap)}："
            f"本次最多可申请 {fmt_amount(max(p.cap - claimed.total, 0))}",
        )
    return Check(Verdict.PASS, observed)


@rules.rule(
    "enclave.tech.filed",
    article="tech_enclave",
    requirement="项目经费仅支持已获备案的科创飞地",
    fields=("requested_amount", "is_filed", "filing_number", "filing_date"),
    applies=_tech,
)
def tech_filed(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    amount = form.requested_amount
    if amount is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写申请项目经费（不申请的填 0）")
    if amount == 0:
        return Check(Verdict.PASS, "未申请项目经费")
    if not form.is_filed:
        return Check(
            Verdict.FAIL,
            f"未备案，申请 {fmt_amount(amount)}",
            f"项目经费仅支持已获备案的科创飞地：已备案的请勾选“{ctx.label('is_filed')}”并填写"
            f"备案文号和备案日期；尚未备案的请将“{ctx.label('requested_amount')}”改为 0，备案后再申请",
        )
    if not form.filing_number or form.filing_date is None:
        return Check(Verdict.INCOMPLETE, "已备案，备案信息未填全", "请填写备案文号和备案日期")
    return Check(Verdict.PASS, f"已备案：{form.filing_number}（{form.filing_date.isoformat()}）")


rules.manual(
    "enclave.tech.resource_rich",
    article="tech_enclave",
    requirement="飞地所在地属科技资源富集区",
    fields=("province", "city"),
    applies=_tech,
    observe=lambda c: _where(c.form),
)


def _agreement(ctx: RuleContext, party: str | None) -> str:
    return entered(party, ctx.form.agreement_signed_on)


def _filing(ctx: RuleContext) -> str:
    form = ctx.form
    if not form.is_filed:
        return "未备案"
    return entered(form.filing_authority, form.filing_number, form.filing_date)


rules.manual(
    "enclave.tech.filing",
    article="tech_enclave",
    requirement="备案文件真实有效（备案部门、文号、日期与备案文件一致）",
    fields=("filing_authority", "filing_number", "filing_date"),
    applies=_tech,
    observe=_filing,
)

rules.manual(
    "enclave.tech.agreement",
    article="tech_enclave",
    requirement="与飞地所在地合作单位的合作协议或场地租赁合同真实有效",
    fields=("host_partner_name", "agreement_signed_on"),
    applies=_tech,
    observe=lambda c: _agreement(c, c.form.host_partner_name),
)


# --- 飞地园区 — 《若干措施》第（四）条 ----------------------------------------------------


@rules.rule(
    "enclave.park.applicant",
    article="enclave_park",
    requirement="飞地园区由广西飞入地高新区（管委会）申报",
    fields=(),  # checks the applicant (申报主体), not a field of this form
    applies=_park,
)
def park_applicant(ctx: RuleContext, p: Params) -> Check:
    return _applicant_is_zone_committee(ctx)


@rules.rule(
    "enclave.park.in_guangxi",
    article="enclave_park",
    requirement="飞地园区位于广西飞入地高新区",
    fields=("province", "city"),
    applies=_park,
)
def park_in_guangxi(ctx: RuleContext, p: Params) -> Check:
    province = ctx.form.province
    if province is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择飞地园区所在省（区、市）")
    if province is not Province.GUANGXI:
        return Check(
            Verdict.FAIL,
            _where(ctx.form),
            f"飞地园区由发达地区与广西高新区共建、设在广西飞入地高新区，现所在地为{province.label}："
            f"请核对所在省（区、市）；高新区在自治区外设立的，请将飞地类型改为“{EnclaveType.TECH.label}”",
        )
    return Check(Verdict.PASS, _where(ctx.form))


def _city_name(text: str) -> str:
    return "".join(text.split()).removesuffix("市")


@rules.rule(
    "enclave.park.host_zone",
    article="enclave_park",
    requirement="飞入地高新区为申报管委会所辖的高新区，园区位于该高新区所在城市",
    fields=("host_zone", "city"),
    applies=_park,
)
def park_host_zone(ctx: RuleContext, p: Params) -> Check:
    # 第（四）条 splits the taxes between the 飞出地 and 「广西飞入地高新区」: the committee that
    # files the park is that zone's, so another zone is an error. A park in another city may
    # still belong to the zone (托管, 一区多园): the department judges that.
    # Left blank (as forms stored before the field existed are), the 飞入地 is the committee's
    # own zone, which is what filing the park as that committee says.
    form = ctx.form
    register = load_register()
    own, _ = applicant_zone(ctx)
    if own is None:  # enclave.park.applicant says why
        return Check(Verdict.FAIL, "未能核对", "申报主体未选择所在高新区，无法核对飞入地高新区")
    host = own if form.host_zone is None else register.get(form.host_zone)
    if host is None:
        return Check(
            Verdict.FAIL,
            register.label(form.host_zone),
            "飞地园区须落在广西的高新区：请从高新区名录中选择飞入地高新区",
        )
    if own.id != host.id:
        return Check(
            Verdict.FAIL,
            f"飞入地 {host.name}，申报单位 {own.name}",
            f"飞地园区的飞入地高新区应为申报管委会所辖的{own.name}，现为{host.name}："
            f"落在{host.name}的飞地园区，请由其管委会申报；否则请改选飞入地高新区",
        )
    zone_city = register.city_label(host)
    observed = f"{host.name}（{zone_city}），园区在{_where(form) or '未填写城市'}"
    if not form.city:
        return Check(Verdict.INCOMPLETE, observed, "请填写飞地园区所在城市")
    if _city_name(form.city) != _city_name(zone_city):
        return Check(
            Verdict.MANUAL,
            observed,
            f"园区所在城市“{form.city}”不是{host.name}所在的{zone_city}：托管、一区多园等"
            f"情形请在“{ctx.label('operation_model')}”中说明，由主管部门核实",
        )
    return Check(Verdict.PASS, observed)


# The form cannot tell whether the partner really is in the region chosen (nor whether an
# "other" region is developed): an officer checks it against the agreement.
@rules.rule(
    "enclave.park.region",
    article="enclave_park",
    requirement="与粤港澳大湾区、长三角等发达地区共建（合作方所在区域由主管部门核实；"
    "“其他发达地区”须说明所在省市及属发达地区的依据）",
    severity=Severity.MANUAL,
    fields=("partner_region", "partner_region_note"),
    applies=_park,
)
def park_region(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    region = form.partner_region
    if region is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择合作区域")
    partner = f"，合作方：{form.partner_name}" if form.partner_name else ""
    if region is PartnerRegion.OTHER:
        note = form.partner_region_note or "未说明"
        return Check(Verdict.MANUAL, f"{region.label}：{note}{partner}")
    return Check(Verdict.MANUAL, f"{region.label}{partner}")


# The two taxes 第（四）条 names, each with its split: (name, 飞出地 field, 飞入地 field).
TAX_SPLITS = (
    ("增值税", "out_share", "in_share"),
    ("企业所得税", "cit_out_share", "cit_in_share"),
)


@rules.rule(
    "enclave.park.tax_total",
    article="enclave_park",
    requirement="增值税、企业所得税地方留存部分各自的飞出地与飞入地分成比例合计为 {total}%",
    fields=("out_share", "in_share", "cit_out_share", "cit_in_share"),
    params={"total": "enclave.tax_share_total_percent"},
    applies=_park,
)
def park_tax_total(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    missing = [
        ctx.label(name)
        for _, out_name, in_name in TAX_SPLITS
        for name in (out_name, in_name)
        if getattr(form, name) is None
    ]
    if missing:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{'、'.join(missing)}")
    observed, wrong = [], []
    for tax, out_name, in_name in TAX_SPLITS:
        out_share, in_share = getattr(form, out_name), getattr(form, in_name)
        total = out_share + in_share
        observed.append(
            f"{tax}：飞出地 {fmt_amount(out_share, '%')} + 飞入地 {fmt_amount(in_share, '%')}"
            f" = {fmt_amount(total, '%')}"
        )
        if total != p.total:
            wrong.append(
                f"{tax}飞出地分成比例 {fmt_amount(out_share, '%')} 与飞入地分成比例 "
                f"{fmt_amount(in_share, '%')} 合计 {fmt_amount(total, '%')}，应恰为 "
                f"{fmt_amount(p.total, '%')}"
            )
    if wrong:
        return Check(
            Verdict.FAIL, "；".join(observed), "；".join(wrong) + "：请按合作协议调整分成比例"
        )
    return Check(Verdict.PASS, "；".join(observed))


@rules.rule(
    "enclave.park.share_basis",
    article="enclave_park",
    requirement="明确税收分成的分配依据（投资比例、产值贡献等指标）",
    fields=("share_basis", "share_basis_other"),
    applies=_park,
)
def park_share_basis(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    basis = form.share_basis
    if not basis:
        return Check(
            Verdict.FAIL,
            "未选择",
            f"请在“{ctx.label('share_basis')}”中选择协议约定的分成指标"
            f"（{'、'.join(b.label for b in ShareBasis)}）",
        )
    if ShareBasis.OTHER in basis and not form.share_basis_other:
        return Check(Verdict.INCOMPLETE, "其他（未说明）", "请填写其他分配依据说明")
    names = [b.label for b in basis if b is not ShareBasis.OTHER]
    if form.share_basis_other and ShareBasis.OTHER in basis:
        names.append(form.share_basis_other)
    return Check(Verdict.PASS, "、".join(names))


@rules.rule(
    "enclave.park.investment_ratio",
    basis="investment_share",
    requirement="按投资比例分配时，飞入地分成比例与飞入地投资占比相差不超过 {tolerance} 个百分点",
    severity=Severity.WARNING,
    fields=("in_share", "cit_in_share", "out_investment", "in_investment"),
    params={"tolerance": "enclave.investment_share_tolerance_points"},
    applies=lambda c: _park(c) and ShareBasis.INVESTMENT in c.form.share_basis,
)
def park_investment_ratio(ctx: RuleContext, p: Params) -> Check:
    # Only when 投资比例 is among the bases: the split may then still weigh 产值贡献 and the
    # like, so a gap is a prompt to check the figures, not an error.
    form = ctx.form
    out_inv, in_inv = form.out_investment, form.in_investment
    shares = [(tax, getattr(form, in_name)) for tax, _, in_name in TAX_SPLITS]
    if out_inv is None or in_inv is None or any(share is None for _, share in shares):
        return Check(
            Verdict.INCOMPLETE,
            "未填写",
            f"{ctx.label('share_basis')}含“{ShareBasis.INVESTMENT.label}”：请填写飞出地投资额、"
            "飞入地投资额和两个税种的飞入地分成比例",
        )
    ratio = ratio_percent(in_inv, out_inv + in_inv)
    if ratio is None:
        return Check(Verdict.INCOMPLETE, "投资额均为 0", "请填写双方实际（或约定）的投资额")
    observed = "，".join(f"{tax}飞入地分成 {fmt_amount(share, '%')}" for tax, share in shares)
    observed += f"，飞入地投资占比 {fmt_amount(ratio, '%')}"
    for tax, share in shares:
        gap = abs(share - ratio)
        if gap > p.tolerance:
            return Check(
                Verdict.FAIL,
                observed,
                f"飞入地投资 {fmt_amount(in_inv)}，占双方投资 {fmt_amount(out_inv + in_inv)} 的 "
                f"{fmt_amount(ratio, '%')}，与{tax}飞入地分成比例 {fmt_amount(share, '%')} 相差 "
                f"{fmt_amount(gap, '个百分点')}：请核对分成比例和投资额；分成同时考虑产值贡献等"
                f"指标的，请在“{ctx.label('operation_model')}”中说明",
            )
    return Check(Verdict.PASS, observed)


rules.manual(
    "enclave.park.agreement",
    article="enclave_park",
    requirement="合作共建协议真实有效，并约定了税收分成比例、分配依据和合作期限",
    fields=("partner_name", "agreement_signed_on", "out_share", "in_share", "cit_out_share"),
    applies=_park,
    observe=lambda c: _agreement(c, c.form.partner_name),
)


# --- 飞地经济办公场所 — 《实施方案》第19项 -------------------------------------------------


@rules.rule(
    "enclave.office.location",
    article="enclave_office",
    requirement="办公场所设在本项列明的区域之一（“等四个”，不含其他区域）：{places}",
    fields=("office_location", "province", "city"),
    params={"places": "enclave.office_places"},
    applies=_office,
)
def office_location(ctx: RuleContext, p: Params) -> Check:
    # The places (and the province of each) are the catalogue's: 《实施方案》第19项 names four and
    # closes the list with 等四个, so 其他 fails here, the one row that judges the place.
    form = ctx.form
    location, province = form.office_location, form.province
    if location is None or province is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择办公场所所在地和所在省（区、市）")
    named = "、".join(str(place["label"]) for place in p.places)
    place = next((pl for pl in p.places if pl["code"] == location.code), None)
    if place is None:
        return Check(
            Verdict.FAIL,
            f"{location.label}：{_where(form)}",
            f"{ctx.catalogue.article('enclave_office')}支持设在{named}的办公场所"
            "（“等四个”，不含其他区域），"
            f"现所在地为{_where(form)}：设在上述区域的，请核对并改选办公场所所在地；"
            "设在其他区域的办公场所不属本项支持范围",
        )
    expected = Province(place["province"])
    if province is not expected:
        return Check(
            Verdict.FAIL,
            f"{place['label']}，{province.label}",
            f"办公场所所在地为“{place['label']}”，所在省（区、市）应为{expected.label}，"
            f"现为{province.label}：请核对两项",
        )
    return Check(Verdict.PASS, f"{place['label']}（{_where(form)}）")


@rules.rule(
    "enclave.office.subsidy",
    article="enclave_office",
    requirement="场地补贴不超过场地租金等费用的 {share}%",
    fields=("subsidy_requested", "rent_cost"),
    params={"share": "enclave.office_subsidy_percent"},
    applies=_office,
)
def office_subsidy(ctx: RuleContext, p: Params) -> Check:
    rent, subsidy = ctx.form.rent_cost, ctx.form.subsidy_requested
    if rent is None or subsidy is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写场地租金等费用和申请场地补贴")
    # Amounts are exact to the yuan, so rounding the limit down to the yuan changes no verdict.
    limit = (Decimal(rent) * Decimal(p.share) / 100).quantize(
        Decimal(1).scaleb(-MONEY_PLACES), rounding=ROUND_DOWN
    )
    check = at_most(subsidy, limit, what="申请场地补贴", unit="万元")
    if check.verdict is Verdict.FAIL:
        return Check(
            Verdict.FAIL,
            check.observed,
            f"申请场地补贴 {fmt_amount(subsidy)}，超过场地租金等费用 {fmt_amount(rent)} 的 "
            f"{fmt_amount(p.share, '%')}（{fmt_amount(limit)}）：请调减至 {fmt_amount(limit)} 以内",
        )
    if check.verdict is Verdict.PASS:
        return Check(Verdict.PASS, f"{check.observed}（上限 {fmt_amount(limit)}）")
    return check


rules.manual(
    "enclave.office.lease",
    article="enclave_office",
    requirement="租赁合同及租金票据真实，场地用于为区内企业提供临时办公、会议、会展等低成本服务",
    fields=("host_partner_name", "rent_cost", "office_services"),
    applies=_office,
    observe=lambda c: entered(c.form.host_partner_name, fmt_amount(c.form.rent_cost)),
)


rules.unseen_grants(
    "enclave.tech.cap.cumulative.unseen",
    article="tech_enclave",
    what="同一备案科创飞地的项目经费合计不超过上限",
    fields=("filing_number",),
    applies=_tech,
)


def _split_taxes(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """Version 2 → 3: one split (``out_share``/``in_share``) covered 增值税 and 企业所得税
    alike; it becomes the 增值税 split and, where none is given, the 企业所得税 split too."""
    if "cit_out_share" in data or "cit_in_share" in data:
        return data  # today's layout
    if "out_share" not in data and "in_share" not in data:
        return data
    return {
        **data,
        "cit_out_share": data.get("out_share"),
        "cit_in_share": data.get("in_share"),
    }


# --- 申报材料 ---------------------------------------------------------------------------------

MATERIALS = (
    LICENCE,
    material(
        "tech_filing",
        "科创飞地备案文件",
        article(
            "tech_enclave",
            "对获得备案的飞地给予最高{cap}万元的项目经费支持",
            cap="enclave.tech_enclave_cap",
        ),
        help="主管部门同意备案的文件，文号与“备案文号”一致",
        when={**TECH, "is_filed": [True]},
        sealed=True,
    ),
    material(
        "tech_site_agreement",
        "科创飞地场地合作协议或租赁合同",
        article("tech_enclave", "鼓励高新区到自治区外科技资源富集区设立科创飞地"),
        help="与飞地所在地园区、机构或出租方签订的协议，载明地址、面积和期限",
        when=TECH,
        sealed=True,
        max_files=10,
    ),
    material(
        "tech_plan",
        "科创飞地建设运营方案",
        requirement("核实申请项目经费的建设内容、运营模式和预期成效"),
        when=TECH,
        types=WRITTEN,
        sealed=True,
    ),
    material(
        "park_agreement",
        "飞地园区共建协议（含税收分成条款）",
        article(
            "enclave_park",
            "明确入园企业产生的增值税、企业所得税等地方留存部分，按投资比例、产值贡献等指标，"
            "在飞出地与广西飞入地高新区间合理分配",
        ),
        help="双方签章的共建协议，须含税收地方留存部分的分成比例和分配依据",
        when=PARK,
        sealed=True,
        max_files=10,
    ),
    material(
        "park_partner_licence",
        "合作方（飞出地）登记证书",
        requirement("核实合作方的名称、统一社会信用代码及所在地区"),
        help="合作方的营业执照、法人证书或统一社会信用代码证书",
        when=PARK,
    ),
    material(
        "office_lease",
        "办公场所租赁合同",
        article("enclave_office", "选择固定办公场所建立“飞地经济”"),
        help="载明地址、面积、租期和租金的租赁合同",
        when=OFFICE,
        sealed=True,
        max_files=10,
    ),
    material(
        "office_invoices",
        "租金、物业费发票及付款凭证",
        article(
            "enclave_office",
            "自治区提供{share}%的场地补贴",
            share="enclave.office_subsidy_percent",
        ),
        help="申请补贴期间的发票和银行付款凭证，金额与“场地租金等费用”一致",
        when=OFFICE,
        max_files=30,
    ),
)

FORM = FormDefinition(
    kind="enclave",
    # 科创飞地 and 飞地园区 check the applicant (tech_applicant, park_applicant); 办公场所 does not.
    eligibility=FormEligibility(
        f"{ZONE_COMMITTEE_APPLIES.who}（{EnclaveType.OFFICE.label}不限单位类型）",
        (
            (EnclaveType.TECH.label, ZONE_COMMITTEE_APPLIES),
            (EnclaveType.PARK.label, ZONE_COMMITTEE_APPLIES),
            (EnclaveType.OFFICE.label, ANYONE),
        ),
    ),
    # 2: choices stored as codes (1 stored their labels); 3: 增值税 and 企业所得税 split apart
    version=3,
    value_map=ValueMap(v1.ENCLAVE),
    reshape=_split_taxes,
    order=30,
    title="飞地登记表",
    description="登记高新区设立或共建的科创飞地、飞地园区和飞地经济办公场所，"
    "并申请科创飞地项目经费或办公场所场地补贴",
    model=EnclaveApplication,
    title_field="enclave_name",
    # 科创飞地 ask for project funds, offices for a site subsidy; a 飞地园区 asks for neither.
    amount_fields=("requested_amount", "subsidy_requested"),
    sections=(
        Section(
            "飞地基本情况",
            (
                "enclave_name",
                "enclave_type",
                "province",
                "city",
                "address",
                "host_zone",
                "operator_name",
                "opened_on",
                "contact_person",
                "contact_phone",
            ),
        ),
        Section(
            "合作方与协议",
            (
                "partner_region",
                "partner_region_note",
                "partner_name",
                "partner_uscc",
                "host_partner_name",
                "agreement_signed_on",
                "term_start",
                "term_end",
            ),
        ),
        Section(
            "备案情况",
            ("is_filed", "filing_authority", "filing_number", "filing_date"),
            help="科创飞地须获得备案后方可申请项目经费",
        ),
        Section("场地与入驻情况", ("area", "firm_count", "staff_count", "focus_fields")),
        Section(
            "税收分成（飞地园区）",
            (
                "shared_taxes",
                "out_share",
                "in_share",
                "cit_out_share",
                "cit_in_share",
                "share_basis",
                "share_basis_other",
                "out_investment",
                "in_investment",
            ),
            help="入园企业产生的增值税、企业所得税等地方留存部分，在飞出地与飞入地之间的分配",
        ),
        Section(
            "办公场所与场地补贴（飞地经济办公场所）",
            ("office_location", "office_services", "rent_cost", "subsidy_requested"),
        ),
        Section(
            "申请经费与建设方案",
            ("requested_amount", "construction_content", "operation_model", "expected_outcomes"),
        ),
    ),
    rules=rules,
    materials=MATERIALS,
)
