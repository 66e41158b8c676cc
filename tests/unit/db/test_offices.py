"""The park office as a known party: its card, pinned per zone, and the look-alike refused."""

from __future__ import annotations

import json

import pytest

from db.errors import StoreError
from db.offices import CARD_FILE_NAME, Offices
from db.review import office_profile
from db.trust import KeyAcceptance, KeyStatus, PinSource, pinned_offices
from forms.exchange.errors import PackageError
from forms.exchange.office_card import read_card
from forms.exchange.review import Outcome
from forms.exchange.signing import SigningKey
from tests.helpers.copies import dump, officer, open_copy, submit
from tests.helpers.exchange_kit import office_signer
from tests.helpers.scenarios import LOOKALIKE_USCC, lookalike

ZONE = "nanning"  # 南宁高新技术产业开发区, in the register


def test_the_offices_card_is_pinned_and_a_lookalike_deciding_first_is_refused(
    enterprise, office, tmp_path
):
    card, name = Offices(office.store).export_card()
    assert name == CARD_FILE_NAME == "园区名片.gxcard"
    offices = Offices(enterprise.store)
    preview = offices.preview_card(card, name)
    assert preview.status is KeyStatus.NEW
    assert office.exchange.fingerprint in preview.describe()
    assert "南宁高新技术产业开发区" in preview.describe()
    assert offices.import_card(card, name) is KeyStatus.NEW
    (pin,) = pinned_offices(enterprise.store)
    assert (pin.zone, pin.fingerprint, pin.source) == (
        ZONE,
        office.exchange.fingerprint,
        PinSource.CARD,
    )
    assert offices.import_card(card, name) is KeyStatus.KNOWN  # the same card again: no change

    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id).content
    forged, _key = lookalike(tmp_path, exported)  # before any decision: the card already speaks
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        enterprise.decisions.import_decision(forged, "d.gxdec")
    assert caught.value.code == "key_changed" and "来自园区名片" in caught.value.message
    assert dump(enterprise.store) == before

    office_id = office.exchange.import_package(exported).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    result = enterprise.decisions.import_decision(
        office.decisions.export_decision(office_id).content
    )
    assert result.signer.key_status is KeyStatus.KNOWN


def test_a_card_for_a_pinned_zone_with_another_key_needs_the_fingerprint(enterprise, office):
    Offices(enterprise.store).import_card(Offices(office.store).export_card()[0])
    key = SigningKey.generate()
    profile = office_profile(office.store)
    from datetime import UTC, datetime

    from forms.exchange.office_card import build_card

    other = build_card(office_signer(profile, key, uscc=LOOKALIKE_USCC), key, datetime.now(UTC))
    offices = Offices(enterprise.store)
    preview = offices.preview_card(other, "new.gxcard")
    assert preview.status is KeyStatus.CHANGED
    assert preview.pinned_fingerprint == office.exchange.fingerprint
    before = dump(enterprise.store)
    with pytest.raises(PackageError) as caught:
        offices.import_card(other, "new.gxcard")
    assert caught.value.code == "key_changed" and dump(enterprise.store) == before
    accepted = offices.import_card(
        other, "new.gxcard", accept_key=KeyAcceptance(key.fingerprint, LOOKALIKE_USCC, ZONE)
    )
    assert accepted is KeyStatus.ACCEPTED
    (pin,) = pinned_offices(enterprise.store)
    assert (pin.uscc, pin.source) == (LOOKALIKE_USCC, PinSource.ACCEPTED)


def test_a_spoiled_card_is_refused(enterprise, office):
    card = json.loads(Offices(office.store).export_card()[0])
    card["card"]["office"]["name"] = "别的园区"
    spoiled = json.dumps(card, ensure_ascii=False).encode()
    with pytest.raises(PackageError) as caught:
        read_card(spoiled, "x.gxcard")
    assert caught.value.code == "bad_signature" and "x.gxcard" in caught.value.message
    for junk in (b"", b"[]", b'{"card": 1, "signature": "x"}', b"x" * 20000):
        with pytest.raises(PackageError):
            read_card(junk)


def test_a_card_in_this_copys_own_code_is_refused(office, tmp_path):
    twin = open_copy(tmp_path / "twin", "enclave")  # another copy set up with the same code
    with pytest.raises(PackageError) as caught:
        Offices(office.store).import_card(Offices(twin.store).export_card()[0])
    assert caught.value.code == "own_uscc"
    with pytest.raises(PackageError) as caught:
        Offices(office.store).import_card(Offices(office.store).export_card()[0])
    assert caught.value.code == "own_package"


def test_an_office_without_a_zone_has_no_card(tmp_path, office):
    from db.this_copy import OWN_APPLICANT_SETTING

    bare = open_copy(tmp_path / "bare")
    profile = office_profile(office.store).model_copy(update={"hitech_zone": None})
    bare.store.set_setting(OWN_APPLICANT_SETTING, str(bare.store.save_applicant(profile)))
    with pytest.raises(StoreError, match="所在的高新区"):
        Offices(bare.store).export_card()


def test_a_reinstalled_office_known_by_its_code_but_not_pinned_is_previewed_as_changed(
    enterprise, office
):
    """The code's key is known (an earlier card), the zone's pin is gone (a zone left unpinned
    by migration 0007): the preview must say CHANGED, as the import then refuses, so the
    clerk is offered the fingerprint check instead of a dead end."""
    from datetime import UTC, datetime

    from sqlalchemy import delete

    from db.models import OfficePin
    from forms.exchange.office_card import build_card

    Offices(enterprise.store).import_card(Offices(office.store).export_card()[0])
    with enterprise.store.writing() as session:
        session.execute(delete(OfficePin))
    key = SigningKey.generate()  # the office reinstalled: same code, new key
    card = build_card(office_signer(office_profile(office.store), key), key, datetime.now(UTC))
    offices = Offices(enterprise.store)
    preview = offices.preview_card(card, "new.gxcard")
    assert preview.status is KeyStatus.CHANGED
    assert preview.pinned_fingerprint == office.exchange.fingerprint
    with pytest.raises(PackageError) as caught:
        offices.import_card(card, "new.gxcard")
    assert caught.value.code == "key_changed"
