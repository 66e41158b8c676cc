"""帮助 › 填报说明 and 帮助 › 用户手册: a help document with its contents, a search, and print.

Both windows are top-level and not modal, so a clerk keeps the 填报说明 open beside the
application being filled. Printing builds the PDF on a worker thread, in the usual preview
(保存为 PDF…, 打印…).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.gui.help.document_view import HelpView
from app.gui.widgets.background import Progress
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from db.repository import Store
from forms.core.catalogue import Catalogue, load_catalogue
from forms.core.definition import FormDefinition
from forms.core.file_names import safe_file_name
from forms.core.registry import FormRegistry
from forms.guide.document import HelpDocument
from forms.guide.form_guide import form_guide
from forms.guide.manual import load_manual

PRINT_BUTTON = "打印或保存为 PDF…"
SEARCH_HINT = "查找（回车查下一处）"


class HelpWindow(QWidget):
    """A help document with its headings at the left, a search box and 打印或保存为 PDF…."""

    def __init__(
        self, title: str, kind: str, store: Store | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        self.store = store
        self.help_document: HelpDocument | None = None
        self.preview: QWidget | None = None
        self.view = HelpView(self)
        self.contents = QListWidget(self)
        self.contents.setMinimumWidth(160)
        self.contents.setWordWrap(True)  # a long section title wraps rather than being cut
        self.contents.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.contents.currentRowChanged.connect(self.view.go_to_heading)
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(SEARCH_HINT)
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self.search)
        self.search_box.textChanged.connect(lambda _text: self.search())
        self.found = PlainLabel(self)
        self.found.setObjectName("hint")
        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self.search_box.setFocus)
        self.print_button = QPushButton(PRINT_BUTTON, self)
        self.print_button.clicked.connect(self.print_document)
        self.close_button = QPushButton("关闭", self)
        self.close_button.clicked.connect(self.close)

        self.top = QHBoxLayout()  # a subclass puts its own pickers at the left
        self.top.addStretch(1)
        self.top.addWidget(self.search_box, 2)
        self.top.addWidget(self.found)
        split = QSplitter(self)
        split.addWidget(self.contents)
        split.addWidget(self.view)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 800])
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(self.top)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        place_window(self, kind, (1040, 720), store=store)

    def show_document(self, document: HelpDocument) -> None:
        self.help_document = document
        self.view.show_document(document)
        self.contents.blockSignals(True)
        self.contents.clear()
        self.contents.addItems(document.headings())
        self.contents.blockSignals(False)
        if self.search_box.text():
            self.search()

    def search(self) -> int:
        query = self.search_box.text()
        count = self.view.search(query)
        self.found.setText(f"找到 {count} 处" if query.strip() else "")
        return count

    def print_document(self) -> None:
        """The document as PDF, built in the background, in the usual preview."""
        document = self.help_document
        if document is None:
            return
        from app.gui.widgets.pdf_preview import PdfPreview  # QtPdf and reportlab: on demand
        from forms.packet.guide_pdf import render_document

        def build(progress: Progress) -> bytes:  # on the worker: cancellable page by page
            return render_document(document, progress=progress.check)

        name = safe_file_name(document.title, ".pdf", "帮助")
        self.preview = PdfPreview(self, document.title, build, name, store=self.store)
        self.preview.show()


class FormGuideWindow(HelpWindow):
    """帮助 › 填报说明: pick a form; its sections, fields, rules and materials, as declared."""

    def __init__(
        self,
        forms: FormRegistry,
        store: Store | None = None,
        parent: QWidget | None = None,
        *,
        kind: str | None = None,
        catalogue: Catalogue | None = None,
    ) -> None:
        super().__init__("填报说明", "form_guide", store, parent)
        # the measures the store checks applications with (as 关于 says); the bundled current
        # one when the guide opens before there is a store
        self.catalogue = catalogue or (store.catalogue if store is not None else load_catalogue())
        self.definitions: list[FormDefinition] = [*forms.by_kind.values(), forms.applicant]
        self.form_picker = QComboBox(self)
        for definition in self.definitions:
            self.form_picker.addItem(definition.title, definition.kind)
        self.form_picker.currentIndexChanged.connect(self._show_form)
        self.top.insertWidget(0, PlainLabel("申报表：", self))
        self.top.insertWidget(1, self.form_picker)
        if kind is not None and self.form_picker.findData(kind) >= 0:
            self.form_picker.setCurrentIndex(self.form_picker.findData(kind))
        self._show_form()

    def show_kind(self, kind: str) -> None:
        index = self.form_picker.findData(kind)
        if index >= 0:
            self.form_picker.setCurrentIndex(index)

    def _show_form(self) -> None:
        definition = self.definitions[max(self.form_picker.currentIndex(), 0)]
        self.show_document(form_guide(definition, self.catalogue).document())
        self.setWindowTitle(f"填报说明 — {definition.title}")


class ManualWindow(HelpWindow):
    """帮助 › 用户手册: the clerk's and the officer's loop, step by step."""

    def __init__(self, store: Store | None = None, parent: QWidget | None = None) -> None:
        super().__init__("用户手册", "user_manual", store, parent)
        self.show_document(load_manual())
