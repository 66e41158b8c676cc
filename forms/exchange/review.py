"""A park office's decision on an application, and the reasons it gives per field, rule or material."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from typing import Annotated, Any, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from forms import _v1_values as v1
from forms.core.choices import Choice
from forms.core.control_chars import MultiLineText, OneLineText, text_problem
from forms.core.definition import FieldSpec, FormDefinition
from forms.core.fields import FieldKind
from forms.core.materials import MATERIAL_ID_PATTERN, OTHER, OTHER_NAME, materials_for
from forms.core.rules import RuleResult
from forms.core.validation import ValidationReport
from forms.core.workflow import Status

MAX_OFFICER_NAME = 30  # an officer's name as decisions carry it (and accounts keep it)
# An officer's 登录名: unique on the office's machine (whatever the case), unlike 姓名.
OFFICER_USERNAME = r"^[A-Za-z0-9._-]{2,32}$"


def officer_shown(display_name: str, username: str | None) -> str:
    """How a decision names its officer: 姓名（登录名）, or the 姓名 alone from older packages
    (two officers may share a 姓名; the 登录名 tells them apart)."""
    return f"{display_name}（{username}）" if username else display_name


class Outcome(Choice):
    RECOMMEND = "approve", "通过并推荐"  # codes fit review_decisions.outcome (8)
    RETURN = "return", "退回补正"
    REJECT = "reject", "不予推荐"

    @property
    def status(self) -> Status:
        """The status an application takes on this decision."""
        return {
            Outcome.RECOMMEND: Status.RECOMMENDED,
            Outcome.RETURN: Status.RETURNED,
            Outcome.REJECT: Status.REJECTED,
        }[self]


def outcome_code(value: Any) -> Any:
    """An outcome as a code: version 1 packages name it by its old label."""
    return v1.OUTCOME.get(value, value) if isinstance(value, str) else value


# An outcome as a package carries it: a code, or a version 1 package's old label.
OutcomeField = Annotated[Outcome, BeforeValidator(outcome_code)]


class Reason(BaseModel):
    """Why an application is returned or refused, tied to one field, one rule or one material.

    ``field_path`` is a dotted path in the form data (``requested_amount``,
    ``partners.1.uscc``) or in the profile (``applicant.uscc``); ``rule_id`` a rule of the form;
    ``material`` the id of one of the form's declared materials (or 其他材料), whose slot the
    enterprise sees it on (「营业执照复印件未盖章」). ``label`` is what the officer saw (the
    field's label, the rule's requirement, the material's name), kept so the enterprise reads
    the same words even if its copy of the form differs.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    # ``title``: how a refused package names the field (forms/exchange/container.issues_text)
    field_path: OneLineText | None = Field(default=None, max_length=200, title="栏目")
    rule_id: OneLineText | None = Field(default=None, max_length=100, title="条款")
    # a code only (never a file or a path); packages before version 4 have none
    material: str | None = Field(default=None, pattern=MATERIAL_ID_PATTERN, title="申报材料")
    label: OneLineText = Field(default="", max_length=200, title="针对")
    message: MultiLineText = Field(min_length=1, max_length=500, title="意见")

    @model_validator(mode="after")
    def _one_target(self) -> Reason:
        if [self.field_path, self.rule_id, self.material].count(None) != 2:
            raise ValueError("每条理由应针对一个栏目、一条规则或一项申报材料（三者选一）")
        return self

    @property
    def target_kind(self) -> str:
        """What the reason is about, as ``Target.kind`` names it: field, rule or material."""
        if self.rule_id is not None:
            return "rule"
        return "material" if self.material is not None else "field"

    @property
    def kind_label(self) -> str:
        """The kind of target as printed before the label: 栏目, 条款 or 材料."""
        return TARGET_KINDS[self.target_kind]

    @property
    def path(self) -> tuple[str | int, ...]:
        """``field_path`` as the path tuple that field issues use."""
        if self.field_path is None:
            return ()
        return tuple(int(p) if p.isdigit() else p for p in self.field_path.split("."))


class Decision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    outcome: OutcomeField = Field(title="审核结论")
    officer: OneLineText = Field(min_length=1, max_length=MAX_OFFICER_NAME, title="审核人")
    # absent in packages made before officers' 登录名 travelled with the decision
    officer_username: str | None = Field(default=None, pattern=OFFICER_USERNAME, title="登录名")
    decided_on: date = Field(title="决定日期")
    comment: MultiLineText = Field(default="", max_length=2000, title="审核意见")
    reasons: tuple[Reason, ...] = Field(default=(), max_length=200, title="理由")


def _max_length(model: type[BaseModel], name: str) -> int:
    """A field's ``max_length`` as declared above for the package."""
    found = (getattr(m, "max_length", None) for m in model.model_fields[name].metadata)
    return next(n for n in found if isinstance(n, int))


TARGET_KINDS = {"field": "栏目", "rule": "条款", "material": "材料"}


# What a decision package carries: a decision is never recorded that could not be sent.
MAX_COMMENT = _max_length(Decision, "comment")
MAX_MESSAGE = _max_length(Reason, "message")
MAX_LABEL = _max_length(Reason, "label")


def _label(text: str) -> str:
    """A target's label as a reason carries it: a long one (a rule's requirement with its
    figures) cut with …, so the decision never holds a reason the enterprise would refuse."""
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def resolve_reasons(
    definition: FormDefinition,
    applicant: FormDefinition,
    reasons: Sequence[Reason],
    rule_labels: Mapping[str, str] | None = None,
) -> tuple[list[Reason], list[str]]:
    """The reasons with their labels filled in, and a Chinese problem for each unknown target.

    ``rule_labels`` gives a rule's article and requirement with the catalogue's figures, as the
    officer saw them in the rule table; without it the bare requirement is used.
    """
    resolved: list[Reason] = []
    problems: list[str] = []
    rule_ids = {r.id: r for r in definition.rules}
    material_names = {m.id: m.name for m in definition.materials} | {OTHER: OTHER_NAME}
    for number, reason in enumerate(reasons, start=1):
        if reason.material is not None:
            # Any declared material, not only those the answers ask for now: the enterprise
            # may have changed its answers since, and the reason must still find its slot.
            name = material_names.get(reason.material)
            if name is None:
                problems.append(
                    f"第{number}条理由针对的申报材料“{reason.material}”不是本表所列的材料"
                )
                continue
            label = reason.label or name
        elif reason.rule_id is not None:
            rule = rule_ids.get(reason.rule_id)
            if rule is None:
                problems.append(f"第{number}条理由针对的规则“{reason.rule_id}”不是本表的规则")
                continue
            label = reason.label or (rule_labels or {}).get(rule.id) or rule.requirement
        else:
            path = reason.path
            target, rest = (
                (applicant, path[1:]) if path[:1] == ("applicant",) else (definition, path)
            )
            if not rest or not isinstance(rest[0], str) or rest[0] not in target.fields:
                problems.append(f"第{number}条理由针对的栏目“{reason.field_path}”不是本表的栏目")
                continue
            label = reason.label or (
                ("申报主体·" if target is applicant else "") + target.label_of(rest)
            )
        resolved.append(reason.model_copy(update={"label": _label(label)}))
    return resolved, problems


def comment_problem(comment: str) -> str | None:
    """Why the 审核意见 cannot be sent as it is, if it cannot (as typed: a control character's
    place is counted in the box)."""
    if len(comment.strip()) > MAX_COMMENT:
        return f"审核意见最多 {MAX_COMMENT} 字，现有 {len(comment.strip())} 字，请精简"
    return text_problem("审核意见", comment, multi_line=True)


def message_problem(number: int, target_label: str, message: str) -> str | None:
    """Why the words of reason ``number`` cannot be sent as they are, if they cannot."""
    if len(message.strip()) > MAX_MESSAGE:
        return f"第{number}条理由的意见超过 {MAX_MESSAGE} 字，请精简"
    return text_problem(f"第{number}条理由（{target_label}）的意见", message, multi_line=True)


def decision_problems(
    outcome: Outcome,
    comment: str,
    reasons: Sequence[Reason],
    decided_on: date | None = None,
    today: date | None = None,
) -> list[str]:
    """What a decision lacks before it can be recorded (empty when complete)."""
    problems = [p for p in [comment_problem(comment)] if p]
    problems += [
        p
        for number, reason in enumerate(reasons, start=1)
        if (p := message_problem(number, reason.label, reason.message))
    ]
    if outcome is Outcome.RETURN and not reasons:
        problems.append("退回补正须至少给出一条理由，指明要补正的栏目、规则或申报材料")
    if outcome is Outcome.REJECT and not (comment.strip() or reasons):
        problems.append("不予推荐须写明意见或理由")
    if decided_on is not None and decided_on > (today or date.today()):
        problems.append("决定日期不能晚于今天，请改为实际作出决定的日期")
    return problems


# --- what a reason may be about ---------------------------------------------------------------


class Target(NamedTuple):
    """What a reason is about: ("field", "partners.1.uscc"), ("rule", rule id) or
    ("material", material id)."""

    kind: str
    key: str
    label: str

    def reason(self, message: str) -> Reason:
        label = _label(self.label)
        if self.kind == "rule":
            return Reason(rule_id=self.key, label=label, message=message)
        if self.kind == "material":
            return Reason(material=self.key, label=label, message=message)
        return Reason(field_path=self.key, label=label, message=message)


def draft_problems(
    outcome: Outcome | None,
    comment: str,
    reasons: Sequence[tuple[Target, str]],
    decided_on: date | None = None,
    today: date | None = None,
) -> tuple[list[Reason], list[str]]:
    """A decision as an officer is drafting it (reasons as typed, each with its target): the
    reasons that can be sent, and in Chinese everything that keeps it from being recorded,
    in the order the officer fixes them."""
    found: list[Reason] = []
    problems: list[str] = []
    if outcome is None:
        problems.append("请选择审核结论：通过并推荐、退回补正或不予推荐")
    for number, (target, typed) in enumerate(reasons, start=1):
        message = typed.strip()
        if not message:
            problems.append(f"第{number}条理由（{target.label}）没有写意见，请填写或删除")
        elif problem := message_problem(number, target.label, typed):
            problems.append(problem)
        else:
            found.append(target.reason(message))
    if outcome is None:  # the rest needs a conclusion; the comment's length is said at once
        problems += [p for p in [comment_problem(comment)] if p]
    else:
        problems += decision_problems(outcome, comment, found, decided_on, today)
    return found, problems


def _field_targets(
    definition: FormDefinition, data: dict[str, Any], prefix: str, label_prefix: str
) -> Iterator[Target]:
    for _section, spec in definition.iter_fields():
        yield Target("field", prefix + spec.name, label_prefix + spec.label)
        if spec.kind is FieldKind.ROWS:
            yield from _row_targets(definition, spec, data, prefix, label_prefix)


def _row_targets(
    definition: FormDefinition, spec: FieldSpec, data: dict[str, Any], prefix: str, label: str
) -> Iterator[Target]:
    rows = data.get(spec.name) or []
    for number in range(len(rows)):
        for cell in spec.row_fields:
            path = (spec.name, number, cell.name)
            yield Target(
                "field",
                prefix + ".".join(str(p) for p in path),
                label + definition.label_of(path),
            )


def rule_label(result: RuleResult) -> str:
    """How officers see a rule, with the catalogue's figures: 条款：要求."""
    return f"{result.article}：{result.requirement}"


def decision_targets(
    definition: FormDefinition,
    form: BaseModel,
    applicant: BaseModel,
    report: ValidationReport,
    *,
    applicant_definition: FormDefinition,
) -> list[Target]:
    """What a reason may be about: every field of the form (rows' cells too), of the applicant
    profile (declared by ``applicant_definition``), every rule of the report, and every material
    the answers ask for, then 其他材料 (as the review window lists them)."""
    profile = applicant.model_dump(mode="json")
    return [
        *_field_targets(definition, form.model_dump(mode="json"), "", ""),
        *_field_targets(applicant_definition, profile, "applicant.", "申报主体·"),
        *(Target("rule", r.rule_id, rule_label(r)) for r in report.results),
        *material_targets(definition, form),
    ]


def material_targets(definition: FormDefinition, form: BaseModel) -> list[Target]:
    """The materials a reason may be aimed at, in declared order, 其他材料 last."""
    listed = materials_for(definition, dict(form))
    return [
        *(Target("material", m.id, m.name) for m in listed),
        Target("material", OTHER, OTHER_NAME),
    ]
