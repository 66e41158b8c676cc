"""User text made safe for reportlab's paragraph markup, and printable in the embedded font.

Whatever a user typed prints as typed: ``<``, ``&`` and tags are escaped, line breaks kept,
control characters dropped, a rare character (生僻字: 𠮷, 䶮) the main font lacks is printed in
the shipped rare-character font, and a character no shipped font has (an emoji, a rare symbol)
is printed as its code point, 〔U+1F600〕, rather than as an empty box.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from forms.packet.fonts import RARE, covered_characters, rare_characters

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
LINE_BREAK = "<br/>"


@lru_cache(maxsize=4096)
def _printable_char(ch: str) -> str:
    if ch in _ESCAPES:
        return _ESCAPES[ch]
    if ch == "\n":
        return LINE_BREAK
    if ch == "\t":
        return "    "
    category = unicodedata.category(ch)
    if category in ("Cc", "Cf", "Cs", "Co", "Cn"):  # controls, format marks, surrogates
        return ""
    if ord(ch) in covered_characters() or ch.isspace():
        return ch
    if ord(ch) in rare_characters():
        return f'<font face="{RARE}">{ch}</font>'
    return f'<font color="#6b7280">〔U+{ord(ch):04X}〕</font>'


def markup(text: str) -> str:
    """``text`` as paragraph markup that shows exactly what was typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(_printable_char(ch) for ch in text)


def aside(text: str) -> str:
    """``text`` as a small grey note after a cell's main text (its help, a file's size)."""
    return f'<font size="7.5" color="#6b7280">{markup(text)}</font>'


def plain(text: str) -> str:
    """``text`` for the canvas (no markup): characters no shipped font has replaced.

    Rare characters stay: draw the result with ``forms.packet.fonts.font_runs``."""
    glyphs = covered_characters() | rare_characters()
    out = []
    for ch in text:
        if ord(ch) in glyphs:
            out.append(ch)
        elif unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(f"〔U+{ord(ch):04X}〕")
    return "".join(out)
