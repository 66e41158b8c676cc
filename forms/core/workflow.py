"""Application statuses, the moves between them, and who may make which move.

Every status change anywhere goes through ``apply_move``; every screen and every writer asks
the ``can_…`` predicates here instead of working the rules out again.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Protocol

from forms.core.choices import Choice
from forms.core.errors import UserError


class Status(Choice):
    DRAFT = "draft", "草稿"
    READY = "ready", "待提交"
    SUBMITTED = "submitted", "已提交"
    RETURNED = "returned", "退回补正"
    RECOMMENDED = "recommended", "已推荐"
    REJECTED = "rejected", "不予推荐"


# Which moves a user (or the review office) may make.
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.READY}),
    Status.READY: frozenset({Status.DRAFT, Status.SUBMITTED}),
    Status.SUBMITTED: frozenset({Status.RETURNED, Status.RECOMMENDED, Status.REJECTED}),
    Status.RETURNED: frozenset({Status.READY, Status.DRAFT}),
    Status.RECOMMENDED: frozenset(),
    Status.REJECTED: frozenset(),
}

# Statuses in which a user may still change the form's content.
EDITABLE = frozenset({Status.DRAFT, Status.READY, Status.RETURNED})

# Statuses in which an application may still be deleted: it has never been handed in.
DELETABLE = frozenset({Status.DRAFT, Status.READY})

# Claims that count against a firm's caps: handed in or about to be, and not turned down.
LIVE_CLAIMS = frozenset({Status.READY, Status.SUBMITTED, Status.RETURNED, Status.RECOMMENDED})

# Moving into these requires a form that passes every error-level rule.
NEEDS_CLEAN_REPORT = frozenset({Status.READY, Status.SUBMITTED})

# The statuses a received application can have: the office never sees a draft.
RECEIVED_STATUSES = (Status.SUBMITTED, Status.RETURNED, Status.RECOMMENDED, Status.REJECTED)

# A received application in this status waits for the office's decision (see can_decide).
AWAITING_DECISION = Status.SUBMITTED


class Move(StrEnum):
    """What makes an application's status change; each has its own table of moves."""

    CREATE = "create"  # a new draft, typed or imported
    CHANGE = "change"  # a user's own move (TRANSITIONS): 检查并标记为待提交, back to 草稿, …
    EDIT = "edit"  # new content saved: a 待提交 application must be checked again
    EXPORT = "export"  # 导出申报包 (an 已提交 one again: its next revision)
    RECEIVE = "receive"  # a submission package taken in at the office
    DECIDE = "decide"  # the office's decision, made at the office
    IMPORT_DECISION = "import_decision"  # the office's decision, taken in by the enterprise
    WITHDRAW = "withdraw"  # 撤回并重新报送

    @property
    def label(self) -> str:
        return _MOVE_LABELS[self]


_MOVE_LABELS = {
    Move.CREATE: "新建",
    Move.CHANGE: "变更状态",
    Move.EDIT: "保存",
    Move.EXPORT: "导出申报包",
    Move.RECEIVE: "接收申报包",
    Move.DECIDE: "作出审核决定",
    Move.IMPORT_DECISION: "接收审核决定",
    Move.WITHDRAW: "撤回",
}

_DECISIONS = frozenset({Status.RETURNED, Status.RECOMMENDED, Status.REJECTED})
_WITHDRAWN = frozenset({Status.READY, Status.DRAFT})  # 待提交 when the rules still pass

# From each status (None: a row being made), where each kind of move may take it.
MOVES: Mapping[Move, Mapping[Status | None, frozenset[Status]]] = {
    Move.CREATE: {None: frozenset({Status.DRAFT})},
    Move.CHANGE: {status: targets for status, targets in TRANSITIONS.items()},
    Move.EDIT: {
        Status.DRAFT: frozenset({Status.DRAFT}),
        Status.READY: frozenset({Status.DRAFT}),
        Status.RETURNED: frozenset({Status.RETURNED}),
    },
    Move.EXPORT: {
        Status.READY: frozenset({Status.SUBMITTED}),
        Status.SUBMITTED: frozenset({Status.SUBMITTED}),
    },
    Move.RECEIVE: {
        None: frozenset({Status.SUBMITTED}),
        Status.RETURNED: frozenset({Status.SUBMITTED}),  # the next revision, as corrected
    },
    Move.DECIDE: {Status.SUBMITTED: _DECISIONS},
    Move.IMPORT_DECISION: {Status.SUBMITTED: _DECISIONS},
    Move.WITHDRAW: {
        Status.SUBMITTED: _WITHDRAWN,
        Status.RETURNED: _WITHDRAWN,  # returned, and being corrected: 待提交 or 草稿 again
        Status.READY: _WITHDRAWN,
        Status.DRAFT: _WITHDRAWN,
    },
}


class TransitionError(UserError):
    """A move the workflow does not allow (or a refusal of the same kind); the message is Chinese."""


def _allowed(move: Move, current: Status | None) -> frozenset[Status]:
    return MOVES[move].get(current, frozenset())


def check_transition(current: Status, target: Status) -> None:
    """TransitionError unless a user may move an application from ``current`` to ``target``."""
    if target not in TRANSITIONS[current]:
        allowed = "、".join(s.label for s in TRANSITIONS[current]) or "无"
        raise TransitionError(
            f"状态为“{current.label}”的申报不能改为“{target.label}”（可改为：{allowed}）"
        )


class HasStatus(Protocol):
    status: str


def check_move(current: Status | None, target: Status, move: Move = Move.CHANGE) -> None:
    """TransitionError unless ``move`` may take an application from ``current`` (None: one
    being made) to ``target``."""
    if move is Move.CHANGE and current is not None:
        check_transition(current, target)
    elif target not in _allowed(move, current):
        now = f"状态为“{current.label}”的申报" if current is not None else "新的申报"
        raise TransitionError(f"{now}不能因“{move.label}”改为“{target.label}”")


def apply_move(subject: HasStatus, target: Status, move: Move = Move.CHANGE) -> Status:
    """Set ``subject``'s status (a stored application) to ``target`` by ``move``, or raise
    TransitionError when that move cannot take it there. The one place a status is set."""
    raw = getattr(subject, "status", None)
    check_move(Status(raw) if raw else None, target, move)
    subject.status = target.value
    return target


# --- what may be done now: every writer and every screen asks these --------------------------


def can_edit(status: Status, *, received: bool = False) -> bool:
    """The content (form, attachments) may be changed: never a received copy's."""
    return not received and status in EDITABLE


def can_delete(status: Status) -> bool:
    return status in DELETABLE


def can_mark_ready(status: Status, *, received: bool = False) -> bool:
    """「检查并标记为待提交」 may be offered (the rules are checked when it is asked)."""
    return not received and Status.READY in TRANSITIONS[status]


def can_export(status: Status, *, received: bool = False) -> bool:
    """「导出申报包」 may be asked: 待提交, or 已提交 again (the rules are checked then)."""
    return not received and bool(_allowed(Move.EXPORT, status))


def can_receive(status: Status | None) -> bool:
    """A submission package may come in for an application in ``status`` (None: new here)."""
    return bool(_allowed(Move.RECEIVE, status))


def can_decide(status: Status, *, received: bool = True) -> bool:
    """The office may decide on a received application in ``status``."""
    return received and bool(_allowed(Move.DECIDE, status))


def can_import_decision(status: Status) -> bool:
    """The enterprise may take in a decision on its application in ``status``."""
    return bool(_allowed(Move.IMPORT_DECISION, status))


def can_withdraw(status: Status, *, received: bool = False, sent: bool = True) -> bool:
    """撤回并重新报送 is allowed by status: 已提交, or sent before and being corrected."""
    if received or not _allowed(Move.WITHDRAW, status):
        return False
    return status is Status.SUBMITTED or sent


def after_edit(status: Status) -> Status:
    """The status after new content is saved (the EDIT move's target): a 待提交 application
    must be checked again."""
    return next(iter(_allowed(Move.EDIT, status)), status)
