"""Where an exported application went: the zone each submission package was addressed to.

Packages sent by release 0.1.0 may have no ``addressed_to``; for the revision now submitted the
zone is then the one in the applicant profile that was submitted with it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Application, ExchangedPackage
from forms.applicant import stored_profile
from forms.core.workflow import TransitionError
from forms.core.zones import zone_name
from forms.exchange.manifest import PackageType

SENT = "sent"


def _sent_packages(row: Application):
    return select(ExchangedPackage).where(
        ExchangedPackage.application_id == row.id,
        ExchangedPackage.direction == SENT,
        ExchangedPackage.type == PackageType.SUBMISSION.value,
    )


def last_sent(session: Session, row: Application) -> ExchangedPackage | None:
    """The submission package this copy last sent for the application, under its current uid."""
    return session.scalar(
        _sent_packages(row)
        .where(ExchangedPackage.application_uid == row.uid)
        .order_by(ExchangedPackage.id.desc())
        .limit(1)
    )


def sent_zone(row: Application, sent: ExchangedPackage) -> str | None:
    """The zone a package went to: its address, or (unaddressed, from before the upgrade) the
    zone of the profile submitted with the revision it carried, if that is the current one."""
    if sent.addressed_to:
        return sent.addressed_to
    if sent.application_uid != row.uid or sent.revision != row.submission_revision:
        return None
    if row.content is None or not row.content.applicant:
        return None
    return stored_profile(row.content.applicant).hitech_zone or None


def withdrawn_from(session: Session, row: Application, zone: str | None) -> ExchangedPackage | None:
    """A package sent to ``zone`` under an earlier uid of the application (before a 撤回)."""
    if not zone:
        return None
    return session.scalar(
        _sent_packages(row)
        .where(ExchangedPackage.application_uid != row.uid, ExchangedPackage.addressed_to == zone)
        .order_by(ExchangedPackage.id.desc())
        .limit(1)
    )


def withdrawn_refusal(number: str, earlier: ExchangedPackage) -> str:
    """Why an application withdrawn from a zone's office is not sent to that office again."""
    zone = zone_name(earlier.addressed_to or "")
    return (
        f"申报 {number} 撤回前已报送过“{zone}”（包号 {earlier.package_id}）。撤回是为了改报其他"
        "园区，不能再向同一园区重新报送：否则该园区对原申报的审核决定（包括退回补正或不予推荐）"
        "将无法导入。请在“申报主体”中核对所在高新区；如所在高新区确是"
        f"“{zone}”，请联系该园区，说明原申报已撤回的情况，由园区决定如何处理"
    )


def check_resend(session: Session, row: Application) -> None:
    """A new revision goes where the earlier ones went, and never to an office the application
    was withdrawn from (TransitionError says what to do)."""
    zone = stored_profile(row.applicant.profile).hitech_zone or None
    if not zone:
        return  # export_package refuses it: no zone, no office
    previous = last_sent(session, row)
    went = sent_zone(row, previous) if previous is not None else None
    if went and went != zone:
        raise TransitionError(
            f"申报 {row.number} 的前几版已报送“{zone_name(went)}”，现在申报主体中的所在高新区是"
            f"“{zone_name(zone)}”：第{row.submission_revision + 1}版不能报送另一个园区（该园区没有"
            "收到过前几版，无法接收）。如所在高新区确实应为"
            f"“{zone_name(zone)}”，请用「撤回并重新报送」，改为向该园区报送新的申报包（第1版）；"
            "如所在高新区改错了，请在“申报主体”页改回后再导出"
        )
    earlier = withdrawn_from(session, row, zone)
    if earlier is not None:
        raise TransitionError(withdrawn_refusal(row.number or str(row.id), earlier))
