"""The park office's card (.gxcard): who the office is, for an enterprise to know before the
first decision arrives: its name, code, zone id and public key, signed with that key.

The signature only shows the file was made with the key it names; trust comes from the
enterprise reading the fingerprint back to the office by phone (db/offices.py pins it).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from forms.exchange.container import issues_text, parse_json, where_of
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Party, Role
from forms.exchange.signing import SigningKey, verify

CARD_FORMAT = "gxapply.office_card"
CARD_SUFFIX = ".gxcard"
CARD_NOUN = "园区名片"
MAX_CARD_BYTES = 16 << 10


class OfficeCardBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal["gxapply.office_card"] = Field(title="格式")
    format_version: Literal[1] = Field(title="格式版本")
    created_at: AwareDatetime = Field(title="导出时间")
    office: Party = Field(title="园区")
    # as people read it, checked against the key
    fingerprint: str = Field(max_length=19, title="密钥指纹")


@dataclass(frozen=True)
class OfficeCard:
    office: Party
    created_at: datetime

    @property
    def zone(self) -> str:
        return self.office.hitech_zone or ""


def _canonical(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def build_card(office: Party, key: SigningKey, created_at: datetime) -> bytes:
    """The card of ``office`` (a park office with a zone), signed with ``key``."""
    if office.role is not Role.PARK_OFFICE or not office.hitech_zone:
        raise ValueError("an office card needs a park office with its zone")
    body = OfficeCardBody(
        format=CARD_FORMAT,
        format_version=1,
        created_at=created_at,
        office=office,
        fingerprint=office.fingerprint,
    ).model_dump(mode="json")
    card = {"card": body, "signature": key.sign(_canonical(body))}
    return json.dumps(card, ensure_ascii=False, indent=2).encode("utf-8")


def read_card(data: bytes, source: str = "") -> OfficeCard:
    """Check a card from outside; a PackageError says, in Chinese, what is wrong."""
    where = where_of(CARD_NOUN, source)
    if len(data) > MAX_CARD_BYTES:
        raise PackageError("file_too_large", f"{where} 过大，不是本软件导出的园区名片")
    obj = parse_json(data, where, "名片")
    if not isinstance(obj, dict) or set(obj) != {"card", "signature"}:
        raise PackageError("bad_card", f"{where} 不是本软件导出的园区名片，请让园区重新导出")
    raw, signature = obj["card"], obj["signature"]
    if not isinstance(raw, dict) or raw.get("format") != CARD_FORMAT:
        raise PackageError("bad_card", f"{where} 不是本软件导出的园区名片，请让园区重新导出")
    plain = json.loads(json.dumps(raw, default=str))  # exact decimals back to plain JSON
    try:
        body = OfficeCardBody.model_validate(plain)
    except ValidationError as exc:
        raise PackageError(
            "bad_card", f"{where} 的内容有误：{issues_text(exc, OfficeCardBody)}。请让园区重新导出"
        ) from exc
    office = body.office
    if not isinstance(signature, str) or not verify(
        office.public_key, _canonical(plain), signature
    ):
        raise PackageError(
            "bad_signature", f"{where} 的签名无效：文件在导出后被改动过。已拒收，请让园区重新导出"
        )
    if office.role is not Role.PARK_OFFICE or not office.hitech_zone:
        raise PackageError(
            "bad_card", f"{where} 不是园区端的名片，或没有写明所属高新区，请让园区重新导出"
        )
    if body.fingerprint != office.fingerprint:
        raise PackageError(
            "bad_card", f"{where} 中的指纹与公钥不符，文件可能被篡改，已拒收；请让园区重新导出"
        )
    return OfficeCard(office, body.created_at)
