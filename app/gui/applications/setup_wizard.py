"""First start: who uses this copy (企业端 / 园区端) and the applicant profile."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QMessageBox,
    QRadioButton,
    QStackedWidget,
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
from app.settings import (
    Mode,
    choose_mode,
    own_applicant_id,
    own_profile_data,
    own_profile_values,
    profile_definition,
    read_mode_code,
    save_own_profile,
)
from db.repository import Store
from forms.core.field_issues import field_of
from forms.core.validation import EntryCheck, check_entry


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
        note = PlainLabel(
            "下一步填写本机的信息：企业端填写申报主体信息（单位、注册信息、联系人、收款账户等）；"
            "园区端填写本园区信息（单位名称、统一社会信用代码、所辖高新区、联系人）。",
            self,
        )
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)

    def mode(self) -> Mode:
        return Mode.PARK_OFFICE if self.park.isChecked() else Mode.ENTERPRISE


class ProfileSetupPage(QWizardPage):
    """The copy's own profile, in the form of the 使用方 picked on the first page; checked as
    it is typed, like the editor: problems under their fields, 完成 enabled once nothing is
    wrong or missing, and the line under the form says what still blocks it."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        # saved over only if no other desktop saved meanwhile
        self.seen, self.seen_mode = own_profile_data(store), read_mode_code(store)
        layout = QVBoxLayout(self)
        self.stack = QStackedWidget(self)
        self.editors: dict[Mode, FormEditor] = {}
        self.touched: dict[Mode, set[str]] = {}
        self.mode = Mode.ENTERPRISE
        self.message = PlainLabel(self)
        self.message.setObjectName("fieldError")
        self.message.setWordWrap(True)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.message)
        self.entry: EntryCheck | None = None

    @property
    def editor(self) -> FormEditor:
        return self._editor_for(self.mode)

    def _editor_for(self, mode: Mode) -> FormEditor:
        """One editor per 使用方, made when first shown, so going back to switch keeps both."""
        editor = self.editors.get(mode)
        if editor is None:
            editor = self.editors[mode] = FormEditor(profile_definition(mode), self)
            self.touched[mode] = set()
            for name, row in editor.rows.items():
                row.editor.changed.connect(lambda name=name, mode=mode: self._touch(mode, name))
            editor.edited.connect(self._check)
            if own_applicant_id(self.store) is not None:  # set up before, left unfinished
                editor.set_data(own_profile_values(self.store, mode))
            self.stack.addWidget(editor)
        return editor

    def initializePage(self) -> None:
        wizard = self.wizard()
        assert isinstance(wizard, SetupWizard)
        self.mode = wizard.mode_page.mode()
        if self.mode is Mode.PARK_OFFICE:
            self.setTitle("本园区信息")
            self.setSubTitle(
                "园区端：填写本园区的名称、统一社会信用代码、所辖高新区和联系人。"
                "带 * 的为必填项，以后可在“申报主体”页修改。"
            )
        else:
            self.setTitle("申报主体信息")
            self.setSubTitle("带 * 的为必填项，以后可在“申报主体”页修改。")
        self.stack.setCurrentWidget(self._editor_for(self.mode))
        self._check()

    def _touch(self, mode: Mode, name: str) -> None:
        self.touched[mode].add(name)

    def _check(self) -> None:
        """Check what is typed: what does not parse shows under its field at once, an empty
        required field once it was touched; every other blank is counted in the line below."""
        entry = self.entry = check_entry(profile_definition(self.mode), self.editor.data())
        touched = self.touched[self.mode]
        shown = [*entry.wrong, *(i for i in entry.missing if field_of(i.path) in touched)]
        self.editor.show_issues(shown)
        # red while something typed is wrong; grey while fields are only still empty
        self._set_message(self.blocking_reason(), error=bool(entry.wrong))
        self._finish_button_says(self.blocking_reason())
        self.completeChanged.emit()

    def blocking_reason(self) -> str:
        """Why 完成 cannot be pressed yet, naming the fields; "" once it can."""
        entry = self.entry
        if entry is None or not entry.issues:
            return ""
        if entry.wrong:
            first = entry.wrong[0]
            more = f"等 {len(entry.wrong)} 处" if len(entry.wrong) > 1 else ""
            return f"“完成”暂不可用：{first.describe()}{more}，请按红字提示修改"
        labels = [i.label or "" for i in entry.missing if i.code == "missing"]
        unlisted = [i for i in entry.missing if i.code != "missing"]
        if unlisted and not labels:
            return f"“完成”暂不可用：{unlisted[0].describe()}"
        listed = "、".join(labels[:4]) + ("等" if len(labels) > 4 else "")
        # count what is named: a field filled but not acceptable yet (a zone not in the
        # register) is no blank, and is said after the blanks
        also = f"；{unlisted[0].describe()}" if unlisted else ""
        return f"“完成”暂不可用：还有 {len(labels)} 个必填项未填写（{listed}）{also}"

    def _set_message(self, text: str, *, error: bool) -> None:
        name = "fieldError" if error else "hint"
        if self.message.objectName() != name:
            self.message.setObjectName(name)
            self.message.style().unpolish(self.message)
            self.message.style().polish(self.message)
        self.message.setText(text)

    def _finish_button_says(self, reason: str) -> None:
        wizard = self.wizard()
        if wizard is not None:
            button = wizard.button(QWizard.WizardButton.FinishButton)
            button.setToolTip(reason or "保存并开始使用")

    def isComplete(self) -> bool:
        return self.entry is not None and not self.entry.issues

    def validatePage(self) -> bool:
        with user_errors() as refused:
            issues = save_own_profile(self.store, self.editor.data(), self.mode, seen=self.seen)
            if not issues:
                choose_mode(self.store, self.mode, seen=self.seen_mode)
        if refused:
            self._set_message(f"保存失败：{refused.message}", error=True)
            return False
        self.editor.show_issues(issues)
        if issues:
            self._set_message(f"请先完成 {len(issues)} 处：{issues[0].describe()}", error=True)
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
        if self.on_server:
            # Only 园区端 leads to the server page: after the restart onto the server, the
            # choice made before it stays made, and 下一步 cannot set the office up as an enterprise.
            self.mode_page.park.setChecked(True)
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
