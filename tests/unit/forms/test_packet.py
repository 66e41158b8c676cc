"""The PDF packet: built from each form's definition, read back as a reviewing officer would."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from forms.applicant import APPLICANT
from forms.core.display import display_value
from forms.core.fields import FieldKind
from forms.core.validation import validate
from forms.packet import (
    Packet,
    PacketAttachment,
    PacketOptions,
    render_packet,
)
from tests.helpers.examples import KINDS, example_document
from tests.helpers.samples import make_packet, pdf_bytes


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def squeeze(text: str) -> str:
    """Extracted text without the spaces and line breaks layout puts between glyphs."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def packets() -> dict[str, tuple[Packet, bytes]]:
    built = {}
    for kind in KINDS:
        packet = make_packet(kind)
        built[kind] = (packet, render_packet(packet))
    return built


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_says_its_number_of_the_total_and_carries_number_and_fingerprint(
    packets: dict[str, tuple[Packet, bytes]], kind: str
) -> None:
    packet, pdf = packets[kind]
    pages = pages_text(pdf)
    assert len(pages) >= 6  # cover, contents, form, 自查表, 附件清单, 承诺书
    for number, text in enumerate(pages, start=1):
        flat = squeeze(text)
        assert f"第{number}页共{len(pages)}页" in flat
        assert "GX20260000042" in flat
        assert squeeze(f"材料指纹 {packet.short_fingerprint}") in flat


@pytest.mark.parametrize("kind", KINDS)
def test_the_packet_prints_every_relevant_field_with_its_label_and_value(
    packets: dict[str, tuple[Packet, bytes]], kind: str
) -> None:
    packet, pdf = packets[kind]
    flat = squeeze("".join(pages_text(pdf)))
    values = dict(packet.form)
    for section, spec in packet.definition.iter_fields():
        if not spec.is_relevant(values):
            continue
        assert squeeze(section.title) in flat
        assert squeeze(spec.label) in flat, spec.label
        value = values.get(spec.name)
        if spec.kind is FieldKind.ROWS:
            for row in value or []:
                for column in spec.row_fields:
                    shown = display_value(column, getattr(row, column.name), with_unit=False)
                    assert squeeze(shown) in flat, (spec.label, column.label)
        elif spec.kind is not FieldKind.TEXT_LIST:
            assert squeeze(display_value(spec, value)) in flat, spec.label
    for heading in ("目录", "申报主体信息", "政策条款自查表", "附件清单", "诚信承诺书"):
        assert heading in flat
    for box in ("法定代表人（签字）", "单位（盖章）"):
        assert box in flat


def test_fields_hidden_by_the_answers_are_not_printed() -> None:
    packet = make_packet("enclave")
    values = dict(packet.form)
    hidden = [s for _, s in packet.definition.iter_fields() if not s.is_relevant(values)]
    assert hidden, "the enclave example should leave some fields out"
    flat = squeeze("".join(pages_text(render_packet(packet))))
    flat = flat[: flat.rfind("政策条款自查表")]  # the rule texts may name any field
    shown_labels = {s.label for _, s in packet.definition.iter_fields() if s.is_relevant(values)}
    for spec in hidden:
        if spec.label not in shown_labels and not any(spec.label in lab for lab in shown_labels):
            assert squeeze(spec.label) not in flat, spec.label


def test_the_cover_has_the_applicant_and_the_application_number(
    packets: dict[str, tuple[Packet, bytes]],
) -> None:
    packet, pdf = packets["incubator"]
    cover = squeeze(pages_text(pdf)[0])
    assert squeeze(packet.definition.title) in cover
    assert packet.applicant is not None
    assert packet.applicant.name in cover
    assert packet.applicant.uscc in cover
    for label in ("申报单位", "统一社会信用代码", "所在高新区", "推荐单位", "申报编号", "打印日期"):
        assert label in cover
    assert "2026-11-23" in cover


def test_the_cover_says_the_zone_by_the_register_and_leaves_unfilled_lines_blank() -> None:
    """The cover lines are the profile form's cover_fields: a zone by its name and level, not
    its code; a line not filled is left blank to write in, not printed as the empty mark."""
    from dataclasses import replace

    from forms.core.display import EMPTY
    from forms.core.zones import load_register
    from forms.packet.layout import cover_rows

    packet = make_packet("incubator")
    assert packet.applicant is not None
    zone = packet.applicant.hitech_zone
    assert zone and dict(cover_rows(packet))["所在高新区"] == load_register().label(zone) != zone
    unfilled = packet.applicant.model_copy(update={"hitech_zone": None, "recommender": ""})
    rows = dict(cover_rows(replace(packet, applicant=unfilled)))
    assert rows["所在高新区"] == rows["推荐单位"] == ""
    assert rows["申报单位"] == packet.applicant.name and EMPTY not in rows.values()


def test_a_cover_field_the_profile_form_lacks_is_refused_when_declared() -> None:
    """A misspelt cover field fails at import, not as a blank line on every printed cover."""
    from dataclasses import replace

    from forms.applicant import APPLICANT

    with pytest.raises(ValueError, match=r"cover fields \['hitech_zone_id'\]"):
        replace(APPLICANT, cover_fields=("name", "hitech_zone_id"))


def page_lines(pdf: bytes, index: int) -> list[str]:
    """The text of one page line by line, top to bottom, each line read left to right."""
    fragments: dict[int, list[tuple[float, str]]] = {}

    def visit(text: str, cm: Any, tm: Any, *_: Any) -> None:
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            fragments.setdefault(round(y), []).append((x, text))

    PdfReader(io.BytesIO(pdf)).pages[index].extract_text(visitor_text=visit)
    return [
        squeeze("".join(t for _, t in sorted(parts)))
        for _, parts in sorted(fragments.items(), reverse=True)
    ]


def test_the_contents_page_numbers_point_at_the_headings(
    packets: dict[str, tuple[Packet, bytes]],
) -> None:
    _, pdf = packets["new_track"]
    pages = [squeeze(t) for t in pages_text(pdf)]
    entries = [
        m.groups() for line in page_lines(pdf, 1) if (m := re.fullmatch(r"(.+?)\.{3,}(\d+)", line))
    ]
    assert [e[0] for e in entries if "、" in e[0] and not e[0].startswith("（")] == [
        "一、申报主体信息",
        "二、高新区新赛道项目申报表",
        "三、政策条款自查表",
        "四、附件清单",
        "五、诚信承诺书",
    ]
    assert len(entries) == 5 + 4 + 9  # and the sections of the profile and of the form
    for heading, page in entries:
        assert heading in pages[int(page) - 1], (heading, page)
        assert heading not in pages[int(page) - 2] or int(page) == 3, (heading, page)


def test_the_self_check_lists_every_rule_with_its_article_and_verdict(
    packets: dict[str, tuple[Packet, bytes]],
) -> None:
    packet, pdf = packets["rd_subsidy"]
    flat = squeeze("".join(pages_text(pdf)))
    for header in ("条款", "要求", "填报值", "结论"):
        assert header in flat
    assert squeeze(packet.report.catalogue_version) in flat
    for result in packet.report.results:
        assert squeeze(result.requirement)[:20] in flat, result.rule_id
        assert squeeze(result.article)[:12] in flat


def test_the_font_is_embedded_as_a_subset(packets: dict[str, tuple[Packet, bytes]]) -> None:
    _, pdf = packets["incubator"]
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    chinese = [f for name, f in fonts.items() if "+" in name]  # subset fonts are named ABCDEF+Name
    assert chinese, f"no subset font among {list(fonts)}"
    for font in chinese:
        descendant = font.get("/DescendantFonts")
        descriptor = (
            descendant[0].get_object()["/FontDescriptor"] if descendant else font["/FontDescriptor"]
        )
        assert "/FontFile2" in descriptor.get_object()


def test_the_fingerprint_changes_with_one_value_and_only_then() -> None:
    first = make_packet("incubator")
    same = make_packet("incubator", number="GX20269999999")
    changed = make_packet(
        "incubator", requested_amount=first.form.requested_amount + Decimal("0.01")
    )
    assert first.fingerprint == same.fingerprint  # the number is not content
    assert first.fingerprint != changed.fingerprint
    assert first.short_fingerprint != changed.short_fingerprint
    attached = Packet(
        **{**first.__dict__, "attachments": (PacketAttachment("认定文件.pdf", 3, "ab" * 32),)}
    )
    assert attached.fingerprint != first.fingerprint
    pdf = render_packet(changed)
    assert squeeze(changed.short_fingerprint) in squeeze(pages_text(pdf)[3])


def test_a_packet_failing_an_error_rule_is_a_draft_on_every_page() -> None:
    clean = make_packet("incubator")
    assert not clean.is_draft
    assert not any("草稿" in t for t in pages_text(render_packet(clean)))
    failing = make_packet("incubator", requested_amount=Decimal("100000"))
    assert failing.is_draft
    pages = pages_text(render_packet(failing))
    assert all("草稿" in t for t in pages)
    assert "不符合" in "".join(pages)


def test_the_same_packet_gives_the_same_bytes() -> None:
    packet = make_packet("enclave")
    assert render_packet(packet) == render_packet(packet)


HOSTILE = '<b>粗体</b> & <font size="80">大</font> <para> &amp; ]]> <!-- x --> \\ \x00\x07'


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        "长" * 10_000,
        "x" * 10_000,  # one unbreakable token
        ("第一段。\n" * 800),
        "表情😀符号🚀与生僻字𠀀",
    ],
    ids=["markup", "10000-chinese", "10000-latin-token", "800-lines", "emoji"],
)
def test_hostile_text_prints_as_typed(text: str) -> None:
    packet = make_packet("enclave", construction_content=text, enclave_name=text[:200])
    pdf = render_packet(packet)
    pages = pages_text(pdf)
    flat = squeeze("".join(pages))
    if text is HOSTILE:
        assert squeeze('<b>粗体</b>&<fontsize="80">大</font><para>&amp;]]><!--x-->\\') in flat
    elif text.startswith("表情"):
        assert "表情" in flat and "〔U+1F600〕" in flat and "〔U+1F680〕" in flat
    else:
        # every character is there, across however many pages it takes
        assert flat.count(text.strip()[0]) >= text.count(text.strip()[0])
    total = len(pages)
    assert f"第{total}页共{total}页" in squeeze(pages[-1])


def test_empty_optional_sections_and_no_attachments_still_print() -> None:
    doc = example_document("new_track")
    blank = doc.definition.model()
    report = validate(doc.definition, blank, applicant=None)
    packet = Packet(doc.definition, None, blank, report, number="", applicant_definition=APPLICANT)
    pages = pages_text(render_packet(packet))
    flat = squeeze("".join(pages))
    assert "本部分无填报内容" in flat
    assert "尚未填写申报主体信息" in flat
    assert "本申请未添加附件" in flat
    assert all("草稿" in t for t in pages)


# --- attachments -------------------------------------------------------------------------------


def png_bytes(width: int = 300, height: int = 200) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 90, 160)).save(out, "PNG")
    return out.getvalue()


def with_attachments(packet: Packet, files: dict[str, bytes]) -> Packet:
    import hashlib

    attachments = tuple(
        PacketAttachment(
            name, len(content), hashlib.sha256(content).hexdigest(), read=lambda c=content: c
        )
        for name, content in files.items()
    )
    return Packet(**{**packet.__dict__, "attachments": attachments})


def test_the_attachment_list_gives_name_size_and_sha256() -> None:
    files = {"认定文件.pdf": pdf_bytes(1), "场地照片.png": png_bytes(), "说明.docx": b"PK\x03\x04"}
    packet = with_attachments(make_packet("incubator"), files)
    flat = squeeze("".join(pages_text(render_packet(packet))))
    for attachment in packet.attachments:
        assert squeeze(attachment.name) in flat
        assert attachment.sha256 in flat
    assert "未附后" in flat  # not appended unless asked


def test_image_and_pdf_attachments_are_appended_when_asked_and_others_are_explained() -> None:
    files = {
        "认定文件.pdf": pdf_bytes(2),
        "场地照片.png": png_bytes(),
        "说明.docx": b"PK\x03\x04 not a pdf",
        "损坏.pdf": b"%PDF-1.4 garbage",
        "伪装.png": b"not an image",
    }
    packet = with_attachments(make_packet("incubator"), files)
    # the packet with the same attachment list, none appended
    listed_pages = len(pages_text(render_packet(packet)))
    pdf = render_packet(packet, PacketOptions(append_attachments=True))
    pages = pages_text(pdf)
    flat = squeeze("".join(pages))
    # one page per image and per page of each PDF, the first under the 附件 heading; before
    # them the packet as it prints without them (the list's longer notes may take one more page)
    first_appended = next(i for i, text in enumerate(pages) if "以下附后" in text)
    assert len(pages) - first_appended == 1 + 2
    assert first_appended in (listed_pages, listed_pages + 1)
    assert "ATTACHEDPAGE1" in flat and "ATTACHEDPAGE2" in flat
    assert "已附后（附件1，2页）" in flat
    assert "未附后（非图片或PDF）" in flat
    assert "未附后：PDF文件已损坏，无法读取" in flat
    assert "未附后：图片文件已损坏或格式不受支持" in flat
    total = len(pages)
    for number, text in enumerate(pages, start=1):  # appended pages are stamped too
        assert f"第{number}页共{total}页" in squeeze(text)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils (pdftoppm)")
def test_the_qr_code_on_a_page_decodes_to_the_number_and_full_fingerprint(tmp_path: Path) -> None:
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    packet = make_packet("rd_subsidy")
    (tmp_path / "p.pdf").write_bytes(render_packet(packet))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "-f", "3", "-l", "3", "p.pdf", "page"],
        cwd=tmp_path,
        check=True,
    )
    image = Image.open(next(tmp_path.glob("page*.png")))
    texts = [r.text for r in zxingcpp.read_barcodes(image)]
    assert texts == [f"GXAPPLY:GX20260000042:{packet.fingerprint}"]


def test_outline_entries_point_at_the_pages_of_their_headings(
    packets: dict[str, tuple[Packet, bytes]],
) -> None:
    _, pdf = packets["new_track"]
    reader = PdfReader(io.BytesIO(pdf))
    pages = [squeeze(t) for t in pages_text(pdf)]
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert len(top) >= 5
    for item in top:
        page = reader.get_destination_page_number(item)
        assert squeeze(item.title) in pages[page], (item.title, page)
    assert len({reader.get_destination_page_number(i) for i in top}) > 3


def test_packets_built_on_several_threads_at_once_are_all_correct() -> None:
    from concurrent.futures import ThreadPoolExecutor

    packets = [make_packet(kind) for kind in KINDS] * 2
    with ThreadPoolExecutor(4) as pool:
        built = list(pool.map(render_packet, packets))
    for packet, pdf in zip(packets, built, strict=True):
        assert squeeze(packet.short_fingerprint) in squeeze(pages_text(pdf)[0])


def test_a_pdf_attachment_with_broken_content_is_listed_not_appended() -> None:
    good = pdf_bytes(1)
    broken = good.replace(b"stream", b"stream\n(((((", 1)
    packet = with_attachments(make_packet("incubator"), {"坏内容.pdf": broken, "好.pdf": good})
    flat = squeeze(
        "".join(pages_text(render_packet(packet, PacketOptions(append_attachments=True))))
    )
    assert "ATTACHEDPAGE1" in flat
    assert "未附后：PDF文件已损坏，无法读取" in flat
    assert "已附后（附件2，1页）" in flat


def test_a_long_application_number_is_cut_to_fit_the_footer() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from forms.packet.fonts import FONT
    from forms.packet.pages import FOOTER_LEFT_WIDTH, fit

    number = "GX" + "9" * 38
    assert fit("申报编号 GX20260000042", 8, FOOTER_LEFT_WIDTH) == "申报编号 GX20260000042"
    cut = fit(f"申报编号 {number}", 8, FOOTER_LEFT_WIDTH)
    assert cut.endswith("…") and stringWidth(cut, FONT, 8) <= FOOTER_LEFT_WIDTH
    pages = pages_text(render_packet(make_packet("incubator", number=number)))
    assert all("第" in p and "页" in p for p in pages)


def test_a_rule_value_of_thousands_of_characters_is_cut_in_the_self_check() -> None:
    import dataclasses

    from forms.packet.layout import MAX_CELL_CHARACTERS, clipped

    assert clipped("短") == "短"
    long_value = "、".join(f"第{i}行统一社会信用代码重复" for i in range(400))
    assert len(clipped(long_value)) < MAX_CELL_CHARACTERS + 40
    packet = make_packet("new_track")
    first = dataclasses.replace(packet.report.results[0], observed=long_value)
    report = dataclasses.replace(packet.report, results=(first, *packet.report.results[1:]))
    pdf = render_packet(dataclasses.replace(packet, report=report))
    flat = squeeze("".join(pages_text(pdf)))
    assert f"共{len(long_value)}字，完整内容见电子申报文件" in flat
    assert "第399行" not in flat


def test_an_image_with_a_long_caption_stays_on_the_page_of_its_caption() -> None:
    name = "场地照片" + "很长的名称" * 20 + ".png"
    packet = with_attachments(make_packet("incubator"), {name: png_bytes(1200, 1600)})
    pdf = render_packet(packet, PacketOptions(append_attachments=True))
    reader = PdfReader(io.BytesIO(pdf))
    last = reader.pages[-1]
    assert "很长的名称" in last.extract_text()
    objects = [o.get_object() for o in last["/Resources"]["/XObject"].values()]
    assert any(o["/Subtype"] == "/Image" for o in objects)  # the image is on that same page


def test_an_attachment_whose_content_differs_from_its_checksum_is_not_appended() -> None:
    good = pdf_bytes(1)
    packet = with_attachments(make_packet("incubator"), {"批复.pdf": good})
    listed = packet.attachments[0]
    swapped = PacketAttachment(listed.name, listed.size, listed.sha256, read=lambda: pdf_bytes(2))
    flat = squeeze(
        "".join(
            pages_text(
                render_packet(
                    Packet(**{**packet.__dict__, "attachments": (swapped,)}),
                    PacketOptions(append_attachments=True),
                )
            )
        )
    )
    assert "未附后：内容与清单中的校验值不符" in flat and "ATTACHEDPAGE" not in flat
    appended = squeeze(
        "".join(pages_text(render_packet(packet, PacketOptions(append_attachments=True))))
    )
    assert "ATTACHEDPAGE1" in appended


@pytest.mark.parametrize(
    "tail", ["", '<font color="#6b7280">（附注）</font>'], ids=["plain", "markup"]
)
def test_no_line_begins_with_a_chinese_comma_or_stop(tail: str) -> None:
    from reportlab.platypus import Paragraph

    from forms.packet.styles import styles

    text = "一、所填内容和所附材料真实、准确、完整，不存在虚报；如有不实：愿担责任！是否？" + tail
    starts = []
    for width in range(60, 450):
        paragraph = Paragraph(text, styles().pledge)
        paragraph.wrap(width, 2000)
        for line in paragraph.blPara.lines:
            words = line[1] if isinstance(line, tuple) else [w.text for w in line.words]
            starts.append("".join(words)[:1])
    assert starts and not [c for c in starts if c in "，；：！？"]


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1))))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_each_attachment_that_cannot_be_appended_says_why_and_the_others_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import hashlib

    from forms.packet import appendix

    monkeypatch.setattr(appendix, "MAX_PDF_PAGES", 2)
    monkeypatch.setattr(appendix, "MAX_IMAGE_PIXELS", 300 * 200)

    def attached(name: str, content: bytes) -> PacketAttachment:
        digest = hashlib.sha256(content).hexdigest()
        return PacketAttachment(name, len(content), digest, read=lambda: content)

    def gone() -> bytes:
        raise OSError("the store went away")

    plan = appendix.plan_appendix(
        [
            attached("两页.pdf", pdf_bytes(2)),
            attached("三页.pdf", pdf_bytes(3)),
            attached("加密.pdf", encrypted_pdf()),
            attached("照片.png", png_bytes(300, 200)),
            attached("大照片.png", png_bytes(301, 200)),
            PacketAttachment("无内容.pdf", 1, "00" * 32),
            PacketAttachment("已删除.pdf", 1, "00" * 32, read=gone),
        ]
    )
    assert plan.notes == {
        0: "已附后（附件 1，2 页）",
        1: "未附后：超过 2 页，请另行提交",
        2: "未附后：PDF 已加密，请另行提交纸质件",
        3: "已附后（附件 4）",
        4: "未附后：图片像素过多，请缩小后再添加",
        5: "未附后：内容不可用",
        6: "未附后：读取失败，请重新添加该附件",
    }
    assert [item.index for item in plan.items] == [0, 3]


def shared_stream_pdf(pages: int, megabytes: float) -> bytes:
    """``pages`` pages that all draw one Flate stream of ``megabytes`` once decompressed: tiny
    on disk, and minutes of work for a reader that parses the stream once per page."""
    import zlib

    from pypdf import PdfWriter
    from pypdf.generic import NameObject, StreamObject

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    stream = StreamObject()
    stream._data = zlib.compress(b"0 0 m 1 1 l S\n" * int(megabytes * 1024 * 1024 / 14), 9)
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    shared = writer._add_object(stream)
    for page in writer.pages:
        page[NameObject("/Contents")] = shared
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_over_its_budget_is_listed_not_appended_and_the_packet_prints() -> None:
    from forms.packet.appendix import MAX_PDF_CONTENT_BYTES

    bomb = shared_stream_pdf(200, 70)
    assert len(bomb) < 200_000 and MAX_PDF_CONTENT_BYTES < 70 * 1024 * 1024
    packet = with_attachments(make_packet("incubator"), {"炸弹.pdf": bomb, "好.pdf": pdf_bytes(1)})
    flat = squeeze(
        "".join(pages_text(render_packet(packet, PacketOptions(append_attachments=True))))
    )
    assert "未附后：PDF页面内容过于庞大（解压后超过8MB）" in flat
    assert "ATTACHEDPAGE1" in flat and "已附后（附件2，1页）" in flat


def test_pages_sharing_a_stream_are_drawn_from_one_copy_of_it() -> None:
    shared = shared_stream_pdf(50, 0.5)
    packet = with_attachments(make_packet("incubator"), {"共用.pdf": shared})
    pdf = render_packet(packet, PacketOptions(append_attachments=True))
    reader = PdfReader(io.BytesIO(pdf))
    forms = {
        xobject.indirect_reference.idnum
        for page in reader.pages
        for name, xobject in (page["/Resources"].get("/XObject") or {}).items()
        if name.startswith("/GxAttachment")
    }
    assert len(forms) == 1  # fifty pages, one form: the stream is neither parsed nor copied 50x
    assert len(pdf) < 2_000_000


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_a_rotated_attachment_page_is_drawn_upright_within_its_slot(rotation: int) -> None:
    """/Rotate is applied by our own matrix (the page is drawn as a form XObject): the page's
    corners land inside the slot, and its top-left corner where a viewer shows it."""
    from types import SimpleNamespace

    from forms.packet.appendix import Slot, _placement

    width, height = 595.0, 842.0
    box = SimpleNamespace(left=0.0, bottom=0.0, width=width, height=height)
    page = SimpleNamespace(mediabox=box, rotation=rotation)
    slot = Slot(page=0, x=50.0, y=60.0, width=500.0, height=700.0)
    a, b, c, d, e, f = _placement(page, slot)

    def drawn(x: float, y: float) -> tuple[float, float]:
        return a * x + c * y + e, b * x + d * y + f

    corners = [drawn(x, y) for x in (0, width) for y in (0, height)]
    eps = 1e-6
    assert all(slot.x - eps <= x <= slot.x + slot.width + eps for x, _ in corners)
    assert all(slot.y - eps <= y <= slot.y + slot.height + eps for _, y in corners)
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    top_left = drawn(0, height)  # the page's own top-left, as written
    # Viewers turn a page clockwise by /Rotate: its top-left goes to the shown page's
    # top-left (0), top-right (90), bottom-right (180) or bottom-left (270).
    expected = {
        0: (min(xs), max(ys)),
        90: (max(xs), max(ys)),
        180: (max(xs), min(ys)),
        270: (min(xs), min(ys)),
    }[rotation]
    assert top_left == pytest.approx(expected)
