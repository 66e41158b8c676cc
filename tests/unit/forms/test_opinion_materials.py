"""The 审核意见表 lists the application's materials with what was found of each (材料齐全)."""

from __future__ import annotations

import re
from dataclasses import replace

from app.review_prints import opinion_pdf, opinion_sheet
from forms.core.document import AttachmentData
from forms.core.materials import OTHER, OTHER_NAME, material_slots, materials_for
from forms.packet.review_sheets import material_lines, render_opinion
from tests.helpers.copies import open_copy, submit
from tests.helpers.examples import example_document
from tests.helpers.materials import sample_pdf
from tests.helpers.opinions import opinion_of
from tests.helpers.samples import squeezed_text


def materials_part(text: str) -> str:
    return text[text.index("二、申报材料") : text.index("三、政策条款复核")]


def test_each_material_is_listed_in_order_with_provided_or_missing_and_its_file_count():
    doc = example_document("incubator")
    kept = tuple(a for a in doc.attachments if a.material != "certification")
    extra = AttachmentData("补充说明.pdf", sample_pdf("note"), OTHER)
    doc = replace(doc, attachments=(*kept, extra, extra))
    text = materials_part(squeezed_text(render_opinion(opinion_of(doc))))
    listed = materials_for(doc.definition, doc.form)
    places = [text.index(re.sub(r"\s+", "", m.name)) for m in listed]
    assert places == sorted(places) and text.index(OTHER_NAME) > places[-1]
    certification = text[places[1] : places[2]]
    assert "缺" in certification and "必需" in certification
    licence = text[places[0] : places[1]]
    assert "已提供1个" in licence and "需盖章" in licence
    assert "已提供2个" in text[text.index(OTHER_NAME) :]  # both files of 其他材料 counted
    optional = next(m for m in listed if not m.required)
    assert "未提供" in text[text.index(optional.name) : text.index(OTHER_NAME)]
    assert "缺1项" in text


def test_all_present_says_the_required_materials_are_complete():
    text = materials_part(squeezed_text(render_opinion(opinion_of(example_document("rd_subsidy")))))
    assert "必需材料齐全" in text and "缺" not in text


def test_the_office_sheet_of_a_received_application_lists_its_materials(tmp_path):
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    app_id = submit(enterprise)
    exported = enterprise.exchange.export_package(app_id, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(exported.content, exported.file_name).application_id
    record = office.store.load(office_id)
    sheet = opinion_sheet(office.store, office_id)
    wanted = materials_for(record.definition, record.form)
    assert [line.name for line in sheet.materials][: len(wanted)] == [m.name for m in wanted]
    assert all(line.status.startswith("已提供") for line in sheet.materials if line.required)
    text = materials_part(squeezed_text(opinion_pdf(office.store, office_id)))
    assert "必需材料齐全" in text
    for attachment in record.attachments:
        assert re.sub(r"\s+", "", attachment.name) in text


def test_files_that_name_no_material_leave_each_material_to_be_checked_not_missing():
    doc = example_document("incubator")
    unsorted = tuple(replace(a, material=OTHER) for a in doc.attachments)
    slots = material_slots(doc.definition, doc.form, unsorted)
    lines = material_lines(slots, sorted_by_material=False)
    assert {line.status for line in lines[:-1]} == {"待核对"} and not any(x.missing for x in lines)
    assert lines[-1].name == OTHER_NAME and lines[-1].status == f"已提供 {len(unsorted)} 个"
    note = "该申报包早于申报材料分类"
    text = squeezed_text(
        render_opinion(replace(opinion_of(doc), materials=lines, materials_note=note))
    )
    assert note in materials_part(text) and "待核对" in text
