"""How the key of a package let in earlier compares with what this copy records now: db/trust.py
says it, the review window only shows it."""

from __future__ import annotations

from db.models import KnownKey
from db.trust import KeyStatus, recorded_key_status
from forms.exchange.manifest import Role
from forms.exchange.signing import SigningKey

USCC = "91450100MA5KXXXX0X"


def record(store, key: SigningKey, role: Role = Role.ENTERPRISE, uscc: str = USCC) -> None:
    with store.writing() as session:
        session.add(
            KnownKey(
                role=role.value, uscc=uscc, name="南宁某科技有限公司", public_key=key.public_key
            )
        )


def test_none_recorded_the_same_key_or_one_replaced_since(store):
    first, second = SigningKey.generate(), SigningKey.generate()
    assert recorded_key_status(store, USCC, first.fingerprint) is None
    record(store, first)
    assert recorded_key_status(store, USCC, first.fingerprint) is KeyStatus.KNOWN
    assert recorded_key_status(store, USCC, first.fingerprint.lower()) is KeyStatus.KNOWN
    assert recorded_key_status(store, USCC, second.fingerprint) is KeyStatus.CHANGED
    assert recorded_key_status(store, "91450100MA5KYYYY0Y", first.fingerprint) is None


def test_a_key_is_looked_up_by_code_whatever_role_it_was_recorded_under(store):
    """As importing compares keys (db.trust.key_status): pinned per code, not per role."""
    key = SigningKey.generate()
    record(store, key, Role.PARK_OFFICE)
    assert recorded_key_status(store, USCC, key.fingerprint) is KeyStatus.KNOWN
