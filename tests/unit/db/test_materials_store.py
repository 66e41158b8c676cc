"""Attachments filed by material in the store: added, moved, kept when answers change, checked,
exported and received with their material; older stores and files read as 其他材料."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from alembic import command
from sqlalchemy import inspect, text

from db.engine import alembic_config, make_engine, migrate
from db.repository import InputError, Store
from forms import all_forms
from forms.applicant import APPLICANT
from forms.core.document import document_to_json, documents_from_json
from forms.core.materials import OTHER
from forms.core.workflow import Status, TransitionError
from forms.exchange.errors import PackageError
from forms.exchange.submission import read_submission
from forms.registry import FORMS
from tests.helpers.copies import OFFICE_OF, open_copy
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_kit import make_package
from tests.helpers.materials import sample_pdf
from tests.helpers.samples import POSTDOC


def _bare(store: Store, kind: str = "rd_subsidy") -> int:
    """The example saved without its files."""
    return store.import_document(replace(example_document(kind), attachments=()))


def test_add_by_material_and_move_to_another(store):
    app_id = _bare(store)
    info = store.add_attachment(app_id, "任务书.pdf", sample_pdf("t"), material="task_book")
    assert (
        info.material == "task_book" and store.load(app_id).attachments[0].material == "task_book"
    )
    other = store.add_attachment(app_id, "说明.pdf", b"%PDF-1.4 note")
    assert other.material == OTHER
    moved = store.file_attachment(other.id, "funds_receipt")
    assert moved.material == "funds_receipt" and moved.note == ""
    with pytest.raises(InputError) as caught:  # a postdoc file is not asked of a matching claim
        store.add_attachment(app_id, "批文.pdf", b"%PDF", material="postdoc_approval")
    assert "不是本申报按已保存的内容需要的材料" in str(caught.value)
    with pytest.raises(InputError):
        store.file_attachment(info.id, "nonsense")
    assert [e.action for e in store.audit_trail(app_id)][-2:] == ["添加附件", "调整附件材料"]


def test_switching_request_type_moves_files_to_other_with_a_note_never_losing_them(store):
    app_id = store.import_document(example_document("rd_subsidy"))
    before = {a.id: (a.name, a.sha256) for a in store.load(app_id).attachments}
    data = {**example_json("rd_subsidy")["data"], **POSTDOC}
    record = store.save_draft(app_id, data)
    after = {a.id: a for a in record.attachments}
    assert {i: (a.name, a.sha256) for i, a in after.items()} == before  # every file still there
    assert {a.material for a in after.values()} == {"licence", OTHER}
    task_book = next(a for a in after.values() if a.name.startswith("国家项目任务书"))
    assert task_book.material == OTHER
    assert (
        task_book.note.startswith("原为“国家项目任务书或立项文件”") and "其他材料" in task_book.note
    )
    assert "附件移入其他材料" in [e.action for e in store.audit_trail(app_id)]
    for attachment in after.values():
        assert store.attachment_content(attachment.id)  # content kept, checksum still right
    # Filed again by hand once the answers ask for it again: the note goes.
    store.save_draft(app_id, example_json("rd_subsidy")["data"])
    again = store.file_attachment(task_book.id, "task_book")
    assert again.material == "task_book" and again.note == ""


def test_missing_material_blocks_submission_and_names_it(store):
    app_id = _bare(store, "incubator")
    report = store.report(app_id)
    missing = [r for r in report.blocking if r.rule_id.startswith("material.")]
    assert missing and missing[0].requirement == "材料齐全：营业执照或法人证书"
    with pytest.raises(TransitionError) as caught:
        store.change_status(app_id, Status.READY)
    assert "缺少「孵化器认定文件」" in str(caught.value) and "《若干措施》第（十）条" in str(
        caught.value
    )
    for attached in example_document("incubator").attachments:
        store.add_attachment(app_id, attached.name, attached.content, material=attached.material)
    assert store.change_status(app_id, Status.READY).status is Status.READY


def test_json_export_and_import_keep_each_material(store, tmp_path):
    app_id = store.import_document(example_document("enclave"))
    doc = store.export_document(app_id)
    written = document_to_json(doc)
    assert written["format_version"] == 3
    assert [a["material"] for a in written["attachments"]] == [
        "licence",
        "park_agreement",
        "park_partner_licence",
    ]
    back = documents_from_json(json.loads(json.dumps(written)), all_forms(), APPLICANT)[0]
    assert [a.material for a in back.attachments] == [a.material for a in doc.attachments]
    copy = store.import_document(back)
    assert [a.material for a in store.load(copy).attachments] == [
        a.material for a in doc.attachments
    ]


def test_older_files_and_unknown_materials_read_as_other():
    old = example_json("incubator")
    old["format_version"] = 2
    for item in old["attachments"]:
        del item["material"]
    doc = documents_from_json(old, all_forms(), APPLICANT)[0]
    assert doc.attachments and {a.material for a in doc.attachments} == {OTHER}
    odd = example_json("incubator")
    odd["attachments"][0]["material"] = "postdoc_approval"  # another form's material
    odd["attachments"][1]["material"] = {"x": 1}
    read = documents_from_json(odd, all_forms(), APPLICANT)[0]
    assert [a.material for a in read.attachments][:3] == [OTHER, OTHER, "torch_statistics"]


def test_packages_carry_materials_and_the_office_checks_them(tmp_path):
    data, key = make_package(example_document("rd_subsidy"))
    package = read_submission(data, forms=FORMS)
    assert package.manifest.format_version == 3
    assert [a.material for a in package.document.attachments] == [
        "licence",
        "task_book",
        "funds_receipt",
    ]
    office = open_copy(tmp_path / "office", OFFICE_OF["rd_subsidy"])  # 柳州
    taken = office.exchange.import_package(data, "a.gxpkg")
    record = office.store.load(taken.application_id)
    assert [a.material for a in record.attachments] == ["licence", "task_book", "funds_receipt"]
    assert office.store.report(taken.application_id).can_submit
    # A package of format 3 without the papers is refused, naming what is missing.
    short = replace(example_document("rd_subsidy"), attachments=())
    with pytest.raises(PackageError) as caught:
        office.exchange.import_package(make_package(short, key=key)[0], "b.gxpkg")
    assert "缺少「营业执照或法人证书」" in str(caught.value)


def test_migration_files_existing_attachments_as_other(store_url, store):
    app_id = _bare(store)
    store.add_attachment(app_id, "旧文件.pdf", b"%PDF-1.4 old", material="task_book")
    store.close()
    config = alembic_config()
    engine = make_engine(store_url)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0009")
    columns = [c["name"] for c in inspect(engine).get_columns("attachments")]
    assert "material" not in columns
    migrate(engine)
    with engine.connect() as connection:
        rows = connection.execute(text("SELECT name, material, note FROM attachments")).all()
    assert rows == [("旧文件.pdf", OTHER, "")]
    reopened = Store.open(store_url)
    assert reopened.load(app_id).attachments[0].material == OTHER
    reopened.close()
