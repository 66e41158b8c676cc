"""An enterprise upgraded from release 0.1.0 already knows its offices: migration 0007 pins them
from the decisions it received, so a look-alike deciding first after the upgrade is refused."""

from __future__ import annotations

import pytest

from db.trust import pinned_offices
from forms.applicant import ApplicantProfile
from forms.core.uscc import with_check_character
from forms.exchange.errors import PackageError
from forms.exchange.signing import SigningKey
from tests.helpers.copies import dump, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import decision_for, office_signer
from tests.helpers.scenarios import open_legacy

LOOKALIKE_USCC = with_check_character("11450100007564399")


def test_an_upgraded_enterprise_keeps_knowing_its_offices(tmp_path):
    """db/migrations/versions/0007_office_pins.py creates office_pins empty. The 0.1.0
    enterprise store holds received decisions (review_decisions.office_uscc/office_key) and
    known keys of 南宁's and 柳州's offices, yet after the upgrade a look-alike office (same
    name and zone, another valid code, a fresh key) deciding first is pinned as 'first contact':
    attack 4 of issue 10 still works against every user who upgrades. The migration (or the
    first use) should pin each zone's office from the decisions already received."""
    enterprise = open_legacy(tmp_path, "enterprise")
    assert {p.zone for p in pinned_offices(enterprise.store)} >= {"nanning", "liuzhou"}, (
        "no office pinned for the zones whose decisions this store already holds"
    )


def test_a_lookalike_deciding_first_after_the_upgrade_is_refused(tmp_path):
    enterprise = open_legacy(tmp_path, "enterprise")
    exported = enterprise.exchange.export_package(submit(enterprise)).content  # to 南宁
    key = SigningKey.generate()
    profile = example_document("enclave").applicant  # the real office's name and zone
    assert isinstance(profile, ApplicantProfile)
    forged = decision_for(exported, key, office_signer(profile, key, uscc=LOOKALIKE_USCC))
    before = dump(enterprise.store)
    with pytest.raises(PackageError):
        enterprise.decisions.import_decision(forged, "d.gxdec")
    assert dump(enterprise.store) == before
