"""Where ``resources/`` is: beside the source tree, or inside a PyInstaller bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the source tree, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


# The Chinese font shipped with the app (WenQuanYi Micro Hei, Apache-2.0): the windows and the
# PDF packets both use it, so they look the same on a machine without Chinese fonts.
CHINESE_FONT = "fonts/wqy-microhei.ttc"

# Rare characters (生僻字) the Chinese font lacks: CJK Extension A, the compatibility ideographs
# and some 2,900 Extension B–F characters, including all 196 of the 通用规范汉字表 beyond the BMP.
# A subset of 花園明朝A (HanaMinA, GlyphWiki, Hanazono Font License): a fallback in the windows
# and in the PDFs, where reportlab embeds only the glyphs a packet uses.
RARE_FONT = "fonts/GXRareHan.ttf"
