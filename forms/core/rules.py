"""Measure rules: named, cited checks that see a whole application and return a verdict."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation, localcontext
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from forms.core.choices import label_of
from forms.core.workflow import LIVE_CLAIMS, Status
from forms.core.zones import NOT_IN_ZONE, NOT_IN_ZONE_LABEL, Zone, load_register

if TYPE_CHECKING:
    from forms.core.catalogue import Catalogue


class Severity(StrEnum):
    ERROR = "error"  # blocks submission
    WARNING = "warning"  # informs
    MANUAL = "manual"  # an officer verifies by hand

    @property
    def label(self) -> str:
        return {"error": "必须符合", "warning": "提示", "manual": "人工核实"}[self.value]


class Verdict(StrEnum):
    PASS = "符合"
    FAIL = "不符合"
    MANUAL = "需人工核实"
    NOT_APPLICABLE = "不适用"
    INCOMPLETE = "待填写"


@dataclass(frozen=True)
class Check:
    """What a rule found: its verdict, the value it looked at, and what to fix when failing."""

    verdict: Verdict
    observed: str = ""
    message: str = ""


@dataclass(frozen=True)
class PriorClaim:
    """Another application of the same firm, as the store reports it (read-only)."""

    application_id: int
    number: str
    kind: str
    status: str
    title: str
    data: Mapping[str, Any]


class FirmHistory(Protocol):
    """Read-only view of a firm's other applications, for rules that span applications."""

    @property
    def available(self) -> bool: ...

    def claims(self, kind: str) -> Sequence[PriorClaim]: ...


@dataclass(frozen=True)
class StaticHistory:
    """History given as a list: used when validating a file, and in tests."""

    prior: Sequence[PriorClaim] = ()
    available: bool = True

    def claims(self, kind: str) -> Sequence[PriorClaim]:
        return [c for c in self.prior if c.kind == kind]


NO_HISTORY = StaticHistory(available=False)


class ClaimsForm(Protocol):
    """The form being checked, as the rules about its earlier claims need it
    (``definition.FormDefinition`` is one; that module builds on this one)."""

    @property
    def kind(self) -> str: ...

    def upgrade(self, data: Any) -> tuple[Any, Sequence[Any]]: ...


@dataclass(frozen=True)
class RuleContext:
    """All a rule may look at: the form, the applicant, catalogue figures and firm history."""

    form: Any  # the form's own model; typed loosely so rules read fields without casts
    applicant: Any  # the applicant profile (a model of the definition the caller passed), or None
    catalogue: Catalogue
    history: FirmHistory = NO_HISTORY
    today: date = field(default_factory=date.today)
    # Upgrades the data of the firm's earlier claims of this form to today's codes.
    definition: ClaimsForm | None = None

    def label(self, name: str) -> str:
        """A field's Chinese label, read from the form's model (never written twice)."""
        info = type(self.form).model_fields.get(name)
        return (info.title if info else None) or name


class Params(dict[str, Any]):
    """Catalogue figures a rule declared, by its local names (``p.cap``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:  # pragma: no cover - a declaration error, caught by tests
            raise AttributeError(name) from exc


Evaluate = Callable[[RuleContext, Params], Check]


# What the 自查表 prints in its 条款 column for a check no article states (see ``Rule.basis``).
FORM_REQUIREMENT = "填报要求"


@dataclass(frozen=True)
class Rule:
    id: str
    article: str  # key into the catalogue's [articles] table ("" for a 填报要求)
    requirement: str  # Chinese, may use {name} of params
    severity: Severity
    evaluate: Evaluate
    fields: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)  # local name -> catalogue key
    applies: Callable[[RuleContext], bool] | None = None
    # A check the article does not state (a form requirement, a tolerance, a reading) names
    # its own basis instead: a key into the catalogue's [form_requirements] table. It is
    # printed as 填报要求 with that basis, never under an article's name.
    basis: str | None = None

    def source(self, catalogue: Catalogue) -> str:
        """What the 条款 column shows: the article cited, or 填报要求 and its stated basis."""
        if self.basis is not None:
            return f"{FORM_REQUIREMENT}：{catalogue.value(f'form_requirements.{self.basis}')}"
        return catalogue.article(self.article)

    def requirement_in(self, catalogue: Catalogue) -> str:
        """The requirement with the figures of ``catalogue`` in it."""
        return with_figures(self.requirement, self.params, catalogue)


@dataclass(frozen=True)
class RuleResult:
    """One row of the self-check table (自查表)."""

    rule_id: str
    article: str
    requirement: str
    severity: Severity
    verdict: Verdict
    observed: str
    message: str
    fields: tuple[str, ...]
    form_requirement: bool = False  # a 填报要求: ``article`` is its stated basis, not an article
    # Said of the source itself, e.g. that it has lapsed and the basis needs confirming.
    source_note: str = ""

    @property
    def blocks_submission(self) -> bool:
        return self.severity is Severity.ERROR and self.verdict in (
            Verdict.FAIL,
            Verdict.INCOMPLETE,
        )


class RuleSet:
    """The rules of one form, declared with the ``@rules.rule(...)`` decorator."""

    def __init__(self) -> None:
        self._rules: list[Rule] = []

    def rule(
        self,
        rule_id: str,
        *,
        article: str = "",
        requirement: str,
        severity: Severity = Severity.ERROR,
        fields: Sequence[str] = (),
        params: Mapping[str, str] | None = None,
        applies: Callable[[RuleContext], bool] | None = None,
        basis: str | None = None,
    ) -> Callable[[Evaluate], Evaluate]:
        """Declare a rule citing ``article``, or — for a check no article states — a 填报要求
        whose ``basis`` is a key of the catalogue's [form_requirements] table (give one)."""
        if bool(article) == (basis is not None):
            raise ValueError(f"{rule_id}: give either article or basis")

        def register(fn: Evaluate) -> Evaluate:
            if any(r.id == rule_id for r in self._rules):
                raise ValueError(f"duplicate rule id {rule_id}")
            self._rules.append(
                Rule(
                    id=rule_id,
                    article=article,
                    requirement=requirement,
                    severity=severity,
                    evaluate=fn,
                    fields=tuple(fields),
                    params=dict(params or {}),
                    applies=applies,
                    basis=basis,
                )
            )
            return fn

        return register

    def cap(
        self,
        rule_id: str,
        *,
        article: str,
        requirement: str,
        cap: str,
        field: str = "requested_amount",
        unit: str = "万元",
        applies: Callable[[RuleContext], bool] | None = None,
    ) -> None:
        """The commonest rule: ``field`` may not exceed the catalogue figure ``cap``.

        ``requirement`` may show the figure as ``{cap}``; the message names the field by its label.
        """

        def evaluate(ctx: RuleContext, p: Params) -> Check:
            return at_most(getattr(ctx.form, field), p.cap, what=ctx.label(field), unit=unit)

        self.rule(
            rule_id,
            article=article,
            requirement=requirement,
            fields=(field,),
            params={"cap": cap},
            applies=applies,
        )(evaluate)

    def manual(
        self,
        rule_id: str,
        *,
        article: str,
        requirement: str,
        fields: Sequence[str] = (),
        observe: Callable[[RuleContext], str] | None = None,
        applies: Callable[[RuleContext], bool] | None = None,
    ) -> None:
        """A check only an officer can make; the packet lists it with what was entered."""

        def evaluate(ctx: RuleContext, _: Params) -> Check:
            return Check(Verdict.MANUAL, observe(ctx) if observe else "")

        self.rule(
            rule_id,
            article=article,
            requirement=requirement,
            severity=Severity.MANUAL,
            fields=fields,
            applies=applies,
        )(evaluate)

    def unseen_grants(
        self,
        rule_id: str,
        *,
        article: str,
        what: str,
        fields: Sequence[str] = (),
        applies: Callable[[RuleContext], bool] | None = None,
    ) -> None:
        """The manual line every cross-claim cap needs: the store sees only its own claims, so
        grants made elsewhere (earlier years, other offices, paper) are an officer's check.
        ``what`` names the cap, e.g. "每家企业配套资助累计不超过上限"."""
        self.manual(
            rule_id,
            article=article,
            requirement=f"{what}：申报库以外的资助（以往年度、其他园区办受理或纸质申报）"
            "本软件无法查询，须人工核实并计入",
            fields=fields,
            applies=applies,
            observe=lambda _: "仅计入本申报库中的申报",
        )

    def extend(self, other: RuleSet) -> None:
        """Add the rules of ``other`` (declared in a module of their own) after these."""
        for rule in other:
            if any(r.id == rule.id for r in self._rules):
                raise ValueError(f"duplicate rule id {rule.id}")
            self._rules.append(rule)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self._rules)

    def __len__(self) -> int:
        return len(self._rules)

    def get(self, rule_id: str) -> Rule:
        for r in self._rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


def run_rule(rule: Rule, ctx: RuleContext) -> RuleResult:
    params = Params({name: ctx.catalogue.value(key) for name, key in rule.params.items()})
    requirement = rule.requirement_in(ctx.catalogue)
    if rule.applies is not None and not rule.applies(ctx):
        check = Check(Verdict.NOT_APPLICABLE)
    else:
        check = rule.evaluate(ctx, params)
    return RuleResult(
        rule_id=rule.id,
        article=rule.source(ctx.catalogue),
        requirement=requirement,
        severity=rule.severity,
        verdict=check.verdict,
        observed=check.observed,
        message=check.message,
        fields=rule.fields,
        form_requirement=rule.basis is not None,
        source_note=(
            ctx.catalogue.lapsed_note(rule.article)
            if rule.article and check.verdict is not Verdict.NOT_APPLICABLE
            else ""
        ),
    )


# --- helpers for the common shapes of check -------------------------------------------------


def with_figures(text: str, params: Mapping[str, str], catalogue: Catalogue) -> str:
    """``text`` (a rule's requirement, a material's quoted words) with each ``{name}`` in it
    the catalogue's figure under the key ``params[name]``, as printed."""
    return text.format_map({name: fmt_number(catalogue.value(key)) for name, key in params.items()})


def fmt_number(value: Any) -> str:
    """Decimal without trailing zeros and with thousands separators; a list (of the catalogue's
    places, say) as its items' labels joined by 、; other values as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(
            str(v.get("label", v)) if isinstance(v, Mapping) else fmt_number(v) for v in value
        )
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        if value.as_tuple().exponent < -4:  # type: ignore[operator]
            value = value.quantize(Decimal("0.01"))  # a computed ratio, not an entered figure
        if value == value.to_integral_value():
            return f"{int(value):,}"
        return f"{value.normalize():,f}"
    return str(value)


def fmt_amount(value: Decimal | int | None, unit: str = "万元") -> str:
    if value is None:
        return "未填写"
    if unit == "%" and isinstance(value, Decimal):
        value = value.quantize(Decimal("0.01"))  # shares are shown to two places
    return f"{fmt_number(value)} {unit}".rstrip()


def _plain_text(value: Decimal, unit: str) -> str:
    return f"{value.normalize():,f} {unit}".rstrip()


def _apart(value: Decimal | int, limit: Decimal | int, unit: str, rounding: str) -> tuple[str, str]:
    """``value`` and ``limit`` as text that never reads equal when the two differ.

    Shares are shown to two places, so a failing 74.9999 % would read "75 %" beside a 75 %
    threshold. Add places, rounding ``value`` toward the failing side, until the texts differ.
    """
    shown, bound = fmt_amount(value, unit), fmt_amount(limit, unit)
    if shown != bound or value == limit:
        return shown, bound
    exact_value, exact_limit = Decimal(value), Decimal(limit)
    with localcontext() as context:
        context.prec = 80  # room for a large amount shown to many places
        for places in range(2, 29):
            step = Decimal(1).scaleb(-places)
            rounded_value = exact_value.quantize(step, rounding=rounding)
            rounded_limit = exact_limit.quantize(step)
            # Show the limit exactly where it has few places, so neither figure is misread.
            if rounded_value != rounded_limit and (rounded_limit == exact_limit or places >= 8):
                return _plain_text(rounded_value, unit), _plain_text(rounded_limit, unit)
    return f"{exact_value} {unit}".rstrip(), f"{exact_limit} {unit}".rstrip()  # pragma: no cover


def entered(*values: Any) -> str:
    """What was entered, for an officer to compare with the documents: blanks left out, a
    choice by its label, a date as 年-月-日, joined by spaces."""
    shown = []
    for value in values:
        value = label_of(value)
        if isinstance(value, date):
            value = value.isoformat()
        if value:
            shown.append(str(value))
    return " ".join(shown)


def at_most(value: Decimal | int | None, limit: Decimal | int, *, what: str, unit: str) -> Check:
    if value is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{what}")
    if value > limit:
        shown, bound = _apart(value, limit, unit, ROUND_CEILING)
        return Check(
            Verdict.FAIL,
            shown,
            f"{what}为 {shown}，超过上限 {bound}，请调减至上限以内",
        )
    return Check(Verdict.PASS, fmt_amount(value, unit))


def at_least(value: Decimal | int | None, floor: Decimal | int, *, what: str, unit: str) -> Check:
    if value is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{what}")
    if value < floor:
        shown, bound = _apart(value, floor, unit, ROUND_FLOOR)
        return Check(Verdict.FAIL, shown, f"{what}为 {shown}，低于要求的 {bound}")
    return Check(Verdict.PASS, fmt_amount(value, unit))


def ratio_percent(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """``part / whole`` in percent, unrounded (so 74.99 never passes as 75); None if unknown."""
    if part is None or whole is None or whole == 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)


def ratio_inputs(
    part: Decimal | int | None,
    whole: Decimal | int | None,
    *,
    part_label: str,
    whole_label: str,
    unit: str = "",
    whole_unit: str | None = None,
    part_of_whole: bool = True,
) -> Check | None:
    """Why ``part / whole`` cannot be judged — a figure missing, a zero whole, or (when the part
    is a subset of the whole) a part larger than its whole — or None when it can."""
    missing = [label for label, v in ((part_label, part), (whole_label, whole)) if v is None]
    if missing:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{'和'.join(missing)}")
    assert part is not None and whole is not None
    part_text = fmt_amount(part, unit)
    whole_text = fmt_amount(whole, unit if whole_unit is None else whole_unit)
    observed = f"{part_label} {part_text} / {whole_label} {whole_text}"
    if whole == 0:
        return Check(Verdict.FAIL, observed, f"{whole_label}为 0，请核对")
    if part_of_whole and part > whole:
        return Check(
            Verdict.FAIL,
            observed,
            f"{part_label}（{part_text}）大于{whole_label}（{whole_text}），请核对",
        )
    return None


def share_at_least(
    part: Decimal | int | None,
    whole: Decimal | int | None,
    floor: Decimal | int,
    *,
    part_label: str,
    whole_label: str,
    unit: str = "",
    what: str | None = None,
) -> Check:
    """``part`` (a subset of ``whole``) is at least ``floor`` percent of ``whole``."""
    problem = ratio_inputs(part, whole, part_label=part_label, whole_label=whole_label, unit=unit)
    if problem is not None:
        return problem
    assert part is not None and whole is not None
    share = Decimal(part) * 100 / Decimal(whole)
    check = at_least(share, floor, what=what or f"{part_label}占{whole_label}的比例", unit="%")
    figures = f"{fmt_number(part)} / {fmt_number(whole)} {unit}".rstrip()
    return Check(check.verdict, f"{check.observed}（{figures}）", check.message)


def field_share_at_least(
    ctx: RuleContext, part: str, whole: str, floor: Decimal | int, *, unit: str = "", what: str
) -> Check:
    """``share_at_least`` over two fields of the form, named by their own labels."""
    return share_at_least(
        getattr(ctx.form, part),
        getattr(ctx.form, whole),
        floor,
        part_label=ctx.label(part),
        whole_label=ctx.label(whole),
        unit=unit,
        what=what,
    )


def not_more_than(
    value: Decimal | int | None,
    other: Decimal | int | None,
    *,
    what: str,
    other_what: str,
    unit: str = "万元",
    fix: str = "请核对两项",
) -> Check:
    """``value`` does not exceed ``other`` (a request within its investment, say)."""
    missing = [label for label, v in ((other_what, other), (what, value)) if v is None]
    if missing:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{'和'.join(missing)}")
    assert value is not None and other is not None
    shown, bound = fmt_amount(value, unit), fmt_amount(other, unit)
    observed = f"{what} {shown} / {other_what} {bound}"
    if value > other:
        return Check(Verdict.FAIL, observed, f"{what} {shown} 超过{other_what} {bound}，{fix}")
    return Check(Verdict.PASS, observed)


# --- the applicant (申报主体): checks several forms make -------------------------------------
# Such rules look at the profile, not at a field of the form: declare them with ``fields=()``.

FIX_IN_PROFILE = "请在申报主体信息中"


def applicant_zone(ctx: RuleContext) -> tuple[Zone | None, Check | None]:
    """The applicant's zone from the register, or the failing check saying why there is none."""
    zone_id = getattr(ctx.applicant, "hitech_zone", None)
    zone = load_register().get(zone_id)
    if zone is not None:
        return zone, None
    if zone_id == NOT_IN_ZONE:
        fix = f"申报主体选的是“{NOT_IN_ZONE_LABEL}”；如实际位于高新区内，{FIX_IN_PROFILE}改选所在高新区"
        return None, Check(Verdict.FAIL, NOT_IN_ZONE_LABEL, fix)
    if zone_id:
        observed = f"“{zone_id}”不在高新区名录中"
        return None, Check(Verdict.FAIL, observed, f"{FIX_IN_PROFILE}从高新区名录中重新选择")
    return None, Check(Verdict.FAIL, "未选择所在高新区", f"{FIX_IN_PROFILE}选择所在高新区")


def applicant_in_zone(ctx: RuleContext, *, who: str) -> Check:
    """The applicant lies in a 高新区 of the register ("none", unknown or empty fail)."""
    zone, failed = applicant_zone(ctx)
    if zone is not None:
        return Check(Verdict.PASS, zone.label)
    assert failed is not None
    return Check(Verdict.FAIL, failed.observed, f"本条支持位于高新区内的{who}：{failed.message}")


def ticks_high_tech(ctx: RuleContext) -> bool:
    return bool(getattr(ctx.applicant, "is_high_tech_enterprise", False))


def high_tech_certificate_current(ctx: RuleContext) -> Check:
    """A ticked 高新技术企业 holds a certificate still valid today."""
    if not ticks_high_tech(ctx):
        return Check(Verdict.NOT_APPLICABLE, "未勾选高新技术企业")
    until = getattr(ctx.applicant, "hte_valid_until", None)
    if until is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"{FIX_IN_PROFILE}填写高企证书有效期")
    number = getattr(ctx.applicant, "hte_certificate_no", None) or "证书编号未填"
    observed = f"{number}，有效期至 {until.isoformat()}"
    if until < ctx.today:
        return Check(
            Verdict.FAIL,
            observed,
            f"高新技术企业证书已于 {until.isoformat()} 到期：已重新认定的，{FIX_IN_PROFILE}"
            "更新证书编号和有效期；未重新认定的，请取消勾选“高新技术企业”",
        )
    return Check(Verdict.PASS, observed)


# --- the firm's other applications ----------------------------------------------------------


def live_claims(ctx: RuleContext, kind: str, **equal: Any) -> list[PriorClaim]:
    """The firm's other claims of ``kind`` that count against caps (see ``LIVE_CLAIMS``),
    optionally only those whose data has the given values. Choices are compared as codes,
    the claim's data first upgraded by its form's value map, so a claim stored or sent with
    an older version's values (or a label since reworded) still counts."""
    found = []
    for claim in ctx.history.claims(kind):
        if _status_code(claim.status) not in LIVE_CLAIMS:
            continue
        data = _upgraded(ctx, claim)
        if all(_as_text(data.get(key)) == _as_text(value) for key, value in equal.items()):
            found.append(claim)
    return found


def _status_code(status: str) -> str:
    from forms._v1_values import STATUS  # here: data only, kept out of start-up

    return STATUS.get(status, status)


def _upgraded(ctx: RuleContext, claim: PriorClaim) -> Mapping[str, Any]:
    definition = ctx.definition
    if definition is not None and definition.kind == claim.kind:
        data = definition.upgrade(claim.data)[0]
    else:  # a claim of another form: its codes are compared as stored
        data = claim.data
    return data if isinstance(data, Mapping) else {}


def _as_text(value: Any) -> str:
    if isinstance(value, StrEnum):
        value = value.value  # the code
    return "" if value is None else str(value).strip()


def claim_status(claim: PriorClaim) -> str:
    """A claim's status as people read it."""
    code = _status_code(claim.status)
    return Status(code).label if code in Status._value2member_map_ else code


def claim_label(claim: PriorClaim) -> str:
    return claim.number or claim.title or f"第 {claim.application_id} 号申报"


def claimed_amount(claim: PriorClaim, field: str = "requested_amount") -> Decimal | None:
    """The amount a prior claim asked for, or None when it cannot be read (missing, not a
    number, negative): a rule then asks for a manual check rather than guessing 0."""
    try:
        amount = Decimal(str(claim.data[field]))
    except (KeyError, InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and amount >= 0 else None


@dataclass(frozen=True)
class ClaimedTotal:
    """What a firm's other claims asked for, in sum, and the claims whose amount is unreadable."""

    total: Decimal
    amounts: tuple[tuple[PriorClaim, Decimal], ...]
    unreadable: tuple[PriorClaim, ...]

    def listed(self) -> str:
        return "、".join(f"{claim_label(c)}（{fmt_amount(a)}）" for c, a in self.amounts)

    def manual(self, observed: str) -> Check:
        """The check to return while some amount is unreadable."""
        labels = "、".join(claim_label(c) for c in self.unreadable)
        return Check(Verdict.MANUAL, observed, f"申报 {labels} 的金额无法读取，累计金额须人工核实")


def claimed_total(claims: Sequence[PriorClaim], field: str = "requested_amount") -> ClaimedTotal:
    amounts, unreadable = [], []
    for claim in claims:
        amount = claimed_amount(claim, field)
        if amount is None:
            unreadable.append(claim)
        else:
            amounts.append((claim, amount))
    total = sum((a for _, a in amounts), Decimal(0))
    return ClaimedTotal(total, tuple(amounts), tuple(unreadable))
