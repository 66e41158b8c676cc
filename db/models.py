"""The store's tables: applicants, applications, attachments, the audit trail, and the
exchange between copies (packages, revisions, known keys, decisions, officers' accounts).

``applications`` holds what the list shows and filters on; the bulky form data sits in
``application_contents`` (one row each), which keeps a 100,000-row list scan cheap.

Dialect-neutral on purpose (SQLite on a clerk's desktop, PostgreSQL for a park office later):
JSON for form data, Numeric for money, timezone-aware UTC timestamps stored as naive UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from db.search import bigrams, search_text
from forms.core.materials import OTHER

# Stable constraint names, so migrations can refer to them on every dialect.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


AMOUNT_DECIMALS = 4  # money in 万元 to the yuan, as the forms take it


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


# Indexes of one back end only, made by migration 0014: PostgreSQL's walk the lists' orders,
# text in code-point order (COLLATE "C", db/collation.py) and empty values last both ways,
# which SQLite's CREATE INDEX cannot say; SQLite has its own. The models cannot declare an
# index of one dialect in a way schema comparison understands, so the comparison leaves these
# out (``compared``) and tests/unit/db/test_list_indexes.py checks them on each back end.
ONE_BACK_END_INDEXES: dict[str, str] = {
    "ix_applications_amount_desc_pg": "postgresql",
    "ix_applications_received_desc_pg": "postgresql",
    "ix_applications_kind_received_pg": "postgresql",
    "ix_applications_status_received_pg": "postgresql",
    "ix_applications_title_pg": "postgresql",
    "ix_applications_applicant_pg": "postgresql",
    "ix_applications_kind_pg": "postgresql",
    "ix_applications_status_pg": "postgresql",
    "ix_applications_applicant_name": "sqlite",
    "ix_applications_kind_received": "sqlite",
    "ix_applications_status_received": "sqlite",
}


def compared(_object: object, name: str | None, type_: str, *_: object) -> bool:
    """Alembic's include_object: whether schema comparison looks at this object."""
    return not (type_ == "index" and name in ONE_BACK_END_INDEXES)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, Decimal: Numeric(18, AMOUNT_DECIMALS)}


class Applicant(Base):
    __tablename__ = "applicants"

    id: Mapped[int] = mapped_column(primary_key=True)
    uscc: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    profile: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    applications: Mapped[list[Application]] = relationship(back_populates="applicant")


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)  # global id, for packages
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(16))
    applicant_id: Mapped[int] = mapped_column(ForeignKey("applicants.id", ondelete="RESTRICT"))
    applicant_name: Mapped[str] = mapped_column(String(100))  # copied for list search
    # lower-cased title, applicant and number, and its character pairs: see db/search.py
    search_key: Mapped[str] = mapped_column(Text, default="")
    catalogue_version: Mapped[str] = mapped_column(String(64))
    requested_amount: Mapped[Decimal | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # 第几版: how often the enterprise has submitted it, or which revision the office received
    submission_revision: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # set when it came in a package from another copy: such an application is read-only here
    received_at: Mapped[datetime | None]

    applicant: Mapped[Applicant] = relationship(back_populates="applications")
    content: Mapped[ApplicationContent] = relationship(
        back_populates="application", cascade="all, delete-orphan", lazy="joined"
    )
    terms: Mapped[list[SearchTerm]] = relationship(cascade="all, delete-orphan")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="Attachment.id"
    )

    __mapper_args__ = {"version_id_col": revision}
    __table_args__ = (
        Index("ix_applications_updated_at", "updated_at"),
        Index("ix_applications_kind_status_updated", "kind", "status", "updated_at"),
        Index("ix_applications_status_updated", "status", "updated_at"),
        Index("ix_applications_applicant_id", "applicant_id"),
        Index("ix_applications_requested_amount", "requested_amount"),
        Index("ix_applications_title", "title"),
        Index("ix_applications_received_at", "received_at"),
    )

    def refresh_search(self) -> None:
        """Keep the search text and its character pairs in step with title and applicant."""
        key = search_text(self.title, self.applicant_name, self.number)
        if key == self.search_key and (self.terms or not key):
            return
        self.search_key = key
        wanted = bigrams(key)
        self.terms = [t for t in self.terms if t.term in wanted]
        have = {t.term for t in self.terms}
        self.terms.extend(SearchTerm(term=pair) for pair in sorted(wanted - have))


class ApplicationContent(Base):
    """The form data of an application, kept apart so the list table stays narrow and fast."""

    __tablename__ = "application_contents"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]]
    # the applicant profile as it stood when last saved; submitted applications are checked
    # and printed with this copy, so a later change of profile never alters them
    applicant: Mapped[dict[str, Any]]
    # a draft's values as typed that its form cannot take (forms/core/typed.py), each with its
    # field and problem; None when everything typed parsed
    unparsed: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)

    application: Mapped[Application] = relationship(back_populates="content")


class SearchTerm(Base):
    """One character pair of an application's search text (see db/search.py)."""

    __tablename__ = "search_terms"

    term: Mapped[str] = mapped_column(String(2), primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (
        Index("ix_search_terms_application_id", "application_id"),
        {"sqlite_with_rowid": False},  # the key is the whole row: store it once
    )


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The material (申报材料) it is filed under, a code of its form's declaration; "other" is
    # 其他材料. ``note`` says why a file was moved there (answers that no longer ask for it).
    material: Mapped[str] = mapped_column(String(32), default=OTHER, server_default=OTHER)
    note: Mapped[str] = mapped_column(Text, default="", server_default="")

    application: Mapped[Application] = relationship(back_populates="attachments")


class Setting(Base):
    """A setting of this copy of the app that belongs with its data (使用方, own applicant)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One change of state; kept even when its application is deleted."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    application_number: Mapped[str | None] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")


# --- exchange between copies: packages, revisions, keys, decisions, accounts ------------------


class ExchangedPackage(Base):
    """A package this copy sent or received; it ties a decision to the submission it answers."""

    __tablename__ = "exchanged_packages"

    id: Mapped[int] = mapped_column(primary_key=True)
    package_id: Mapped[str] = mapped_column(String(36))
    direction: Mapped[str] = mapped_column(String(8))  # sent / received
    type: Mapped[str] = mapped_column(String(16))  # submission / decision
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL"), index=True
    )
    application_uid: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))  # of the package file
    content_digest: Mapped[str] = mapped_column(String(64))  # of what it says, bar the packet
    signer_name: Mapped[str] = mapped_column(String(100))
    signer_uscc: Mapped[str] = mapped_column(String(18))
    signer_key: Mapped[str] = mapped_column(String(64))
    addressed_to: Mapped[str | None] = mapped_column(String(50))  # the receiving 高新区
    sender_number: Mapped[str | None] = mapped_column(String(40))  # the number at the sender
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # a received submission's printed packet, as the enterprise signed it
    packet: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))

    __table_args__ = (
        UniqueConstraint("package_id", "direction"),
        Index("ix_exchanged_packages_uid_revision", "application_uid", "revision"),
    )


class ApplicationRevision(Base):
    """A superseded revision of a received application, kept when a newer one replaces it."""

    __tablename__ = "application_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]]
    applicant: Mapped[dict[str, Any]]
    catalogue_version: Mapped[str] = mapped_column(String(64))
    package_id: Mapped[str | None] = mapped_column(String(36))
    received_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime] = mapped_column(default=utcnow)

    attachments: Mapped[list[RevisionAttachment]] = relationship(
        cascade="all, delete-orphan", order_by="RevisionAttachment.id"
    )

    __table_args__ = (UniqueConstraint("application_id", "revision"),)


class RevisionAttachment(Base):
    __tablename__ = "revision_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision_id: Mapped[int] = mapped_column(
        ForeignKey("application_revisions.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    material: Mapped[str] = mapped_column(String(32), default=OTHER, server_default=OTHER)


class KnownKey(Base):
    """The public key this copy holds for a party (trust on first use), by role and code."""

    __tablename__ = "known_keys"

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(8))  # a Role code: firm / office
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("role", "uscc"),)


class OfficePin(Base):
    """The park office this copy (an enterprise) expects to decide for a 高新区: recorded from
    the office's card, or from its first decision (trust on first use), per zone id."""

    __tablename__ = "office_pins"

    id: Mapped[int] = mapped_column(primary_key=True)
    zone: Mapped[str] = mapped_column(String(50), unique=True)  # an opaque zone id
    uscc: Mapped[str] = mapped_column(String(18))
    name: Mapped[str] = mapped_column(String(100))
    public_key: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))  # card / decision / accepted
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)


class ReviewDecision(Base):
    """A park office's decision on one submitted revision: made here, or received from it."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    package_id: Mapped[str] = mapped_column(String(36), unique=True)  # its decision package
    submission_package_id: Mapped[str] = mapped_column(String(36))
    revision: Mapped[int]
    outcome: Mapped[str] = mapped_column(String(8))
    officer: Mapped[str] = mapped_column(String(30))  # 姓名, as shown
    officer_username: Mapped[str | None] = mapped_column(String(32))  # 登录名; None: older package
    decided_on: Mapped[date]
    comment: Mapped[str] = mapped_column(Text, default="")
    # [{field_path | rule_id, label, message}]: shown next to the fields concerned
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    office_name: Mapped[str] = mapped_column(String(100))
    office_uscc: Mapped[str] = mapped_column(String(18))
    office_key: Mapped[str] = mapped_column(String(64))
    received: Mapped[bool] = mapped_column(default=False)  # came in a package, not made here
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class Account(Base):
    """An officer's local account on a shared office machine; only a password hash is kept."""

    __tablename__ = "accounts"
    # 登录名 are unique whatever their case (WangFang is wangfang); 姓名 may repeat
    __table_args__ = (Index("uq_accounts_username_nocase", text("lower(username)"), unique=True),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)  # 登录名
    display_name: Mapped[str] = mapped_column(String(30))  # 姓名
    password_hash: Mapped[str] = mapped_column(String(200))
    # the one-time recovery code's hash (as the password's); none for accounts made before 0012
    recovery_hash: Mapped[str | None] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None]


class SignInFailures(Base):
    """Failed sign-ins in a row under one 登录名 (lower case), and until when the next try must
    wait (db/sign_in.py says when). Kept for any name typed, an account or not, so a name that
    is not one is refused exactly as one is; cleared by a successful sign-in."""

    __tablename__ = "sign_in_failures"

    username: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None]
    last_failed_at: Mapped[datetime] = mapped_column(default=utcnow)


class ManualCheckEvent(Base):
    """An officer ticked or unticked a 需人工核实 rule of one received revision; the latest per
    rule and revision is the checklist's state (an append-only log, like the audit trail)."""

    __tablename__ = "manual_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    revision: Mapped[int]
    rule_id: Mapped[str] = mapped_column(String(64))
    done: Mapped[bool]
    officer: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class OfficeKey(Base):
    """The park office's one signing key on a shared (server) store: its private half sealed
    with the office passphrase (scrypt, then AES-256-GCM; db/office_key.py), so every officer's
    desktop signs with it and shows the same fingerprint. At most one row (id 1)."""

    __tablename__ = "office_keys"
    __table_args__ = (CheckConstraint("id = 1", name="one_office_key"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    public_key: Mapped[str] = mapped_column(String(64))  # base64, as packages carry it
    scrypt_n: Mapped[int]
    scrypt_r: Mapped[int]
    scrypt_p: Mapped[int]
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    nonce: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_key: Mapped[bytes] = mapped_column(LargeBinary)  # the 32-byte private key + GCM tag
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
