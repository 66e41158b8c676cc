"""Decision packages in and out of the store: the office sends its decision back, signed; the
enterprise takes it in only for a package it exported, from the office that received it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cached_property

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.addressing import SENT, sent_zone
from db.audit import SYSTEM_ACTOR, audit
from db.exchange import ExportedPackage
from db.identity import party, signing_key
from db.models import Application, ExchangedPackage, ReviewDecision, utcnow
from db.receiving import RECEIVED
from db.repository import Store
from db.review import DecisionRecord, decision_record, office_profile
from db.trust import (
    KeyAcceptance,
    PinSource,
    SignerInfo,
    accepts,
    key_status,
    office_status,
    refuse_from_this_copy,
    remember_key,
    remember_office,
    signer_info,
)
from forms import get_form
from forms.applicant import APPLICANT
from forms.core.control_chars import without_control_chars
from forms.core.display import one_line
from forms.core.workflow import Move, Status, TransitionError, apply_move, can_import_decision
from forms.core.zones import zone_name, zone_name_or
from forms.exchange.container import issues_text, where_of
from forms.exchange.decision_package import build_decision, decision_file_name, read_decision
from forms.exchange.errors import PackageError
from forms.exchange.manifest import PackageType, Role
from forms.exchange.review import (
    Decision,
    Outcome,
    decision_problems,
    officer_shown,
    resolve_reasons,
)
from forms.exchange.signing import SigningKey, fingerprint


@dataclass(frozen=True)
class DecisionImport:
    """What importing a decision did (``duplicate``: nothing, it was already here)."""

    application_id: int
    number: str
    decision: DecisionRecord
    status: Status
    duplicate: bool
    signer: SignerInfo

    def describe(self) -> str:
        if self.duplicate:
            return f"该审核决定已导入过（{self.number}），未做任何更改"
        return (
            f"{self.number}：{self.decision.office_name} 审核决定为“{self.decision.outcome.label}”，"
            f"状态已改为“{self.status.label}”。{self.signer.describe()}"
        )


def _sender_number(session: Session, decision: ReviewDecision) -> str | None:
    """The enterprise's own number of the application, as its submission package gave it."""
    return session.scalar(
        select(ExchangedPackage.sender_number).where(
            ExchangedPackage.package_id == decision.submission_package_id,
            ExchangedPackage.direction == RECEIVED,
        )
    )


class Decisions:
    """Decision packages of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def key(self) -> SigningKey:
        """This copy's signing key, made the first time it is needed."""
        return signing_key(self.store)

    # --- park office ----------------------------------------------------------------------------

    def export_decision(self, application_id: int, *, actor: str = SYSTEM_ACTOR) -> ExportedPackage:
        """``decision_package`` and ``record_sent`` at once, for a caller whose save cannot fail
        between the two; one that writes a file should call them on either side of the write."""
        exported = self.decision_package(application_id)
        self.record_sent(exported, actor=actor)
        return exported

    def decision_package(self, application_id: int) -> ExportedPackage:
        """The signed package of the latest decision on a received application. Nothing is
        recorded: the file is not sent yet (``record_sent``, once it is saved)."""
        profile = office_profile(self.store)
        key = self.key
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            decision = session.scalar(
                select(ReviewDecision)
                .where(ReviewDecision.application_id == row.id, ReviewDecision.received.is_(False))
                .order_by(ReviewDecision.id.desc())
                .limit(1)
            )
            if row.received_at is None or decision is None:
                raise TransitionError(
                    f"申报 {row.number} 尚未作出审核决定，没有可导出的决定；请先作出审核决定"
                )
            sender_number = _sender_number(session, decision)
            content = build_decision(
                _sendable(decision, row.number),
                key=key,
                signer=party(profile, Role.PARK_OFFICE, key),
                package_id=decision.package_id,
                submission_package_id=decision.submission_package_id,
                application_uid=row.uid,
                revision=decision.revision,
                kind=row.kind,
                number=sender_number,
                title=row.title,
                created_at=datetime.now(UTC),
            )
            return ExportedPackage(
                content=content,
                file_name=decision_file_name(
                    sender_number or row.number, decision.revision, Outcome(decision.outcome)
                ),
                package_id=decision.package_id,
                application_id=row.id,
                revision=decision.revision,
                signer_key=key.public_key,
            )

    def record_sent(self, exported: ExportedPackage, *, actor: str = SYSTEM_ACTOR) -> None:
        """Record that a decision package from ``decision_package`` was saved to go back: its
        package (once, however often it is saved) and an audit event each time."""
        profile = office_profile(self.store)  # what decision_package signed with
        with self.store.writing() as session:
            decision = session.scalar(
                select(ReviewDecision).where(ReviewDecision.package_id == exported.package_id)
            )
            if decision is None:
                raise TransitionError(
                    f"找不到包号为 {exported.package_id} 的审核决定；请重新打开该申报后再导出"
                )
            row = self.store.application(session, decision.application_id)
            signer_key = exported.signer_key
            rekeyed = ""
            if decision.office_key != signer_key:
                # the office's key changed since the decision (a lost key file made anew, a
                # desktop key before the office key): the key recorded is the one that signed
                rekeyed = f"；签名密钥已更换为指纹 {fingerprint(signer_key)}"
                decision.office_key = signer_key
            already = session.scalar(
                select(ExchangedPackage.id).where(
                    ExchangedPackage.package_id == decision.package_id,
                    ExchangedPackage.direction == SENT,
                )
            )
            if already is None:
                session.add(
                    ExchangedPackage(
                        package_id=decision.package_id,
                        direction=SENT,
                        type=PackageType.DECISION.value,
                        application_id=row.id,
                        application_uid=row.uid,
                        revision=decision.revision,
                        sha256=hashlib.sha256(exported.content).hexdigest(),
                        content_digest="",
                        signer_name=profile.name,
                        signer_uscc=profile.uscc,
                        signer_key=signer_key,
                        addressed_to=None,
                        sender_number=_sender_number(session, decision),
                    )
                )
            audit(
                session,
                row,
                actor,
                "导出审核决定",
                None,
                None,
                Outcome(decision.outcome).label + rekeyed,
            )

    # --- enterprise -----------------------------------------------------------------------------

    def import_decision(
        self,
        data: bytes,
        source: str = "",
        *,
        actor: str = SYSTEM_ACTOR,
        accept_key: KeyAcceptance | None = None,
    ) -> DecisionImport:
        """Take in a decision on an application this copy exported: all of it, or nothing.

        It must answer a package exported from here, for the revision now submitted, from the
        office it was addressed to, signed with the key that office used before (if any).
        """
        package = read_decision(data, source)
        m, decision, signer = package.manifest, package.decision, package.signer
        where = where_of(PackageType.DECISION.noun, source)
        if signer.role is not Role.PARK_OFFICE:
            raise PackageError(
                "inconsistent",
                f"{where} 不是由园区端签署的，不能作为审核决定；请导入园区发来的审核决定包",
            )
        refuse_from_this_copy(self.store, signer, where)
        if not signer.hitech_zone:
            raise PackageError(
                "no_zone",
                f"{where} 的签名园区“{signer.name}”没有写明所属高新区，无法确认它是接收该申报的"
                "园区，已拒收；请联系园区在其软件中选择本园区所在高新区后重新导出审核决定",
            )
        with self.store.writing(receiving=True) as session:
            sent = session.scalar(
                select(ExchangedPackage).where(
                    ExchangedPackage.package_id == m.submission_package_id,
                    ExchangedPackage.direction == SENT,
                    ExchangedPackage.type == PackageType.SUBMISSION.value,
                )
            )
            if sent is None or sent.application_uid != m.application_uid:
                raise PackageError(
                    "not_exported",
                    f"{where} 针对的申报包不是本机导出的（包号 {m.submission_package_id}）；"
                    "审核决定只能导入到导出该申报的那台电脑上的本软件中",
                )
            row = session.scalar(select(Application).where(Application.uid == m.application_uid))
            withdrawn = (
                session.get(Application, sent.application_id)
                if row is None and sent.application_id is not None
                else None
            )
            if withdrawn is not None:
                raise PackageError(
                    "withdrawn",
                    f"{where} 针对的是 {withdrawn.number} 撤回前报送“{zone_name_or(sent.addressed_to)}”"
                    f"的第{m.revision}版；该申报已撤回并重新报送，此决定不再接收。"
                    "请等待重新报送的园区作出审核决定",
                )
            if row is None:
                raise PackageError(
                    "not_exported",
                    f"{where} 针对的申报已不在本机（可能已被删除）；"
                    "如需保留审核结果，请从备份恢复数据库后再导入",
                )
            existing = session.scalar(
                select(ReviewDecision).where(ReviewDecision.package_id == m.package_id)
            )
            status, known = key_status(session, signer, accept_key, where)
            if existing is not None:
                return DecisionImport(
                    row.id,
                    row.number or "",
                    decision_record(existing),
                    Status(row.status),
                    True,
                    signer_info(signer, status),
                )
            went = sent_zone(row, sent)  # unaddressed (0.1.0): the zone of the profile sent
            if went != signer.hitech_zone:
                raise PackageError(
                    "wrong_office",
                    f"{where} 来自“{zone_name(signer.hitech_zone)}”的{signer.name}，但该申报"
                    f"报送的是“{zone_name_or(went)}”；"
                    "只有接收该申报的园区可以作出决定，已拒收",
                )
            earlier = session.scalar(
                select(ReviewDecision.office_key)
                .where(ReviewDecision.application_id == row.id, ReviewDecision.received.is_(True))
                .order_by(ReviewDecision.id.desc())
                .limit(1)
            )
            if (
                earlier is not None
                and earlier != signer.public_key
                and not accepts(accept_key, signer)
            ):
                raise PackageError(
                    "office_changed",
                    f"警告：{where} 的签名密钥（指纹 {signer.fingerprint}）与此前就该申报作出决定的园区"
                    f"（指纹 {fingerprint(earlier)}）不同，可能是他人冒充，已拒收。"
                    "请通过电话向接收该申报的园区核实",
                )
            if m.revision != row.submission_revision or not can_import_decision(Status(row.status)):
                raise PackageError(
                    "stale",
                    f"{where} 针对的是 {row.number} 的第{m.revision}版；本机该申报现为第"
                    f"{row.submission_revision}版、状态“{Status(row.status).label}”，不能再接收此决定",
                )
            pin_status, pin = office_status(session, signer, accept_key, where)
            self._check_rules(row, sent, package.manifest.kind, decision, where)
            record = ReviewDecision(
                application_id=row.id,
                package_id=m.package_id,
                submission_package_id=m.submission_package_id,
                revision=m.revision,
                outcome=decision.outcome.value,
                officer=decision.officer,
                officer_username=decision.officer_username,
                decided_on=decision.decided_on,
                comment=decision.comment,
                reasons=[r.model_dump(mode="json") for r in decision.reasons],
                office_name=signer.name,
                office_uscc=signer.uscc,
                office_key=signer.public_key,
                received=True,
            )
            session.add(record)
            target = apply_move(row, decision.outcome.status, Move.IMPORT_DECISION)
            row.updated_at = utcnow()
            remember_key(session, signer, status, known, actor)
            remember_office(session, signer, pin_status, pin, PinSource.DECISION, actor)
            session.add(
                ExchangedPackage(
                    package_id=m.package_id,
                    direction=RECEIVED,
                    type=PackageType.DECISION.value,
                    application_id=row.id,
                    application_uid=m.application_uid,
                    revision=m.revision,
                    sha256=package.file_sha256,
                    content_digest="",
                    signer_name=signer.name,
                    signer_uscc=signer.uscc,
                    signer_key=signer.public_key,
                    addressed_to=sent.addressed_to,
                    sender_number=m.number,
                )
            )
            comment = f"；意见：{decision.comment}" if decision.comment else ""
            audit(
                session,
                row,
                actor,
                "收到审核决定",
                Status.SUBMITTED,
                target,
                f"{signer.name}（审核人 {officer_shown(decision.officer, decision.officer_username)}，"
                f"{decision.decided_on}）："
                f"{decision.outcome.label}{comment}；签名有效，指纹 {signer.fingerprint}",
            )
            session.flush()
            return DecisionImport(
                row.id,
                row.number or "",
                decision_record(record),
                target,
                False,
                signer_info(signer, status),
            )

    @staticmethod
    def _check_rules(
        row: Application, sent: ExchangedPackage, kind: str, decision: Decision, where: str
    ) -> None:
        """The office's own decision rules, run again here: a decision that breaks them (dated
        in the future or before the package was sent, 退回补正 without a reason, reasons about
        fields or rules the form does not have) is refused, whatever the office's copy did."""
        if kind != row.kind:
            raise PackageError(
                "inconsistent",
                f"{where} 的申报类别与本机的申报 {row.number} 不一致，文件可能被篡改，请让园区重新导出",
            )
        tomorrow = date.today() + timedelta(days=1)  # a day's grace for clocks around midnight
        problems = decision_problems(
            decision.outcome, decision.comment, decision.reasons, decision.decided_on, tomorrow
        )
        sent_on = sent.at.replace(tzinfo=UTC).astimezone().date()
        if decision.decided_on < sent_on:
            problems.append(f"决定日期（{decision.decided_on}）早于申报包的导出日期（{sent_on}）")
        problems += resolve_reasons(get_form(row.kind), APPLICANT, decision.reasons)[1]
        if problems:
            listed = "\n".join(f"· {p}" for p in problems)
            raise PackageError(
                "invalid_decision",
                f"{where} 不符合审核决定的规则，已拒收，未做任何更改。请把以下问题告知园区，"
                f"请其核对后重新作出并导出审核决定：\n{listed}",
            )


def _sendable(decision: ReviewDecision, number: str | None) -> Decision:
    """The stored decision as a package carries it. One recorded by an older release may hold
    a control character (a BEL pasted into a reason) the enterprise's copy would refuse the
    whole file for. It cannot be decided again (the application has moved on) and the officer's
    name cannot be changed, so each such character goes out as a space: they are invisible, and
    the words are the officer's own."""
    reasons = [
        {
            name: without_control_chars(value, multi_line=name == "message")
            if isinstance(value, str)
            else value
            for name, value in dict(reason).items()
        }
        for reason in decision.reasons
    ]
    try:
        return Decision.model_validate(
            {
                "outcome": decision.outcome,
                "officer": one_line(decision.officer),
                "officer_username": decision.officer_username,
                "decided_on": decision.decided_on,
                "comment": without_control_chars(decision.comment, multi_line=True),
                "reasons": reasons,
            }
        )
    except ValidationError as exc:
        raise PackageError(  # a record an older release made that no package may carry
            "stored_decision",
            f"申报 {number} 的审核决定不能导出：{issues_text(exc, Decision)}。"
            "该决定由旧版程序记录，对方的软件会拒收；请把此提示告知技术支持",
        ) from exc
