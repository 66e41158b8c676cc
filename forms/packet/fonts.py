"""The Chinese fonts registered with reportlab once per process; packets embed subsets of them.

The main font prints nearly everything; the rare-character font (生僻字 of CJK Extension A and
beyond) is the fallback for the characters the main one lacks.
"""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from forms.core.resources import CHINESE_FONT, RARE_FONT, resources_dir

FONT = "GXSans"  # WenQuanYi Micro Hei, the first face of the shipped .ttc
RARE = "GXRareHan"  # the shipped subset of HanaMinA, for 生僻字
MONO = "Courier"  # checksums: Latin hex only, one of the PDF standard fonts

# Full-width punctuation that must not begin a line. reportlab's list is Japanese and lacks the
# Chinese comma, semicolon, colon, marks and closing quotes, so a line began with "，".
CANNOT_START_LINE = "，；：！？》〉”’…"

_lock = threading.Lock()


# reportlab's own ToUnicode CMap writer (the one below wraps it; a reload finds it wrapped).
_REPORTLAB_CMAP = getattr(ttfonts.makeToUnicodeCMap, "__wrapped__", ttfonts.makeToUnicodeCMap)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with a character beyond the BMP written as UTF-16.

    reportlab 5 writes 𠮷 as <20BB7>, which no PDF reader decodes: the character printed but
    copying or searching the packet lost it. The PDF reference wants the UTF-16BE code units
    (<D842DFB7>). Only those lines are rewritten: a reportlab that writes its CMap otherwise
    (or mends this) is left as it is, and every PDF still prints."""
    cmap = _REPORTLAB_CMAP(fontname, subset)
    wide = {
        f"<{i:02X}> <{code:04X}>": f"<{i:02X}> <{chr(code).encode('utf-16-be').hex().upper()}>"
        for i, code in enumerate(subset)
        if code > 0xFFFF
    }
    if not wide:
        return cmap
    return "\n".join(wide.get(line, line) for line in cmap.split("\n"))


# Process-wide, as reportlab reads it from its module when a font is embedded; this module is
# imported before any packet is drawn (styles register the fonts through it).
_to_unicode_cmap.__wrapped__ = _REPORTLAB_CMAP  # type: ignore[attr-defined]
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def register_fonts() -> str:
    """Register the font (thread-safe, once); its name for reportlab styles."""
    with _lock:
        try:
            pdfmetrics.getFont(FONT)
        except KeyError:
            path = resources_dir() / CHINESE_FONT
            # subfontIndex 0 is the proportional face; reportlab embeds only the glyphs used.
            pdfmetrics.registerFont(TTFont(FONT, str(path), subfontIndex=0))
            pdfmetrics.registerFontFamily(
                FONT, normal=FONT, bold=FONT, italic=FONT, boldItalic=FONT
            )
            pdfmetrics.registerFont(TTFont(RARE, str(resources_dir() / RARE_FONT)))
            pdfmetrics.registerFontFamily(
                RARE, normal=RARE, bold=RARE, italic=RARE, boldItalic=RARE
            )
            # Both line breakers read the list: textsplit for one run of text, paragraph for
            # mixed markup.
            for module in (textsplit, paragraph):
                missing = "".join(c for c in CANNOT_START_LINE if c not in module.ALL_CANNOT_START)
                module.ALL_CANNOT_START += missing
    return FONT


def _glyphs(name: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(name).face.charToGlyph)  # type: ignore[attr-defined]


@cache
def covered_characters() -> frozenset[int]:
    """Code points the main font has a glyph for."""
    return _glyphs(FONT)


@cache
def rare_characters() -> frozenset[int]:
    """Code points only the rare-character font has: printed in it, not as 〔U+…〕."""
    return _glyphs(RARE) - covered_characters()


def font_for(ch: str) -> str | None:
    """The font that prints ``ch``: the main one, the rare-character one, or none."""
    if ord(ch) in covered_characters():
        return FONT
    if ord(ch) in rare_characters():
        return RARE
    return None


def font_runs(text: str) -> list[tuple[str, str]]:
    """``text`` cut into (font, run) pieces for the canvas, which draws one font at a time.

    A character no font has stays in the main font's run (the caller replaced it already)."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        face = RARE if font_for(ch) == RARE else FONT
        if runs and runs[-1][0] == face:
            runs[-1] = (face, runs[-1][1] + ch)
        else:
            runs.append((face, ch))
    return runs
