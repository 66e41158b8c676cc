"""The park office's decision as the enterprise reads it: each reason beside its field, rule or
material, and what the clerk does next. No Qt: app/gui/editor/decision_view.py shows these."""

from __future__ import annotations

from db.records import ApplicationRecord
from db.review import DecisionRecord
from forms.core.issues import Path
from forms.core.materials import COMPLETE, RULE_PREFIX
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason

APPLICANT_PREFIX = "applicant."  # reasons about the 申报主体, which is not part of the form


def is_applicant_path(field_path: str | None) -> bool:
    """Whether a reason's field path is about the 申报主体 rather than the form."""
    return field_path is not None and field_path.startswith(APPLICANT_PREFIX)


def remark(decision: DecisionRecord, reason: Reason, where: str = "") -> str:
    """A reason as shown beside its field or rule: whose words, about which revision."""
    return f"园区意见（第{decision.revision}版{where}）：{reason.message}"


def field_remarks(decision: DecisionRecord) -> list[tuple[Path, str]]:
    """Reasons about the form's own fields, as (path, text) for ``FormEditor.show_remarks``.

    A reason about a row's cell names the row and column, since rows may have moved since.
    """
    remarks: list[tuple[Path, str]] = []
    for reason in decision.reasons:
        if reason.field_path is None or is_applicant_path(reason.field_path):
            continue
        where = f"，{reason.label}" if len(reason.path) > 1 and reason.label else ""
        remarks.append((reason.path, remark(decision, reason, where)))
    return remarks


def rule_remarks(decision: DecisionRecord) -> dict[str, tuple[str, list[str]]]:
    """Reasons about rules, by rule id with the rule's label, for ``RulesPanel.show_remarks``;
    a reason about a material also shows on that material's 材料齐全 line (``material.<id>``)."""
    remarks: dict[str, tuple[str, list[str]]] = {}
    for reason in decision.reasons:
        if reason.rule_id is not None:
            key, label = reason.rule_id, reason.label
        elif reason.material is not None:
            key, label = f"{RULE_PREFIX}{reason.material}", f"{COMPLETE}：{reason.label}"
        else:
            continue
        remarks.setdefault(key, (label, []))[1].append(remark(decision, reason))
    return remarks


def material_remarks(decision: DecisionRecord) -> dict[str, tuple[str, list[str]]]:
    """Reasons aimed at materials, by material id with the material's name as the officer saw
    it, for the 附件 tab to show on each slot (a material no longer asked for is shown under
    its name, or on 其他材料, by the tab)."""
    return {
        material: (reasons[0].label, [remark(decision, r) for r in reasons])
        for material, reasons in decision.reasons_by_material().items()
    }


def next_step(decision: DecisionRecord, record: ApplicationRecord) -> str:
    """What the clerk does now, given the decision and where the application stands."""
    if decision.outcome is Outcome.RECOMMEND:
        return "园区已通过并推荐，本申报无需再修改。"
    if decision.outcome is Outcome.REJECT:
        return "园区决定不予推荐，本申报到此结束；如有疑问，请联系园区。"
    following = decision.revision + 1
    if record.submission_revision > decision.revision:
        return (
            f"第{record.submission_revision}版已导出提交，正等待园区审核；"
            f"下列为园区对第{decision.revision}版的意见，供核对。"
        )
    if record.status is Status.READY:
        return (
            f"已重新检查并标记为待提交：请“导出申报包”（将作为第{following}版）交给园区。"
            "下列意见供最后核对。"
        )
    return (
        "下一步：按下列意见修改后，再“检查并标记为待提交”，"
        f"然后重新导出申报包（将作为第{following}版）。"
    )


def material_heading(reason: Reason) -> str:
    """The line the reasons aimed at one material are listed under: 〔材料〕its name."""
    return f"〔{reason.kind_label}〕{reason.label or reason.material}"


def reason_text(reason: Reason) -> str:
    label = reason.label or reason.field_path or reason.rule_id or reason.material or ""
    return f"〔{reason.kind_label}〕{label}：{reason.message}"
