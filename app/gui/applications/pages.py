"""The pages and dialogs of the main window that work on the store: 申报主体 and 新建申报."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.editor.form_editor import FormEditor
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from app.settings import own_applicant_id, save_own_profile
from db.repository import Store
from forms import all_forms
from forms.applicant import APPLICANT, ApplicantProfile, parse_applicant


class ProfilePage(QWidget):
    """申报主体: the applicant profile every application of this copy is made under."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        title = PlainLabel("申报主体信息", self)
        title.setObjectName("pageTitle")
        self.editor = FormEditor(APPLICANT, self)
        self.editor.edited.connect(self._check)
        self.dirty = False
        self.message = PlainLabel(self)
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.save_button = QPushButton("保存申报主体（Ctrl+S）", self)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout.addWidget(title)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        applicant_id = own_applicant_id(store)
        if applicant_id is not None:
            self.editor.set_data(store.get_applicant(applicant_id).profile.model_dump(mode="json"))

    def _check(self) -> ApplicantProfile | None:
        self.dirty = True
        profile, issues = parse_applicant(self.editor.data())
        if profile is None:
            self.editor.show_issues(issues)
            self.message.setText(f"有 {len(issues)} 处填写有误，请按红字提示修改")
            return None
        missing = APPLICANT.missing_required(profile)
        self.editor.show_issues([])
        unlisted = [i for i in missing if i.code == "zone_unknown"]  # typed, not yet picked
        if unlisted:
            self.message.setText(
                unlisted[0].with_label(APPLICANT.label_of(unlisted[0].path)).describe()
            )
        else:
            self.message.setText(f"还有 {len(missing)} 个必填项未填写" if missing else "")
        return profile

    def save(self) -> bool:
        with shows_errors(
            self, "保存失败", "{}\n\n已填写的内容仍在窗口中。", box="critical"
        ) as refused:
            issues = save_own_profile(self.store, self.editor.data())
        if refused:
            return False
        self.editor.show_issues(issues)
        if issues:
            self.message.setText(f"请先完成 {len(issues)} 处：{issues[0].describe()}")
            self.editor.focus_field(str(issues[0].path[0]))
            return False
        self.dirty = False
        self.message.setText("申报主体已保存")
        return True


class NewApplicationDialog(QDialog):
    """Pick one of the forms for a new application."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建申报")
        place_window(self, "new_application")
        layout = QVBoxLayout(self)
        layout.addWidget(PlainLabel("请选择要填写的申报表：", self))
        self.choices = QListWidget(self)
        for kind, definition in all_forms().items():
            item = QListWidgetItem(definition.title)
            item.setToolTip(definition.description)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            self.choices.addItem(item)
        self.choices.setCurrentRow(0)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.choices)
        layout.addWidget(buttons)

    def kind(self) -> str:
        return str(self.choices.currentItem().data(Qt.ItemDataRole.UserRole))
