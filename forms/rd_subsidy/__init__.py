"""研发补助申领表 — 《若干措施》第（五）至（八）条 and 《双创行动计划》第3项 (研发投入后补助).

A form that is a package: the post-subsidy's rules (intensity, bands) live in its
``post_subsidy`` module.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from forms import _v1_values as v1
from forms.applicant import (
    ENTERPRISE_CLAIMS,
    LICENCE,
    ApplicantProfile,
    applicant_is_enterprise,
)
from forms.core.choices import Choice
from forms.core.definition import FormDefinition, Section
from forms.core.eligibility import ANYONE, FormEligibility
from forms.core.fields import (
    FormModel,
    choice,
    date_field,
    integer,
    long_text,
    money,
    multi_choice,
    rows,
    text,
)
from forms.core.fields import uscc as uscc_field
from forms.core.materials import WRITTEN, article, material, requirement
from forms.core.rules import (
    Check,
    Params,
    PriorClaim,
    RuleContext,
    RuleSet,
    Severity,
    Verdict,
    applicant_in_zone,
    at_most,
    claim_label,
    claim_status,
    claimed_total,
    entered,
    fmt_amount,
    fmt_number,
    high_tech_certificate_current,
    live_claims,
    not_more_than,
    ticks_high_tech,
)
from forms.core.versions import ValueMap
from forms.rd_subsidy import post_subsidy
from forms.rd_subsidy.post_subsidy import RdIntensity as RdIntensity
from forms.rd_subsidy.post_subsidy import rd_intensity as rd_intensity

KIND = "rd_subsidy"


class ClaimCategory(Choice):
    MATCHING = "matching", "国家科技重大专项/重点研发计划配套资助"
    PLATFORM = "platform", "国家级创新平台建设支持"
    POSTDOC = "postdoc", "新设博士后科研工作站资助"
    PILOT = "pilot", "产业创新重大中试平台建设"
    CONTINUED_TRANSFER = "continued_transfer", "重大科技成果接续转化"
    OUTSIDE_TRANSFER = "outside_transfer", "区外科技成果落地转化"
    POST_SUBSIDY = post_subsidy.CATEGORY, "企业研发投入后补助"


class NationalProgram(Choice):
    MAJOR_PROJECT = "major_project", "国家科技重大专项"
    KEY_RD = "key_rd", "国家重点研发计划"


class Role(Choice):
    LEAD = "lead", "牵头单位"
    PARTICIPANT = "participant", "参与单位"


class PlatformType(Choice):
    KEY_LAB = "key_lab", "全国重点实验室"
    TECH_INNOVATION = "tech_innovation", "国家技术创新中心"
    MANUFACTURING = "manufacturing", "国家制造业创新中心"
    INDUSTRY_INNOVATION = "industry_innovation", "国家产业创新中心"
    ENGINEERING = "engineering", "国家工程研究中心"
    ENTERPRISE_CENTRE = "enterprise_centre", "国家企业技术中心"
    CLINICAL = "clinical", "国家临床医学研究中心"
    OTHER = "other", "其他国家级创新平台"


class FundUse(Choice):
    RESEARCH = "research", "项目研究开发"
    TRANSFER = "transfer", "成果转移转化"
    PRODUCT = "product", "产品化"
    INDUSTRY = "industry", "产业化"


class PartnerType(Choice):
    UNIVERSITY = "university", "高校"
    INSTITUTE = "institute", "科研院所"


class Source(Choice):
    INSIDE = "inside", "区内"
    OUTSIDE = "outside", "区外"


C = ClaimCategory
NATIONAL = (C.MATCHING, C.PLATFORM)
TRANSFERS = (C.CONTINUED_TRANSFER, C.OUTSIDE_TRANSFER)
PROJECTS = (C.MATCHING, C.PLATFORM, C.PILOT, *TRANSFERS)


class Partner(FormModel):
    name: str | None = text("单位名称", required=True, max_length=60)
    partner_type: PartnerType | None = choice("单位类型", PartnerType, required=True)
    uscc: str | None = uscc_field("统一社会信用代码", help="事业单位法人证书上的 18 位代码，可不填")
    cooperation: str | None = text(
        "合作内容", required=True, max_length=200, help="在中试平台建设中承担的工作，例如共建中试线"
    )


class RdSubsidyApplication(FormModel):
    project_name: str | None = text(
        "项目名称",
        required=True,
        help="与任务书、批准文件或建设方案上的名称一致；博士后工作站填“××公司博士后科研工作站”",
    )
    category: ClaimCategory | None = choice(
        "申领类别", ClaimCategory, required=True, help="每份申领表只填一个类别"
    )
    national_program: NationalProgram | None = choice(
        "国家项目类别", NationalProgram, required=True, when={"category": [C.MATCHING]}
    )
    platform_type: PlatformType | None = choice(
        "国家级创新平台类型", PlatformType, required=True, when={"category": [C.PLATFORM]}
    )
    role: Role | None = choice(
        "本企业承担角色",
        Role,
        required=True,
        when={"category": NATIONAL},
        help="按任务书或平台批复文件填写本企业是牵头单位还是参与单位",
    )
    project_number: str | None = text(
        "项目编号或批准文号",
        required=True,
        max_length=60,
        when={"category": NATIONAL},
        placeholder="例如 2023YFB2504300 或 国科发基〔2024〕12号",
    )
    approving_body: str | None = text(
        "批准单位",
        required=True,
        max_length=60,
        when={"category": NATIONAL},
        help="下达任务书或批复平台的部门，例如“科学技术部”",
    )
    approved_on: date | None = date_field(
        "批准日期", required=True, not_future=True, when={"category": NATIONAL}
    )
    period_start: date | None = date_field(
        "执行期开始日期",
        required=True,
        when={"category": PROJECTS},
        help="任务书、建设方案中的执行期（建设期）起始日",
    )
    period_end: date | None = date_field(
        "执行期结束日期", required=True, after="period_start", when={"category": PROJECTS}
    )
    national_funds_approved: Decimal | None = money(
        "国家专项资金批复总额",
        required=True,
        when={"category": [C.MATCHING]},
        help="任务书中本企业承担部分的中央财政资金总额",
    )
    national_funds: Decimal | None = money(
        "已获国家专项资金",
        required=True,
        when={"category": [C.MATCHING]},
        help="本企业实际到账的中央财政资金，不含自筹和地方配套；配套资助按此核定",
    )
    fund_uses: list[FundUse] = multi_choice(
        "资金用途",
        FundUse,
        required=True,
        when={"category": [C.MATCHING]},
        help="配套资金只能用于以下用途，可多选",
    )
    total_investment: Decimal | None = money(
        "项目总投资", required=True, when={"category": PROJECTS}, help="含各级财政资金和自筹资金"
    )
    postdoc_approved_on: date | None = date_field(
        "博士后科研工作站获批日期", required=True, not_future=True, when={"category": [C.POSTDOC]}
    )
    postdoc_approval_no: str | None = text(
        "博士后科研工作站批准文号",
        required=True,
        max_length=60,
        when={"category": [C.POSTDOC]},
        placeholder="例如 人社部发〔2025〕30号",
    )
    postdocs_enrolled: int | None = integer(
        "在站博士后人数", "人", maximum=1000, when={"category": [C.POSTDOC]}
    )
    pilot_content: str | None = long_text(
        "中试平台建设内容",
        required=True,
        max_length=1500,
        when={"category": [C.PILOT]},
        help="中试方向、中试线和设备、服务对象、建设目标，1500 字以内",
    )
    partners: list[Partner] = rows(
        "合作高校或科研院所",
        required=True,
        max_rows=20,
        when={"category": [C.PILOT]},
        help="联合建设中试平台的高校、科研院所，每家一行",
    )
    achievement_source: Source | None = choice(
        "成果来源",
        Source,
        required=True,
        when={"category": TRANSFERS},
        help=f"成果完成单位在广西壮族自治区内为“{Source.INSIDE.label}”，"
        f"在自治区外为“{Source.OUTSIDE.label}”",
    )
    achievement_owner: str | None = text(
        "成果完成单位", required=True, max_length=100, when={"category": TRANSFERS}
    )
    achievement_reference: str | None = text(
        "成果登记号或专利号",
        max_length=60,
        when={"category": TRANSFERS},
        help="科技成果登记号或核心专利号，可填多个，用顿号分隔",
    )
    rd_year: int | None = integer(
        "上年度（年份）",
        "年",
        minimum=2000,
        maximum=2100,
        required=True,
        when={"category": [C.POST_SUBSIDY]},
        help="研发投入所属的上年度，例如 2025；“前一年度”即其前一年",
    )
    rd_last_year: Decimal | None = money(
        "上年度研发投入",
        required=True,
        when={"category": [C.POST_SUBSIDY]},
        help="与研发费用辅助账、统计年报一致",
    )
    revenue_last_year: Decimal | None = money(
        "上年度营业收入", required=True, when={"category": [C.POST_SUBSIDY]}
    )
    rd_year_before: Decimal | None = money(
        "前一年度研发投入", required=True, when={"category": [C.POST_SUBSIDY]}
    )
    revenue_year_before: Decimal | None = money(
        "前一年度营业收入", required=True, when={"category": [C.POST_SUBSIDY]}
    )
    rd_deduction: Decimal | None = money(
        "研发费用加计扣除额",
        required=True,
        when={"category": [C.POST_SUBSIDY]},
        help="上年度企业所得税年度申报中享受的研发费用加计扣除金额",
    )
    requested_amount: Decimal | None = money("申请资助金额", required=True)
    summary: str | None = long_text(
        "项目简介", required=True, help="研究内容、进展和预期成效，2000 字以内"
    )
    fund_plan: str | None = long_text("资金使用计划", required=True, max_length=1000)


rules = RuleSet()


def _is(*categories: ClaimCategory) -> Callable[[RuleContext], bool]:
    return lambda ctx: ctx.form.category in categories


# --- who may claim: a firm inside a 高新区, cited under each article --------------------------
# These look at the applicant (申报主体), not at a field of this form: hence ``fields=()``.


def _in_zone_rule(rule_id: str, article: str, categories: Sequence[ClaimCategory], what: str):
    @rules.rule(
        rule_id,
        article=article,
        requirement=f"{what}位于广西高新区内",
        fields=(),
        applies=_is(*categories),
    )
    def in_zone(ctx: RuleContext, p: Params) -> Check:
        return applicant_in_zone(ctx, who=what)


def _enterprise_rule(rule_id: str, article: str, categories: Sequence[ClaimCategory], what: str):
    @rules.rule(
        rule_id,
        article=article,
        requirement=f"{what}为企业",
        fields=(),
        applies=_is(*categories),
    )
    def enterprise(ctx: RuleContext, p: Params) -> Check:
        return applicant_is_enterprise(ctx)


# --- history: the firm's other claims, as the store reports them ----------------------------


def _live_claims(ctx: RuleContext, category: ClaimCategory) -> list[PriorClaim]:
    return live_claims(ctx, KIND, category=category)


def _project_key(number: Any) -> str:
    """A project number compared loosely: case and spaces ignored."""
    return "".join(str(number or "").split()).upper()


NOT_CONSULTED = "未查询申报库中本企业的其他申领（当前为离线校验）"


# --- 《若干措施》第（五）条: national project matching ---------------------------------------

_in_zone_rule("rd.matching.in_zone", "national_matching", (C.MATCHING,), "获得国家项目的企业")
_enterprise_rule("rd.matching.enterprise", "national_matching", (C.MATCHING,), "申领主体")


@rules.rule(
    "rd.matching.ratio",
    article="national_matching",
    requirement="按已获（实际到账）国家专项资金 1:{ratio} 给予资助，不按批复总额；同一国家项目的"
    "各次配套申领（含本企业其他在办、已获推荐的申领）合计不超过配套额",
    fields=("requested_amount", "national_funds", "national_funds_approved", "project_number"),
    params={"ratio": "rd.matching_ratio"},
    applies=_is(C.MATCHING),
)
def matching_ratio(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    funds, requested = form.national_funds, form.requested_amount
    if funds is None or requested is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写已获国家专项资金和申请资助金额")
    limit = funds * Decimal(str(p.ratio))
    # 第（五）条 matches the funds received (所获), not the approved total: show both, so the
    # officer sees which figure the match uses.
    basis = f"已获（到账）国家专项资金 {fmt_amount(funds)}（批复总额 {fmt_amount(form.national_funds_approved)}）"
    too_much = (
        f"按已获国家专项资金 {fmt_amount(funds)} 的 1:{fmt_number(p.ratio)} 配套，"
        f"最多可申请 {fmt_amount(limit)}，请调减申请资助金额"
    )
    project = _project_key(form.project_number)
    same = [  # offline, perhaps the same file's other claims: they can only prove a breach
        c
        for c in _live_claims(ctx, C.MATCHING)
        if project and _project_key(c.data.get("project_number")) == project
    ]
    claimed = claimed_total(same)
    if claimed.unreadable:
        return claimed.manual(f"本次 {fmt_amount(requested)} / {basis}")
    total = requested + claimed.total
    if ctx.history.available or same:
        observed = (
            f"本次 {fmt_amount(requested)} + 同一项目已申领 {fmt_amount(claimed.total)} = "
            f"{fmt_amount(total)} / {basis}"
        )
    else:
        observed = f"申请 {fmt_amount(requested)} / {basis}"
    if total <= limit:
        if not ctx.history.available:
            return Check(
                Verdict.MANUAL,
                f"{observed}；申报库中同一项目的其他申领未查询",
                f"{NOT_CONSULTED}，同一国家项目是否已申领过配套须人工核实",
            )
        return Check(Verdict.PASS, observed)
    if not same:
        return Check(Verdict.FAIL, observed, too_much)
    room = max(limit - claimed.total, Decimal(0))
    return Check(
        Verdict.FAIL,
        observed,
        f"项目 {form.project_number} 已申领配套（{claimed.listed()}），与本次合计 "
        f"{fmt_amount(total)}，超过按已获国家专项资金 {fmt_amount(funds)} 的 "
        f"1:{fmt_number(p.ratio)} 配套额 {fmt_amount(limit)}；本次最多可申请 {fmt_amount(room)}，"
        "请调减申请资助金额",
    )


@rules.rule(
    "rd.matching.cap_per_firm",
    article="national_matching",
    requirement="每家企业获配套资助累计不超过 {cap} 万元（含本企业其他在办、已获推荐的申领）",
    fields=("requested_amount",),
    params={"cap": "rd.matching_cap_per_firm"},
    applies=_is(C.MATCHING),
)
def matching_cap_per_firm(ctx: RuleContext, p: Params) -> Check:
    requested = ctx.form.requested_amount
    if requested is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写申请资助金额")
    if requested > p.cap:
        return at_most(requested, p.cap, what="申请资助金额", unit="万元")
    # Offline, the history may still hold the other claims of the same file: those that are
    # known can prove the cap broken; they cannot prove it kept.
    prior = _live_claims(ctx, C.MATCHING)
    if not ctx.history.available and not prior:
        return Check(
            Verdict.MANUAL,
            f"本次 {fmt_amount(requested)}；已申领未查询",
            f"{NOT_CONSULTED}，本企业累计申领金额须人工核实",
        )
    claimed = claimed_total(prior)
    if claimed.unreadable:
        return claimed.manual(f"本次 {fmt_amount(requested)}")
    total = requested + claimed.total
    observed = (
        f"本次 {fmt_amount(requested)} + 已申领 {fmt_amount(claimed.total)} = {fmt_amount(total)}"
    )
    if total > p.cap:
        room = max(p.cap - claimed.total, Decimal(0))
        return Check(
            Verdict.FAIL,
            observed,
            f"本企业配套资助累计 {fmt_amount(total)}，超过每家企业上限 {fmt_amount(p.cap)}"
            f"（已申领：{claimed.listed()}）；本次最多可申请 {fmt_amount(room)}，请调减申请资助金额",
        )
    if not ctx.history.available:
        return Check(
            Verdict.MANUAL,
            f"{observed}（申报库未查询）",
            f"{NOT_CONSULTED}，本企业累计申领金额须人工核实",
        )
    return Check(Verdict.PASS, observed)


@rules.rule(
    "rd.matching.funds_received",
    basis="consistent_figures",
    requirement="已获国家专项资金不超过批复总额",
    fields=("national_funds", "national_funds_approved"),
    applies=_is(C.MATCHING),
)
def funds_received(ctx: RuleContext, p: Params) -> Check:
    return not_more_than(
        ctx.form.national_funds,
        ctx.form.national_funds_approved,
        what="已获国家专项资金",
        other_what="国家专项资金批复总额",
        fix="请核对到账凭证和任务书，只填本企业实际到账的中央财政资金",
    )


rules.manual(
    "rd.matching.documents",
    article="national_matching",
    requirement="国家项目任务书（立项文件）、资金到账凭证真实有效，与所填项目一致",
    fields=("project_number", "approving_body", "approved_on", "national_funds"),
    applies=_is(C.MATCHING),
    observe=lambda c: entered(
        c.form.national_program,
        c.form.project_number,
        c.form.approving_body,
        c.form.approved_on,
        f"到账 {fmt_amount(c.form.national_funds)}",
    ),
)


# --- 《若干措施》第（六）条: national innovation platforms led by a zone firm -----------------

_in_zone_rule("rd.platform.in_zone", "national_platform", (C.PLATFORM,), "牵头企业")
_enterprise_rule("rd.platform.enterprise", "national_platform", (C.PLATFORM,), "牵头单位")


@rules.rule(
    "rd.platform.lead",
    article="national_platform",
    requirement="国家级创新平台由本企业牵头获批建设",
    fields=("role",),
    applies=_is(C.PLATFORM),
)
def platform_lead(ctx: RuleContext, p: Params) -> Check:
    role = ctx.form.role
    if role is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择本企业承担角色")
    if role is Role.LEAD:
        return Check(Verdict.PASS, role.label)
    return Check(
        Verdict.FAIL,
        role.label,
        f"本条支持高新区企业牵头获批的国家级创新平台；本企业为{Role.PARTICIPANT.label}的，"
        "应由牵头企业申领",
    )


@rules.rule(
    "rd.platform.support",
    article="national_platform",
    requirement="给予不低于 {floor} 万元资金支持，具体金额由主管部门核定",
    severity=Severity.MANUAL,
    fields=("requested_amount",),
    params={"floor": "rd.platform_support_min"},
    applies=_is(C.PLATFORM),
)
def platform_support(ctx: RuleContext, p: Params) -> Check:
    requested = ctx.form.requested_amount
    if requested is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写申请资助金额")
    return Check(
        Verdict.MANUAL,
        f"申请 {fmt_amount(requested)}；措施所定支持不低于 {fmt_amount(p.floor)}",
    )


rules.manual(
    "rd.platform.documents",
    article="national_platform",
    requirement="国家级创新平台批复文件真实有效，平台依托本企业建设",
    fields=("platform_type", "project_number", "approving_body", "approved_on"),
    applies=_is(C.PLATFORM),
    observe=lambda c: entered(
        c.form.platform_type, c.form.project_number, c.form.approving_body, c.form.approved_on
    ),
)


# --- 《若干措施》第（七）条: new postdoctoral research station, once per firm ----------------

_in_zone_rule("rd.postdoc.in_zone", "postdoc_station", (C.POSTDOC,), "设站企业")
_enterprise_rule("rd.postdoc.enterprise", "postdoc_station", (C.POSTDOC,), "设站单位")


@rules.rule(
    "rd.postdoc.grant",
    article="postdoc_station",
    requirement="新设博士后科研工作站一次性资助 {grant} 万元",
    fields=("requested_amount",),
    params={"grant": "rd.postdoc_station_grant"},
    applies=_is(C.POSTDOC),
)
def postdoc_grant(ctx: RuleContext, p: Params) -> Check:
    # 「给予30万元一次性经费资助」: a fixed sum (the text says 最高 or 不超过 everywhere else), so
    # a request either way of the catalogue's figure is wrong, not merely one above it.
    requested = ctx.form.requested_amount
    if requested is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写申请资助金额")
    observed = fmt_amount(requested)
    if requested != p.grant:
        side = "超过" if requested > p.grant else "低于"
        return Check(
            Verdict.FAIL,
            f"{observed}（定额 {fmt_amount(p.grant)}）",
            f"新设博士后科研工作站为定额资助 {fmt_amount(p.grant)}，申请资助金额为 {observed}，"
            f"{side}定额，请改为 {fmt_amount(p.grant)}",
        )
    return Check(Verdict.PASS, observed)


@rules.rule(
    "rd.postdoc.once",
    article="postdoc_station",
    requirement="每家企业只资助一次（本企业无其他在办或已获推荐的工作站资助申领）",
    fields=("category",),
    applies=_is(C.POSTDOC),
)
def postdoc_once(ctx: RuleContext, p: Params) -> Check:
    prior = _live_claims(ctx, C.POSTDOC)  # offline, perhaps the same file's other claims
    if not prior and not ctx.history.available:
        return Check(Verdict.MANUAL, "未查询", f"{NOT_CONSULTED}，是否已获资助须人工核实")
    if prior:
        listed = "、".join(f"{claim_label(c)}（{claim_status(c)}）" for c in prior)
        return Check(
            Verdict.FAIL,
            f"已有申领 {listed}",
            f"博士后科研工作站资助每家企业只给一次，本企业已有申领 {listed}，不能重复申领",
        )
    return Check(Verdict.PASS, "本企业无其他工作站资助申领")


rules.manual(
    "rd.postdoc.new_station",
    article="postdoc_station",
    requirement="工作站属新设立，批准文件真实有效",
    fields=("postdoc_approved_on", "postdoc_approval_no"),
    applies=_is(C.POSTDOC),
    observe=lambda c: entered(c.form.postdoc_approval_no, c.form.postdoc_approved_on),
)


# --- 《若干措施》第（八）条: pilot platforms and transfer of results ------------------------

_in_zone_rule(
    "rd.pilot_transfer.in_zone",
    "pilot_and_transfer",
    (C.PILOT, *TRANSFERS),
    "中试平台或转化项目承担单位",
)
_enterprise_rule("rd.pilot.enterprise", "pilot_and_transfer", (C.PILOT,), "中试平台牵头单位")


rules.cap(
    "rd.pilot.cap",
    article="pilot_and_transfer",
    requirement="产业创新重大中试平台项目经费支持不超过 {cap} 万元",
    cap="rd.pilot_platform_cap",
    applies=_is(C.PILOT),
)


@rules.rule(
    "rd.pilot.partners",
    article="pilot_and_transfer",
    requirement="中试平台联合高校或科研院所建设",
    fields=("partners",),
    applies=_is(C.PILOT),
)
def pilot_partners(ctx: RuleContext, p: Params) -> Check:
    partners = ctx.form.partners
    typed = [r for r in partners if r.partner_type is not None]
    if partners and not typed:
        kinds = "或".join(t.label for t in PartnerType)
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写合作单位的单位类型（{kinds}）")
    if not typed:
        return Check(
            Verdict.FAIL,
            "无合作单位",
            f"中试平台须联合高校或科研院所建设：请在“{ctx.label('partners')}”中至少填写一家",
        )
    names = "、".join(f"{r.name or '未填名称'}（{r.partner_type.label}）" for r in typed)
    return Check(Verdict.PASS, f"{len(typed)} 家：{names}")


# The profile's qualification flags an officer weighs for 龙头企业, most telling first.
QUALIFICATIONS = ("is_high_tech_enterprise", "is_above_scale", "is_gazelle", "is_tech_sme")


def _qualifications(ctx: RuleContext) -> str:
    a = ctx.applicant
    until = getattr(a, "hte_valid_until", None)
    held = []
    for name in QUALIFICATIONS:
        if not getattr(a, name, False):
            continue
        label = ApplicantProfile.model_fields[name].title or name
        if name == "is_high_tech_enterprise" and until is not None and until < ctx.today:
            label += f"（证书已于 {until.isoformat()} 到期）"
        held.append(label)
    return "、".join(held) or "未勾选企业资质"


rules.manual(
    "rd.pilot.leading_firm",
    article="pilot_and_transfer",
    requirement="牵头企业为高新区龙头企业",
    fields=(),
    applies=_is(C.PILOT),
    observe=_qualifications,
)


@rules.rule(
    "rd.pilot.high_tech_certificate",
    article="pilot_and_transfer",
    requirement="勾选高新技术企业的，高新技术企业证书在有效期内（龙头企业资质的依据之一）",
    severity=Severity.WARNING,
    fields=(),
    applies=lambda c: _is(C.PILOT)(c) and ticks_high_tech(c),
)
def pilot_high_tech_certificate(ctx: RuleContext, p: Params) -> Check:
    return high_tech_certificate_current(ctx)


rules.cap(
    "rd.transfer.cap",
    article="pilot_and_transfer",
    requirement="重大科技成果接续转化、区外科技成果落地转化项目经费支持不超过 {cap} 万元",
    cap="rd.transfer_cap",
    applies=_is(*TRANSFERS),
)


@rules.rule(
    "rd.transfer.outside_source",
    article="pilot_and_transfer",
    requirement="落地转化的科技成果来自广西区外",
    fields=("achievement_source",),
    applies=_is(C.OUTSIDE_TRANSFER),
)
def outside_source(ctx: RuleContext, p: Params) -> Check:
    source = ctx.form.achievement_source
    if source is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择成果来源")
    observed = entered(source, ctx.form.achievement_owner)
    if source is Source.OUTSIDE:
        return Check(Verdict.PASS, observed)
    return Check(
        Verdict.FAIL,
        observed,
        f"“{C.OUTSIDE_TRANSFER.label}”限广西区外完成的成果；{Source.INSIDE.label}成果请改选"
        f"“{C.CONTINUED_TRANSFER.label}”",
    )


@rules.rule(
    "rd.pilot_transfer.within_investment",
    basis="consistent_figures",
    requirement="申请资助金额不超过项目总投资",
    fields=("requested_amount", "total_investment"),
    applies=_is(C.MATCHING, C.PILOT, *TRANSFERS),  # the articles that fund a project
)
def within_investment(ctx: RuleContext, p: Params) -> Check:
    return not_more_than(
        ctx.form.requested_amount,
        ctx.form.total_investment,
        what="申请资助金额",
        other_what="项目总投资",
        fix="请核对两项金额；总投资应含财政资金和自筹资金",
    )


rules.manual(
    "rd.transfer.major_result",
    article="pilot_and_transfer",
    requirement="属重大科技成果，权属清晰，成果完成单位同意在高新区转化",
    fields=("achievement_owner", "achievement_reference"),
    applies=_is(*TRANSFERS),
    observe=lambda c: entered(
        c.form.achievement_source, c.form.achievement_owner, c.form.achievement_reference
    ),
)


# --- grants the store cannot see, for every cross-claim cap above ----------------------------

rules.unseen_grants(
    "rd.matching.ratio.unseen",
    article="national_matching",
    what="同一国家项目的配套资助合计不超过配套额",
    fields=("project_number",),
    applies=_is(C.MATCHING),
)
rules.unseen_grants(
    "rd.matching.cap_per_firm.unseen",
    article="national_matching",
    what="每家企业获配套资助累计不超过上限",
    fields=("requested_amount",),
    applies=_is(C.MATCHING),
)
rules.unseen_grants(
    "rd.postdoc.once.unseen",
    article="postdoc_station",
    what="博士后科研工作站资助每家企业只给一次",
    fields=("category",),
    applies=_is(C.POSTDOC),
)


# --- 《双创行动计划》第3项: R&D post-subsidy by intensity and growth -------------------------

_enterprise_rule("rd.post_subsidy.enterprise", "rd_post_subsidy", (C.POST_SUBSIDY,), "申领主体")
rules.extend(post_subsidy.rules)  # intensity, bands, plausibility, year, documents


# --- 申报材料 ---------------------------------------------------------------------------------

MATERIALS = (
    LICENCE,
    material(
        "task_book",
        "国家项目任务书或立项文件",
        article(
            "national_matching",
            "对高新区内获得国家科技重大专项和重点研发计划项目的企业",
        ),
        help="项目任务书（含本企业承担部分的中央财政资金预算）或立项通知，编号与“项目编号”一致",
        when={"category": [C.MATCHING]},
        sealed=True,
    ),
    material(
        "funds_receipt",
        "国家专项资金到账凭证",
        article(
            "national_matching",
            "按照所获国家专项支持资金的1:{ratio}给予资助",
            ratio="rd.matching_ratio",
        ),
        help="中央财政资金到账的银行进账单或拨款通知，合计与“已获国家专项资金”一致",
        when={"category": [C.MATCHING]},
        max_files=20,
    ),
    material(
        "platform_approval",
        "国家级创新平台批复文件",
        article("national_platform", "对高新区企业牵头获批建设的国家级创新平台"),
        help="国家部委批准建设（认定）平台的文件，载明本企业为牵头单位",
        when={"category": [C.PLATFORM]},
        sealed=True,
    ),
    material(
        "postdoc_approval",
        "博士后科研工作站设站批准文件",
        article(
            "postdoc_station",
            "对企业新设博士后科研工作站给予{grant}万元一次性经费资助",
            grant="rd.postdoc_station_grant",
        ),
        help="人力资源社会保障部门批准设立工作站的文件，文号与“批准文号”一致",
        when={"category": [C.POSTDOC]},
        sealed=True,
    ),
    material(
        "pilot_agreement",
        "与高校、科研院所的合作协议",
        article(
            "pilot_and_transfer", "支持高新区龙头企业联合高校、科研院所建设产业创新重大中试平台"
        ),
        help="与“合作高校或科研院所”所列各单位签订的共建协议，每家一份",
        when={"category": [C.PILOT]},
        sealed=True,
        max_files=20,
    ),
    material(
        "achievement_proof",
        "科技成果证明",
        article(
            "pilot_and_transfer",
            "支持一批重大科技成果在高新区开展接续转化应用示范，推动一批区外重大科技成果到高新区落地转化",
        ),
        help="科技成果登记证书、专利证书或成果评价报告",
        when={"category": TRANSFERS},
        max_files=10,
    ),
    material(
        "transfer_agreement",
        "成果转化协议或成果完成单位同意转化的证明",
        requirement("核实成果权属清晰、成果完成单位同意在高新区转化（见自查表人工核实项）"),
        help="技术转让、许可或合作转化协议，或成果完成单位出具的同意书",
        when={"category": TRANSFERS},
        sealed=True,
    ),
    material(
        "project_plan",
        "项目实施（建设）方案",
        requirement("核实项目总投资、执行期和资金用途（见自查表）"),
        help="建设或实施内容、进度安排、总投资及资金来源",
        when={"category": [C.PLATFORM, C.PILOT, *TRANSFERS]},
        types=WRITTEN,
        sealed=True,
    ),
    material(
        "rd_audit",
        "上年度研发费用专项审计报告",
        article(
            "rd_post_subsidy", "按照企业上年度研发投入强度及增量增幅，采取事后奖补、分档补助的方式"
        ),
        help="会计师事务所出具的研发费用专项审计（鉴证）报告",
        when={"category": [C.POST_SUBSIDY]},
    ),
    material(
        "financial_audit",
        "近两年度财务审计报告",
        requirement("核实上年度和前一年度的营业收入（研发投入强度的分母）"),
        when={"category": [C.POST_SUBSIDY]},
        max_files=4,
    ),
    material(
        "tax_deduction",
        "企业所得税年度纳税申报表（研发费用加计扣除优惠明细表）",
        article("rd_post_subsidy", "落实研发费用加计扣除政策"),
        help="上年度汇算清缴申报表及《研发费用加计扣除优惠明细表》（A107012）",
        when={"category": [C.POST_SUBSIDY]},
    ),
)

FORM = FormDefinition(
    kind=KIND,
    # The categories with an ``_enterprise_rule`` are for 企业; the two transfers for any
    # 承担单位 in a 高新区.
    eligibility=FormEligibility(
        f"{ENTERPRISE_CLAIMS.who}（成果转化两类：高新区内的项目承担单位）",
        tuple((c.label, ANYONE if c in TRANSFERS else ENTERPRISE_CLAIMS) for c in ClaimCategory),
    ),
    version=2,  # 2: choices stored as codes (1 stored their labels)
    value_map=ValueMap(v1.RD_SUBSIDY),
    order=40,
    title="研发补助申领表",
    description="国家项目配套、国家级创新平台、博士后科研工作站、中试平台、成果转化及研发投入后补助",
    model=RdSubsidyApplication,
    title_field="project_name",
    amount_field="requested_amount",
    sections=(
        Section("申领事项", ("project_name", "category")),
        Section(
            "国家项目或平台批准情况",
            (
                "national_program",
                "platform_type",
                "role",
                "project_number",
                "approving_body",
                "approved_on",
            ),
            help="国家项目配套、国家级创新平台填写",
        ),
        Section(
            "执行期与资金",
            (
                "period_start",
                "period_end",
                "national_funds_approved",
                "national_funds",
                "fund_uses",
                "total_investment",
            ),
        ),
        Section(
            "博士后科研工作站",
            ("postdoc_approved_on", "postdoc_approval_no", "postdocs_enrolled"),
        ),
        Section("中试平台", ("pilot_content", "partners")),
        Section(
            "科技成果转化", ("achievement_source", "achievement_owner", "achievement_reference")
        ),
        Section(
            "研发投入（后补助）",
            (
                "rd_year",
                "rd_last_year",
                "revenue_last_year",
                "rd_year_before",
                "revenue_year_before",
                "rd_deduction",
            ),
            help="金额以审计报告和研发费用辅助账为准，单位万元",
        ),
        Section("申请金额与用途", ("requested_amount", "summary", "fund_plan")),
    ),
    rules=rules,
    materials=MATERIALS,
)
