"""高新区新赛道项目申报表 — 《若干措施》第（十二）条、第（十四）条."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from forms import _v1_values as v1
from forms.applicant import LICENCE, ZONE_COMMITTEE_APPLIES, applicant_is_zone_committee
from forms.core.catalogue import load_catalogue
from forms.core.choices import Choice
from forms.core.definition import FormDefinition, Section
from forms.core.eligibility import FormEligibility
from forms.core.fields import (
    FormModel,
    ShortText,
    choice,
    date_field,
    dependent_choice,
    email,
    flag,
    integer,
    long_text,
    money,
    multi_choice,
    phone,
    rows,
    text,
    text_list,
    uscc,
)
from forms.core.materials import TABLES, WRITTEN, article, material, requirement
from forms.core.rules import (
    Check,
    Params,
    RuleContext,
    RuleSet,
    Severity,
    Verdict,
    at_most,
    claimed_total,
    fmt_amount,
    live_claims,
    not_more_than,
    ratio_inputs,
)
from forms.core.versions import ValueMap


class TrackCategory(Choice):
    TRADITIONAL = "traditional", "传统产业转型新赛道"
    EMERGING = "emerging", "新兴产业发展新赛道"
    FUTURE = "future", "未来产业培育新赛道"


def _track_fields() -> dict[str, Any]:
    """第（十二）条's fields per category, from the current catalogue (see its [new_track.fields])."""
    return dict(load_catalogue().value("new_track.fields"))


TRACK_FIELDS: dict[str, Any] = _track_fields()
# Each listed field's code and name, for the editor's list and for messages.
FIELD_LABELS: dict[str, str] = {
    str(item["code"]): str(item["label"])
    for category in TRACK_FIELDS.values()
    for item in category["listed"]
}


def field_label(value: str | None) -> str:
    """A track field as people read it: a listed field's name, or the field the applicant named."""
    return FIELD_LABELS.get(value or "", value or "")


class Direction(Choice):
    HIGH_END = "high_end", "高端化"
    INTELLIGENT = "intelligent", "智能化"
    GREEN = "green", "绿色化"


class Role(Choice):
    LEAD = "lead", "牵头单位"
    PARTNER = "partner", "参与单位"


class Participant(FormModel):
    name: str | None = text("单位名称", required=True, help="与营业执照或法人证书上的名称一致")
    uscc: str | None = uscc("统一社会信用代码", required=True)
    role: Role | None = choice(
        "角色",
        Role,
        required=True,
        help="项目牵头承担单位选“牵头单位”；由管委会自行牵头的，将管委会列为牵头单位",
    )
    is_high_tech_enterprise: bool = flag("是否高新技术企业", help="持有有效高新技术企业证书的勾选")
    task: str | None = text(
        "承担任务", required=True, max_length=200, help="该单位在本赛道建设中承担的主要任务"
    )


class NewTrackApplication(FormModel):
    # --- 赛道基本信息 ---------------------------------------------------------------------
    track_name: str | None = text(
        "赛道名称",
        required=True,
        max_length=60,
        help="高新区 + 赛道方向，例如“柳州高新区工程机械智能绿色转型新赛道”",
    )
    track_category: TrackCategory | None = choice(
        "赛道类别",
        TrackCategory,
        required=True,
        help="按赛道所属产业选择：传统产业转型、新兴产业发展或未来产业培育",
    )
    # A code of a listed field, or (under an open category) the field the applicant named.
    track_field: str | None = dependent_choice(
        "赛道领域",
        on="track_category",
        options_by={
            category: [str(item["code"]) for item in fields["listed"]]
            for category, fields in TRACK_FIELDS.items()
        },
        labels=FIELD_LABELS,
        open_for=[category for category, fields in TRACK_FIELDS.items() if fields["open"]],
        max_length=30,
        required=True,
        help="先选赛道类别，再选择该类别所列产业；新兴产业、未来产业所列领域后有“等”，"
        "也可直接填写其他领域，由主管部门认定",
    )
    transformation_directions: list[Direction] = multi_choice(
        "转型方向",
        Direction,
        required=True,
        when={"track_category": [TrackCategory.TRADITIONAL]},
        help="传统产业转型新赛道须至少选择一项：高端化、智能化、绿色化",
    )
    focus_direction: str | None = text(
        "细分方向与重点产品",
        required=True,
        max_length=200,
        help="本赛道聚焦的细分领域、关键技术和重点产品，200 字以内",
    )
    leading_industries: list[ShortText] = text_list(
        "高新区主导产业",
        required=True,
        help="按《中国开发区审核公告目录》或园区规划确定的主导产业，每项一个产业名称",
    )
    # --- 实施期与经费 ---------------------------------------------------------------------
    start_date: date | None = date_field("实施期开始日期", required=True)
    end_date: date | None = date_field(
        "实施期结束日期", required=True, after="start_date", help="不得早于实施期开始日期"
    )
    total_investment: Decimal | None = money(
        "总投资", required=True, help="实施期内赛道建设的全部投入 = 申请支持资金 + 自筹资金"
    )
    requested_amount: Decimal | None = money(
        "申请科技项目支持资金", required=True, help="向自治区申请的科技项目支持资金"
    )
    self_funding: Decimal | None = money(
        "自筹资金",
        required=True,
        help="申请支持资金以外的全部资金，含地方财政配套、参与单位自有资金、银行贷款等",
    )
    local_matching: Decimal | None = money(
        "其中：地方财政配套资金", help="所在市、县（区）及高新区财政安排的配套资金，计入自筹资金"
    )
    fund_plan: str | None = long_text(
        "支持资金使用计划",
        required=True,
        max_length=1000,
        help="申请支持资金的主要用途和分项金额，1000 字以内",
    )
    # --- 承担单位 -------------------------------------------------------------------------
    participants: list[Participant] = rows(
        "参与单位",
        required=True,
        max_rows=50,
        help="承担本赛道建设任务的企业、高校、科研院所等，每家一行",
    )
    # --- 现有基础 -------------------------------------------------------------------------
    baseline_firms: int | None = integer(
        "赛道现有企业数", "家", required=True, help="高新区内属于本赛道领域的企业，上年末数"
    )
    baseline_hte: int | None = integer("其中：高新技术企业数", "家")
    baseline_output: Decimal | None = money("赛道上年度产值", help="本赛道企业上年度工业总产值")
    foundation: str | None = long_text(
        "现有基础",
        required=True,
        help="产业规模、龙头企业、创新平台、人才和政策等现有基础，2000 字以内",
    )
    # --- 建设内容与成效考核目标 ------------------------------------------------------------
    construction: str | None = long_text(
        "建设内容",
        required=True,
        help="关键技术攻关、创新平台、企业培育、场景应用等主要建设内容，2000 字以内",
    )
    target_hte: int | None = integer("新增高新技术企业", "家", help="实施期末累计新增")
    target_tech_sme: int | None = integer("新增科技型中小企业", "家", help="实施期末累计新增")
    target_output: Decimal | None = money("新增产值", help="实施期末赛道年产值较上年度的增量")
    target_rd: Decimal | None = money("新增研发投入", help="实施期内赛道企业累计新增研发投入")
    target_patents: int | None = integer("新增发明专利授权", "件", help="实施期内累计授权")
    target_talents: int | None = integer("引进培育人才", "人", help="实施期内引进和培育的科技人才")
    target_platforms: int | None = integer(
        "新建创新平台", "个", help="新建的研发中心、中试平台、重点实验室等"
    )
    target_incubated: int | None = integer("新增孵化企业", "家", help="实施期内新孵化的赛道企业")
    annual_plan: str | None = long_text(
        "年度目标与考核安排",
        required=True,
        max_length=1000,
        help="按年度分解上述目标，供年度成效考核使用，1000 字以内",
    )
    # --- 保障措施与联系人 ------------------------------------------------------------------
    safeguards: str | None = long_text(
        "保障措施", required=True, help="组织领导、资金配套、用地、人才和政策等保障，2000 字以内"
    )
    contact_name: str | None = text("项目联系人", required=True, max_length=30)
    contact_title: str | None = text("职务", max_length=30)
    contact_phone: str | None = phone("联系电话", required=True, example="0772-1234567")
    contact_email: str | None = email("电子邮箱")


# Measurable 成效考核 targets, in the order the form shows them.
TARGETS = (
    "target_hte",
    "target_tech_sme",
    "target_output",
    "target_rd",
    "target_patents",
    "target_talents",
    "target_platforms",
    "target_incubated",
)


rules = RuleSet()


def _traditional(ctx: RuleContext) -> bool:
    return ctx.form.track_category == TrackCategory.TRADITIONAL


@rules.rule(
    "new_track.applicant",
    article="new_track",
    requirement="申报主体为高新区（管委会）",
    fields=(),  # checks the applicant (申报主体), not a field of this form
)
def applicant_is_zone(ctx: RuleContext, p: Params) -> Check:
    return applicant_is_zone_committee(
        ctx,
        what="新赛道项目",
        instead="企业、高校等请作为参与单位填入本表，由所在高新区管委会申报",
    )


@rules.rule(
    "new_track.field",
    article="new_track",
    requirement="赛道领域属于本条为所选类别列举的产业（传统产业所列领域为封闭清单；"
    "新兴产业、未来产业列举后有“等”，未列举的领域由主管部门认定）",
    fields=("track_field", "track_category"),
    params={"fields": "new_track.fields"},
)
def track_field_listed(ctx: RuleContext, p: Params) -> Check:
    category, value = ctx.form.track_category, ctx.form.track_field
    if category is None or value is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择赛道类别和赛道领域")
    fields = p.fields.get(category.code, {"open": False, "listed": []})
    listed = {str(item["code"]): str(item["label"]) for item in fields["listed"]}
    names = "、".join(listed.values())
    cited = ctx.catalogue.article("new_track")
    if value in listed:
        return Check(Verdict.PASS, f"{category.label}：{listed[value]}")
    observed = f"{category.label}：{field_label(value)}"
    if fields["open"]:
        return Check(
            Verdict.MANUAL,
            observed,
            f"“{field_label(value)}”不在{cited}为{category.label}列举的领域（{names}等）之中；"
            "列举后有“等”，是否属于该类新赛道由主管部门认定，请在现有基础中说明依据",
        )
    return Check(
        Verdict.FAIL,
        observed,
        f"{category.label}限于{cited}所列的{names}（所列领域后无“等”），"
        f"“{field_label(value)}”不在其中：请改选所列领域，或核对赛道类别",
    )


rules.cap(
    "new_track.cap",
    article="new_track",
    requirement="每个新赛道申请科技项目支持资金不超过 {cap} 万元",
    cap="new_track.cap_per_track",
)


@rules.rule(
    "new_track.cap.cumulative",
    article="new_track",
    requirement="本高新区同一赛道领域的各次有效申报合计不超过 {cap} 万元",
    severity=Severity.WARNING,
    fields=("track_field", "requested_amount"),
    params={"cap": "new_track.cap_per_track"},
)
def cap_cumulative(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    if form.track_field is None or form.requested_amount is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择赛道领域并填写申请科技项目支持资金")
    unconsulted = Check(
        Verdict.MANUAL,
        f"本次 {fmt_amount(form.requested_amount)}（未能查询本单位其他申报）",
        "请人工核实本高新区该赛道是否已获支持或另有申报",
    )
    # The history is the applicant's other applications (this one not included); offline it
    # may still hold the same file's other applications, which can only prove a breach.
    same = live_claims(ctx, "new_track", track_field=form.track_field)
    if not same:  # this application alone is checked by new_track.cap
        if not ctx.history.available:
            return unconsulted
        return Check(Verdict.PASS, f"本次 {fmt_amount(form.requested_amount)}，无同领域其他申报")
    claimed = claimed_total(same)
    if claimed.unreadable:
        return claimed.manual(f"本次 {fmt_amount(form.requested_amount)}")
    prior = claimed.total
    total = prior + form.requested_amount
    numbers = "、".join(c.number for c in same)
    observed = (
        f"本次 {fmt_amount(form.requested_amount)}，同领域其他申报（{numbers}）"
        f"{fmt_amount(prior)}，合计 {fmt_amount(total)}"
    )
    if total > p.cap:
        return Check(
            Verdict.FAIL,
            observed,
            f"本高新区“{field_label(form.track_field)}”领域已有申报（{numbers}），与本次合计 "
            f"{fmt_amount(total)}，超过每个新赛道上限 {fmt_amount(p.cap)}；"
            "属同一赛道的请调减本次金额，属不同赛道的请在建设内容中说明区别",
        )
    if not ctx.history.available:
        return Check(Verdict.MANUAL, f"{observed}（申报库未查询）", unconsulted.message)
    return Check(Verdict.PASS, observed)


@rules.rule(
    "new_track.leading_industries.count",
    article="leading_industries",
    requirement="高新区主导产业不超过 {most} 个",
    fields=("leading_industries",),
    params={"most": "new_track.max_leading_industries"},
)
def leading_count(ctx: RuleContext, p: Params) -> Check:
    industries = ctx.form.leading_industries
    if not industries:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写高新区主导产业")
    check = at_most(len(industries), p.most, what="高新区主导产业数", unit="个")
    if check.verdict is Verdict.FAIL:
        return Check(
            Verdict.FAIL,
            f"{'、'.join(industries)}（{len(industries)} 个）",
            f"高新区主导产业填写了 {len(industries)} 个，最多 {p.most} 个；"
            "请按《中国开发区审核公告目录》确定的主导产业填写",
        )
    return Check(Verdict.PASS, "、".join(industries))


def _matches(track_field: str, industry: str) -> bool:
    # The industries are free text, so this one rule reads the label: it only warns.
    name = field_label(track_field)
    return name in industry or industry in name


@rules.rule(
    "new_track.leading_industries.match",
    article="leading_industries",
    requirement="赛道领域属于高新区主导产业",
    severity=Severity.WARNING,
    fields=("track_field", "leading_industries"),
)
def leading_match(ctx: RuleContext, p: Params) -> Check:
    field, industries = ctx.form.track_field, ctx.form.leading_industries
    if field is None or not industries:
        return Check(Verdict.INCOMPLETE, "未填写", "请选择赛道领域并填写高新区主导产业")
    hits = [i for i in industries if _matches(field, i)]
    track_field = field_label(field)
    if hits:
        return Check(Verdict.PASS, f"{track_field}（主导产业：{'、'.join(hits)}）")
    return Check(
        Verdict.FAIL,
        f"{track_field}（主导产业：{'、'.join(industries)}）",
        f"赛道领域“{track_field}”不在高新区主导产业（{'、'.join(industries)}）之中；"
        "请在现有基础中说明该赛道与主导产业的关联，或核对主导产业名称",
    )


@rules.rule(
    "new_track.directions",
    article="new_track",
    requirement="传统产业转型新赛道至少选择一个转型方向（高端化、智能化、绿色化）",
    fields=("transformation_directions",),
    applies=_traditional,
)
def directions(ctx: RuleContext, p: Params) -> Check:
    chosen = ctx.form.transformation_directions
    if not chosen:
        return Check(
            Verdict.FAIL,
            "未选择",
            f"{TrackCategory.TRADITIONAL.label}须面向{'、'.join(d.label for d in Direction)}，"
            "请至少选择一个转型方向",
        )
    return Check(Verdict.PASS, "、".join(d.label for d in chosen))


@rules.rule(
    "new_track.funding.within_total",
    basis="consistent_figures",
    requirement="申请科技项目支持资金不超过总投资",
    fields=("requested_amount", "total_investment"),
)
def within_total(ctx: RuleContext, p: Params) -> Check:
    return not_more_than(
        ctx.form.requested_amount,
        ctx.form.total_investment,
        what="申请科技项目支持资金",
        other_what="总投资",
        fix="请核对两项金额（总投资含申请支持资金和自筹资金）",
    )


@rules.rule(
    "new_track.funding.balance",
    basis="consistent_figures",
    requirement="申请支持资金 + 自筹资金 = 总投资，地方财政配套资金计入自筹资金",
    fields=("total_investment", "requested_amount", "self_funding", "local_matching"),
)
def funding_balance(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    total, requested, own = form.total_investment, form.requested_amount, form.self_funding
    if total is None or requested is None or own is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写总投资、申请科技项目支持资金和自筹资金")
    observed = f"{fmt_amount(requested)} + {fmt_amount(own)} / 总投资 {fmt_amount(total)}"
    if requested + own != total:
        return Check(
            Verdict.FAIL,
            observed,
            f"申请支持资金与自筹资金合计 {fmt_amount(requested + own)}，"
            f"与总投资 {fmt_amount(total)} 不一致，请核对三项金额",
        )
    if form.local_matching is not None:
        within = not_more_than(
            form.local_matching,
            own,
            what="地方财政配套资金",
            other_what="自筹资金",
            fix="地方财政配套资金计入自筹资金，不能大于自筹资金，请核对",
        )
        if within.verdict is Verdict.FAIL:
            return within
    return Check(Verdict.PASS, observed)


@rules.rule(
    "new_track.baseline.hte",
    basis="consistent_figures",
    requirement="现有高新技术企业数不超过赛道现有企业数（前者是后者的一部分）",
    fields=("baseline_hte", "baseline_firms"),
    applies=lambda c: c.form.baseline_hte is not None,
)
def baseline_hte(ctx: RuleContext, p: Params) -> Check:
    form = ctx.form
    problem = ratio_inputs(
        form.baseline_hte,
        form.baseline_firms,
        part_label=ctx.label("baseline_hte"),
        whole_label=ctx.label("baseline_firms"),
        unit="家",
    )
    if problem is not None and not (form.baseline_firms == 0 and form.baseline_hte == 0):
        return problem
    return Check(Verdict.PASS, f"{form.baseline_hte} / {form.baseline_firms} 家")


@rules.rule(
    "new_track.targets",
    basis="measurable_targets",
    requirement="按年度开展成效考核：至少填写一项大于零的可量化考核目标",
    fields=TARGETS,
)
def targets(ctx: RuleContext, p: Params) -> Check:
    values = {name: getattr(ctx.form, name) for name in TARGETS}
    filled = {name: v for name, v in values.items() if v is not None}
    positive = [
        f"{ctx.label(n)} {fmt_amount(v, FORM.spec(n).unit or '')}"
        for n, v in filled.items()
        if v > 0
    ]
    if positive:
        return Check(Verdict.PASS, "；".join(positive))
    what = "、".join(ctx.label(n) for n in TARGETS)
    if not filled:
        return Check(
            Verdict.INCOMPLETE,
            "未填写",
            f"请填写成效考核目标（{what}等），至少一项大于零，用于年度成效考核",
        )
    return Check(
        Verdict.FAIL,
        "各项目标均为 0",
        f"成效考核目标均为零，无法开展年度考核；请至少填写一项大于零的目标（{what}）",
    )


@rules.rule(
    "new_track.participants.lead",
    basis="single_lead",
    requirement="参与单位中有且仅有一家牵头单位",
    severity=Severity.WARNING,
    fields=("participants",),
)
def single_lead(ctx: RuleContext, p: Params) -> Check:
    participants = ctx.form.participants
    if not participants:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写参与单位，并指定一家牵头单位")
    leads = [r.name or f"第{i}行" for i, r in enumerate(participants, 1) if r.role == Role.LEAD]
    if len(leads) == 1:
        return Check(Verdict.PASS, leads[0])
    if not leads:
        return Check(
            Verdict.FAIL,
            "无牵头单位",
            f"参与单位中没有{Role.LEAD.label}，请将一家单位的角色改为“{Role.LEAD.label}”"
            f"（由管委会自行牵头的，请将管委会列为{Role.LEAD.label}）",
        )
    return Check(
        Verdict.FAIL,
        f"{len(leads)} 家：{'、'.join(leads)}",
        f"参与单位中有 {len(leads)} 家牵头单位（{'、'.join(leads)}），"
        "通常只设一家；联合牵头的请在建设内容中说明分工",
    )


@rules.rule(
    "new_track.participants.unique",
    basis="one_row_per_unit",
    requirement="参与单位的统一社会信用代码互不重复",
    fields=("participants",),
)
def unique_participants(ctx: RuleContext, p: Params) -> Check:
    participants = ctx.form.participants
    if not participants:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写参与单位")
    seen: dict[str, int] = {}
    repeats: list[str] = []
    for index, row in enumerate(participants, 1):
        if row.uscc is None:
            continue
        if row.uscc in seen:
            repeats.append(f"第{seen[row.uscc]}行与第{index}行（{row.uscc}）")
        else:
            seen[row.uscc] = index
    if repeats:
        return Check(
            Verdict.FAIL,
            "；".join(repeats),
            f"参与单位{'；'.join(repeats)}的统一社会信用代码相同，"
            "同一单位只填一行，请删除重复行或核对代码",
        )
    return Check(Verdict.PASS, f"{len(participants)} 家单位")


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@rules.rule(
    "new_track.period",
    basis="assessable_period",
    requirement="实施期尚未结束，且不短于 {months} 个月（可开展年度成效考核）",
    severity=Severity.WARNING,
    fields=("start_date", "end_date"),
    params={"months": "new_track.min_period_months"},
)
def period(ctx: RuleContext, p: Params) -> Check:
    start, end = ctx.form.start_date, ctx.form.end_date
    if start is None or end is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写实施期开始和结束日期")
    observed = f"{start.isoformat()} 至 {end.isoformat()}"
    if end < ctx.today:
        return Check(
            Verdict.FAIL,
            observed,
            f"实施期已于 {end.isoformat()} 结束，新赛道项目支持的是尚在实施的建设，请核对实施期",
        )
    if end < _add_months(start, p.months) - timedelta(days=1):
        return Check(
            Verdict.FAIL,
            observed,
            f"实施期不足 {p.months} 个月，无法开展年度成效考核，请核对实施期",
        )
    return Check(Verdict.PASS, observed)


rules.manual(
    "new_track.merit",
    article="new_track",
    requirement="择优支持：赛道培育方向、现有基础和预期成效经评审择优确定支持额度",
    fields=("track_name", "requested_amount"),
    observe=lambda c: (
        f"{c.form.track_name or '未命名赛道'}，申请 {fmt_amount(c.form.requested_amount)}"
    ),
)

rules.manual(
    "new_track.authenticity",
    article="new_track",
    requirement="现有基础数据、参与单位信息与统计报表和登记信息一致（真实性）",
    fields=("baseline_firms", "baseline_output", "participants"),
    observe=lambda c: "赛道企业 {}，上年度产值 {}，参与单位 {} 家".format(
        fmt_amount(c.form.baseline_firms, "家"),
        fmt_amount(c.form.baseline_output),
        len(c.form.participants),
    ),
)


rules.unseen_grants(
    "new_track.cap.cumulative.unseen",
    article="new_track",
    what="每个新赛道的科技项目支持合计不超过上限",
    fields=("track_field",),
)


# --- 申报材料 ---------------------------------------------------------------------------------

MATERIALS = (
    LICENCE,
    material(
        "construction_plan",
        "新赛道建设方案",
        article(
            "new_track",
            "择优给予每个新赛道最高{cap}万元的科技项目支持",
            cap="new_track.cap_per_track",
        ),
        help="赛道定位、建设内容、年度计划、成效考核目标和资金安排，由高新区管委会盖章",
        types=WRITTEN,
        sealed=True,
    ),
    material(
        "leading_industries_basis",
        "主导产业依据",
        article(
            "leading_industries",
            "科学确定高新区范围和主导产业（不超过{most}个）",
            most="new_track.max_leading_industries",
        ),
        help="《中国开发区审核公告目录》中本高新区的条目，或经批准的园区规划中确定主导产业的章节",
    ),
    material(
        "participant_agreements",
        "参与单位合作协议或承诺函",
        requirement("核实各参与单位承担的任务，以及自筹资金的来源"),
        help="每家参与单位一份，加盖该单位公章",
        sealed=True,
        max_files=50,
    ),
    material(
        "funding_commitment",
        "自筹资金及地方财政配套资金证明",
        requirement("核实总投资中自筹资金、地方财政配套资金的来源（经费预算，见自查表）"),
        help="地方财政配套的批复或承诺文件，参与单位自有资金承诺等",
        sealed=True,
        max_files=10,
    ),
    material(
        "baseline_statistics",
        "赛道现有基础统计数据",
        requirement("核实赛道现有企业数、产值等现有基础数据（真实性，见自查表）"),
        help="上年度统计报表或统计部门出具的数据",
        types=TABLES,
    ),
)

FORM = FormDefinition(
    kind="new_track",
    eligibility=FormEligibility(ZONE_COMMITTEE_APPLIES.who, (("", ZONE_COMMITTEE_APPLIES),)),
    version=2,  # 2: choices stored as codes (1 stored their labels)
    value_map=ValueMap(v1.NEW_TRACK),
    order=20,
    title="高新区新赛道项目申报表",
    description="支持高新区打造传统产业转型、新兴产业发展、未来产业培育新赛道，择优给予科技项目支持",
    model=NewTrackApplication,
    title_field="track_name",
    amount_field="requested_amount",
    sections=(
        Section(
            "赛道基本信息",
            (
                "track_name",
                "track_category",
                "track_field",
                "transformation_directions",
                "focus_direction",
                "leading_industries",
            ),
            help="赛道领域须为所选类别列出的产业；传统产业转型新赛道须选择转型方向",
        ),
        Section("实施期", ("start_date", "end_date")),
        Section(
            "经费预算",
            (
                "total_investment",
                "requested_amount",
                "self_funding",
                "local_matching",
                "fund_plan",
            ),
            help="总投资 = 申请科技项目支持资金 + 自筹资金",
        ),
        Section("参与单位", ("participants",), help="含牵头单位在内的全部承担单位"),
        Section(
            "现有基础",
            ("baseline_firms", "baseline_hte", "baseline_output", "foundation"),
        ),
        Section("建设内容", ("construction",)),
        Section(
            "成效考核目标",
            (*TARGETS, "annual_plan"),
            help="实施期末应达到的可量化目标，至少一项大于零，按年度开展成效考核",
        ),
        Section("保障措施", ("safeguards",)),
        Section("项目联系人", ("contact_name", "contact_title", "contact_phone", "contact_email")),
    ),
    rules=rules,
    materials=MATERIALS,
)
