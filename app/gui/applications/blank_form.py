"""打印空白申报表及材料清单: the blank form of a chosen kind with its whole material list, built
off the GUI thread and shown in the PDF preview (保存为 PDF / 打印), so a clerk can gather the
papers before typing anything."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from app.gui.widgets.background import Progress
from app.gui.widgets.pdf_preview import PdfPreview
from app.settings import profile_definition, read_mode
from db.repository import Store
from forms import get_form
from forms.core.catalogue import load_catalogue
from forms.core.file_names import safe_file_name
from forms.packet.blank_form import SUBTITLE, render_blank_form


def blank_form_preview(parent: QWidget | None, kind: str, store: Store | None = None) -> PdfPreview:
    """The preview of the blank form of ``kind``, building; the caller shows it."""
    definition = get_form(kind)
    # the profile this copy applies with: 本园区信息 at a park office, 申报主体信息 elsewhere
    profile = profile_definition(read_mode(store) if store is not None else None)

    def build(progress: Progress) -> bytes:
        return render_blank_form(definition, profile, load_catalogue(), progress=progress.check)

    name = safe_file_name(f"{definition.title}_{SUBTITLE}", ".pdf", SUBTITLE)
    return PdfPreview(parent, f"{definition.title}{SUBTITLE}", build, name, store=store)
