"""The 申报材料 in the packet: the 附件清单 grouped by material, the 材料齐全 lines of its 自查表,
and a fingerprint that covers what each file is filed as."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from app.packets import packet_for
from forms.applicant import APPLICANT
from forms.core.document import AttachmentData
from forms.core.materials import OTHER, OTHER_NAME, RULE_PREFIX, materials_for
from forms.packet import PacketOptions, packet_from_document, render_packet
from tests.helpers.examples import KINDS, checked, example_document
from tests.helpers.materials import sample_pdf
from tests.helpers.samples import make_packet, pdf_bytes, squeezed_pages


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def list_text(pdf: bytes) -> str:
    """The 附件清单's text (from its heading to the 诚信承诺书)."""
    flat = "".join(squeezed_pages(pdf))
    start = flat.index("附件清单序号")
    return flat[start : flat.index("诚信承诺书", start)]


def incubator_packet_with(files: list[AttachmentData]):
    doc = example_document("incubator")
    doc = replace(doc, attachments=tuple(files))
    report = checked(doc)
    return packet_from_document(doc, report, APPLICANT)


def test_the_list_is_grouped_by_material_in_declared_order_with_other_last_and_missing_said():
    doc = example_document("incubator")
    by_material = {a.material: a for a in doc.attachments}
    extra = AttachmentData("补充说明.pdf", pdf_bytes(3), OTHER)
    # added in another order than declared, the certification left out, a file of no material first
    files = [extra, by_material["tenant_list"], by_material["licence"]] + [
        a for a in doc.attachments if a.material not in ("tenant_list", "licence", "certification")
    ]
    packet = incubator_packet_with(files)
    text = list_text(render_packet(packet))
    listed = materials_for(doc.definition, doc.form)
    places = [text.index(squeeze(m.name)) for m in listed]
    assert places == sorted(places)  # the declared order
    assert text.index(OTHER_NAME) > places[-1]  # 其他材料 last
    certification = text[places[1] : places[2]]
    assert "缺" in certification and "必需" in certification
    audit = next(m for m in listed if not m.required)
    assert "未提供" in text[text.index(audit.name) : text.index(OTHER_NAME)]
    for attachment in files:  # each file with its SHA-256, numbered in the list's order
        assert attachment.sha256[:32] in text and attachment.sha256[32:] in text
    assert text.index("1营业执照") < text.index(f"{len(files)}补充说明.pdf")
    assert "3页" in text[text.index("补充说明.pdf") :]  # a PDF's pages
    assert packet.is_draft  # the certification is missing: an error line of the 自查表
    assert "材料齐全：孵化器认定文件" in "".join(squeezed_pages(render_packet(packet)))


def test_appended_attachments_follow_the_order_of_the_list():
    doc = example_document("incubator")
    licence = next(a for a in doc.attachments if a.material == "licence")
    certification = AttachmentData("认定文件.pdf", sample_pdf("certification"), "certification")
    note = AttachmentData("说明.pdf", pdf_bytes(1, "NOTE PAGE"), OTHER)
    packet = incubator_packet_with([note, certification, licence])
    pages = squeezed_pages(render_packet(packet, PacketOptions(append_attachments=True)))
    first = next(i for i, t in enumerate(pages) if "以下附后" in t)  # not the 目录's lines
    captions = [
        next(i for i, t in enumerate(pages) if i >= first and f"附件{n}：{squeeze(name)}" in t)
        for n, name in ((1, licence.name), (2, "认定文件.pdf"), (3, "说明.pdf"))
    ]
    assert captions == sorted(captions) and len(set(captions)) == 3
    assert "NOTEPAGE1" in pages[captions[2]]


def test_the_fingerprint_changes_when_a_file_is_filed_under_another_material():
    packet = make_packet("incubator")
    first = packet.attachments[1]
    refiled = replace(first, material="evaluation")
    moved = replace(packet, attachments=(packet.attachments[0], refiled, *packet.attachments[2:]))
    assert moved.fingerprint != packet.fingerprint
    back = replace(packet, attachments=(packet.attachments[0], first, *packet.attachments[2:]))
    assert back.fingerprint == packet.fingerprint


@pytest.mark.parametrize("kind", KINDS)
def test_every_example_lists_each_material_it_needs_as_provided(kind):
    packet = make_packet(kind)
    text = list_text(render_packet(packet))
    for material in materials_for(packet.definition, packet.form):
        at = text.index(squeeze(material.name))
        assert text[at:].startswith(squeeze(material.name))
    assert text.count("已提供") == len({a.material for a in packet.attachments})
    assert "缺" not in text.replace("“缺”为必需而未提供的材料", "")


def test_the_self_check_of_a_document_packet_and_a_stored_one_has_the_material_lines(store):
    packet = make_packet("rd_subsidy")  # the examples' packet, as `gxapply pdf` makes it
    assert any(r.rule_id.startswith(RULE_PREFIX) for r in packet.report.results)
    app_id = store.import_document(example_document("rd_subsidy"))
    stored = packet_for(store, app_id)
    lines = [r for r in stored.report.results if r.rule_id.startswith(RULE_PREFIX)]
    assert lines and {a.material for a in stored.attachments} == {
        a.material for a in example_document("rd_subsidy").attachments
    }
    assert stored.fingerprint == packet.fingerprint
    flat = "".join(squeezed_pages(render_packet(stored)))
    assert "材料齐全：营业执照或法人证书" in flat
