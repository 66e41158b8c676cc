"""打印预览 of the 审核意见表, with the 附上与上一版比较 toggle (on by default from 第2版 on)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QCheckBox, QWidget

from app.gui.widgets.background import Progress
from app.gui.widgets.pdf_preview import PdfPreview
from app.review_prints import changes_by_default, opinion_file_name, opinion_pdf
from db.repository import Store
from forms.core.revision_changes import FIRST_VERSION

OPINION_TITLE = "审核意见表"
WITH_CHANGES = "附上与上一版比较"


class OpinionPreview(PdfPreview):
    """The 审核意见表 of one received application; toggling 附上与上一版比较 rebuilds it."""

    def __init__(self, store: Store, application_id: int, parent: QWidget | None = None) -> None:
        record = store.load(application_id)
        super().__init__(
            parent,
            OPINION_TITLE,
            lambda progress: self._make_work()(progress),
            opinion_file_name(store, application_id),
            store=store,
            start=False,
        )
        self.application_id = application_id
        self.with_changes = QCheckBox(WITH_CHANGES, self)
        later = record.submission_revision >= 2
        self.with_changes.setChecked(changes_by_default(record.submission_revision))
        self.with_changes.setEnabled(later)
        self.with_changes.setToolTip(
            f"在“申报概况”后列出第{record.submission_revision}版较上一版改动的栏目、表格行和附件"
            if later
            else FIRST_VERSION
        )
        self.with_changes.toggled.connect(self.rebuild)
        self.buttons.insertWidget(0, self.with_changes)
        self.rebuild()

    def _make_work(self) -> Callable[[Progress], bytes]:
        store, application_id = self.store, self.application_id
        with_changes = self.with_changes.isChecked()  # read here, on the GUI thread
        assert store is not None

        def work(progress: Progress) -> bytes:
            return opinion_pdf(store, application_id, progress.check, with_changes=with_changes)

        return work
