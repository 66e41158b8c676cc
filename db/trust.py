"""Whom this copy trusts: keys recorded on first use, and the refusal when one changes.

The first package from a party (an enterprise by its USCC at the office, a park office by its
USCC at the enterprise) records its public key. A later package signed with a different key is
refused, loudly, until the user confirms the new key's fingerprint with the sender by another
channel (a phone call) and imports again accepting exactly that fingerprint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import AuditEvent, KnownKey, utcnow
from db.repository import Store
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Party
from forms.exchange.signing import SigningKey, fingerprint


class KeyStatus(StrEnum):
    NEW = "首次收到该单位的密钥，已记录（请与对方核对指纹）"
    KNOWN = "与本机记录的密钥一致"
    ACCEPTED = "密钥已更换，已按您核对的指纹接受新密钥"
    CHANGED = "与本机记录的密钥不同！"


@dataclass(frozen=True)
class SignerInfo:
    """Who signed a package, and how the key compares with what this copy knew."""

    role: str
    name: str
    uscc: str
    fingerprint: str
    key_status: KeyStatus

    def describe(self) -> str:
        return (
            f"签名人：{self.name}（{self.uscc}，{self.role}），密钥指纹 {self.fingerprint}，"
            f"签名有效；{self.key_status.value}"
        )


def signer_info(signer: Party, status: KeyStatus) -> SignerInfo:
    return SignerInfo(signer.role.label, signer.name, signer.uscc, signer.fingerprint, status)


@dataclass(frozen=True)
class KnownKeyRecord:
    role: str
    uscc: str
    name: str
    fingerprint: str
    first_seen: datetime
    last_seen: datetime


def _fingerprint_text(text: str) -> str:
    return text.strip().upper().replace(" ", "").replace("-", "")


def accepts(accept_key: str | None, signer: Party) -> bool:
    """Whether the user confirmed exactly this signer's key fingerprint."""
    return bool(accept_key) and _fingerprint_text(accept_key or "") == _fingerprint_text(
        signer.fingerprint
    )


def key_status(
    session: Session, signer: Party, accept_key: str | None, where: str
) -> tuple[KeyStatus, KnownKey | None]:
    """Trust on first use: the key recorded for this party, compared with the signer's.

    A different key is refused, loudly, unless ``accept_key`` is the new key's fingerprint,
    which the user has checked with the sender by a channel other than the file itself.
    """
    row = session.scalar(
        select(KnownKey).where(KnownKey.role == signer.role.value, KnownKey.uscc == signer.uscc)
    )
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


def refuse_own(signer: Party, key: SigningKey, where: str) -> None:
    if signer.public_key == key.public_key:
        raise PackageError(
            "own_package", f"{where} 是本机自己导出的，不能导入本机；请把它交给对方导入"
        )


def known_keys(store: Store) -> list[KnownKeyRecord]:
    """Every key this copy has recorded, by role and name."""
    with store._read() as session:
        rows = session.scalars(select(KnownKey).order_by(KnownKey.role, KnownKey.name))
        return [
            KnownKeyRecord(
                r.role, r.uscc, r.name, fingerprint(r.public_key), r.first_seen, r.last_seen
            )
            for r in rows
        ]
