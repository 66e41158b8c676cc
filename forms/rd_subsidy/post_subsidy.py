"""研发投入后补助 (《双创行动计划》第3项): R&D intensity, its growth, and the bands (分档).

Part of the 研发补助申领表 (the ``forms.rd_subsidy`` package), kept apart for size: its rules
are declared on the ``rules`` set below, which that form appends to its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from forms.core.catalogue import CatalogueError
from forms.core.rules import (
    Check,
    Params,
    RuleContext,
    RuleSet,
    Severity,
    Verdict,
    fmt_amount,
    fmt_number,
    ratio_percent,
)

# The code of ``forms.rd_subsidy.ClaimCategory.POST_SUBSIDY``, which is defined from it.
CATEGORY = "post_subsidy"

# Declared here, run as part of the 研发补助申领表: ``forms.rd_subsidy`` adds them to its rules.
rules = RuleSet()


def _post_subsidy(ctx: RuleContext) -> bool:
    return ctx.form.category == CATEGORY


RD_INPUTS = ("rd_last_year", "revenue_last_year", "rd_year_before", "revenue_year_before")


@dataclass(frozen=True)
class RdIntensity:
    """R&D intensity (研发投入 ÷ 营业收入, %) of the last two years and the growth of R&D spend.

    Every figure is unrounded; None where a divisor is zero.
    """

    spend: Decimal
    spend_before: Decimal
    intensity: Decimal | None  # 上年度, %
    intensity_before: Decimal | None  # 前一年度, %
    increment: Decimal  # 研发投入增量, 万元
    growth: Decimal | None  # 研发投入增幅, %

    @property
    def intensity_change(self) -> Decimal | None:
        """Change of intensity, in percentage points."""
        if self.intensity is None or self.intensity_before is None:
            return None
        return self.intensity - self.intensity_before

    def describe(self) -> str:
        parts = [f"上年度研发投入强度 {_pct(self.intensity, '营业收入为 0，无法计算')}"]
        before = f"前一年度 {_pct(self.intensity_before, '营业收入为 0，无法计算')}"
        change = self.intensity_change
        if change is not None:
            before += f"，{_signed(change)} 个百分点"
        parts.append(f"（{before}）")
        parts.append(
            f"；研发投入增量 {_signed(self.increment)} 万元，"
            f"增幅 {_pct(self.growth, '前一年度研发投入为 0，无法计算')}"
        )
        return "".join(parts)


def _pct(value: Decimal | None, otherwise: str) -> str:
    return otherwise if value is None else fmt_amount(value, "%")


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + fmt_number(value)


def rd_intensity(form: Any) -> RdIntensity | None:
    """The intensity figures of ``form``, or None while any of the four inputs is missing."""
    spend, revenue, before, revenue_before = (getattr(form, n) for n in RD_INPUTS)
    if spend is None or revenue is None or before is None or revenue_before is None:
        return None
    return RdIntensity(
        spend=spend,
        spend_before=before,
        intensity=ratio_percent(spend, revenue),
        intensity_before=ratio_percent(before, revenue_before),
        increment=spend - before,
        growth=ratio_percent(spend - before, before),
    )


MISSING_RD = "请填写上年度和前一年度的研发投入、营业收入"


@rules.rule(
    "rd.post_subsidy.intensity",
    article="rd_post_subsidy",
    requirement="按上年度研发投入强度（研发投入 ÷ 营业收入）及研发投入增量增幅核定补助",
    severity=Severity.MANUAL,
    fields=RD_INPUTS,
    applies=_post_subsidy,
)
def intensity(ctx: RuleContext, p: Params) -> Check:
    figures = rd_intensity(ctx.form)
    if figures is None:
        return Check(Verdict.INCOMPLETE, "未填写", MISSING_RD)
    return Check(Verdict.MANUAL, figures.describe())


@dataclass(frozen=True)
class Band:
    min_intensity: Decimal | None
    min_growth: Decimal | None
    amount: Decimal

    @classmethod
    def from_catalogue(cls, raw: Mapping[str, Any]) -> Band:
        def number(key: str) -> Decimal | None:
            value = raw.get(key)
            try:
                return None if value is None else Decimal(str(value))
            except InvalidOperation:
                raise CatalogueError(
                    f"政策参数目录 rd.post_subsidy_bands 中 {key} 应为数字，现为“{value}”"
                ) from None

        amount = number("amount")
        if amount is None:
            raise CatalogueError("政策参数目录 rd.post_subsidy_bands 中有档次缺少补助额 amount")
        return cls(number("min_intensity"), number("min_growth"), amount)

    def reached_by(self, figures: RdIntensity) -> bool:
        if self.min_intensity is not None and (
            figures.intensity is None or figures.intensity < self.min_intensity
        ):
            return False
        return self.min_growth is None or (
            figures.growth is not None and figures.growth >= self.min_growth
        )

    def describe(self) -> str:
        need = []
        if self.min_intensity is not None:
            need.append(f"强度 ≥ {fmt_amount(self.min_intensity, '%')}")
        if self.min_growth is not None:
            need.append(f"增幅 ≥ {fmt_amount(self.min_growth, '%')}")
        return f"{'、'.join(need) or '无门槛'}：{fmt_amount(self.amount)}"


@rules.rule(
    "rd.post_subsidy.band",
    article="rd_post_subsidy",
    requirement="申请资助金额不超过所达档次的补助额（分档标准见政策参数目录）",
    fields=("requested_amount", *RD_INPUTS),
    params={"bands": "rd.post_subsidy_bands"},
    applies=_post_subsidy,
)
def post_subsidy_band(ctx: RuleContext, p: Params) -> Check:
    figures = rd_intensity(ctx.form)
    requested = ctx.form.requested_amount
    if figures is None or requested is None:
        return Check(Verdict.INCOMPLETE, "未填写", MISSING_RD + "和申请资助金额")
    bands = [Band.from_catalogue(b) for b in p.bands]
    if not bands:
        return Check(
            Verdict.MANUAL,
            f"{figures.describe()}；申请 {fmt_amount(requested)}",
            "分档标准尚未公布（未入政策参数目录），档次和补助金额由主管部门核定",
        )
    if figures.spend_before == 0 and any(b.min_growth is not None for b in bands):
        return Check(
            Verdict.MANUAL,
            figures.describe(),
            "前一年度研发投入为 0，增幅无法计算，档次须人工核定",
        )
    reached = [b for b in bands if b.reached_by(figures)]
    if not reached:
        listed = "；".join(b.describe() for b in bands)
        return Check(
            Verdict.FAIL,
            figures.describe(),
            f"研发投入强度和增幅未达到任何补助档次（{listed}），不能申领本项后补助",
        )
    best = max(reached, key=lambda b: b.amount)
    observed = f"{figures.describe()}；达到 {fmt_amount(best.amount)}档"
    if requested > best.amount:
        return Check(
            Verdict.FAIL,
            observed,
            f"所达档次补助额为 {fmt_amount(best.amount)}，申请资助金额 {fmt_amount(requested)} "
            "超过该额度，请调减",
        )
    return Check(Verdict.PASS, observed)


@rules.rule(
    "rd.post_subsidy.plausible",
    basis="plausible_rd",
    requirement="研发投入与营业收入相称（研发投入强度超过 {limit}% 请核对）",
    severity=Severity.WARNING,
    fields=RD_INPUTS,
    params={"limit": "rd.intensity_warning_percent"},
    applies=_post_subsidy,
)
def plausible(ctx: RuleContext, p: Params) -> Check:
    figures = rd_intensity(ctx.form)
    if figures is None:
        return Check(Verdict.INCOMPLETE, "未填写", MISSING_RD)
    observed = figures.describe()
    for year, spend, value in (
        ("上年度", figures.spend, figures.intensity),
        ("前一年度", figures.spend_before, figures.intensity_before),
    ):
        if (value is None and spend > 0) or (value is not None and value > p.limit):
            return Check(
                Verdict.FAIL,
                observed,
                f"{year}研发投入相对营业收入明显偏高，请核对两项金额和单位（万元）是否填反或错填",
            )
    return Check(Verdict.PASS, observed)


@rules.rule(
    "rd.post_subsidy.year",
    article="rd_post_subsidy",
    requirement="研发投入数据为申领当年的上一年度",
    severity=Severity.WARNING,
    fields=("rd_year",),
    applies=_post_subsidy,
)
def rd_year(ctx: RuleContext, p: Params) -> Check:
    year = ctx.form.rd_year
    if year is None:
        return Check(Verdict.INCOMPLETE, "未填写", "请填写上年度（年份）")
    expected = ctx.today.year - 1
    if year != expected:
        return Check(
            Verdict.FAIL,
            f"{year} 年",
            f"所填为 {year} 年度，今年申领应填报上年度即 {expected} 年的数据，请核对",
        )
    return Check(Verdict.PASS, f"{year} 年")


def _deduction(ctx: RuleContext) -> str:
    deduction, spend = ctx.form.rd_deduction, ctx.form.rd_last_year
    share = ratio_percent(deduction, spend)
    suffix = f"（为上年度研发投入的 {fmt_amount(share, '%')}）" if share is not None else ""
    return f"加计扣除额 {fmt_amount(deduction)}{suffix}"


rules.manual(
    "rd.post_subsidy.documents",
    article="rd_post_subsidy",
    requirement="研发投入、营业收入与审计报告、研发费用辅助账一致，加计扣除额与企业所得税年度申报一致",
    fields=("rd_last_year", "revenue_last_year", "rd_deduction"),
    applies=_post_subsidy,
    observe=_deduction,
)


def _lapsed(ctx: RuleContext) -> bool:
    return _post_subsidy(ctx) and bool(ctx.catalogue.lapsed_note("rd_post_subsidy"))


rules.manual(
    "rd.post_subsidy.basis_in_force",
    article="rd_post_subsidy",
    requirement="《双创行动计划》适用期已过：本项后补助的依据和分档须按现行政策核实",
    fields=("category",),
    applies=_lapsed,
    observe=lambda c: c.catalogue.lapsed_note("rd_post_subsidy"),
)
