"""科技企业孵化器认定/后补助申请表 — 《若干措施》第（十）条."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from forms import _v1_values as v1
from forms.applicant import LICENCE
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
    percent,
    quantity,
    text,
)
from forms.core.materials import TABLES, article, material, requirement
from forms.core.rules import (
    Check,
    Params,
    RuleContext,
    RuleSet,
    Severity,
    Verdict,
    applicant_in_zone,
    at_least,
    at_most,
    entered,
    field_share_at_least,
    fmt_amount,
    not_more_than,
    ratio_inputs,
)
from forms.core.versions import ValueMap


class RequestType(Choice):
    NATIONAL = "national", "国家级孵化器创建成功后补助"
    REGIONAL = "regional", "自治区级孵化器创建成功后补助"
    EXCELLENT = "excellent", "绩效评价优秀后补助"


class Level(Choice):
    NONE = "none", "尚未认定"
    REGIONAL = "regional", "自治区级"
    NATIONAL = "national", "国家级"


class IncubatorType(Choice):
    GENERAL = "general", "综合型"
    SPECIALISED = "specialised", "专业型"


class Grade(Choice):
    EXCELLENT = "excellent", "优秀"
    GOOD = "good", "良好"
    PASS = "pass", "合格"
    FAIL = "fail", "不合格"


class IncubatorApplication(FormModel):
    carrier_name: str | None = text("孵化载体名称", required=True, help="与认定文件上的名称一致")
    request_type: RequestType | None = choice("申请类别", RequestType, required=True)
    incubator_type: IncubatorType | None = choice(
        "孵化器类型", IncubatorType, required=True, help="专业型孵化器聚焦同一产业领域"
    )
    focus_industry: str | None = text(
        "专业孵化领域",
        max_length=50,
        required=True,
        when={"incubator_type": [IncubatorType.SPECIALISED]},
        help="专业型孵化器聚焦的产业领域，例如“生物医药”",
    )
    certified_level: Level | None = choice("现认定级别", Level, required=True)
    certified_on: date | None = date_field(
        "认定日期",
        not_future=True,
        required=True,
        when={"certified_level": [Level.REGIONAL, Level.NATIONAL]},
    )
    certification_document: str | None = text(
        "认定文件文号",
        max_length=60,
        required=True,
        when={"certified_level": [Level.REGIONAL, Level.NATIONAL]},
        placeholder="例如 国科火字〔2024〕123号",
    )
    evaluation_year: int | None = integer(
        "最近绩效评价年度",
        "年",
        minimum=2000,
        maximum=2100,
        required=True,
        when={"request_type": [RequestType.EXCELLENT]},
    )
    evaluation_grade: Grade | None = choice(
        "绩效评价等次", Grade, required=True, when={"request_type": [RequestType.EXCELLENT]}
    )
    operator_founded_on: date | None = date_field(
        "运营机构成立日期", required=True, not_future=True, help="孵化器运营主体的登记成立日期"
    )
    statistics_years: int | None = integer(
        "连续报送完整统计数据年数", "年", maximum=100, help="向科技部门连续报送火炬统计年报的年数"
    )
    total_area: Decimal | None = quantity(
        "可自主支配孵化场地面积", "㎡", required=True, help="孵化器运营机构可自主支配的场地"
    )
    tenant_area: Decimal | None = quantity(
        "在孵企业使用面积", "㎡", required=True, help="在孵企业使用的场地，含公共服务场地"
    )
    tenant_count: int | None = integer("在孵企业数", "家", required=True)
    tenants_with_patent_applications: int | None = integer(
        "已申请专利的在孵企业数", "家", help="已提交专利申请（含已授权）的在孵企业"
    )
    tenants_with_valid_ip: int | None = integer(
        "拥有有效知识产权的在孵企业数",
        "家",
        help="拥有有效的专利、软件著作权、集成电路布图设计等知识产权的在孵企业",
    )
    # The form before 第八条's two figures were told apart asked for one merged count; kept so
    # that what was stored, submitted and printed still reads as it was. Not used by the rules.
    tenants_with_ip: int | None = integer(
        "申请专利或拥有有效知识产权的在孵企业数",
        "家",
        help="旧版表单的合并填报数，仅供参考；新填报请分别填写上面两项，本项可不填",
    )
    tenants_financed: int | None = integer("获得投融资的在孵企业数", "家")
    tenants_in_focus_industry: int | None = integer(
        "属于专业孵化领域的在孵企业数", "家", when={"incubator_type": [IncubatorType.SPECIALISED]}
    )
    graduated_count: int | None = integer("累计毕业企业数", "家")
    seed_fund: Decimal | None = money("自有种子资金或合作孵化资金规模")
    fund_use_cases: int | None = integer("孵化资金使用案例数", "个")
    staff_total: int | None = integer("管理服务人员总数", "人", required=True)
    staff_professional: int | None = integer(
        "专业孵化服务人员数",
        "人",
        required=True,
        help="具有创业、投融资、企业管理等经验并经培训的人员",
    )
    mentor_count: int | None = integer("创业导师人数", "人")
    requested_amount: Decimal | None = money("申请后补助金额", required=True)
    self_reported_occupancy: Decimal | None = percent(
        "场地出租率", help="统计年末在孵企业已使用面积占可出租面积的比例，仅供参考"
    )
    achievements: str | None = long_text(
        "孵化服务成效",
        required=True,
        help="近年孵化服务、投融资、毕业企业等主要成效，2000 字以内",
    )
    fund_plan: str | None = long_text("补助资金使用计划", required=True, max_length=1000)


rules = RuleSet()


def _is(ctx: RuleContext, request: RequestType) -> bool:
    return ctx.form.request_type == request


def _national(ctx: RuleContext) -> bool:
    return _is(ctx, RequestType.NATIONAL)


def _general_national(ctx: RuleContext) -> bool:
    return _national(ctx) and ctx.form.incubator_type != IncubatorType.SPECIALISED


@rules.rule(
    "incubator.in_zone",
    article="incubator",
    requirement="孵化载体位于广西高新区内",
    fields=(),  # checks the applicant (申报主体), not a field of this form
)
def in_zone(ctx: RuleContext, p: Params) -> Check:
    return applicant_in_zone(ctx, who="孵化载体")


rules.cap(
    "incubator.cap.national",
    article="incubator",
    requirement="国家级孵化器创建成功后补助不超过 {cap} 万元",
    cap="incubator.national_cap",
    applies=lambda c: _is(c, RequestType.NATIONAL),
)


rules.cap(
    "incubator.cap.regional",
    article="incubator",
    requirement="自治区级孵化器创建成功后补助不超过 {cap} 万元",
    cap="incubator.regional_cap",
    applies=lambda c: _is(c, RequestType.REGIONAL),
)


@rules.rule(
    "incubator.cap.excellent",
    article="incubator",
    requirement="绩效评价优秀后补助为 {low}—{high} 万元",
    fields=("requested_amount",),
    params={"low": "incubator.excellent_min", "high": "incubator.excellent_max"},
    applies=lambda c: _is(c, RequestType.EXCELLENT),
)
def cap_excellent(ctx: RuleContext, p: Params) -> Check:
    amount = ctx.form.requested_amount
    low = at_least(amount, p.low, what="申请后补助金额", unit="万元")
    return (
        low
        if low.verdict is not Verdict.PASS
        else at_most(amount, p.high, what="申请后补助金额", unit="万元")
    )


REQUIRED_LEVEL = {
    RequestType.NATIONAL: (Level.NATIONAL,),
    RequestType.REGIONAL: (Level.REGIONAL,),
    RequestType.EXCELLENT: (Level.REGIONAL, Level.NATIONAL),
}


@rules.rule(
    "incubator.level",
    article="incubator",
    requirement="现认定级别与申请类别相符（优秀后补助限自治区级及以上）",
    fields=("certified_level", "request_type"),
)
def level_matches(ctx: RuleContext, p: Params) -> Check:
    request, level = ctx.form.request_type, ctx.form.certified_level
    if request is None or level is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择申请类别和现认定级别")
    allowed = REQUIRED_LEVEL[request]
    if level in allowed:
        return Check(Verdict.PASS, level.label)
    need = "或".join(a.label for a in allowed)
    return Check(
        Verdict.FAIL,
        level.label,
        f"申请“{request.label}”须已认定为{need}孵化器，现为“{level.label}”，请改选申请类别",
    )


@rules.rule(
    "incubator.excellent.grade",
    article="incubator",
    requirement="最近一次绩效评价等次为“优秀”",
    fields=("evaluation_grade",),
    applies=lambda c: _is(c, RequestType.EXCELLENT),
)
def grade_excellent(ctx: RuleContext, p: Params) -> Check:
    grade = ctx.form.evaluation_grade
    if grade is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写绩效评价等次")
    if grade is Grade.EXCELLENT:
        return Check(Verdict.PASS, grade.label)
    return Check(
        Verdict.FAIL,
        grade.label,
        f"绩效评价等次为“{grade.label}”，仅“{Grade.EXCELLENT.label}”等次可申请本项后补助",
    )


@rules.rule(
    "incubator.excellent.evaluation_year",
    article="incubator",
    requirement="绩效评价为已完成的近期评价：评价年度不晚于当年，且不早于当年之前 {years} 年",
    fields=("evaluation_year",),
    params={"years": "incubator.evaluation_max_age_years"},
    applies=lambda c: _is(c, RequestType.EXCELLENT),
)
def evaluation_year(ctx: RuleContext, p: Params) -> Check:
    year = ctx.form.evaluation_year
    if year is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写最近绩效评价年度")
    observed = f"{year} 年"
    this_year = ctx.today.year
    if year > this_year:
        return Check(
            Verdict.FAIL,
            observed,
            f"最近绩效评价年度为 {year} 年，晚于今年（{this_year} 年），评价尚未进行；"
            "请填写已公布结果的最近一次评价的年度",
        )
    oldest = this_year - p.years
    if year < oldest:
        return Check(
            Verdict.FAIL,
            observed,
            f"最近绩效评价年度为 {year} 年，早于 {oldest} 年，不是近期评价；"
            f"请填写 {oldest} 年以来最近一次评价的年度和等次",
        )
    return Check(Verdict.PASS, observed)


rules.manual(
    "incubator.newly_certified",
    article="incubator",
    requirement="属本轮新认定（创建成功）的孵化器，认定文件真实有效",
    fields=("certified_on", "certification_document"),
    applies=lambda c: not _is(c, RequestType.EXCELLENT),
    observe=lambda c: entered(c.form.certification_document, c.form.certified_on),
)


rules.manual(
    "incubator.operator",
    article="incubator",
    requirement="申报单位为该认定孵化载体的运营机构（与认定文件所列运营主体一致）",
    fields=("carrier_name", "certification_document"),
    observe=lambda c: "、".join(
        filter(
            None,
            [
                f"申报单位：{getattr(c.applicant, 'name', None) or '未填写'}",
                f"孵化载体：{c.form.carrier_name or '未填写'}",
                c.form.certification_document,
            ],
        )
    ),
)


# --- the form's own figures agree with each other (填报要求) ---------------------------------


@rules.rule(
    "incubator.tenant_area.within_total",
    basis="consistent_figures",
    requirement="在孵企业使用面积不超过可自主支配孵化场地面积",
    fields=("tenant_area", "total_area"),
)
def tenant_area_within_total(ctx: RuleContext, p: Params) -> Check:
    return not_more_than(
        ctx.form.tenant_area,
        ctx.form.total_area,
        what="在孵企业使用面积",
        other_what="可自主支配孵化场地面积",
        unit="㎡",
        fix="在孵企业使用的场地是可自主支配场地的一部分，请核对两项面积",
    )


@rules.rule(
    "incubator.staff.within_total",
    basis="consistent_figures",
    requirement="专业孵化服务人员数不超过管理服务人员总数",
    fields=("staff_professional", "staff_total"),
)
def staff_within_total(ctx: RuleContext, p: Params) -> Check:
    return not_more_than(
        ctx.form.staff_professional,
        ctx.form.staff_total,
        what="专业孵化服务人员数",
        other_what="管理服务人员总数",
        unit="人",
        fix="专业孵化服务人员是管理服务人员的一部分，请核对两项人数",
    )


@rules.rule(
    "incubator.certified_after_founding",
    basis="consistent_figures",
    requirement="认定日期不早于运营机构成立日期",
    fields=("certified_on", "operator_founded_on"),
    applies=lambda c: c.form.certified_on is not None,
)
def certified_after_founding(ctx: RuleContext, p: Params) -> Check:
    certified, founded = ctx.form.certified_on, ctx.form.operator_founded_on
    if founded is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写运营机构成立日期")
    observed = f"认定 {certified.isoformat()} / 成立 {founded.isoformat()}"
    if certified < founded:
        return Check(
            Verdict.FAIL,
            observed,
            f"认定日期 {certified.isoformat()} 早于运营机构成立日期 {founded.isoformat()}："
            "孵化器须由已成立的运营机构申请认定，请核对两处日期",
        )
    return Check(Verdict.PASS, observed)


# --- national certification criteria (warnings: the ministry certifies, we only flag) -------


def _specialised_national(ctx: RuleContext) -> bool:
    return _national(ctx) and ctx.form.incubator_type == IncubatorType.SPECIALISED


def _criterion(
    rule_id: str,
    requirement: str,
    fields: tuple[str, ...],
    params: dict[str, str],
    applies: Callable[[RuleContext], bool] = _national,
):
    return rules.rule(
        rule_id,
        article="incubator_criteria",
        requirement=requirement,
        severity=Severity.WARNING,
        fields=fields,
        params=params,
        applies=applies,
    )


def _years_between(start: date, end: date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


@_criterion(
    "incubator.national.operating_years",
    "运营机构成立满 {years} 年",
    ("operator_founded_on",),
    {"years": "incubator.national_criteria.min_operating_years"},
)
def operating_years(ctx: RuleContext, p: Params) -> Check:
    founded = ctx.form.operator_founded_on
    if founded is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写运营机构成立日期")
    return at_least(_years_between(founded, ctx.today), p.years, what="运营年限", unit="年")


@_criterion(
    "incubator.national.statistics_years",
    "连续 {years} 年以上报送完整统计数据",
    ("statistics_years",),
    {"years": "incubator.national_criteria.min_stat_years"},
)
def statistics_years(ctx: RuleContext, p: Params) -> Check:
    return at_least(ctx.form.statistics_years, p.years, what="连续报送统计数据年数", unit="年")


@_criterion(
    "incubator.national.area",
    "可自主支配孵化场地面积不低于 {area} ㎡（综合型）",
    ("total_area",),
    {"area": "incubator.national_criteria.min_area_sqm"},
)
def area(ctx: RuleContext, p: Params) -> Check:
    if not _general_national(ctx):
        return _specialised_manual(ctx.form.total_area, "㎡")
    return at_least(ctx.form.total_area, p.area, what="孵化场地面积", unit="㎡")


@_criterion(
    "incubator.national.tenant_area_share",
    "在孵企业使用面积（含公共服务场地）占比不低于 {share}%",
    ("tenant_area", "total_area"),
    {"share": "incubator.national_criteria.min_tenant_area_percent"},
)
def tenant_area_share(ctx: RuleContext, p: Params) -> Check:
    return field_share_at_least(
        ctx,
        "tenant_area",
        "total_area",
        p.share,
        unit="㎡",
        what="在孵企业使用面积占比",
    )


@_criterion(
    "incubator.national.seed_fund",
    "自有种子资金或合作孵化资金不低于 {fund} 万元",
    ("seed_fund",),
    {"fund": "incubator.national_criteria.min_seed_fund"},
)
def seed_fund(ctx: RuleContext, p: Params) -> Check:
    return at_least(ctx.form.seed_fund, p.fund, what="孵化资金规模", unit="万元")


@_criterion(
    "incubator.national.financed_share",
    "获得投融资的在孵企业占比不低于 {share}%，且孵化资金使用案例不少于 {cases} 个",
    ("tenants_financed", "tenant_count", "fund_use_cases"),
    {
        "share": "incubator.national_criteria.min_financed_percent",
        "cases": "incubator.national_criteria.min_fund_use_cases",
    },
)
def financed_share(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    first = field_share_at_least(
        ctx,
        "tenants_financed",
        "tenant_count",
        p.share,
        unit="家",
        what="获投融资在孵企业占比",
    )
    if first.verdict is not Verdict.PASS:
        return first
    second = at_least(form.fund_use_cases, p.cases, what="孵化资金使用案例数", unit="个")
    if second.verdict is not Verdict.PASS:
        return second
    return Check(Verdict.PASS, f"{first.observed}；{second.observed}")


@_criterion(
    "incubator.national.professional_staff",
    "专业孵化服务人员占管理服务人员总数不低于 {share}%",
    ("staff_professional", "staff_total"),
    {"share": "incubator.national_criteria.min_professional_staff_percent"},
)
def professional_staff(ctx: RuleContext, p: Params) -> Check:
    return field_share_at_least(
        ctx,
        "staff_professional",
        "staff_total",
        p.share,
        unit="人",
        what="专业孵化服务人员占比",
    )


@_criterion(
    "incubator.national.staff_and_mentors",
    "每 {per_staff} 家在孵企业至少配备 1 名专业孵化服务人员，每 {per_mentor} 家至少配备 1 名创业导师",
    ("staff_professional", "mentor_count", "tenant_count"),
    {
        "per_staff": "incubator.national_criteria.tenants_per_staff",
        "per_mentor": "incubator.national_criteria.tenants_per_mentor",
    },
)
def staff_and_mentors(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    tenants, staff, mentors = form.tenant_count, form.staff_professional, form.mentor_count
    if tenants is None or staff is None or mentors is None:
        return Check(
            Verdict.INCOMPLETE, "未填写", "请填写在孵企业数、专业孵化服务人员数和创业导师人数"
        )
    need_staff = -(-tenants // p.per_staff)
    need_mentors = -(-tenants // p.per_mentor)
    observed = f"在孵 {tenants} 家；服务人员 {staff} 人，导师 {mentors} 人"
    if staff < need_staff or mentors < need_mentors:
        return Check(
            Verdict.FAIL,
            observed,
            f"{tenants} 家在孵企业至少需专业孵化服务人员 {need_staff} 人、创业导师 {need_mentors} 人",
        )
    return Check(Verdict.PASS, observed)


IP_FIGURE = {
    "tenants_with_patent_applications": "已申请专利",
    "tenants_with_valid_ip": "有效知识产权",
}


def _share_of(ctx: RuleContext, name: str) -> str:
    return ctx.label(name).removesuffix("数") + "占比"


@_criterion(
    "incubator.national.ip_share",
    "已申请专利的在孵企业占比不低于 {patents}%，或拥有有效知识产权的在孵企业占比不低于 {valid}%"
    "（满足其一即可）",
    ("tenants_with_patent_applications", "tenants_with_valid_ip", "tenant_count"),
    {
        "patents": "incubator.national_criteria.min_patent_applicant_percent",
        "valid": "incubator.national_criteria.min_valid_ip_percent",
    },
)
def ip_share(ctx: RuleContext, p: Params) -> Check:
    # 第八条 gives two figures, either of which satisfies: each share is judged on its own.
    form = ctx.form
    figures = (("tenants_with_patent_applications", p.patents), ("tenants_with_valid_ip", p.valid))
    if all(getattr(form, name) is None for name, _ in figures):
        if form.tenants_with_ip is not None:
            return Check(
                Verdict.INCOMPLETE,
                f"旧版合并填报 {fmt_amount(form.tenants_with_ip, '家')}",
                "请分别填写已申请专利的在孵企业数和拥有有效知识产权的在孵企业数"
                "（两项比例分别判断，满足其一即可）",
            )
        return Check(
            Verdict.INCOMPLETE,
            "未填写",
            "请填写已申请专利的在孵企业数或拥有有效知识产权的在孵企业数",
        )
    present = [(name, floor) for name, floor in figures if getattr(form, name) is not None]
    for name, _ in present:  # a part larger than its whole, a whole of 0 or none
        problem = ratio_inputs(
            getattr(form, name),
            form.tenant_count,
            part_label=ctx.label(name),
            whole_label=ctx.label("tenant_count"),
            unit="家",
        )
        if problem is not None:
            return problem
    checks = [
        field_share_at_least(ctx, name, "tenant_count", floor, unit="家", what=_share_of(ctx, name))
        for name, floor in present
    ]
    passing = [c for c in checks if c.verdict is Verdict.PASS]
    observed = "；".join(
        f"{IP_FIGURE[name]} {c.observed}" for (name, _), c in zip(present, checks, strict=True)
    )
    if passing:
        return Check(Verdict.PASS, observed)
    missing = [ctx.label(name) for name, _ in figures if getattr(form, name) is None]
    if missing:
        return Check(
            Verdict.INCOMPLETE,
            observed,
            f"{checks[0].message}；另一项比例达标亦可，请填写{'和'.join(missing)}",
        )
    return Check(
        Verdict.FAIL,
        observed,
        "已申请专利的和拥有有效知识产权的在孵企业占比均未达到要求（"
        f"分别须不低于 {fmt_amount(p.patents, '%')}、{fmt_amount(p.valid, '%')}，满足其一即可）",
    )


def _tenants(ctx: RuleContext, count_floor: int, density_floor: Decimal | int) -> Check:
    form = ctx.form
    count = at_least(form.tenant_count, count_floor, what=ctx.label("tenant_count"), unit="家")
    if count.verdict is not Verdict.PASS:
        return count
    problem = ratio_inputs(
        form.tenant_count,
        form.total_area,
        part_label=ctx.label("tenant_count"),
        whole_label=ctx.label("total_area"),
        unit="家",
        whole_unit="㎡",
        part_of_whole=False,
    )
    if problem is not None:
        return problem
    density = Decimal(form.tenant_count) * 1000 / form.total_area
    per = at_least(density, density_floor, what="每千平方米在孵企业数", unit="家")
    return (
        per
        if per.verdict is not Verdict.PASS
        else Check(Verdict.PASS, f"{count.observed}；每千平方米 {per.observed}")
    )


@_criterion(
    "incubator.national.tenants",
    "在孵企业不少于 {count} 家，且每千平方米不少于 {density} 家（综合型）",
    ("tenant_count", "total_area"),
    {
        "count": "incubator.national_criteria.min_tenants",
        "density": "incubator.national_criteria.min_tenants_per_1000_sqm",
    },
    applies=_general_national,
)
def tenants(ctx: RuleContext, p: Params) -> Check:
    return _tenants(ctx, p.count, p.density)


@_criterion(
    "incubator.national.tenants.specialised",
    "在孵企业不少于 {count} 家，且每千平方米不少于 {density} 家（专业型）",
    ("tenant_count", "total_area"),
    {
        "count": "incubator.specialised_criteria.min_tenants",
        "density": "incubator.specialised_criteria.min_tenants_per_1000_sqm",
    },
    applies=_specialised_national,
)
def tenants_specialised(ctx: RuleContext, p: Params) -> Check:
    return _tenants(ctx, p.count, p.density)


@_criterion(
    "incubator.national.graduates",
    "累计毕业企业不少于 {count} 家（综合型）",
    ("graduated_count",),
    {"count": "incubator.national_criteria.min_graduates"},
    applies=_general_national,
)
def graduates(ctx: RuleContext, p: Params) -> Check:
    return at_least(ctx.form.graduated_count, p.count, what="累计毕业企业数", unit="家")


@_criterion(
    "incubator.national.graduates.specialised",
    "累计毕业企业不少于 {count} 家（专业型）",
    ("graduated_count",),
    {"count": "incubator.specialised_criteria.min_graduates"},
    applies=_specialised_national,
)
def graduates_specialised(ctx: RuleContext, p: Params) -> Check:
    return at_least(ctx.form.graduated_count, p.count, what="累计毕业企业数", unit="家")


@_criterion(
    "incubator.national.focus_share",
    "专业型孵化器同一产业领域的在孵企业占比不低于 {share}%",
    ("tenants_in_focus_industry", "tenant_count"),
    {"share": "incubator.specialised_criteria.min_single_industry_percent"},
    applies=_specialised_national,
)
def focus_share(ctx: RuleContext, p: Params) -> Check:
    return field_share_at_least(
        ctx,
        "tenants_in_focus_industry",
        "tenant_count",
        p.share,
        unit="家",
        what="专业领域在孵企业占比",
    )


def _specialised_manual(value: Decimal | int | None, unit: str) -> Check:
    # The specialised incubator's space threshold was not confirmed: show what was entered
    # and leave the verdict to the officer.
    return Check(Verdict.MANUAL, f"{fmt_amount(value, unit)}（专业型标准未入目录，请人工核实）")


rules.manual(
    "incubator.regional.criteria",
    article="incubator",
    requirement="符合自治区级科技企业孵化器认定条件（自治区具体指标未入目录）",
    fields=("total_area", "tenant_count", "graduated_count"),
    applies=lambda c: _is(c, RequestType.REGIONAL),
    observe=lambda c: "面积 {}，在孵 {}，毕业 {}".format(
        fmt_amount(c.form.total_area, "㎡"),
        fmt_amount(c.form.tenant_count, "家"),
        fmt_amount(c.form.graduated_count, "家"),
    ),
)

rules.manual(
    "incubator.authenticity",
    article="incubator",
    requirement="申报数据与火炬统计年报、认定或评价文件一致（真实性）",
    fields=("tenant_count", "graduated_count"),
)


# --- 申报材料 ---------------------------------------------------------------------------------

NATIONAL_ONLY = {"request_type": [RequestType.NATIONAL]}

MATERIALS = (
    LICENCE,
    material(
        "certification",
        "孵化器认定文件",
        article(
            "incubator",
            "对成功创建为国家级、自治区级科技企业孵化器的企业孵化载体……对绩效评价为“优秀”等次的"
            "自治区级及以上科技企业孵化器",
        ),
        help="科技部或自治区科技厅认定（备案）为国家级、自治区级科技企业孵化器的文件，"
        "文号与“认定文件文号”一致",
        sealed=True,
    ),
    material(
        "evaluation",
        "绩效评价结果文件（“优秀”等次）",
        article("incubator", "对绩效评价为“优秀”等次的自治区级及以上科技企业孵化器"),
        help="载明本孵化器最近一次绩效评价等次为“优秀”的通知或名单",
        when={"request_type": [RequestType.EXCELLENT]},
        sealed=True,
    ),
    material(
        "torch_statistics",
        "火炬统计年报",
        requirement("核实场地、在孵企业、毕业企业等申报数据与统计年报一致（真实性，见自查表）"),
        help="最近两年向科技部门报送的科技企业孵化器火炬统计年报",
        types=TABLES,
    ),
    material(
        "tenant_list",
        "在孵企业名单及入孵协议",
        requirement("核实在孵企业数、知识产权和投融资情况（认定条件，见自查表）"),
        help="在孵企业名单（含统一社会信用代码、入孵时间），附入孵协议",
        types=TABLES,
        max_files=20,
    ),
    material(
        "site_proof",
        "孵化场地产权证明或租赁合同",
        requirement("核实可自主支配孵化场地面积（国家级孵化器认定条件）"),
        when=NATIONAL_ONLY,
        sealed=True,
        max_files=10,
    ),
    material(
        "seed_fund_proof",
        "孵化资金证明",
        requirement("核实自有种子资金或合作孵化资金规模及使用案例（国家级孵化器认定条件）"),
        help="基金合同、出资证明或银行对账单，及孵化资金使用案例",
        when=NATIONAL_ONLY,
        max_files=10,
    ),
    material(
        "staff_list",
        "管理服务人员及创业导师名单",
        requirement("核实专业孵化服务人员和创业导师配备（国家级孵化器认定条件）"),
        when=NATIONAL_ONLY,
        types=TABLES,
    ),
    material(
        "audit_report",
        "运营机构上年度财务审计报告",
        requirement("了解运营机构的经营和财务状况（如有）"),
        required=False,
    ),
)


FORM = FormDefinition(
    kind="incubator",
    # incubator.applicant checks only that the 孵化载体 is in a 高新区, not the 单位类型.
    eligibility=FormEligibility("高新区内孵化载体的运营单位", (("", ANYONE),)),
    version=2,  # 2: choices stored as codes (1 stored their labels)
    value_map=ValueMap(v1.INCUBATOR),
    order=10,
    title="科技企业孵化器认定/后补助申请表",
    description="对新认定为国家级、自治区级科技企业孵化器，或绩效评价优秀的孵化器给予后补助",
    model=IncubatorApplication,
    title_field="carrier_name",
    amount_field="requested_amount",
    sections=(
        Section(
            "申请事项",
            (
                "carrier_name",
                "request_type",
                "incubator_type",
                "focus_industry",
                "certified_level",
                "certified_on",
                "certification_document",
                "evaluation_year",
                "evaluation_grade",
            ),
        ),
        Section(
            "运营与场地",
            (
                "operator_founded_on",
                "statistics_years",
                "total_area",
                "tenant_area",
                "self_reported_occupancy",
            ),
        ),
        Section(
            "在孵企业与毕业企业",
            (
                "tenant_count",
                "tenants_with_patent_applications",
                "tenants_with_valid_ip",
                "tenants_with_ip",
                "tenants_financed",
                "tenants_in_focus_industry",
                "graduated_count",
            ),
        ),
        Section(
            "孵化资金与服务队伍",
            ("seed_fund", "fund_use_cases", "staff_total", "staff_professional", "mentor_count"),
        ),
        Section("申请金额与成效", ("requested_amount", "achievements", "fund_plan")),
    ),
    rules=rules,
    materials=MATERIALS,
)
