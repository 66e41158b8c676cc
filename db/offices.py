"""The park office as a known party: its card out (园区端) and in (企业端), and the offices an
enterprise has pinned per zone.

First contact: the office exports its card (名称、统一社会信用代码、高新区、公钥指纹); the clerk
imports it and reads the fingerprint back to the office by phone. From then on a decision for
that zone is taken only from that office's key (db/trust.office_status); without a card, the
first decision of a zone pins its office.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from sqlalchemy.orm import Session

from db.audit import SYSTEM_ACTOR
from db.errors import StoreError
from db.identity import party, signing_key
from db.repository import Store
from db.review import office_profile
from db.trust import (
    KeyAcceptance,
    KeyStatus,
    OfficePinRecord,
    PinSource,
    key_status,
    known_key,
    office_pin,
    office_status,
    pinned_elsewhere,
    pinned_offices,
    refuse_from_this_copy,
    remember_key,
    remember_office,
)
from forms.core.zones import zone_name
from forms.exchange.errors import PackageError
from forms.exchange.manifest import Party, Role
from forms.exchange.office_card import CARD_NOUN, CARD_SUFFIX, OfficeCard, build_card, read_card
from forms.exchange.signing import SigningKey, fingerprint

CARD_FILE_NAME = f"{CARD_NOUN}{CARD_SUFFIX}"  # never built from data: a fixed, safe name


@dataclass(frozen=True)
class CardPreview:
    """A checked card before it is pinned: what it says and how it compares with the pins."""

    card: OfficeCard
    status: KeyStatus  # NEW (first contact), KNOWN (already pinned) or CHANGED
    pinned_fingerprint: str = ""  # the key this copy holds instead, when CHANGED

    def describe(self) -> str:
        o = self.card.office
        return (
            f"园区：{o.name}\n统一社会信用代码：{o.uscc}\n高新区：{zone_name(o.hitech_zone)}\n"
            f"密钥指纹：{o.fingerprint}"
        )


class Offices:
    """Office cards and pinned offices of one store."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @cached_property
    def key(self) -> SigningKey:
        return signing_key(self.store)

    # --- park office ---------------------------------------------------------------------------

    def export_card(self) -> tuple[bytes, str]:
        """This office's signed card and a file name for it; StoreError until the office has
        its name, code and zone."""
        profile = office_profile(self.store)
        if not profile.hitech_zone:
            raise StoreError(
                "本机尚未选择本园区所在的高新区，名片无法写明园区；"
                "请先在“申报主体”页选择本园区所在高新区"
            )
        office = party(profile, Role.PARK_OFFICE, self.key)
        return build_card(office, self.key, datetime.now(UTC)), CARD_FILE_NAME

    # --- enterprise -----------------------------------------------------------------------------

    def preview_card(self, data: bytes, source: str = "") -> CardPreview:
        """Check a card and say how import_card would take it, writing nothing: the same two
        checks (the code's known key, the zone's pinned office), so a card previewed as new is
        never refused as changed on import, leaving the clerk no way to accept it."""
        card = self._checked(data, source)
        office = card.office
        with self.store.reading() as session:
            try:
                key_status(session, office, None, "")
                status, _ = office_status(session, office, None, "")
            except PackageError:
                return CardPreview(card, KeyStatus.CHANGED, self._recorded(session, office))
        return CardPreview(card, status)

    @staticmethod
    def _recorded(session: Session, office: Party) -> str:
        """The fingerprint this copy holds for the card's zone or code (what changed)."""
        pin = office_pin(session, office.hitech_zone or "") or pinned_elsewhere(
            session, office, office.hitech_zone or ""
        )
        if pin is not None:
            return fingerprint(pin.public_key)
        known = known_key(session, office.uscc)
        return fingerprint(known.public_key) if known is not None else ""

    def import_card(
        self,
        data: bytes,
        source: str = "",
        *,
        actor: str = SYSTEM_ACTOR,
        accept_key: KeyAcceptance | None = None,
    ) -> KeyStatus:
        """Pin the card's office for its zone (the user has checked its fingerprint by phone).

        A card for a zone pinned to another office, or for a code known with another key, is
        refused like a changed key unless ``accept_key`` confirms this office for that zone.
        """
        card = self._checked(data, source)
        where = f"{CARD_NOUN} {source}" if source else CARD_NOUN
        office = card.office
        with self.store.writing() as session:
            status, known = key_status(session, office, accept_key, where)
            pin_status, pin = office_status(session, office, accept_key, where)
            remember_key(session, office, status, known, actor)
            remember_office(session, office, pin_status, pin, PinSource.CARD, actor)
        return pin_status

    def _checked(self, data: bytes, source: str) -> OfficeCard:
        card = read_card(data, source)
        where = f"{CARD_NOUN} {source}" if source else CARD_NOUN
        refuse_from_this_copy(self.store, card.office, where)
        return card

    def pinned(self) -> list[OfficePinRecord]:
        return pinned_offices(self.store)
