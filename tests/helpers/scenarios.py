"""Two copies (enterprise and office) brought to a given point: packages exported, received, decided, returned."""

from __future__ import annotations

import shutil
import uuid
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import update

from db.accounts import SignInError
from db.models import Application
from db.office_key import create_office_key
from db.offices import Offices
from db.repository import Store
from forms.applicant import ApplicantProfile
from forms.core.uscc import with_check_character
from forms.core.workflow import Status
from forms.exchange.review import Outcome, Reason
from forms.exchange.signing import SigningKey
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import DATA, example_document
from tests.helpers.exchange_kit import decision_for, make_package, office_signer


def corrected_zone(copy: Copy, zone: str) -> None:
    profile = example_document("incubator").applicant
    copy.store.save_applicant(profile.model_copy(update={"hitech_zone": zone}))


LOOKALIKE_USCC = with_check_character("11450100007564399")  # valid, not the real office's


def recommended(enterprise: Copy, office: Copy) -> None:
    """One application sent to the office and recommended: the enterprise knows the office."""
    app_id = submit(enterprise)
    office_id = office.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    enterprise.decisions.import_decision(office.decisions.export_decision(office_id).content)


def lookalike(tmp_path, exported: bytes) -> tuple[bytes, SigningKey]:
    """A decision by another body: the real office's name and zone, another valid code and key."""
    key = SigningKey.generate()
    profile = example_document("enclave").applicant
    assert isinstance(profile, ApplicantProfile)
    return decision_for(exported, key, office_signer(profile, key, uscc=LOOKALIKE_USCC)), key


ENCLAVE_SENDER = with_check_character("11450100007564300")


# One key per example firm, so a firm's second package comes from the key the office knows.
_KEYS: dict[str, SigningKey] = {}


UNSET = object()


def receive(
    office: Copy,
    kind: str = "incubator",
    *,
    title: str | None = None,
    applicant_name: str | None = None,
    amount: Decimal | object | None = UNSET,
    received_at: datetime | None = None,
) -> int:
    """A package of the example ``kind``, as its firm sent it, imported at ``office``; its id
    there. ``amount`` replaces the amount asked for (None: none given); ``received_at`` (naive
    UTC) back-dates its arrival."""
    doc = example_document(kind)
    definition = doc.definition
    update_form: dict[str, object] = {}
    if title is not None:
        update_form[str(definition.title_field)] = title
    if amount is not UNSET:
        update_form[str(definition.amount_field)] = amount
    form = doc.form.model_copy(update=update_form)
    applicant = doc.applicant
    if kind == "enclave":  # the example 管委会 is the offices' own code, which never comes in a
        applicant = applicant.model_copy(update={"uscc": ENCLAVE_SENDER})  # package (issue 10)
    if applicant_name is not None:
        applicant = applicant.model_copy(update={"name": applicant_name})
    doc = replace(doc, form=form, applicant=applicant, uid=str(uuid.uuid4()))
    data, _KEYS[kind] = make_package(doc, key=_KEYS.get(kind))
    app_id = office.exchange.import_package(data, f"{kind}.gxpkg").application_id
    if received_at is not None:
        arrived(office, app_id, received_at)
    return app_id


def arrived(office: Copy, app_id: int, moment: datetime) -> None:
    """Back-date an arrival (a received application cannot be changed through the store)."""
    with office.store.engine.begin() as connection:
        connection.execute(
            update(Application).where(Application.id == app_id).values(received_at=moment)
        )


NANNING = "nanning"


LIUZHOU = "liuzhou"


def zone_of(copy: Copy, zone: str) -> None:
    profile = example_document("incubator").applicant
    copy.store.save_applicant(profile.model_copy(update={"hitech_zone": zone}))


def decided(office: Copy, office_id: int, outcome: Outcome, message: str) -> bytes:
    """``office`` decides on a received application, with one reason on a manual rule; the
    decision package."""
    rule = next(
        r.rule_id
        for r in office.review.office_report(office_id).results
        if r.verdict.name == "MANUAL"
    )
    office.review.record_decision(
        office_id, outcome, officer=officer(office), reasons=[Reason(rule_id=rule, message=message)]
    )
    return office.decisions.export_decision(office_id).content


def returned_by_nanning(enterprise: Copy, tmp_path) -> tuple[int, Copy]:
    """An application sent to 南宁, returned for correction (the office says: wrong zone)."""
    nanning = open_copy(tmp_path / "nanning", "enclave")
    app_id = submit(enterprise)
    office_id = nanning.exchange.import_package(
        enterprise.exchange.export_package(app_id).content
    ).application_id
    message = "贵单位位于柳州高新区，请改报柳州高新区"
    enterprise.decisions.import_decision(decided(nanning, office_id, Outcome.RETURN, message))
    return app_id, nanning


LEGACY = DATA / "legacy"


def legacy_copy(tmp_path: Path, name: str) -> Path:
    """A copy of a legacy store's folder (store and key): the fixture itself stays untouched."""
    target = tmp_path / name
    shutil.copytree(LEGACY / name, target)
    return target / "store.sqlite3"


def open_legacy(tmp_path: Path, name: str) -> Copy:
    return Copy(Store.open(f"sqlite:///{legacy_copy(tmp_path, name)}"))


def export(enterprise: Copy, folder: Path, count: int) -> list[Path]:
    """``count`` applications filled in at the enterprise, exported as files into ``folder``."""
    paths = []
    for _ in range(count):
        exported = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 packet")
        path = folder / exported.file_name
        path.write_bytes(exported.content)
        paths.append(path)
    return paths


FIXTURE_PASSPHRASE = "园区签名口令2026"


def filled_office(tmp_path) -> Copy:
    """An office store with a row in every table: two received revisions with an attachment,
    a decision, a manual check, an office pin, an account, a failed sign-in, a known key,
    settings and the trail."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    enterprise.store.add_attachment(app_id, "营业执照.pdf", b"%PDF-1.4 licence")
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    clerk = officer(office)
    with pytest.raises(SignInError):
        office.accounts.sign_in("lisi", "猜的密码")  # counted in sign_in_failures
    rule = next(
        r.rule_id
        for r in office.review.office_report(office_id).results
        if r.verdict.name == "MANUAL"
    )
    office.review.set_manual_check(office_id, rule, True, officer=clerk)
    office.review.record_decision(
        office_id,
        Outcome.RETURN,
        officer=clerk,
        reasons=[Reason(rule_id=rule, message="请补充原件扫描件")],
    )
    returned = office.decisions.export_decision(office_id)
    enterprise.decisions.import_decision(returned.content, returned.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet 2")
    office.exchange.import_package(second.content, second.file_name)  # keeps the first revision
    office.store.import_document(enterprise.store.export_document(app_id))  # one of its own
    neighbour = open_copy(tmp_path / "neighbour", "new_track")  # another zone's office
    card, name = Offices(neighbour.store).export_card()
    Offices(office.store).import_card(card, name)  # pins that office for its zone
    # its key sealed in the store too, as a server store keeps it (cheap scrypt: a fixture)
    create_office_key(office.store, FIXTURE_PASSPHRASE, key=office.decisions.key, n=2**10)
    return office


def send(enterprise: Copy, office: Copy, kind: str = "incubator") -> int:
    exported = enterprise.exchange.export_package(submit(enterprise, kind), b"%PDF-1.7 packet")
    return office.exchange.import_package(exported.content, exported.file_name).application_id


SECOND_VERSION_TITLE_SUFFIX = "（补正）"
ADDED_FILE = "补充说明.pdf"


def second_version(enterprise: Copy, office: Copy, kind: str = "incubator") -> tuple[int, int]:
    """An application sent, returned for correction, corrected (its title changed, a file
    added under 其他材料) and received again as 第2版; its ids at the enterprise and the office."""
    app_id = submit(enterprise, kind)
    first = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet 1")
    office_id = office.exchange.import_package(first.content, first.file_name).application_id
    returned = decided(office, office_id, Outcome.RETURN, "请补充说明材料")
    enterprise.decisions.import_decision(returned)
    record = enterprise.store.load(app_id)
    title = str(record.definition.title_field)
    data = record.form.model_dump(mode="json")
    data[title] += SECOND_VERSION_TITLE_SUFFIX
    enterprise.store.save_draft(app_id, data)
    enterprise.store.add_attachment(app_id, ADDED_FILE, b"%PDF-1.4 added")
    enterprise.store.change_status(app_id, Status.READY)
    second = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet 2")
    office.exchange.import_package(second.content, second.file_name)
    return app_id, office_id
