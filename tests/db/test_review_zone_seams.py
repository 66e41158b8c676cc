"""Review: zone ids at the seams of the exchange. FAILS on the merged code (2026-12-05)."""

from __future__ import annotations

import json

from forms.exchange.errors import PackageError
from tests.db.copies import open_copy
from tests.exchange_kit import make_package, respun


def _applicant_zone(zone: str):
    def change(manifest, members):
        doc = json.loads(members["application.json"])
        doc["applicant"]["hitech_zone"] = zone
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    return change


def test_review_a_package_addressed_to_one_zone_for_a_firm_of_another_is_refused(tmp_path):
    """db/exchange.py _check_addressed compares only manifest.addressed_to with the office's
    zone; forms/exchange/submission.py checks the applicant's USCC against the signer but not
    its zone against addressed_to. The program always makes them equal (addressed_to =
    profile.hitech_zone), so a package where the applicant says 柳州 but is addressed to 南宁
    is hand-made: 南宁's office takes in a firm that by its own profile is 柳州's, and every
    in-zone rule passes (柳州 is a zone too). It should be refused as inconsistent."""
    office = open_copy(tmp_path / "office", "enclave")  # 南宁
    data, key = make_package()
    crafted = respun(data, key, _applicant_zone("liuzhou"))
    try:
        office.exchange.import_package(crafted, "x.gxpkg")
    except PackageError:
        return
    raise AssertionError("a firm whose profile names 柳州 was taken in by 南宁's office")
