"""The main window: navigation to 申报主体, 我的申报 and (for a park office) 审核."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.gui.application_window import ApplicationWindow
from app.gui.applications_page import ApplicationsPage
from app.gui.form_editor import FormEditor
from app.gui.theme import make_action
from app.recovery import RecoveryJournal
from app.settings import Mode, own_applicant_id, read_mode
from db.engine import StoreError
from db.repository import InputError, Store
from forms import all_forms
from forms.applicant import APPLICANT, ApplicantProfile, parse_applicant

APP_TITLE = "广西高新区创新政策申报助手"


class ProfilePage(QWidget):
    """申报主体: the applicant profile every application of this copy is made under."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        layout = QVBoxLayout(self)
        title = QLabel("申报主体信息", self)
        title.setObjectName("pageTitle")
        self.editor = FormEditor(APPLICANT, self)
        self.editor.edited.connect(self._check)
        self.message = QLabel(self)
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
        profile, issues = parse_applicant(self.editor.data())
        if profile is None:
            self.editor.show_issues(issues)
            self.message.setText(f"有 {len(issues)} 处填写有误，请按红字提示修改")
            return None
        missing = APPLICANT.missing_required(profile)
        self.editor.show_issues([])
        self.message.setText(f"还有 {len(missing)} 个必填项未填写" if missing else "")
        return profile

    def save(self) -> bool:
        profile = self._check()
        if profile is None:
            return False
        missing = APPLICANT.missing_required(profile)
        if missing:
            self.editor.show_issues([i.with_label(APPLICANT.label_of(i.path)) for i in missing])
            self.editor.focus_field(str(missing[0].path[0]))
            return False
        try:
            applicant_id = self.store.save_applicant(profile)
            self.store.set_setting("own_applicant_id", str(applicant_id))
        except (StoreError, InputError) as exc:
            QMessageBox.critical(self, "保存失败", f"{exc}\n\n已填写的内容仍在窗口中。")
            return False
        self.message.setText("申报主体已保存")
        return True


class NewApplicationDialog(QDialog):
    """Pick one of the forms for a new application."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建申报")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("请选择要填写的申报表：", self))
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


class MainWindow(QMainWindow):
    def __init__(self, store: Store, journal: RecoveryJournal) -> None:
        super().__init__()
        self.store = store
        self.journal = journal
        self.mode = read_mode(store) or Mode.ENTERPRISE
        self.setWindowTitle(f"{APP_TITLE}（{self.mode.value}）")
        self.windows: dict[int, ApplicationWindow] = {}

        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setFixedWidth(150)
        self.pages = QStackedWidget(self)
        self.profile_page = ProfilePage(store, self)
        self.applications_page = ApplicationsPage(store, self)
        self.applications_page.new_requested.connect(self.new_application)
        self.applications_page.open_requested.connect(self.open_application)
        self._add_page("我的申报", self.applications_page)
        self._add_page("申报主体", self.profile_page)
        if self.mode is Mode.PARK_OFFICE:
            review = QLabel(
                "审核区：接收企业提交的申报材料并审核。\n（本功能将在后续版本提供。）", self
            )
            review.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._add_page("审核", review)
        self.nav.currentRowChanged.connect(self.pages.setCurrentIndex)
        self.nav.setCurrentRow(0)
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self._build_actions()
        self.statusBar().showMessage(
            f"数据库：{store.engine.url.render_as_string(hide_password=True)}"
        )
        self.resize(1180, 760)

    def _add_page(self, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)

    def _build_actions(self) -> None:
        new = make_action(self, "新建申报", QKeySequence.StandardKey.New)
        new.triggered.connect(self.new_application)
        save = make_action(self, "保存", QKeySequence.StandardKey.Save)
        save.triggered.connect(self._save_current_page)
        search = make_action(self, "搜索", QKeySequence.StandardKey.Find)
        search.triggered.connect(self._focus_search)
        for action in (new, save, search):
            self.addAction(action)

    def _save_current_page(self) -> None:
        if self.pages.currentWidget() is self.profile_page:
            self.profile_page.save()

    def _focus_search(self) -> None:
        self.nav.setCurrentRow(0)
        self.applications_page.focus_search()

    def new_application(self) -> None:
        applicant_id = own_applicant_id(self.store)
        if applicant_id is None:
            QMessageBox.information(
                self, "请先填写申报主体", "新建申报前，请先填写并保存申报主体信息。"
            )
            self.nav.setCurrentRow(1)
            return
        dialog = NewApplicationDialog(self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            record = self.store.create_application(dialog.kind(), applicant_id)
        except StoreError as exc:
            QMessageBox.critical(self, "无法新建", str(exc))
            return
        self.applications_page.refresh()
        self.open_application(record.id)

    def open_application(
        self, application_id: int, recovered: dict | None = None
    ) -> ApplicationWindow:
        window = self.windows.get(application_id)
        if window is None:
            window = ApplicationWindow(self.store, application_id, self.journal, None, recovered)
            window.saved.connect(lambda _id: self.applications_page.refresh())
            window.destroyed.connect(lambda *_: self.windows.pop(application_id, None))
            self.windows[application_id] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def offer_recovery(self) -> None:
        """After a crash, offer back what was typed but never saved."""
        drafts = self.journal.pending()
        if not drafts:
            return
        names = "\n".join(f"· {d.title}（{d.written_at:%Y-%m-%d %H:%M}）" for d in drafts)
        answer = QMessageBox.question(
            self,
            "恢复未保存的内容",
            f"上次退出时有 {len(drafts)} 份申报的修改尚未保存：\n{names}\n\n是否恢复？（选“否”将丢弃这些修改）",
        )
        for draft in drafts:
            if answer == QMessageBox.StandardButton.Yes:
                try:
                    self.open_application(draft.application_id, recovered=draft.data)
                except StoreError:
                    self.journal.discard(draft.application_id)
            else:
                self.journal.discard(draft.application_id)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        for window in list(self.windows.values()):
            if not window.close():
                event.ignore()
                return
        event.accept()
