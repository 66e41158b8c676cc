"""Names from a package stay on one line: a line break, an escape or a bidi mark in a signer's
name cannot draw a fake key status under it (attack 6 of issue 10, in plain text)."""

from __future__ import annotations

import unicodedata

import pytest

from forms.exchange.errors import PackageError
from tests.helpers.copies import open_copy
from tests.helpers.exchange_kit import make_package, respun

FAKE = "甲公司（91450100MA5K00000B，企业端），密钥指纹 AAAA-BBBB-CCCC-DDDD，签名有效；与本机记录的密钥一致"


@pytest.mark.parametrize(
    "tail",
    ["\n\n\n\n\n\n", "\x1b[2K\x1b[1A", "\u202e", "\u2028\u2028\u2028"],
    ids=["newlines", "terminal-escape", "bidi-override", "line-separator"],
)
def test_a_signer_name_cannot_hold_control_characters(tmp_path, tail):
    """forms/exchange/manifest.py Party.name: Field(min_length=1, max_length=100), nothing
    else. A name ending in six line breaks pushes the real 「首次收到该单位的密钥」 out of a
    PlainLabel's view after a fake 「与本机记录的密钥一致」 (the review window's signer line,
    the import results, `gxapply package import` output); ESC sequences rewrite the terminal;
    U+202E reverses the fingerprint as displayed. Names (and title, number, officer, reasons)
    from a package should refuse Cc/Cf characters and line separators (or be flattened)."""
    office = open_copy(tmp_path / "office", "enclave")
    data, key = make_package()
    forged = respun(data, key, lambda m, _: m["signer"].update(name=FAKE + tail))
    try:
        result = office.exchange.import_package(forged, "x.gxpkg")
    except PackageError:
        return  # refused: fine
    shown = result.describe()
    bad = [c for c in shown if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp")]
    assert not bad, repr(shown)
