"""撤回并重新报送: an enterprise takes back a 已提交 application to send it to another office.

A withdrawn application gets a new uid and starts again at 第1版: to the office it goes to next
it is a plain first package, and nothing the first office sends about the old uid (a late
decision) can match it any more. The trail keeps who withdrew it, why, and where it had gone.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Applicant, Application, ExchangedPackage
from db.repository import SYSTEM_ACTOR, Store, _audit, _history, _record
from forms.applicant import stored_profile
from forms.core.workflow import Status, TransitionError
from forms.core.zones import zone_name
from forms.exchange.manifest import PackageType

SENT = "sent"
MAX_REASON = 200


def _last_sent(session: Session, row: Application) -> ExchangedPackage | None:
    """The submission package this copy last sent for the application, under its current uid."""
    return session.scalar(
        select(ExchangedPackage)
        .where(
            ExchangedPackage.application_id == row.id,
            ExchangedPackage.application_uid == row.uid,
            ExchangedPackage.direction == SENT,
            ExchangedPackage.type == PackageType.SUBMISSION.value,
        )
        .order_by(ExchangedPackage.id.desc())
        .limit(1)
    )


def resend_zones(store: Store, application_id: int) -> tuple[str | None, str | None]:
    """Where an exported application went, and where it would go now (the profile's zone)."""
    with store._read() as session:
        row = store._get(session, application_id)
        sent = _last_sent(session, row)
        profile = stored_profile(row.applicant.profile)
        return (sent.addressed_to if sent else None), profile.hitech_zone or None


@dataclass(frozen=True)
class Withdrawal:
    application_id: int
    status: Status  # 待提交 when the rules still pass, else 草稿
    was_addressed_to: str | None
    revision: int


def withdraw_submission(
    store: Store, application_id: int, reason: str, *, actor: str = SYSTEM_ACTOR
) -> Withdrawal:
    """Withdraw an exported (已提交) application so it can be exported again, addressed to the
    office of the zone now in the profile; TransitionError says why not."""
    reason = " ".join(reason.split())
    if not reason:
        raise TransitionError("请写明撤回的原因（例如：所在高新区选错，应报送某某高新区）")
    if len(reason) > MAX_REASON:
        raise TransitionError(f"撤回原因请控制在 {MAX_REASON} 字以内")
    with store._write() as session:
        row = store._get(session, application_id)
        if row.received_at is not None:
            raise TransitionError("这份申报是从申报包收到的，只有申报单位可以撤回")
        if row.status != Status.SUBMITTED.value:
            raise TransitionError(
                f"申报 {row.number} 尚未导出申报包，或已收到审核决定：只有“已提交”的申报可以撤回"
            )
        session.execute(
            select(Applicant.id).where(Applicant.id == row.applicant_id).with_for_update()
        )
        sent = _last_sent(session, row)
        addressed = sent.addressed_to if sent is not None else None
        zone = stored_profile(row.applicant.profile).hitech_zone or None
        if sent is not None and zone == addressed:
            raise TransitionError(
                f"申报主体中的所在高新区仍是“{zone_name(zone) if zone else '未选择'}”，与已报送的相同，撤回后会再报送同一个"
                "园区。如所在高新区选错了，请先在“申报主体”页改正后再撤回；如只需再次发送文件，"
                "请用“导出申报包”（得到同一个申报包，不会重复提交）"
            )
        revision = row.submission_revision
        record = _record(row)
        history = _history(session, record.applicant.uscc or "", exclude_id=row.id)
        clean = store.validate_record(record, store.catalogue, history=history).can_submit
        after = Status.READY if clean else Status.DRAFT
        old_uid = row.uid
        row.uid, row.submission_revision, row.status = str(uuid.uuid4()), 0, after.value
        package = f"（包号 {sent.package_id}）" if sent is not None else ""
        _audit(
            session,
            row,
            actor,
            "撤回",
            Status.SUBMITTED,
            after,
            f"撤回第{revision}版{package}，原报送高新区“{zone_name(addressed) if addressed else '未写明'}”；原因：{reason}；"
            f"原申报标识 {old_uid}，重新报送时为新的申报包（第1版）",
        )
        return Withdrawal(row.id, after, addressed, revision)
