"""The officer's 需人工核实 checklist of a received revision: ticks kept as an append-only log.

Each tick or untick is one ``manual_checks`` row (and one audit event); the checklist of a revision
is the latest row per rule, so a new revision starts empty and nothing is ever overwritten.
``Review.manual_checks`` and ``Review.set_manual_check`` (db/review.py) are the public side.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.accounts import AccountRecord
from db.audit import audit
from db.errors import ConflictError, InputError
from db.models import Application, ManualCheckEvent
from forms.core.control_chars import text_problem
from forms.core.display import format_local_time
from forms.core.issues import FieldIssue
from forms.core.rules import RuleResult, Verdict
from forms.core.validation import ValidationReport
from forms.core.workflow import Status, TransitionError

MANUAL_CHECK_ACTION = "人工核实"
MAX_NOTE = 500


@dataclass(frozen=True)
class ManualCheck:
    """Where one 需人工核实 rule of the current revision stands: ticked (done) or not."""

    rule_id: str
    done: bool
    officer: str
    at: datetime
    note: str

    @property
    def change_text(self) -> str:
        """What it was changed to, as an officer who had another record on screen is told:
        「改为“已核实”，核实说明“…”」."""
        state = "已核实" if self.done else "取消核实"
        return f"改为“{state}”" + (f"，核实说明“{self.note}”" if self.note else "")


def checklist(session: Session, application_id: int, revision: int) -> dict[str, ManualCheck]:
    """The latest tick of each rule of ``revision``, by rule id."""
    rows = session.scalars(
        select(ManualCheckEvent)
        .where(
            ManualCheckEvent.application_id == application_id,
            ManualCheckEvent.revision == revision,
        )
        .order_by(ManualCheckEvent.id)
    )
    return {r.rule_id: ManualCheck(r.rule_id, r.done, r.officer, r.at, r.note) for r in rows}


def _refusal(message: str) -> InputError:
    return InputError([FieldIssue(("manual_checks",), "manual_check", message, "人工核实")])


def checked_note(note: str) -> str:
    """The officer's note, trimmed; InputError when too long or holding a control character
    (a NUL a server's store refuses, or an invisible one): said as a form's field says it."""
    if problem := text_problem("核实说明", note, multi_line=True):
        raise _refusal(problem)
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise _refusal(f"核实说明最多 {MAX_NOTE} 字，现有 {len(note)} 字，请精简")
    return note


def refuse_unless_checkable(row: Application) -> None:
    """Ticks only on a received application still awaiting its decision."""
    if row.received_at is None:
        raise TransitionError(
            f"申报 {row.number} 是本机自己填写的，不是从申报包收到的，没有人工核实清单"
        )
    if row.status != Status.SUBMITTED.value:
        raise TransitionError(
            f"申报 {row.number} 的状态为“{Status(row.status).label}”，已作出审核决定，人工核实清单不能再修改；"
            "申报单位补正后重新提交的新版次有新的清单"
        )


def manual_rule(row: Application, report: ValidationReport, rule_id: str) -> RuleResult:
    """The rule ``rule_id`` of the office's run, which must say 需人工核实."""
    rule = next((r for r in report.results if r.rule_id == rule_id), None)
    if rule is None:
        raise _refusal(f"申报 {row.number} 的表单没有编号为“{rule_id}”的条款")
    if rule.verdict is not Verdict.MANUAL:
        raise _refusal(
            f"“{rule.article}：{rule.requirement}”的结论为“{rule.verdict.value}”，"
            "不是“需人工核实”，无需勾选"
        )
    return rule


def lock_checklist(session: Session, row: Application) -> None:
    """Lock the application's row before its checklist is compared with what an officer saw:
    on a server, two officers noting one rule at once would otherwise both find it as they saw
    it, and the later note would silently replace the other's (SQLite's writers take turns)."""
    session.execute(select(Application.id).where(Application.id == row.id).with_for_update())


def refuse_if_changed(
    latest: ManualCheck | None, seen: ManualCheck | None, rule: RuleResult
) -> None:
    """ConflictError, naming who, when the rule's record is no longer ``seen``, the one the
    officer had on screen: another officer (another desktop, another window) changed it since."""
    if latest == seen or latest is None:  # the log only grows: None was never on screen either
        return
    raise ConflictError(
        f"“{rule.article}：{rule.requirement}”的核实记录已由{latest.officer}于 "
        f"{format_local_time(latest.at)} {latest.change_text}，您这次的勾选或核实说明未保存，"
        "以免覆盖对方的记录。请看过现在的记录后再决定是否更改"
    )


def record_check(
    session: Session,
    row: Application,
    rule: RuleResult,
    done: bool,
    officer: AccountRecord,
    note: str,
) -> ManualCheck:
    """Log one tick or untick of ``rule`` on the current revision of ``row``, and audit it."""
    event = ManualCheckEvent(
        application_id=row.id,
        revision=row.submission_revision,
        rule_id=rule.rule_id,
        done=done,
        officer=officer.display_name,
        note=note,
    )
    session.add(event)
    state = "已核实" if done else "取消核实"
    detail = f"第{row.submission_revision}版 {rule.article}：{rule.requirement}——{state}"
    if note:
        detail += f"（{note}）"
    audit(session, row, officer.actor, MANUAL_CHECK_ACTION, None, None, detail)
    session.flush()
    return ManualCheck(rule.rule_id, done, event.officer, event.at, event.note)
