"""The pages and dialogs of the main window that work on the store: 申报主体, 新建申报 and
打印空白申报表及材料清单."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
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
from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from app.settings import (
    Mode,
    own_applicant_id,
    own_profile_values,
    profile_definition,
    read_mode,
    save_own_profile,
)
from db.repository import Store
from forms import all_forms
from forms.applicant import ApplicantProfile
from forms.core.fields import FormModel
from forms.core.validation import check_entry


class ProfilePage(QWidget):
    """申报主体: the profile every application of this copy is made under; at a park office
    the office's own (本园区信息), in the form ``app.settings.profile_definition`` names."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.mode = read_mode(store)
        self.definition = profile_definition(self.mode)
        self.noun = self.definition.title if self.mode is Mode.PARK_OFFICE else "申报主体"
        layout = QVBoxLayout(self)
        title = PlainLabel(self.definition.title, self)
        title.setObjectName("pageTitle")
        self.editor = FormEditor(self.definition, self)
        self.editor.edited.connect(self._check)
        self.dirty = False
        self.message = PlainLabel(self)
        self.message.setObjectName("hint")
        self.message.setWordWrap(True)
        self.save_button = QPushButton(f"保存{self.noun}（Ctrl+S）", self)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.save_button)
        layout.addWidget(title)
        layout.addWidget(self.editor, 1)
        layout.addLayout(buttons)
        if own_applicant_id(store) is not None:
            self.editor.set_data(own_profile_values(store, self.mode))

    def _check(self) -> FormModel | None:
        self.dirty = True
        entry = check_entry(self.definition, self.editor.data())
        if entry.model is None:
            self.editor.show_issues(entry.wrong)
            self.message.setText(f"有 {len(entry.wrong)} 处填写有误，请按红字提示修改")
            return None
        self.editor.show_issues([])
        unlisted = [i for i in entry.missing if i.code == "zone_unknown"]  # typed, not picked
        if unlisted:
            self.message.setText(unlisted[0].describe())
        else:
            missing = len(entry.missing)
            self.message.setText(f"还有 {missing} 个必填项未填写" if missing else "")
        return entry.model

    def save(self) -> bool:
        with shows_errors(
            self, "保存失败", "{}\n\n已填写的内容仍在窗口中。", box="critical"
        ) as refused:
            issues = save_own_profile(self.store, self.editor.data(), self.mode)
        if refused:
            return False
        self.editor.show_issues(issues)
        if issues:
            self.message.setText(f"请先完成 {len(issues)} 处：{issues[0].describe()}")
            self.editor.focus_field(str(issues[0].path[0]))
            return False
        self.dirty = False
        self.message.setText(f"{self.noun}已保存")
        return True


BLANK_FORM_ACTION = "打印空白申报表及材料清单"
REFUSED = Qt.ItemDataRole.UserRole + 1  # why this profile may not use the form, or None


class NewApplicationDialog(QDialog):
    """Pick one of the forms for a new application; each says who may apply with it.

    A form the profile may not use (a 管委会's form for a firm) is greyed with the reason and
    cannot be created, but its 说明 still opens, and its blank form and material list print
    (to gather the papers first; ``store`` remembers the folder a PDF was saved to)."""

    def __init__(
        self,
        parent: QWidget | None = None,
        profile: ApplicantProfile | None = None,
        store: Store | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.setWindowTitle("新建申报")
        place_window(self, "new_application")
        layout = QVBoxLayout(self)
        self.prompt = PlainLabel("请选择要填写的申报表：", self)
        layout.addWidget(self.prompt)
        self.choices = QListWidget(self)
        self.choices.setWordWrap(True)
        self.choices.setStyleSheet(
            "QListWidget::item { padding: 6px 4px; border-bottom: 1px solid #e5e7eb; }"
            "QListWidget::item:selected { background: #dbeafe; color: #111827; }"
        )
        for kind, definition in all_forms().items():
            lines, refusal = [definition.title], None
            eligibility = definition.eligibility
            if eligibility is not None:
                lines.append(f"申报主体：{eligibility.who}")
                refusal = eligibility.refusal_for(profile)
                open_parts = eligibility.open_parts(profile)
                if refusal:
                    lines.append(f"本单位不能使用：{refusal}")
                elif open_parts:
                    lines.append(f"本单位可申报：{'、'.join(open_parts)}")
            item = QListWidgetItem("\n".join(lines))
            item.setToolTip(definition.description)
            item.setData(Qt.ItemDataRole.UserRole, kind)
            item.setData(REFUSED, refusal)
            if refusal:
                item.setForeground(QBrush(QColor("#9ca3af")))
            self.choices.addItem(item)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("新建")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.blank_button = buttons.addButton(
            "打印空白表及材料清单…", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.blank_button.setToolTip(
            "先打印所选申报表的空白表和需要准备的全部材料，备齐材料后再填写"
        )
        self.blank_button.clicked.connect(self.print_blank_form)
        self.help_button = buttons.addButton("说明…", QDialogButtonBox.ButtonRole.HelpRole)
        self.help_button.clicked.connect(self.show_help)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.choices.currentItemChanged.connect(self._current_changed)
        self.choices.itemActivated.connect(lambda _item: self.accept())
        usable = [i for i in range(self.choices.count()) if not self.choices.item(i).data(REFUSED)]
        self.choices.setCurrentRow(usable[0] if usable else 0)
        layout.addWidget(self.choices)
        layout.addWidget(buttons)
        self.resize(560, 420)

    def _current_changed(self) -> None:
        item = self.choices.currentItem()
        self.create_button.setEnabled(item is not None and not item.data(REFUSED))

    def accept(self) -> None:
        if self.create_button.isEnabled():
            super().accept()

    def show_help(self) -> None:
        """The chosen form's description and who may apply: open for every form."""
        item = self.choices.currentItem()
        if item is None:
            return
        definition = all_forms()[self.kind()]
        text = [definition.description or definition.title]
        if definition.eligibility is not None:
            text.append(f"申报主体：{definition.eligibility.who}")
            for label, part in definition.eligibility.parts:
                if label:
                    text.append(f"· {label}：{part.who}")
        if item.data(REFUSED):
            text.append(f"本单位不能使用本表：{item.data(REFUSED)}")
        plain.information(self, definition.title, "\n".join(text))

    def kind(self) -> str:
        return str(self.choices.currentItem().data(Qt.ItemDataRole.UserRole))

    def print_blank_form(self) -> None:
        """The selected form's blank form and material list, previewed over this dialog."""
        from app.gui.applications.blank_form import blank_form_preview  # reportlab, QtPdf

        self.blank_preview = blank_form_preview(self, self.kind(), self.store)
        self.blank_preview.open()


class BlankFormDialog(NewApplicationDialog):
    """文件 › 打印空白申报表及材料清单…: pick a form, then its preview opens."""

    def __init__(self, parent: QWidget | None = None, store: Store | None = None) -> None:
        super().__init__(parent, store=store)  # no profile: every form's blank prints
        self.setWindowTitle(BLANK_FORM_ACTION)
        self.prompt.setText("请选择要打印空白表及材料清单的申报表：")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("打印预览…")
        self.blank_button.hide()  # 打印预览 does just that here

    def accept(self) -> None:
        from app.gui.applications.blank_form import blank_form_preview  # reportlab, QtPdf

        super().accept()
        self.preview = blank_form_preview(self.parentWidget(), self.kind(), self.store)
        self.preview.show()
