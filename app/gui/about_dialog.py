"""帮助 › 关于: the program's name and version, the measures and the zone register in use, where
its data is, and the licences of the fonts and libraries it ships, all as plain text."""

from __future__ import annotations

from importlib import metadata
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from app import __version__
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.titles import APP_TITLE, window_title
from app.gui.widgets.window_geometry import place_window
from forms.core.resources import resources_dir

if TYPE_CHECKING:
    from db.repository import Store

FONT_LICENCES = "fonts/LICENSE.txt"

# The libraries the program is built on, by their distribution's name, and their licences.
LIBRARIES = (
    ("PySide6", "PySide6（Qt for Python）", "LGPL-3.0（Qt 同为 LGPL-3.0）"),
    ("SQLAlchemy", "SQLAlchemy", "MIT"),
    ("alembic", "Alembic", "MIT"),
    ("pydantic", "pydantic", "MIT"),
    ("reportlab", "ReportLab", "BSD"),
    ("pypdf", "pypdf", "BSD-3-Clause"),
    ("cryptography", "cryptography", "Apache-2.0 或 BSD-3-Clause"),
    ("openpyxl", "openpyxl", "MIT"),
    ("platformdirs", "platformdirs", "MIT"),
)


def _installed(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:  # a frozen build may not carry the metadata
        return ""


def about_summary(store: Store | None) -> str:
    """What 关于 says first: name, version, measures, register and where the data is."""
    from db.opening import store_place
    from forms.core.zones import load_register

    lines = [APP_TITLE, f"版本 {__version__}", ""]
    if store is not None:
        catalogue = store.catalogue
        lines.append(f"政策参数：{catalogue.title}，参数版本 {catalogue.version}")
    register = load_register()
    lines.append(f"高新区名录：{register.title}，{register.version} 版")
    if store is not None:
        lines.append(store_place(store.engine.url.render_as_string(hide_password=True)))
    lines += [
        "",
        "依据《关于促进广西高新技术产业开发区高质量发展培育新质生产力的若干措施》"
        "填报、自查、打印和审核申报材料。",
    ]
    return "\n".join(lines)


def licences_text() -> str:
    """The bundled libraries with their licences, then the fonts' licence file as shipped."""
    lines = ["本程序使用的开源软件库：", ""]
    for distribution, name, licence in LIBRARIES:
        version = _installed(distribution)
        lines.append(f"· {name} {version}　许可证：{licence}".replace("  ", " "))
    lines += ["", "随程序提供的字体及其许可证：", ""]
    try:
        fonts = (resources_dir() / FONT_LICENCES).read_text(encoding="utf-8")
    except OSError:
        fonts = "（字体许可证文件缺失，请重新安装本程序。）"
    lines.append(fonts)
    return "\n".join(lines)


class AboutDialog(QDialog):
    def __init__(self, store: Store | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title("关于"))
        self.summary = PlainLabel(about_summary(store), self)
        self.summary.setWordWrap(True)
        self.licences = QPlainTextEdit(self)
        self.licences.setReadOnly(True)
        self.licences.setPlainText(licences_text())
        self.licences.setAccessibleName("开源软件和字体许可证")
        buttons = QDialogButtonBox(self)
        buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(PlainLabel("许可证：", self))
        layout.addWidget(self.licences, 1)
        layout.addWidget(buttons)
        place_window(self, "about", (720, 560))
