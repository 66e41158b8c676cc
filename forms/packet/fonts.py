"""The Chinese font registered with reportlab once per process; packets embed a subset of it."""

from __future__ import annotations

import threading
from functools import cache

from reportlab.lib import textsplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import paragraph

from forms.core.resources import CHINESE_FONT, resources_dir

FONT = "GXSans"  # WenQuanYi Micro Hei, the first face of the shipped .ttc
MONO = "Courier"  # checksums: Latin hex only, one of the PDF standard fonts

# Full-width punctuation that must not begin a line. reportlab's list is Japanese and lacks the
# Chinese comma, semicolon, colon, marks and closing quotes, so a line began with "，".
CANNOT_START_LINE = "，；：！？》〉”’…"

_lock = threading.Lock()


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
            # Both line breakers read the list: textsplit for one run of text, paragraph for
            # mixed markup.
            for module in (textsplit, paragraph):
                missing = "".join(c for c in CANNOT_START_LINE if c not in module.ALL_CANNOT_START)
                module.ALL_CANNOT_START += missing
    return FONT


@cache
def covered_characters() -> frozenset[int]:
    """Code points the font has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]
