"""The Chinese font registered with reportlab once per process; packets embed a subset of it."""

from __future__ import annotations

import threading
from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from forms.core.resources import CHINESE_FONT, resources_dir

FONT = "GXSans"  # WenQuanYi Micro Hei, the first face of the shipped .ttc
MONO = "Courier"  # checksums: Latin hex only, one of the PDF standard fonts

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
    return FONT


@cache
def covered_characters() -> frozenset[int]:
    """Code points the font has a glyph for."""
    register_fonts()
    font = pdfmetrics.getFont(FONT)
    return frozenset(font.face.charToGlyph)  # type: ignore[attr-defined]
