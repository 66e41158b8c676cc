"""Ed25519 keys: each copy of the app signs the packages it sends with its own key pair.

Public keys travel as base64 of their 32 raw bytes; people compare them by a short fingerprint
(16 hex digits in four groups), e.g. read over the phone.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


class SigningKey:
    """This copy's private key, with its public half and fingerprint."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_key = base64.b64encode(raw).decode("ascii")

    @classmethod
    def generate(cls) -> SigningKey:
        return cls(Ed25519PrivateKey.generate())

    @classmethod
    def from_pem(cls, pem: bytes) -> SigningKey:
        """Read a key written by ``to_pem``; ValueError when it is not one."""
        private = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(private, Ed25519PrivateKey):
            raise ValueError("not an Ed25519 private key")
        return cls(private)

    def to_pem(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def raw_private(self) -> bytes:
        """The 32 raw bytes of the private key, for sealing it (db/office_key.py)."""
        return self._private.private_bytes(
            serialization.Encoding.Raw,
            serialization.PrivateFormat.Raw,
            serialization.NoEncryption(),
        )

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.public_key)

    def sign(self, data: bytes) -> str:
        """The signature of ``data``, base64."""
        return base64.b64encode(self._private.sign(data)).decode("ascii")


def _decode(text: str, length: int) -> bytes | None:
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None
    return raw if len(raw) == length else None


def public_key_problem(text: object) -> str | None:
    """Why ``text`` is not a public key as packages write them, or None."""
    if not isinstance(text, str) or _decode(text, PUBLIC_KEY_BYTES) is None:
        return f"应为 {PUBLIC_KEY_BYTES} 字节 Ed25519 公钥的 base64 编码"
    return None


def fingerprint(public_key: str) -> str:
    """A short, readable digest of a public key: ``3F2A-91BC-0D44-7E18``."""
    raw = _decode(public_key, PUBLIC_KEY_BYTES) or public_key.encode("utf-8", "replace")
    digest = hashlib.sha256(raw).hexdigest()[:16].upper()
    return "-".join(digest[i : i + 4] for i in range(0, 16, 4))


def verify(public_key: str, data: bytes, signature: str) -> bool:
    """Whether ``signature`` (base64) is the signature of ``data`` by ``public_key``."""
    raw_key = _decode(public_key, PUBLIC_KEY_BYTES)
    raw_signature = _decode(signature.strip(), SIGNATURE_BYTES)
    if raw_key is None or raw_signature is None:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(raw_key).verify(raw_signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True
