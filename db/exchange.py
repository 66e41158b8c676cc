"""Packages in and out of the store, each one transaction: export a submission (enterprise);
import a submission (park office) is in db/receiving.py, and this facade hands it on.

Decision packages are in db/decisions.py; the file format is forms/exchange; the trust model
is described in the README (“申报包与审核决定”).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy import select

from db.addressing import SENT, check_resend
from db.audit import SYSTEM_ACTOR, audit
from db.identity import party, public_key, signing_key
from db.models import (
    ExchangedPackage,
)
from db.moves import enter_status
from db.races import retrying
from db.receiving import (
    RECEIVED,
    PackageImport,
    PackagePreview,
    check_addressed,
    preview_package,
    receive_package,
)
from db.records import application_record
from db.repository import Store
from db.trust import (
    KeyAcceptance,
)
from forms import get_form
from forms.applicant import stored_profile
from forms.core.document import ApplicationDocument, AttachmentData
from forms.core.file_names import safe_file_name
from forms.core.workflow import Move, Status, TransitionError, can_export
from forms.exchange.manifest import SUBMISSION_SUFFIX, PackageType, Role
from forms.exchange.signing import SigningKey, fingerprint
from forms.exchange.submission import build_submission


@dataclass(frozen=True)
class ExportedPackage:
    content: bytes
    file_name: str  # a suggested name for the file
    package_id: str
    application_id: int
    revision: int
    signer_key: str  # the public key that signed it (a decision's is recorded on saving)


@dataclass(frozen=True)
class PackageRecord:
    package_id: str
    direction: str  # sent / received
    type: str  # submission / decision
    revision: int
    signer_name: str
    signer_uscc: str
    fingerprint: str
    at: datetime
    sender_number: str | None


class Exchange:
    """Submission packages of one store: export (enterprise) and import (park office)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def key(self) -> SigningKey:
        """This copy's signing key, made the first time it is needed."""
        return signing_key(self.store)

    @property
    def fingerprint(self) -> str:
        """This copy's key fingerprint, for the other side to check by phone (on a shared store
        the office key's, shown without its passphrase)."""
        return fingerprint(public_key(self.store))

    # --- enterprise: export -----------------------------------------------------------------

    def export_package(
        self, application_id: int, packet_pdf: bytes | None = None, *, actor: str = SYSTEM_ACTOR
    ) -> ExportedPackage:
        """Sign and return the package of a 待提交 application, which becomes 已提交.

        Refused (TransitionError, with the reasons) unless every error-level rule passes. An
        已提交 application exports its current revision again, under the same package id.
        """
        key = self.key
        store = self.store
        with store.writing() as session:
            row = store.application(session, application_id)
            if row.received_at is not None:
                raise TransitionError("这份申报是从申报包收到的，不能由本机再导出为申报包")
            before = Status(row.status)
            sent = session.scalar(
                select(ExchangedPackage)
                .where(
                    ExchangedPackage.application_id == row.id,
                    ExchangedPackage.application_uid == row.uid,
                    ExchangedPackage.direction == SENT,
                    ExchangedPackage.revision == row.submission_revision,
                )
                .order_by(ExchangedPackage.id.desc())
                .limit(1)
            )
            if before is Status.SUBMITTED and sent is not None:
                revision, package_id = row.submission_revision, sent.package_id
                audit(session, row, actor, "重新导出申报包", None, None, f"第{revision}版")
            elif can_export(before):
                check_resend(session, row)
                enter_status(
                    session,
                    row,
                    Status.SUBMITTED,
                    Move.EXPORT,
                    catalogue=store.catalogue,
                    refused="尚不能导出申报包，请先处理：",
                )
                revision, package_id = row.submission_revision + 1, str(uuid.uuid4())
                row.submission_revision = revision
                audit(
                    session,
                    row,
                    actor,
                    "导出申报包",
                    before,
                    Status.SUBMITTED,
                    f"第{revision}版，包号 {package_id}",
                )
            else:
                raise TransitionError(
                    f"“{before.label}”状态的申报不能导出申报包：请先「检查并标记为待提交」"
                )
            profile = stored_profile(row.content.applicant)
            if not profile.hitech_zone:
                raise TransitionError(
                    "申报主体没有选择“所在高新区”，不知道该报送哪个园区：请在“申报主体”中选择"
                    "所在高新区后再导出申报包"
                )
            created = datetime.now(UTC)
            doc = ApplicationDocument(
                definition=get_form(row.kind),
                applicant=profile,
                form=application_record(row).form,
                attachments=tuple(
                    AttachmentData(a.name, a.content, a.material) for a in row.attachments
                ),
                number=row.number,
                status=Status.SUBMITTED.value,
                uid=row.uid,
            )
            signer = party(profile, Role.ENTERPRISE, key)
            content = build_submission(
                doc,
                key=key,
                signer=signer,
                package_id=package_id,
                revision=revision,
                created_at=created,
                catalogue_version=row.catalogue_version,
                addressed_to=profile.hitech_zone or None,
                packet_pdf=packet_pdf,
            )
            if sent is None or sent.revision != revision or sent.package_id != package_id:
                session.add(
                    ExchangedPackage(
                        package_id=package_id,
                        direction=SENT,
                        type=PackageType.SUBMISSION.value,
                        application_id=row.id,
                        application_uid=row.uid,
                        revision=revision,
                        sha256=hashlib.sha256(content).hexdigest(),
                        content_digest="",
                        signer_name=signer.name,
                        signer_uscc=signer.uscc,
                        signer_key=signer.public_key,
                        addressed_to=signer.hitech_zone,
                        sender_number=row.number,
                    )
                )
            number = row.number or str(row.id)
        return ExportedPackage(
            content=content,
            file_name=safe_file_name(f"{number}-第{revision}版", SUBMISSION_SUFFIX, "申报包"),
            package_id=package_id,
            application_id=application_id,
            revision=revision,
            signer_key=key.public_key,
        )

    # --- park office: import ----------------------------------------------------------------

    def preview_package(self, data: bytes, source: str = "") -> PackagePreview:
        """Check a package and say who signed it, without writing anything."""
        return preview_package(self.store, data, source)

    def import_package(
        self,
        data: bytes,
        source: str = "",
        *,
        actor: str = SYSTEM_ACTOR,
        accept_key: KeyAcceptance | None = None,
    ) -> PackageImport:
        """Receive a submission package: all of it, or nothing (see db/receiving.py).

        Received at the same moment by another desktop, it is taken in once: the other try
        is done again and finds it 已导入过."""
        return retrying(
            lambda: receive_package(self.store, data, source, actor=actor, accept_key=accept_key)
        )

    _check_addressed = staticmethod(check_addressed)  # the name tests know

    def received_packet(self, application_id: int, revision: int | None = None) -> bytes | None:
        """The printed packet that came with a received revision (the current one by default)."""
        with self.store.reading() as session:
            row = self.store.application(session, application_id)
            return session.scalar(
                select(ExchangedPackage.packet)
                .where(
                    ExchangedPackage.application_id == application_id,
                    ExchangedPackage.direction == RECEIVED,
                    ExchangedPackage.revision == (revision or row.submission_revision),
                )
                .order_by(ExchangedPackage.id.desc())
                .limit(1)
            )

    # --- both sides ---------------------------------------------------------------------------

    def packages(self, application_id: int) -> list[PackageRecord]:
        """Every package sent or received for an application, oldest first."""
        with self.store.reading() as session:
            rows = session.scalars(
                select(ExchangedPackage)
                .where(ExchangedPackage.application_id == application_id)
                .order_by(ExchangedPackage.id)
            )
            return [
                PackageRecord(
                    r.package_id,
                    r.direction,
                    r.type,
                    r.revision,
                    r.signer_name,
                    r.signer_uscc,
                    fingerprint(r.signer_key),
                    r.at,
                    r.sender_number,
                )
                for r in rows
            ]
