"""生僻字 in a firm's or a legal representative's name print in the shipped rare-character font."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from forms.core.resources import RARE_FONT, resources_dir
from forms.packet import render_packet
from forms.packet.fonts import FONT, RARE, font_for, font_runs
from forms.packet.text import markup, plain
from tests.helpers.samples import make_packet, squeezed_text

RARE_NAME = "𠮷䶮𪚥科技有限公司"  # Ext B, Ext A, Ext B
REPRESENTATIVE = "王𠮷"
OTHER_LAYOUT = "1 beginbfrange\n<00> <00> <20BB7>\nendbfrange"  # not reportlab 5's bfchar lines


def rare_packet() -> bytes:
    packet = make_packet("incubator")
    applicant = packet.applicant.model_copy(  # type: ignore[union-attr]
        update={"name": RARE_NAME, "legal_representative": REPRESENTATIVE}
    )
    return render_packet(dataclasses.replace(packet, applicant=applicant))


def embedded_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                names.add(str(font["/BaseFont"]))
    return names


def test_the_rare_font_ships_with_a_licence() -> None:
    assert (resources_dir() / RARE_FONT).is_file()
    licence = (resources_dir() / "fonts" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in licence and "GXRareHan.ttf" in licence


def test_rare_characters_print_in_the_fallback_font() -> None:
    assert font_for("𠮷") == RARE and font_for("䶮") == RARE and font_for("𪚥") == RARE
    assert font_for("公") == FONT
    assert font_for("😀") is None
    assert markup("𠮷公") == f'<font face="{RARE}">𠮷</font>公'
    assert plain("王𠮷😀") == "王𠮷〔U+1F600〕"
    assert font_runs("王𠮷公司") == [(FONT, "王"), (RARE, "𠮷"), (FONT, "公司")]


def test_a_packet_with_rare_names_contains_the_characters_and_embeds_the_font() -> None:
    pdf = rare_packet()
    text = squeezed_text(pdf)
    assert RARE_NAME in text
    assert REPRESENTATIVE in text
    assert "〔U+20BB7〕" not in text and "〔U+4DAE〕" not in text
    assert any(name.endswith("+GXRareHan-Regular") for name in embedded_fonts(pdf))
    # a subset: the packet stays small although the font file holds 10,000 glyphs
    assert len(pdf) < 1_500_000


def test_the_to_unicode_map_writes_characters_beyond_the_bmp_as_utf16_and_leaves_the_rest():
    from reportlab.pdfbase import ttfonts

    from forms.packet import fonts

    subset = [0x41, 0x20BB7, 0x516C]  # A 𠮷 公
    ours = ttfonts.makeToUnicodeCMap("F", subset)
    theirs = fonts._REPORTLAB_CMAP("F", subset)
    assert "<01> <D842DFB7>" in ours.split("\n") and "<01> <20BB7>" not in ours
    assert ours.replace("<01> <D842DFB7>", "<01> <20BB7>") == theirs  # nothing else changed
    assert ttfonts.makeToUnicodeCMap("F", [0x41, 0x516C]) == fonts._REPORTLAB_CMAP(
        "F", [0x41, 0x516C]
    )


def test_a_reportlab_that_writes_its_map_otherwise_still_prints(monkeypatch) -> None:
    """The patch of reportlab's CMap writer never breaks printing: a layout it does not know
    (another reportlab release) passes through unchanged."""
    from reportlab.pdfbase import ttfonts

    from forms.packet import fonts

    monkeypatch.setattr(fonts, "_REPORTLAB_CMAP", lambda name, subset: OTHER_LAYOUT)
    assert ttfonts.makeToUnicodeCMap("F", [0x20BB7]) == OTHER_LAYOUT
