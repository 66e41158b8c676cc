"""First start: who uses this copy (企业端 / 园区端) and the applicant profile."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.gui.applications.server_page import ServerPage
from app.gui.editor.form_editor import FormEditor
from app.gui.widgets import plain
from app.gui.widgets.errors import user_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from app.settings import Mode, save_own_profile, write_mode
from db.repository import Store
from forms.applicant import APPLICANT


class ModePage(QWizardPage):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("欢迎使用广西高新区创新政策申报助手")
        self.setSubTitle("请选择本机的使用方。两种使用方都可以填写申报表。")
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        self.enterprise = QRadioButton("企业端：企业或孵化载体填写、检查并打印本单位的申报", self)
        self.park = QRadioButton(
            "园区端：高新区管委会填写新赛道、飞地等申报，并审核企业提交的申报", self
        )
        self.enterprise.setChecked(True)
        for button in (self.enterprise, self.park):
            self.group.addButton(button)
            layout.addWidget(button)
        layout.addStretch(1)

    def mode(self) -> Mode:
        return Mode.PARK_OFFICE if self.park.isChecked() else Mode.ENTERPRISE


class ProfileSetupPage(QWizardPage):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.setTitle("申报主体信息")
        self.setSubTitle("带 * 的为必填项，以后可在“申报主体”页修改。")
        layout = QVBoxLayout(self)
        self.editor = FormEditor(APPLICANT, self)
        self.message = PlainLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        layout.addWidget(self.editor, 1)
        layout.addWidget(self.message)

    def validatePage(self) -> bool:
        with user_errors() as refused:
            issues = save_own_profile(self.store, self.editor.data())
            if not issues:
                wizard = self.wizard()
                assert isinstance(wizard, SetupWizard)
                write_mode(self.store, wizard.mode_page.mode())
        if refused:
            self.message.setText(f"保存失败：{refused.message}")
            return False
        self.editor.show_issues(issues)
        if issues:
            self.message.setText(f"请先完成 {len(issues)} 处：{issues[0].describe()}")
            self.editor.focus_field(str(issues[0].path[0]))
            return False
        return True


class SetupWizard(QWizard):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("初次使用设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.mode_page = ModePage(self)
        self.server_page = ServerPage(self)  # 园区端 only, and only on this desktop's own file
        self.on_server = store.engine.dialect.name != "sqlite"
        self.profile_page = ProfileSetupPage(store, self)
        self.mode_id = self.addPage(self.mode_page)
        self.server_id = self.addPage(self.server_page)
        self.profile_id = self.addPage(self.profile_page)
        self.setButtonText(QWizard.WizardButton.NextButton, "下一步")
        self.setButtonText(QWizard.WizardButton.BackButton, "上一步")
        self.setButtonText(QWizard.WizardButton.FinishButton, "完成")
        self.setButtonText(QWizard.WizardButton.CancelButton, "取消")
        place_window(self, "setup_wizard", (900, 720), store=store)

    def nextId(self) -> int:
        if self.currentId() != self.mode_id:
            return super().nextId()
        park = self.mode_page.mode() is Mode.PARK_OFFICE
        return self.server_id if park and not self.on_server else self.profile_id

    def server_url(self) -> str | None:
        """The office's server store this desktop now uses (written to its settings), if the
        officer chose one: the program starts again on it."""
        return self.server_page.chosen_url

    def reject(self) -> None:
        """Esc or 取消: ask first, so a half-typed profile is not dropped by a stray key."""
        answer = plain.question(
            self,
            "退出设置",
            "设置尚未完成，退出后已填写的内容不会保存，下次启动时需重新填写。确定退出？",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            super().reject()
