"""Look and feel shared by every window: the shipped Chinese font, applied once at start-up."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from forms.core.catalogue import resources_dir

FONT_FILE = "fonts/wqy-microhei.ttc"


def apply_theme(app: QApplication) -> str:
    """Load the shipped font (so no machine shows empty boxes) and make it the default."""
    font_id = QFontDatabase.addApplicationFont(str(resources_dir() / FONT_FILE))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    family = families[0] if families else app.font().family()
    font = QFont(family)
    font.setPointSizeF(10.5)
    app.setFont(font)
    return family
