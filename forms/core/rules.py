"""Measure rules: named, cited checks that see a whole application and return a verdict."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

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


@dataclass(frozen=True)
class RuleContext:
    """All a rule may look at: the form, the applicant, catalogue figures and firm history."""

    form: Any  # the form's own model; typed loosely so rules read fields without casts
    applicant: Any  # forms.applicant.ApplicantProfile | None (kept loose to avoid a cycle)
    catalogue: Catalogue
    history: FirmHistory = NO_HISTORY
    today: date = field(default_factory=date.today)


class Params(dict[str, Any]):
    """Catalogue figures a rule declared, by its local names (``p.cap``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:  # pragma: no cover - a declaration error, caught by tests
            raise AttributeError(name) from exc


Evaluate = Callable[[RuleContext, Params], Check]


@dataclass(frozen=True)
class Rule:
    id: str
    article: str  # key into the catalogue's [articles] table
    requirement: str  # Chinese, may use {name} of params
    severity: Severity
    evaluate: Evaluate
    fields: tuple[str, ...] = ()
    params: Mapping[str, str] = field(default_factory=dict)  # local name -> catalogue key
    applies: Callable[[RuleContext], bool] | None = None


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
        article: str,
        requirement: str,
        severity: Severity = Severity.ERROR,
        fields: Sequence[str] = (),
        params: Mapping[str, str] | None = None,
        applies: Callable[[RuleContext], bool] | None = None,
    ) -> Callable[[Evaluate], Evaluate]:
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
                )
            )
            return fn

        return register

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
    requirement = rule.requirement.format_map({k: fmt_number(v) for k, v in params.items()})
    if rule.applies is not None and not rule.applies(ctx):
        check = Check(Verdict.NOT_APPLICABLE)
    else:
        check = rule.evaluate(ctx, params)
    return RuleResult(
        rule_id=rule.id,
        article=ctx.catalogue.article(rule.article),
        requirement=requirement,
        severity=rule.severity,
        verdict=check.verdict,
        observed=check.observed,
        message=check.message,
        fields=rule.fields,
    )


# --- helpers for the common shapes of check -------------------------------------------------


def fmt_number(value: Any) -> str:
    """Decimal without trailing zeros and with thousands separators; other values as text."""
    if isinstance(value, bool):
        return "是" if value else "否"
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


def at_most(value: Decimal | int | None, limit: Decimal | int, *, what: str, unit: str) -> Check:
    if value is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{what}")
    observed = fmt_amount(value, unit)
    if value > limit:
        return Check(
            Verdict.FAIL,
            observed,
            f"{what}为 {observed}，超过上限 {fmt_amount(limit, unit)}，请调减至上限以内",
        )
    return Check(Verdict.PASS, observed)


def at_least(value: Decimal | int | None, floor: Decimal | int, *, what: str, unit: str) -> Check:
    if value is None:
        return Check(Verdict.INCOMPLETE, "未填写", f"请填写{what}")
    observed = fmt_amount(value, unit)
    if value < floor:
        return Check(
            Verdict.FAIL,
            observed,
            f"{what}为 {observed}，低于要求的 {fmt_amount(floor, unit)}",
        )
    return Check(Verdict.PASS, observed)


def ratio_percent(part: Decimal | int | None, whole: Decimal | int | None) -> Decimal | None:
    """``part / whole`` in percent, unrounded (so 74.99 never passes as 75); None if unknown."""
    if part is None or whole is None or whole == 0:
        return None
    return Decimal(part) * 100 / Decimal(whole)
