"""生僻字 in a firm's name show in the windows from the shipped fallback font, not as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QRawFont

from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.theme import apply_theme

RARE = "𠮷䶮𪚥"


def test_rare_characters_come_from_the_fallback_font(qtbot, qapp) -> None:
    main_family = apply_theme(qapp, set_style=False, style_sheet=False)
    label = PlainLabel(f"{RARE}科技有限公司")
    qtbot.addWidget(label)
    families = label.font().families()
    assert families[0] == main_family and "GX Rare Han" in families
    main = QRawFont.fromFont(QFont(main_family))
    fallback = QRawFont.fromFont(QFont("GX Rare Han"))
    shown = QFontMetrics(label.font())
    for ch in RARE:
        assert not main.supportsCharacter(ord(ch)), (
            f"{ch} in the main font: the test proves nothing"
        )
        assert fallback.supportsCharacter(ord(ch)), ch
        assert shown.inFontUcs4(ord(ch)), ch
