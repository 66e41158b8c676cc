"""Application statuses and the moves between them."""

from __future__ import annotations

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

# Claims that count against a firm's caps: handed in or about to be, and not turned down.
LIVE_CLAIMS = frozenset({Status.READY, Status.SUBMITTED, Status.RETURNED, Status.RECOMMENDED})

# Moving into these requires a form that passes every error-level rule.
NEEDS_CLEAN_REPORT = frozenset({Status.READY, Status.SUBMITTED})


class TransitionError(UserError):
    """A move the workflow does not allow (or a refusal of the same kind); the message is Chinese."""


def check_transition(current: Status, target: Status) -> None:
    if target not in TRANSITIONS[current]:
        allowed = "、".join(s.label for s in TRANSITIONS[current]) or "无"
        raise TransitionError(
            f"状态为“{current.label}”的申报不能改为“{target.label}”（可改为：{allowed}）"
        )
