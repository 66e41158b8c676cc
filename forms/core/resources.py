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
