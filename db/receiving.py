"""Receiving submission packages at the park office: each one checked (signer, key, zone,
revision, the rules run again on this copy's catalogue) and stored whole, or refused whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.application_rows import fill_content, give_number, new_application
from db.attachments import stored_attachments
from db.audit import SYSTEM_ACTOR, audit
from db.checking import check_application, firm_history
from db.models import (
    Applicant,
    Application,
    ApplicationRevision,
    ExchangedPackage,
    RevisionAttachment,
    utcnow,
)
from db.races import locked_firm
from db.repository import Store
from db.this_copy import own_applicant_id
from db.trust import (
    KeyAcceptance,
    KeyStatus,
    SignerInfo,
    key_status,
    refuse_from_this_copy,
    remember_key,
    signer_info,
)
from forms import form_registry
from forms.applicant import ApplicantProfile, stored_profile
from forms.core.workflow import Move, Status, apply_move, can_receive
from forms.core.zones import zone_name, zone_name_or
from forms.exchange.container import where_of
from forms.exchange.errors import PackageError
from forms.exchange.manifest import PackageType, Role, SubmissionManifest
from forms.exchange.submission import SubmissionPackage, read_submission

RECEIVED = "received"  # direction of a package this copy took in (SENT: db.addressing)


@dataclass(frozen=True)
class PackageImport:
    """What importing a submission did (``duplicate``: nothing, it was already here)."""

    application_id: int
    number: str
    revision: int
    duplicate: bool
    signer: SignerInfo
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        if self.duplicate:
            return f"该申报包已导入过（{self.number} 第{self.revision}版），未做任何更改"
        return f"已接收：{self.number} 第{self.revision}版。{self.signer.describe()}"


@dataclass(frozen=True)
class PackagePreview:
    """A checked package before import: what it is, who signed it, what import would do."""

    package: SubmissionPackage
    signer: SignerInfo
    already_here: bool  # this package or this revision's content is already in the store


def received_package_id(session: Session, application_id: int, revision: int) -> str | None:
    """The id of the submission package a received revision came in."""
    return session.scalar(
        select(ExchangedPackage.package_id)
        .where(
            ExchangedPackage.application_id == application_id,
            ExchangedPackage.direction == RECEIVED,
            ExchangedPackage.type == PackageType.SUBMISSION.value,
            ExchangedPackage.revision == revision,
        )
        .limit(1)
    )


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def _same_content(row: Application, package: SubmissionPackage) -> bool:
    """Whether a package carries what this copy holds as the application's current revision.

    An 已提交 application exported again after an upgrade keeps its package id, but its choices
    are now codes, not the labels of the older format: it differs byte for byte from the package
    received before, yet says the same.
    """
    doc = package.document
    if package.manifest.revision != row.submission_revision or row.content is None:
        return False
    held = sorted((a.name, a.sha256) for a in row.attachments)
    return (
        doc.definition.load(row.content.data) == doc.form
        and stored_profile(row.content.applicant) == doc.applicant
        and held == sorted((a.name, a.sha256) for a in doc.attachments)
    )


def preview_package(store: Store, data: bytes, source: str = "") -> PackagePreview:
    """Check a package and say who signed it, without writing anything."""
    package = read_submission(data, source, forms=form_registry())
    with store.reading() as session:
        try:
            status, _ = key_status(session, package.signer, None, "")
        except PackageError:
            status = KeyStatus.CHANGED
        already = received_record(session, package) is not None
    return PackagePreview(package, signer_info(package.signer, status), already)


def received_record(session: Session, package: SubmissionPackage) -> ExchangedPackage | None:
    """The record of this package, or of the same revision with the same content."""
    m = package.manifest
    return session.scalar(
        select(ExchangedPackage)
        .where(
            ExchangedPackage.direction == RECEIVED,
            ExchangedPackage.type == PackageType.SUBMISSION.value,
            (ExchangedPackage.package_id == m.package_id)
            | (
                (ExchangedPackage.application_uid == m.application_uid)
                & (ExchangedPackage.revision == m.revision)
            ),
        )
        .limit(1)
    )


def receive_package(
    store: Store,
    data: bytes,
    source: str = "",
    *,
    actor: str = SYSTEM_ACTOR,
    accept_key: KeyAcceptance | None = None,
) -> PackageImport:
    """Receive a submission package: all of it, or nothing (a PackageError says why).

    The same package twice changes nothing. A newer revision of an application this office
    returned for correction replaces its content; the old revision is kept. The rules run
    again on this copy's catalogue: the sender's verdict is never trusted.
    """
    package = read_submission(data, source, forms=form_registry())
    m, doc, signer = package.manifest, package.document, package.signer
    where = where_of(PackageType.SUBMISSION.noun, source)
    own = refuse_from_this_copy(store, signer, where)
    own_id = own_applicant_id(store)
    with store.writing(receiving=True) as session:
        # The firm first (made if new, then locked): another desktop taking in a package of the
        # same firm waits here, and then sees it, its key and its claims as committed.
        assert isinstance(doc.applicant, ApplicantProfile)
        locked_firm(
            session, signer.uscc, doc.applicant.name or "", doc.applicant.model_dump(mode="json")
        )
        status, known = key_status(session, signer, accept_key, where)
        if signer.role is not Role.ENTERPRISE:
            raise PackageError(
                "wrong_role",
                f"{where} 不是由企业端签署的（签名人 {signer.describe()}），不能作为申报包接收；"
                "申报包只能由申报单位用本软件的企业端导出，请与申报单位核实文件的来源",
            )
        row = session.scalar(select(Application).where(Application.uid == m.application_uid))
        if row is not None:
            duplicate = check_revision(session, row, package, where)
            if duplicate:
                return PackageImport(
                    row.id, row.number or "", m.revision, True, signer_info(signer, status)
                )
        elif m.revision != 1:
            raise PackageError(
                "not_first_revision",
                f"{where} 是第{m.revision}版，但本机从未收到该申报的前几版：首次报送的申报包"
                "应为第1版。请与申报单位核实文件的来源；如确已向本园区报送过前几版，请先导入"
                "前几版的申报包",
            )
        check_addressed(own.hitech_zone if own is not None else None, m, where)
        check_applicant_zone(package, where)
        report = check_application(
            doc.definition,
            doc.form,
            doc.applicant,
            catalogue=store.catalogue,
            history=firm_history(session, signer.uscc, exclude_uid=m.application_uid),
            # Before format 3 attachments named no material: they are all 其他材料, and
            # whether the papers are there is for the officer to see, not to refuse on.
            attachments=doc.attachments if m.format_version >= 3 else None,
        )
        if not report.can_submit:
            reasons = "\n".join(f"· {r}" for r in report.reasons())
            raise PackageError(
                "rules_failed",
                f"{where} 按本机的政策参数目录（{report.catalogue_version}）重新检查，"
                f"有不符合的项目，不能接收。请申报单位处理后重新导出：\n{reasons}",
            )
        notes = []
        if m.catalogue_version != store.catalogue.version:
            notes.append(
                f"申报单位按“{m.catalogue_version}”版目录自查，本机已按“"
                f"{store.catalogue.version}”版重新检查"
            )
        if status is KeyStatus.NEW:
            notes.append(f"首次收到“{signer.name}”的密钥，指纹 {signer.fingerprint}，请与对方核对")
        row = store_revision(store, session, row, package, actor, own_id)
        remember_key(session, signer, status, known, actor)
        session.add(
            ExchangedPackage(
                package_id=m.package_id,
                direction=RECEIVED,
                type=PackageType.SUBMISSION.value,
                application_id=row.id,
                application_uid=m.application_uid,
                revision=m.revision,
                sha256=package.file_sha256,
                content_digest=package.content_digest,
                signer_name=signer.name,
                signer_uscc=signer.uscc,
                signer_key=signer.public_key,
                addressed_to=m.addressed_to,
                sender_number=m.number,
                packet=package.packet_pdf,
            )
        )
        session.flush()
        return PackageImport(
            row.id,
            row.number or "",
            m.revision,
            False,
            signer_info(signer, status),
            tuple(notes),
        )


def check_addressed(office_zone: str | None, m: SubmissionManifest, where: str) -> None:
    """An office of a zone takes in only packages addressed to that zone (by id)."""
    if not office_zone or m.addressed_to == office_zone:
        return
    if not m.addressed_to:
        raise PackageError(
            "wrong_office",
            f"{where} 没有写明报送哪个高新区，本机是“{zone_name(office_zone)}”的园区端，不能接收；"
            "请申报单位在“申报主体”中选择所在高新区，再对该申报「撤回并重新报送」",
        )
    raise PackageError(
        "wrong_office",
        f"{where} 是报送“{zone_name(m.addressed_to)}”的，本机是“{zone_name(office_zone)}”的园区端；"
        "请转交对应的高新区，或请申报单位核对“所在高新区”后「撤回并重新报送」",
    )


def check_applicant_zone(package: SubmissionPackage, where: str) -> None:
    """The program addresses a package to the zone in its profile: one that says otherwise
    was made by hand, and an office must not take in a firm that is by its profile another
    zone's."""
    applicant, m = package.document.applicant, package.manifest
    assert isinstance(applicant, ApplicantProfile)
    zone = applicant.hitech_zone or None
    if zone == (m.addressed_to or None):
        return
    raise PackageError(
        "inconsistent",
        f"{where} 报送的是“{zone_name_or(m.addressed_to)}”，"
        f"但其中申报主体的所在高新区是“{zone_name_or(zone, '未选择')}”，两者不一致，"
        "文件可能被篡改，不能接收；请申报单位核对“所在高新区”后重新导出申报包",
    )


def check_revision(
    session: Session, row: Application, package: SubmissionPackage, where: str
) -> bool:
    """Whether a package for an application already here is a duplicate (True), a next
    revision that may come in (False), or neither (PackageError)."""
    m = package.manifest
    if row.received_at is None:
        raise PackageError(
            "not_received",
            f"{where} 中的申报与本机自己的一份申报相同（{row.number}），不能导入；请核实文件的来源",
        )
    if row.applicant.uscc != m.signer.uscc:
        raise PackageError(
            "inconsistent",
            f"{where} 自称是“{row.applicant_name}”的申报 {row.number} 的新版本，"
            f"但签名单位是“{m.signer.name}”（{m.signer.uscc}），不能接收；请与申报单位核实",
        )
    earlier = received_record(session, package)
    if earlier is not None:
        if earlier.content_digest == package.content_digest:
            return True
        if earlier.package_id == package.manifest.package_id and _same_content(row, package):
            return True  # the same package exported again in a newer format
        raise PackageError(
            "conflict",
            f"{where} 是 {row.number} 的第{m.revision}版，本机已收到过内容不同的第{m.revision}版；"
            "请与申报单位核实",
        )
    if m.revision <= row.submission_revision:
        raise PackageError(
            "stale",
            f"{where} 是 {row.number} 的第{m.revision}版，本机已有更新的第"
            f"{row.submission_revision}版，不再接收旧版本",
        )
    if not can_receive(Status(row.status)):
        raise PackageError(
            "not_returned",
            f"{where} 是 {row.number} 的第{m.revision}版，但本机该申报的状态为“{Status(row.status).label}”；"
            "只有“退回补正”的申报才能接收新版本",
        )
    if m.revision != row.submission_revision + 1:
        raise PackageError(
            "missing_revision",
            f"{where} 是 {row.number} 的第{m.revision}版，本机只有第{row.submission_revision}版，"
            f"请先导入第{row.submission_revision + 1}版",
        )
    return False


def store_revision(
    store: Store,
    session: Session,
    row: Application | None,
    package: SubmissionPackage,
    actor: str,
    own_id: int | None,
) -> Application:
    m, doc = package.manifest, package.document
    assert isinstance(doc.applicant, ApplicantProfile)
    profile = doc.applicant.model_dump(mode="json")
    applicant = session.scalar(select(Applicant).where(Applicant.uscc == m.signer.uscc))
    if applicant is not None and applicant.id == own_id:
        raise PackageError(  # never reached past refuse_own_code; never touch our profile
            "own_uscc",
            f"申报包的申报单位是本机自己的单位信息（{m.signer.uscc}），不能导入；请核实文件的来源",
        )
    if applicant is None:
        applicant = Applicant(uscc=m.signer.uscc, name=doc.applicant.name, profile=profile)
        session.add(applicant)
    else:  # the firm's latest profile, as it sent it
        applicant.name, applicant.profile = doc.applicant.name or applicant.name, profile
    now = utcnow()
    attachments = stored_attachments(doc.attachments)
    before: Status | None = None
    if row is None:
        row = new_application(
            session, applicant, doc.definition, uid=m.application_uid, created_at=now
        )
        action = "接收申报包"
    else:
        before = Status(row.status)
        last = received_package_id(session, row.id, row.submission_revision)
        session.add(
            ApplicationRevision(
                application_id=row.id,
                revision=row.submission_revision,
                title=row.title,
                data=row.content.data,
                applicant=row.content.applicant,
                catalogue_version=row.catalogue_version,
                package_id=last,
                received_at=row.received_at,
                attachments=[
                    RevisionAttachment(
                        name=a.name,
                        size=a.size,
                        sha256=a.sha256,
                        content=a.content,
                        material=a.material,
                    )
                    for a in row.attachments
                ],
            )
        )
        action = "接收修订版"
    fill_content(
        row,
        doc.definition,
        doc.form,
        profile=profile,
        catalogue_version=store.catalogue.version,
        applicant=applicant,
    )
    apply_move(row, Status.SUBMITTED, Move.RECEIVE)
    row.attachments = attachments
    row.submitted_at = _naive_utc(m.created_at)
    row.received_at = row.updated_at = now
    row.submission_revision = m.revision
    give_number(session, row)
    sender = f"，申报单位编号 {m.number}" if m.number else ""
    audit(
        session,
        row,
        actor,
        action,
        before,
        Status.SUBMITTED,
        f"第{m.revision}版{sender}；签名人 {m.signer.describe()}，签名有效",
    )
    return row
