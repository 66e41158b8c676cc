"""撤回并重新报送: an enterprise takes back an application it sent (已提交, or returned by the
office: 退回补正, and 待提交/草稿 again while it is corrected) to send it to another office.

A withdrawn application gets a new uid and starts again at 第1版: to the office it goes to next
it is a plain first package, and nothing the first office sends about the old uid (a late
decision) can match it any more. The trail keeps who withdrew it, why, and where it had gone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from db.addressing import last_sent, sent_zone, withdrawn_from, withdrawn_refusal
from db.audit import SYSTEM_ACTOR, audit
from db.checking import check_row
from db.models import Application, ExchangedPackage
from db.moves import lock_applicant
from db.records import application_record
from db.repository import Store
from forms.applicant import stored_profile
from forms.core.control_chars import text_problem
from forms.core.workflow import MOVES, Move, Status, TransitionError, apply_move
from forms.core.workflow import can_withdraw as status_allows_withdrawal
from forms.core.zones import zone_name_or

MAX_REASON = 200
# besides 已提交: sent before, then returned (and being corrected, 待提交 or 草稿 again)
WITHDRAWABLE = frozenset(s for s in MOVES[Move.WITHDRAW] if s is not None)


def _status_refusal(row: Application, sent: ExchangedPackage | None) -> str | None:
    """Why this application cannot be withdrawn as it stands (its status, whether it was sent),
    or None: the one rule the withdrawal and the window's action both ask."""
    status = Status(row.status)
    received = row.received_at is not None
    if status_allows_withdrawal(status, received=received, sent=sent is not None):
        return None
    if received:
        return "这份申报是从申报包收到的，只有申报单位可以撤回"
    if status not in WITHDRAWABLE:
        return (
            f"申报 {row.number} 已收到审核决定，状态为“{status.label}”，不能撤回。"
            "如因所在高新区选错被不予推荐，请在“申报主体”中改正所在高新区后新建一份申报，"
            "报送正确的园区"
        )
    return (
        f"申报 {row.number} 尚未导出申报包，无需撤回（只有“已提交”的申报可以撤回，"
        "“退回补正”等已报送过的申报也可以撤回后改报其他园区）；请直接“导出申报包”"
    )


def can_withdraw(store: Store, application_id: int) -> bool:
    """Whether 撤回并重新报送 may be offered for this application (the store is writable, and
    its status and sending allow it; the zones are checked when it is asked)."""
    if store.read_only:
        return False
    with store.reading() as session:
        row = store.application(session, application_id)
        return _status_refusal(row, last_sent(session, row)) is None


def resend_zones(store: Store, application_id: int) -> tuple[str | None, str | None]:
    """Where an exported application went, and where it would go now (the profile's zone)."""
    with store.reading() as session:
        row = store.application(session, application_id)
        sent = last_sent(session, row)
        profile = stored_profile(row.applicant.profile)
        return (sent_zone(row, sent) if sent else None), profile.hitech_zone or None


@dataclass(frozen=True)
class Withdrawal:
    application_id: int
    status: Status  # 待提交 when the rules still pass, else 草稿
    was_addressed_to: str | None
    revision: int


def reason_problem(reason: str) -> str | None:
    """A control character in a 撤回原因, in the words the 撤回 dialog shows while it is typed
    and withdraw_submission refuses it with: line breaks and tabs are not one (they are joined)."""
    return text_problem("撤回原因", reason, multi_line=True)


def withdraw_submission(
    store: Store, application_id: int, reason: str, *, actor: str = SYSTEM_ACTOR
) -> Withdrawal:
    """Withdraw an exported application (see WITHDRAWABLE) so it can be exported again,
    addressed to the office of the zone now in the profile; TransitionError says why not. It
    is refused when that zone is where it went, now or before an earlier 撤回: the office
    there could no longer send its decision on what it received."""
    if problem := reason_problem(reason):
        raise TransitionError(problem)
    reason = " ".join(reason.split())
    if not reason:
        raise TransitionError("请写明撤回的原因（例如：所在高新区选错，应报送某某高新区）")
    if len(reason) > MAX_REASON:
        raise TransitionError(f"撤回原因请控制在 {MAX_REASON} 字以内")
    with store.writing() as session:
        row = store.application(session, application_id)
        before = Status(row.status)
        sent = last_sent(session, row)
        if refusal := _status_refusal(row, sent):
            raise TransitionError(refusal)
        lock_applicant(session, row)
        addressed = sent_zone(row, sent) if sent is not None else None
        zone = stored_profile(row.applicant.profile).hitech_zone or None
        if sent is not None and zone == addressed:
            raise TransitionError(
                f"申报主体中的所在高新区仍是“{zone_name_or(zone, '未选择')}”，与已报送的相同，撤回后会再报送同一个"
                "园区。如所在高新区选错了，请先在“申报主体”页改正后再撤回；如只需再次发送文件，"
                "请用“导出申报包”（得到同一个申报包，不会重复提交）"
            )
        earlier = withdrawn_from(session, row, zone)
        if earlier is not None:
            raise TransitionError(withdrawn_refusal(row.number or str(row.id), earlier))
        revision = row.submission_revision
        clean = check_row(session, application_record(row), store.catalogue).can_submit
        after = apply_move(row, Status.READY if clean else Status.DRAFT, Move.WITHDRAW)
        old_uid = row.uid
        row.uid, row.submission_revision = str(uuid.uuid4()), 0
        package = f"（包号 {sent.package_id}）" if sent is not None else ""
        audit(
            session,
            row,
            actor,
            "撤回",
            before,
            after,
            f"撤回第{revision}版{package}，原报送高新区“{zone_name_or(addressed)}”；原因：{reason}；"
            f"原申报标识 {old_uid}，重新报送时为新的申报包（第1版）",
        )
        return Withdrawal(row.id, after, addressed, revision)
