"""生僻字 in a firm's name show in the windows from the shipped fallback font, not as boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetrics, QRawFont

from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.theme import add_rare_font, apply_theme

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


def test_the_desktop_app_adds_the_fallback_after_its_first_frame(qtbot, qapp) -> None:
    """The app leaves the 5 MB fallback for after the first frame (main.py: ``painted``); once
    added, a label made before it shows the rare characters too."""
    main_family = apply_theme(qapp, set_style=False, style_sheet=False, rare_font=False)
    label = PlainLabel(f"{RARE}科技有限公司")
    qtbot.addWidget(label)
    assert label.font().families() == [main_family]
    add_rare_font(qapp)  # the app's font reaches the widgets made before it through events
    qtbot.waitUntil(lambda: "GX Rare Han" in label.font().families())
    assert all(QFontMetrics(label.font()).inFontUcs4(ord(ch)) for ch in RARE)
