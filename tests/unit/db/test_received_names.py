"""Names that come from the other side: a sender's number never becomes a path, and an
attachment Windows would take for a device, or would rename, is refused on import."""

from __future__ import annotations

import hashlib
import json
from pathlib import PureWindowsPath

import pytest

from db.repository import InputError
from forms.core.file_names import is_device_name
from forms.core.workflow import Status
from forms.exchange.errors import PackageError
from forms.exchange.review import Outcome
from tests.helpers.copies import dump, officer, open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.exchange_kit import respun
from tests.helpers.scenarios import decided


@pytest.fixture
def copies(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    return enterprise, office


def test_the_suggested_decision_file_name_ignores_a_path_in_the_senders_number(copies):
    enterprise, office = copies
    valid = enterprise.exchange.export_package(submit(enterprise)).content

    def evil_number(manifest, _members):
        manifest["number"] = "../../../../tmp/evil"

    office_id = office.exchange.import_package(
        respun(valid, enterprise.exchange.key, evil_number)
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    name = office.decisions.export_decision(office_id).file_name
    assert name == "tmp_evil-审核决定-第1版-通过并推荐.gxdec"
    assert PureWindowsPath(name).name == name


def test_a_device_number_does_not_name_a_device(copies):
    enterprise, office = copies
    valid = enterprise.exchange.export_package(submit(enterprise)).content

    def device_number(manifest, _members):
        manifest["number"] = "CON"

    office_id = office.exchange.import_package(
        respun(valid, enterprise.exchange.key, device_number)
    ).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    name = office.decisions.export_decision(office_id).file_name
    assert name == "CON-审核决定-第1版-通过并推荐.gxdec" and not is_device_name(name)


def test_the_decisions_on_two_revisions_are_offered_under_two_names(copies):
    """Issue 15 item 15: each name says the revision and the outcome (…-第2版-退回补正)."""
    enterprise, office = copies
    app_id = submit(enterprise)
    first = office.exchange.import_package(enterprise.exchange.export_package(app_id).content)
    decided(office, first.application_id, Outcome.RETURN, "请补充证明材料")
    returned = office.decisions.export_decision(first.application_id)
    number = office.store.load(first.application_id).number
    assert returned.file_name == f"{number}-审核决定-第1版-退回补正.gxdec"

    enterprise.decisions.import_decision(returned.content, returned.file_name)
    enterprise.store.change_status(app_id, Status.READY)
    second = office.exchange.import_package(enterprise.exchange.export_package(app_id).content)
    assert second.revision == 2
    decided(office, second.application_id, Outcome.RETURN, "仍缺证明材料")
    again = office.decisions.export_decision(second.application_id).file_name
    assert again == f"{number}-审核决定-第2版-退回补正.gxdec" != returned.file_name


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("CON", "设备名"),
        ("NUL.pdf", "设备名"),
        ("COM1.png", "设备名"),
        ("scan.pdf.", "以点或空格结尾"),
        ("scan.pdf ", "以点或空格结尾"),
    ],
)
def test_an_attachment_windows_cannot_keep_is_refused_on_import(copies, name, words):
    enterprise, office = copies
    valid = enterprise.exchange.export_package(submit(enterprise)).content

    def add(_manifest, members):
        content = b"%PDF-1.4 scan"
        members["attachments/001-scan.pdf"] = content
        doc = json.loads(members["application.json"])
        doc["attachments"] = [
            {
                "name": name,
                "size": len(content),
                "sha256": hashlib.sha256(content).hexdigest(),
                "member": "attachments/001-scan.pdf",
            }
        ]
        members["application.json"] = json.dumps(doc, ensure_ascii=False).encode()

    before = dump(office.store)
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(respun(valid, enterprise.exchange.key, add), "来件.gxpkg")
    assert words in caught.value.message and "请让对方把附件改名后重新导出" in caught.value.message
    assert dump(office.store) == before


def test_an_attachment_named_like_a_device_is_refused_when_added(copies):
    enterprise, _office = copies
    app_id = enterprise.store.import_document(example_document("incubator"))
    before = dump(enterprise.store)
    with pytest.raises(InputError) as caught:
        enterprise.store.add_attachment(app_id, "NUL.pdf", b"%PDF-1.4")
    assert "设备名" in str(caught.value)
    assert dump(enterprise.store) == before
