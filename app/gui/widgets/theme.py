"""Look and feel shared by every window: the shipped Chinese font, applied once at start-up."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QObject, QTranslator
from PySide6.QtGui import QAction, QFont, QFontDatabase, QKeySequence
from PySide6.QtWidgets import QApplication

from forms.core.resources import CHINESE_FONT, RARE_FONT, resources_dir

FONT_FILE = CHINESE_FONT
STYLE_NAME = "Fusion"  # the same look on every platform, and HiDPI-clean


# The main window's navigation; on the widget itself, so that the window's first frame needs no
# application-wide style sheet (which costs every widget some work when it is first shown).
NAV_STYLE = "QListWidget { font-size: 11pt; } QListWidget::item { padding: 10px 14px; }"

# Application-wide; the desktop app applies it just after its window has first painted.
# A red-marked dropdown's open list keeps the normal colours: the pink of the field would make
# its highlighted item white on pink.
STYLE = """
QLabel#fieldError { color: #c0392b; }
QLabel#hint { color: #6b7280; }
QLabel#rowHeader { color: #374151; }
QLineEdit[error="true"], QPlainTextEdit[error="true"], QComboBox[error="true"],
QDateEdit[error="true"] { border: 1px solid #c0392b; background: #fff5f5; }
QComboBox[error="true"] { selection-background-color: #2f6fd0; selection-color: #ffffff; }
QGroupBox { margin-top: 12px; padding-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; color: #1e3a8a; }
QLabel#pageTitle { font-size: 13pt; padding: 4px 2px; }
QLabel#banner { padding: 6px 10px; border-radius: 4px; }
QLabel#banner[level="error"] { background: #fdecea; color: #8a1f11; }
QLabel#banner[level="ok"] { background: #e8f5e9; color: #1b5e20; }
QLabel#banner[level="info"] { background: #eef2ff; color: #1e3a8a; }
"""


def install_chinese(app: QApplication) -> bool:
    """Qt's own texts (Yes/No buttons, context menus, file dialogs, calendars) in Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_zh_CN", folder) or translator.load("qt_zh_CN", folder):
        app.installTranslator(translator)
        return True
    return False


def create_application(argv: list[str]) -> QApplication:
    """The application, in the Fusion style from the start.

    Chosen as it is created, Qt builds that style alone; ``setStyle`` afterwards builds the
    platform's first and hands a QStyle to Python, some 10 ms of a cold start.
    """
    return QApplication([*argv[:1], "-style", STYLE_NAME])


def apply_theme(
    app: QApplication, *, set_style: bool = True, style_sheet: bool = True, rare_font: bool = True
) -> str:
    """Load the shipped font (so no machine shows empty boxes) and make it the default.

    ``set_style=False`` when the app came from ``create_application``, already in style;
    ``style_sheet=False`` leaves ``apply_style_sheet`` for later, ``rare_font=False`` leaves
    ``add_rare_font`` for later (reading its 5 MB costs a cold start's first frame some 3 ms).
    """
    install_chinese(app)
    family = _load_font(FONT_FILE) or app.font().family()
    font = QFont(family)
    font.setPointSizeF(10.5)
    app.setFont(font)
    if rare_font:
        add_rare_font(app)
    if set_style:
        app.setStyle(STYLE_NAME)
    if style_sheet:
        apply_style_sheet(app)
    return family


def add_rare_font(app: QApplication) -> None:
    """生僻字 (𠮷, 䶮) the main font lacks come from the shipped rare-character font, not boxes:
    it becomes the application font's fallback."""
    rare = _load_font(RARE_FONT)
    if rare is None:
        return
    font = QFont(app.font())
    font.setFamilies([*font.families(), rare])
    app.setFont(font)


_LOADED: dict[str, str | None] = {}  # a font file's family, once loaded into the process


def _load_font(relative: str) -> str | None:
    """Load a shipped font file (once per process); its family name, or None if it could not be
    loaded."""
    if relative not in _LOADED:
        font_id = QFontDatabase.addApplicationFont(str(resources_dir() / relative))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        _LOADED[relative] = families[0] if families else None
    return _LOADED[relative]


def apply_style_sheet(app: QApplication) -> None:
    app.setStyleSheet(STYLE)


def make_action(
    parent: QObject, text: str, shortcut: QKeySequence.StandardKey | str | None = None
) -> QAction:
    action = QAction(text, parent)
    if shortcut is not None:
        # setShortcuts with a list binds the same one key as setShortcut, whose overloads would
        # have PySide build its Qt namespace (some 40 ms) before the main window's first frame.
        action.setShortcuts([QKeySequence(shortcut)])
    return action
