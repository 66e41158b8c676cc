"""Whom this copy trusts: keys recorded on first use, and the refusal when one changes.

Keys are pinned per USCC, whatever role a package claims: the first package signed for a code
records its public key, and a later one for that code signed with another key is refused,
loudly, until the user confirms the new key's fingerprint with the sender by another channel
(a phone call) and imports again accepting exactly that key for exactly that code.

An enterprise also pins, per 高新区 (by zone id), the park office that decides for it: from the
office's card (db/offices.py), or else from the first decision of that zone. A decision for the
zone signed by any other key, even under another valid code, is refused like a changed key.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.collation import text_order
from db.identity import own_profile, own_public_key
from db.models import AuditEvent, KnownKey, OfficePin, utcnow
from db.repository import Store
from forms.applicant import ApplicantProfile
from forms.core.choices import Choice
from forms.core.zones import zone_name
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Party
from forms.exchange.signing import fingerprint


class KeyStatus(StrEnum):
    NEW = "首次收到该单位的密钥，已记录（请与对方核对指纹）"
    KNOWN = "与本机记录的密钥一致"
    ACCEPTED = "密钥已更换，已按您核对的指纹接受新密钥"
    CHANGED = "与本机记录的密钥不同！"


class PinSource(Choice):
    """How an office came to be pinned for a zone (stored as these codes)."""

    CARD = "card", "园区名片"
    DECISION = "decision", "首次收到的审核决定"
    ACCEPTED = "accepted", "核对指纹后接受"


@dataclass(frozen=True)
class SignerInfo:
    """Who signed a package, and how the key compares with what this copy knew."""

    role: str
    name: str
    uscc: str
    fingerprint: str
    key_status: KeyStatus
    zone: str | None = None

    def describe(self) -> str:
        return (
            f"签名人：{self.name}（{self.uscc}，{self.role}），密钥指纹 {self.fingerprint}，"
            f"签名有效；{self.key_status.value}"
        )


def signer_info(signer: Party, status: KeyStatus) -> SignerInfo:
    return SignerInfo(
        signer.role.label,
        signer.name,
        signer.uscc,
        signer.fingerprint,
        status,
        signer.hitech_zone,
    )


@dataclass(frozen=True)
class KnownKeyRecord:
    role: str
    uscc: str
    name: str
    fingerprint: str
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class OfficePinRecord:
    zone: str
    name: str
    uscc: str
    fingerprint: str
    source: PinSource
    first_seen: datetime
    last_seen: datetime


def plain_fingerprint(text: str) -> str:
    """A fingerprint as typed or read out, without spaces, dashes or case."""
    return text.strip().upper().replace(" ", "").replace("-", "")


@dataclass(frozen=True)
class KeyAcceptance:
    """The user's confirmation of one new key (checked by phone) for ONE party: its code and,
    when known, its zone. It lets in nothing signed by that key for any other code or zone."""

    fingerprint: str
    uscc: str
    zone: str | None = None

    @classmethod
    def of(cls, signer: SignerInfo) -> KeyAcceptance:
        return cls(signer.fingerprint, signer.uscc, signer.zone)

    def covers(self, signer: Party) -> bool:
        return (
            bool(self.fingerprint)
            and plain_fingerprint(self.fingerprint) == plain_fingerprint(signer.fingerprint)
            and self.uscc == signer.uscc
            and (self.zone is None or self.zone == signer.hitech_zone)
        )


def accepts(acceptance: KeyAcceptance | None, signer: Party) -> bool:
    """Whether the user confirmed exactly this signer's key, for this signer's code."""
    return acceptance is not None and acceptance.covers(signer)


def known_key(session: Session, uscc: str) -> KnownKey | None:
    """The key recorded for a code, whatever role it was recorded under (the earliest first)."""
    return session.scalars(
        select(KnownKey).where(KnownKey.uscc == uscc).order_by(KnownKey.id)
    ).first()


def key_status(
    session: Session, signer: Party, accept_key: KeyAcceptance | None, where: str
) -> tuple[KeyStatus, KnownKey | None]:
    """Trust on first use: the key recorded for this code, compared with the signer's.

    A different key is refused, loudly, unless ``accept_key`` confirms the new key for this
    very code, as the user checked it with the sender by a channel other than the file itself.
    """
    row = known_key(session, signer.uscc)
    if row is None:
        return KeyStatus.NEW, None
    if row.public_key == signer.public_key:
        return KeyStatus.KNOWN, row
    if accepts(accept_key, signer):
        return KeyStatus.ACCEPTED, row
    old = fingerprint(row.public_key)
    raise PackageError(
        "key_changed",
        f"警告：{where} 的签名密钥与本机记录的“{row.name}”（{row.uscc}）的密钥不同！"
        f"本机记录的指纹为 {old}，此文件的指纹为 {signer.fingerprint}。"
        "这可能是对方重装了软件，也可能是他人冒充。请通过电话等可靠方式向对方核对新指纹，"
        f"确认无误后再选择“接受新密钥 {signer.fingerprint}”重新导入。未做任何更改",
    )


def recorded_key_status(store: Store, uscc: str, key_fingerprint: str) -> KeyStatus | None:
    """How a key already let in (a package imported earlier) compares with the key this copy
    holds for its code now, looked up as ``key_status`` looks it up: KNOWN (still the same),
    CHANGED (replaced since), or None when no key is recorded for the code."""
    with store.reading() as session:
        row = known_key(session, uscc)
        if row is None:
            return None
        same = plain_fingerprint(fingerprint(row.public_key)) == plain_fingerprint(key_fingerprint)
        return KeyStatus.KNOWN if same else KeyStatus.CHANGED


def remember_key(
    session: Session, signer: Party, status: KeyStatus, row: KnownKey | None, actor: str
) -> None:
    now = utcnow()
    if row is None:
        session.add(
            KnownKey(
                role=signer.role.value,
                uscc=signer.uscc,
                name=signer.name,
                public_key=signer.public_key,
            )
        )
        return
    if status is KeyStatus.ACCEPTED:
        old = fingerprint(row.public_key)
        session.add(
            AuditEvent(
                actor=actor,
                action="更换密钥",
                detail=f"{signer.name}（{signer.uscc}）：{old} → {signer.fingerprint}",
            )
        )
        row.public_key, row.first_seen = signer.public_key, now
    row.name, row.last_seen = signer.name, now


def refuse_own(signer: Party, own_key: str | None, where: str) -> None:
    """``own_key``: this copy's public key (None: a shared store with no office key yet)."""
    if own_key is not None and signer.public_key == own_key:
        raise PackageError(
            "own_package", f"{where} 是本机自己导出的，不能导入本机；请把它交给对方导入"
        )


def refuse_own_code(signer: Party, own_uscc: str | None, where: str) -> None:
    """A file in this copy's own name (its own USCC) never comes in: it would speak for us."""
    if own_uscc and signer.uscc == own_uscc:
        raise PackageError(
            "own_uscc",
            f"{where} 的签名单位“{signer.name}”使用的是本机自己的统一社会信用代码（{own_uscc}），"
            "但不是本机导出的：可能是他人冒充本单位。已拒收，未做任何更改；请核实文件的来源",
        )


def refuse_from_this_copy(store: Store, signer: Party, where: str) -> ApplicantProfile | None:
    """Refuse a file this copy made itself (its key) or one in its own name (its USCC);
    returns this copy's own profile, which the second check reads. Needs only the public key:
    an officer imports without the office passphrase."""
    refuse_own(signer, own_public_key(store), where)
    own = own_profile(store)
    refuse_own_code(signer, own.uscc if own is not None else None, where)
    return own


# --- park offices per zone (at the enterprise) ---------------------------------------------------


def office_pin(session: Session, zone: str) -> OfficePin | None:
    return session.scalar(select(OfficePin).where(OfficePin.zone == zone))


def pinned_elsewhere(session: Session, signer: Party, zone: str) -> OfficePin | None:
    """The pin of another zone held by the signer's code or key: one zone's office must not
    become another's by naming it."""
    return session.scalars(
        select(OfficePin)
        .where(
            OfficePin.zone != zone,
            (OfficePin.uscc == signer.uscc) | (OfficePin.public_key == signer.public_key),
        )
        .order_by(OfficePin.id)
    ).first()


def office_status(
    session: Session, signer: Party, accept_key: KeyAcceptance | None, where: str
) -> tuple[KeyStatus, OfficePin | None]:
    """The office pinned for the signer's zone, compared with the signer (code and key).

    Another office (another code, or the same code with another key) is refused like a changed
    key unless ``accept_key`` confirms this signer's key for its code and zone.
    """
    zone = signer.hitech_zone or ""
    pin = office_pin(session, zone)
    if pin is None:
        elsewhere = pinned_elsewhere(session, signer, zone)
        if elsewhere is None:
            return KeyStatus.NEW, None
        if accepts(accept_key, signer) and accept_key is not None and accept_key.zone == zone:
            return KeyStatus.ACCEPTED, None
        raise PackageError(
            "key_changed",
            f"警告：{where} 来自“{signer.name}”（{signer.uscc}，指纹 {signer.fingerprint}），"
            f"自称是“{zone_name(zone)}”的园区；但本机记录的“{zone_name(elsewhere.zone)}”的园区"
            f"“{elsewhere.name}”（{elsewhere.uscc}，指纹 {fingerprint(elsewhere.public_key)}）"
            "用的是同一统一社会信用代码或同一密钥。一个园区不能同时替另一个高新区作出决定，"
            "这可能是他人冒充，已拒收，未做任何更改。请用您已知的电话号码（不要用文件里的号码）"
            f"联系“{zone_name(zone)}”的园区核实；只有确认该单位确实负责此高新区后，"
            f"才选择“接受新密钥 {signer.fingerprint}”重新导入",
        )
    if pin.public_key == signer.public_key and pin.uscc == signer.uscc:
        return KeyStatus.KNOWN, pin
    if accepts(accept_key, signer) and accept_key is not None and accept_key.zone == zone:
        return KeyStatus.ACCEPTED, pin
    raise PackageError(
        "key_changed",
        f"警告：{where} 来自“{signer.name}”（{signer.uscc}，指纹 {signer.fingerprint}），"
        f"但本机为高新区“{zone_name(zone)}”记录的园区是“{pin.name}”（{pin.uscc}，指纹 "
        f"{fingerprint(pin.public_key)}，来自{PinSource(pin.source).label}）。"
        "这可能是他人冒充园区，已拒收，未做任何更改。请用您已知的电话号码（不要用文件里的号码）"
        f"联系{pin.name}核实；只有确认该高新区的园区确已更换为此单位和密钥后，"
        f"才选择“接受新密钥 {signer.fingerprint}”重新导入",
    )


def remember_office(
    session: Session,
    signer: Party,
    status: KeyStatus,
    pin: OfficePin | None,
    source: PinSource,
    actor: str,
) -> None:
    """Pin the signer for its zone (first contact), or re-pin it once the user accepted it."""
    now = utcnow()
    zone = signer.hitech_zone or ""
    if pin is None:
        if status is KeyStatus.ACCEPTED:  # a code or key of another zone's pin, confirmed
            source = PinSource.ACCEPTED
        session.add(
            OfficePin(
                zone=zone,
                uscc=signer.uscc,
                name=signer.name,
                public_key=signer.public_key,
                source=source.value,
            )
        )
        session.add(
            AuditEvent(
                actor=actor,
                action="记录园区",
                detail=f"高新区 {zone_name(zone)}：{signer.name}（{signer.uscc}），指纹 {signer.fingerprint}，"
                f"来自{source.label}",
            )
        )
        return
    if status is KeyStatus.ACCEPTED:
        session.add(
            AuditEvent(
                actor=actor,
                action="更换园区密钥",
                detail=f"高新区 {zone_name(zone)}：{pin.name}（{pin.uscc}，{fingerprint(pin.public_key)}）→ "
                f"{signer.name}（{signer.uscc}，{signer.fingerprint}）",
            )
        )
        pin.uscc, pin.public_key = signer.uscc, signer.public_key
        pin.source, pin.first_seen = PinSource.ACCEPTED.value, now
    pin.name, pin.last_seen = signer.name, now


# --- listings --------------------------------------------------------------------------------------


def known_keys(store: Store) -> list[KnownKeyRecord]:
    """Every key this copy has recorded, by role and name."""
    with store.reading() as session:
        rows = session.scalars(
            select(KnownKey).order_by(KnownKey.role, text_order(KnownKey.name), KnownKey.id)
        )
        return [
            KnownKeyRecord(
                r.role, r.uscc, r.name, fingerprint(r.public_key), r.first_seen, r.last_seen
            )
            for r in rows
        ]


def pinned_offices(store: Store) -> list[OfficePinRecord]:
    """The park office this copy expects for each zone, by zone id."""
    with store.reading() as session:
        rows = session.scalars(select(OfficePin).order_by(OfficePin.zone))
        return [
            OfficePinRecord(
                r.zone,
                r.name,
                r.uscc,
                fingerprint(r.public_key),
                PinSource(r.source),
                r.first_seen,
                r.last_seen,
            )
            for r in rows
        ]
