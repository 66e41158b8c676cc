"""The workflow: each kind of move has its table, the predicates agree with the tables, and a
move the table does not allow is refused in Chinese, leaving the status as it was."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from forms.core.workflow import (
    EDITABLE,
    MOVES,
    TRANSITIONS,
    Move,
    Status,
    TransitionError,
    after_edit,
    apply_move,
    can_decide,
    can_delete,
    can_edit,
    can_export,
    can_import_decision,
    can_mark_ready,
    can_receive,
    can_withdraw,
)


@dataclass
class Row:
    status: str | None = None


def test_a_users_move_follows_the_transitions():
    row = Row(Status.DRAFT.value)
    assert apply_move(row, Status.READY) is Status.READY and row.status == "ready"
    with pytest.raises(TransitionError, match="不能改为“已推荐”"):
        apply_move(row, Status.RECOMMENDED)
    assert row.status == "ready"  # refused: unchanged


@pytest.mark.parametrize(
    ("move", "before", "target"),
    [
        (Move.RECEIVE, Status.SUBMITTED, Status.SUBMITTED),  # only a 退回补正 one takes a revision
        (Move.DECIDE, Status.RETURNED, Status.RECOMMENDED),
        (Move.IMPORT_DECISION, Status.READY, Status.RETURNED),
        (Move.EXPORT, Status.DRAFT, Status.SUBMITTED),
        (Move.WITHDRAW, Status.RECOMMENDED, Status.READY),
        (Move.WITHDRAW, Status.SUBMITTED, Status.SUBMITTED),
    ],
)
def test_a_move_outside_its_table_is_refused(move, before, target):
    row = Row(before.value)
    with pytest.raises(TransitionError) as caught:
        apply_move(row, target, move)
    assert row.status == before.value
    assert before.label in str(caught.value) and move.label in str(caught.value)


def test_a_new_row_is_made_a_draft_or_received_as_submitted():
    assert apply_move(Row(), Status.DRAFT, Move.CREATE) is Status.DRAFT
    assert apply_move(Row(), Status.SUBMITTED, Move.RECEIVE) is Status.SUBMITTED
    with pytest.raises(TransitionError):
        apply_move(Row(), Status.SUBMITTED, Move.CREATE)


def test_the_predicates_agree_with_the_tables():
    for status in Status:
        assert can_edit(status) is (status in EDITABLE)
        assert not can_edit(status, received=True)
        assert can_mark_ready(status) is (Status.READY in TRANSITIONS[status])
        assert can_export(status) is (status in MOVES[Move.EXPORT])
        assert not can_export(status, received=True)
        assert can_decide(status) is (status in MOVES[Move.DECIDE])
        assert not can_decide(status, received=False)
        assert can_import_decision(status) is (status in MOVES[Move.IMPORT_DECISION])
        assert can_receive(status) is (status in MOVES[Move.RECEIVE])
        assert can_delete(status) is (status in (Status.DRAFT, Status.READY))
    assert can_receive(None)  # a first package
    assert [s for s in Status if can_mark_ready(s)] == [Status.DRAFT, Status.RETURNED]
    assert [s for s in Status if can_export(s)] == [Status.READY, Status.SUBMITTED]


def test_withdrawal_needs_a_sent_package_unless_submitted():
    assert can_withdraw(Status.SUBMITTED, sent=False)
    assert can_withdraw(Status.RETURNED, sent=True)
    assert not can_withdraw(Status.RETURNED, sent=False)
    assert not can_withdraw(Status.SUBMITTED, received=True)
    assert not can_withdraw(Status.RECOMMENDED)


def test_new_content_sends_a_ready_application_back_to_draft():
    assert after_edit(Status.READY) is Status.DRAFT
    assert after_edit(Status.RETURNED) is Status.RETURNED
    for status in EDITABLE:
        assert apply_move(Row(status.value), after_edit(status), Move.EDIT) is after_edit(status)
