"""One received application under review: what came (read-only), the office's checks, decisions."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.decision_notes import APPLICANT_PREFIX, is_applicant_path
from app.files import write_file
from app.gui.editor.form_editor import FormEditor
from app.gui.exchange.office_passphrase import (
    OfficePassphraseDialog,
    ensure_office_key,
    office_key_ready,
)
from app.gui.review.material_panel import MaterialPanel
from app.gui.review.review_panels import (
    CHANGES_TAB,
    REMARK_ACTION,
    ChangesPanel,
    ChecklistPanel,
    HistoryPanel,
    RuleTable,
)
from app.gui.widgets import plain
from app.gui.widgets.background import Progress
from app.gui.widgets.errors import shows_errors, user_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path
from app.gui.widgets.store_changes import store_changes
from app.gui.widgets.titles import window_title
from app.gui.widgets.window_geometry import place_window
from app.settings import remember_folder
from db.decisions import Decisions
from db.exchange import Exchange
from db.review import Review, RevisionRecord
from db.revision_changes import changes_since_previous
from db.trust import KeyStatus, recorded_key_status
from forms import form_registry, get_form
from forms.core.display import format_local_time, one_line
from forms.core.file_names import attachment_file_name, safe_file_name
from forms.core.issues import Path as FieldPath
from forms.core.materials import RULE_PREFIX
from forms.core.viewable import open_refusal
from forms.core.workflow import can_decide
from forms.exchange.manifest import DECISION_SUFFIX

if TYPE_CHECKING:
    from app.gui.officers.officer import OfficerSession
    from app.gui.review.decision_dialog import DecisionDialog
    from db.changes import Change
    from db.repository import Store

DECISION_FILTER = f"审核决定包 (*{DECISION_SUFFIX})"
DECISION_FOLDER_SETTING = "decision_export_folder"
ATTACHMENT_FOLDER_SETTING = "attachment_save_folder"  # where the officer last saved a file
SEND_BACK = "请把这个文件（U 盘或邮件）交给申报单位，由其在本软件中选择「文件 › 导入审核决定」。"
# How the key of a received revision compares with the one recorded now (db/trust.py decides).
SIGNER_KEY_NOTES = {
    KeyStatus.KNOWN: "签名已在导入时核验有效；与本机记录的该单位密钥一致",
    KeyStatus.CHANGED: "签名已在导入时核验有效；本机现记录的该单位密钥已更换，与此不同",
    None: "签名已在导入时核验有效；本机未记录该单位的密钥",
}


def _of_profile(path: FieldPath) -> bool:
    return is_applicant_path(str(path[0]))


def _in_profile(path: FieldPath) -> FieldPath:
    """A 申报主体 field's path as the profile's own editor knows it (without ``applicant.``)."""
    return (str(path[0]).removeprefix(APPLICANT_PREFIX), *path[1:])


class ReviewWindow(QWidget):
    """The review of one received application; ``decided`` when a decision is recorded here."""

    decided = Signal()

    def __init__(
        self,
        store: Store,
        application_id: int,
        session: OfficerSession,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.store = store
        self.application_id = application_id
        self.session = session
        self.review = Review(store)
        self.exchange = Exchange(store)
        self.record = store.load(application_id)
        self.definition = get_form(self.record.kind)
        self.shown: RevisionRecord | None = None
        self.decision_dialog: DecisionDialog | None = None
        self.passphrase_dialog: OfficePassphraseDialog | None = None  # the office key, once
        self._writing = False  # this window is saving: the store change it causes is its own
        # An attachment still open in another program (Windows locks it) must not stop closing.
        self._files = tempfile.TemporaryDirectory(
            prefix="gxapply-attachments-", ignore_cleanup_errors=True
        )
        session.changed.connect(self._session_changed)
        store_changes(store).changed.connect(self._store_changed)
        place_window(self, "review", (1180, 860))

        self.heading = PlainLabel()
        self.heading.setObjectName("pageTitle")
        self.heading.setWordWrap(True)
        self.revision_box = QComboBox()
        self.revision_box.setAccessibleName("版次")
        self.status_label = PlainLabel()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(PlainLabel("版次"))
        top.addWidget(self.revision_box)
        self.revision_note = PlainLabel()
        self.revision_note.setObjectName("banner")
        self.revision_note.setWordWrap(True)

        self.editor = FormEditor(self.definition)
        self.editor.set_read_only(True)
        # the applicant's own profile form: a 管委会's 本园区信息, anyone else's 申报主体信息
        self.profile = FormEditor(form_registry().profile_definition(self.record.applicant))
        self.profile.set_read_only(True)
        self.checklist = ChecklistPanel()
        self.rules = RuleTable()
        checks = QSplitter(Qt.Orientation.Vertical)
        checks.addWidget(self._titled("需人工核实清单（勾选即保存，须登录）", self.checklist))
        checks.addWidget(self._titled("政策条款（本机重新检查）", self.rules))
        checks.setSizes([320, 400])  # the checklist, its note box and a warning over it
        # On a short screen (1366×768 at 150 %) the page scrolls instead of squeezing the
        # splitter below its sections' minimum, which drew the checklist's warning over its rows.
        checks_page = QScrollArea()
        checks_page.setWidgetResizable(True)
        checks_page.setFrameShape(QScrollArea.Shape.NoFrame)
        checks_page.setWidget(checks)
        self.materials = MaterialPanel()
        self.signer = PlainLabel()
        self.signer.setWordWrap(True)
        self.signer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.signer.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history = HistoryPanel()
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self._titled("签名人", self.signer))
        history_layout.addWidget(self.history, 1)

        self.changes = ChangesPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.editor, "申报内容")
        self.tabs.addTab(self.changes, self.changes.title())
        self.tabs.addTab(self.profile, "申报主体")
        self.tabs.addTab(checks_page, "政策条款与人工核实")
        self.tabs.addTab(self.materials, "申报材料（附件）")
        self.tabs.addTab(history, "签名与审核记录")

        self.packet_button = QPushButton("查看申报材料")
        self.packet_button.setToolTip("申报单位随申报包发来的申报材料 PDF")
        self.opinion_button = QPushButton("打印审核意见表…")
        self.decide_button = QPushButton("作出审核决定…")
        self.export_button = QPushButton("导出审核决定…")
        self.close_button = QPushButton("关闭")
        buttons = QHBoxLayout()
        for button in (self.packet_button, self.opinion_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.status_label)
        for button in (self.decide_button, self.export_button, self.close_button):
            buttons.addWidget(button)
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.revision_note)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        self._field_menus(self.editor, "")
        self._field_menus(self.profile, APPLICANT_PREFIX)
        self.revision_box.currentIndexChanged.connect(self._revision_chosen)
        self.checklist.toggled.connect(self.set_check)
        self.checklist.note_saved.connect(self.save_note)
        self.rules.remark_requested.connect(lambda rule: self.decide(("rule", rule)))
        self.rules.field_requested.connect(self._show_field)
        self.changes.field_requested.connect(self._show_field)
        self.materials.open_requested.connect(self.open_attachment)
        self.materials.save_requested.connect(self.save_attachment)
        self.materials.remark_requested.connect(lambda m: self.decide(("material", m)))
        self.packet_button.clicked.connect(self.show_packet)
        self.opinion_button.clicked.connect(self.print_opinion)
        self.decide_button.clicked.connect(lambda: self.decide())
        self.export_button.clicked.connect(self.export_decision)
        self.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Close), self, self.close)
        self.reload()

    # --- showing ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the application again and show its current revision."""
        self.record = self.store.load(self.application_id)
        self.setWindowTitle(window_title(self.record.title, f"审核 {self.record.number}"))
        self.heading.setText(
            one_line(f"{self.record.number}　{self.record.title}　—　{self.record.applicant.name}")
        )
        self.revision_box.blockSignals(True)
        self.revision_box.clear()
        for info in self.review.revisions(self.application_id):
            text = f"第{info.revision}版" + ("（当前）" if info.current else "")
            self.revision_box.addItem(text, info.revision)
        self.revision_box.setCurrentIndex(self.revision_box.count() - 1)
        self.revision_box.blockSignals(False)
        self.show_revision(self.record.submission_revision)

    def _store_changed(self, change: Change) -> None:
        """Something of this application changed, here or on another officer's desktop.

        A new revision came in, or a decision was made: show it all again (第1版 left on screen
        after 第2版 came in would mislead). Otherwise (a tick, a note, a package sent) what the
        office recorded is shown again where it stands: the checklist, the decisions and the
        trail, without touching what the officer is typing (a 核实说明 not yet saved stays, and
        the checklist says who changed its rule meanwhile; the decision dialog stays open)."""
        if self._writing or not change.touches(self.application_id):
            return  # this window's own write: the caller shows what it wrote
        with user_errors() as refused:
            stored = self.store.load(self.application_id)
        if refused:
            return  # gone or unreadable: the window says so when it is next used
        shown = (self.record.status, self.record.submission_revision)
        if (stored.status, stored.submission_revision) != shown:
            self.reload()
            return
        self.record = stored
        if self.shown is None:
            return
        with user_errors() as refused:
            checks = self.review.manual_checks(self.application_id, self.shown.revision)
        if refused:
            return
        self.checklist.refresh_checks(checks)
        self._show_history()
        self._show_state(self.shown)

    def show_revision(self, revision: int) -> None:
        shown = self.review.load_revision(self.application_id, revision)
        self.shown = shown
        self.editor.set_data(shown.form.model_dump(mode="json"))
        self.profile.set_data(shown.applicant.model_dump(mode="json"))
        self.report = self.review.office_report(self.application_id, revision)
        self.rules.show_report(self.report)
        pending = self._decidable()
        if not shown.current:
            note = f"这是第{revision}版的勾选记录；旧版次只读，勾选只能在当前版次上进行。"
        elif pending:
            note = "逐项核实后勾选；每次勾选或取消都记入操作记录，审核人为当前登录的账号。"
        else:
            note = f"本版次已作出审核决定（{self.record.status.label}），清单不能再修改。"
        checks = self.review.manual_checks(self.application_id, revision)
        self.checklist.show_checks(self.report, checks, shown.current and pending, note, revision)
        self.materials.show_slots(
            self.definition,
            shown.form,
            shown.attachments,
            # the office's run judged 材料齐全 unless the files came before materials had names
            judged=any(r.rule_id.startswith(RULE_PREFIX) for r in self.report.results),
            can_remark=shown.current and pending,
        )
        changes = changes_since_previous(self.review, self.application_id, revision)
        self.changes.show_changes(changes)
        # under each changed field, what it was: the form read as it is shows what moved
        notes = changes.field_notes()
        self.editor.show_remarks([(p, n) for p, n in notes if not _of_profile(p)])
        self.profile.show_remarks([(_in_profile(p), n) for p, n in notes if _of_profile(p)])
        self.tabs.setTabText(self.tabs.indexOf(self.changes), self.changes.title())
        self._show_signer(revision)
        self._show_history()
        self._show_state(shown)

    def _decidable(self) -> bool:
        """A decision may be made on the application now (the workflow's rule)."""
        return can_decide(self.record.status, received=self.record.received)

    def _show_history(self) -> None:
        self.history.show_history(
            self.review.decisions(self.application_id), self.store.audit_trail(self.application_id)
        )

    def _show_state(self, shown: RevisionRecord) -> None:
        status = self.record.status
        decided = self.review.latest_decision(self.application_id) is not None
        self.status_label.setText(f"状态：{status.label}")
        self.status_label.setMinimumWidth(self.status_label.sizeHint().width())  # never cut
        self.decide_button.setEnabled(shown.current and self._decidable())
        self.decide_button.setToolTip(
            "" if self.decide_button.isEnabled() else "只有“已提交”的当前版次可以作出审核决定"
        )
        self.export_button.setEnabled(decided)
        received = shown.received_at
        when = format_local_time(received) if received else "—"
        if shown.current:
            text = f"第{shown.revision}版（当前版次），{when} 收到。收到的申报只读，本机不能修改。"
            changes = self.changes.changes
            if changes is not None and changes.comparable:
                text += f"{changes.summary()}，见「{CHANGES_TAB}」。"
            self.revision_note.setProperty("level", "info")
        else:
            text = (
                f"正在查看第{shown.revision}版（旧版次，只读），{when} 收到；审核决定针对当前版次。"
            )
            self.revision_note.setProperty("level", "error")
        self.revision_note.setText(text)
        self.revision_note.style().unpolish(self.revision_note)
        self.revision_note.style().polish(self.revision_note)

    def _show_signer(self, revision: int) -> None:
        packages = [
            p
            for p in self.exchange.packages(self.application_id)
            if p.direction == "received" and p.type == "submission" and p.revision == revision
        ]
        if not packages:
            self.signer.setText("没有这一版次的申报包记录。")
            return
        package = packages[-1]
        status = SIGNER_KEY_NOTES[
            recorded_key_status(self.store, package.signer_uscc, package.fingerprint)
        ]
        self.signer.setText(
            f"签名单位：{one_line(package.signer_name)}\n统一社会信用代码：{package.signer_uscc}\n"
            f"密钥指纹：{package.fingerprint}\n{status}\n"
            f"申报包编号：{package.package_id}（{format_local_time(package.at)} 导入）"
        )

    # --- the checklist ----------------------------------------------------------------------

    def set_check(self, rule_id: str, done: bool) -> None:
        """A box clicked: saved at once for the signed-in officer (with the rule's 核实说明 as
        typed), or put back as it was."""
        self._save_check(rule_id, done, self.checklist.note_for(rule_id))

    def save_note(self, rule_id: str, note: str) -> None:
        """记录说明: the rule's 核实说明 saved with its tick as it stands."""
        seen = self.checklist.seen.get(rule_id)
        self._save_check(rule_id, seen is not None and seen.done, note)

    def _save_check(self, rule_id: str, done: bool, note: str) -> None:
        seen = self.checklist.seen.get(rule_id)  # what the officer acted on, before any sign-in
        account = self.session.require(self)
        if account is None:
            self.checklist.set_check(rule_id, seen)
            return
        with shows_errors(
            self,
            "人工核实",
            "未保存：{}",
            on_refusal=lambda _: self._show_checks_again(rule_id),
        ) as refused:
            self._writing = True
            try:
                check = self.review.set_manual_check(
                    self.application_id,
                    rule_id,
                    done,
                    officer=account,
                    note=note,
                    revision=self.shown.revision if self.shown else None,  # the one on screen
                    seen=seen,
                )
            finally:
                self._writing = False
        if refused:
            return
        self.checklist.saved(rule_id, check)
        self._show_history()

    def _show_checks_again(self, rule_id: str) -> None:
        """After a refused tick or note: the records as stored now (the box put back, another
        officer's change shown and named); a note typed here stays."""
        self.checklist.set_check(rule_id, self.checklist.seen.get(rule_id))  # the box as it was
        revision = self.shown.revision if self.shown else None
        with user_errors() as refused:
            checks = self.review.manual_checks(self.application_id, revision)
        if refused:
            return
        self.checklist.refresh_checks(checks)
        self._show_history()

    # --- decisions --------------------------------------------------------------------------

    def decide(self, target: tuple[str, str] | None = None) -> None:
        """作出审核决定… (optionally about one field, rule or material), then offer to export it."""
        if not self._decidable():
            plain.information(
                self,
                "作出审核决定",
                f"申报的状态为“{self.record.status.label}”，只有“已提交”的申报可以作出审核决定。",
            )
            return
        account = self.session.require(self)
        if account is None:
            return
        if not office_key_ready(self.store, unlock=False):  # a shared store's first decision
            self.passphrase_dialog = ensure_office_key(
                self, self.store, "作出审核决定", lambda: self.decide(target), actor=account.actor
            )
            return
        from app.gui.review.decision_dialog import DecisionDialog

        current = self.review.load_revision(self.application_id, self.record.submission_revision)
        report = self.review.office_report(self.application_id)
        dialog = DecisionDialog(
            self.review, current, report, account, self, number=self.record.number, target=target
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._decided(dialog))
        self.decision_dialog = dialog
        dialog.open()

    def _decided(self, dialog: DecisionDialog) -> None:
        self.decision_dialog = None
        if dialog.decision is None:
            return
        self.reload()
        self.decided.emit()
        answer = plain.question(
            self,
            "已记录审核决定",
            f"已记录“{dialog.decision.outcome.label}”。现在导出审核决定包，送回申报单位吗？",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.export_decision()

    def export_decision(self) -> None:
        """导出审核决定…: the signed decision package, saved where the officer says."""
        account = self.session.require(self)
        if account is None:
            return
        if not office_key_ready(self.store):  # a shared store: the office passphrase, once
            self.passphrase_dialog = ensure_office_key(
                self, self.store, "导出审核决定", self.export_decision, actor=account.actor
            )
            return
        decisions = Decisions(self.store)
        with shows_errors(self, "导出审核决定") as refused:
            exported = decisions.decision_package(self.application_id)
        if refused:
            return
        path = ask_save_path(
            self,
            "导出审核决定",
            exported.file_name,
            DECISION_FILTER,
            store=self.store,
            folder_key=DECISION_FOLDER_SETTING,
            suffix=DECISION_SUFFIX,
        )
        if path is None:
            return
        with shows_errors(self, "导出审核决定") as refused:
            write_file(path, exported.content)
        if refused:
            return
        # only now is it sent: a cancelled or failed save leaves no trace of sending
        with shows_errors(self, "导出审核决定", f"文件已保存到 {path}，但未能记入审核记录：{{}}"):
            decisions.record_sent(exported, actor=account.actor)
        remember_folder(self.store, DECISION_FOLDER_SETTING, path.parent)
        self._show_history()
        plain.information(self, "导出审核决定", f"已导出审核决定包：\n{path}\n\n{SEND_BACK}")

    # --- what came with it ------------------------------------------------------------------

    def show_packet(self) -> None:
        """查看申报材料: the packet the enterprise printed, as it came with this revision."""
        revision = self.shown.revision if self.shown else None
        packet = self.exchange.received_packet(self.application_id, revision)
        if not packet:
            plain.information(self, "查看申报材料", "这一版次的申报包没有附带申报材料 PDF。")
            return
        from app.gui.widgets.pdf_preview import PdfPreview

        def build(_progress: Progress) -> bytes:
            return packet

        name = safe_file_name(f"{self.record.number}-第{revision}版-申报材料", ".pdf", "申报材料")
        self.packet_preview = PdfPreview(
            self, "申报材料（申报单位发来）", build, name, store=self.store
        )
        self.packet_preview.show()

    def print_opinion(self) -> None:
        """打印审核意见表…: app/review_prints.py builds it (see app/gui/review/review_exports.py)."""
        from app.gui.review.review_exports import print_review_opinion

        print_review_opinion(self, self.store, self.application_id)

    def _chosen_attachment(self) -> tuple[int, str] | None:
        chosen = self.materials.chosen_file()
        if chosen is None:
            plain.information(self, "附件", "请先在列表中选中一个附件（材料下的文件）。")
        return chosen

    def attachment_content(self, attachment_id: int) -> bytes:
        if self.shown is not None and not self.shown.current:
            return self.review.revision_attachment_content(attachment_id)
        return self.store.attachment_content(attachment_id)

    def open_attachment(self) -> None:
        chosen = self._chosen_attachment()
        if chosen is None:
            return
        attachment_id, name = chosen
        refusal = open_refusal(name)
        if refusal is not None:
            plain.warning(self, "打开附件", refusal)
            return
        folder = Path(self._files.name) / str(attachment_id)
        folder.mkdir(exist_ok=True)
        with shows_errors(self, "打开附件") as refused:
            path = folder / attachment_file_name(name)
            write_file(path, self.attachment_content(attachment_id))
        if refused:
            return
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            plain.information(
                self, "打开附件", f"本机没有能打开“{name}”的程序；可用「另存为…」保存后再打开。"
            )

    def save_attachment(self) -> None:
        chosen = self._chosen_attachment()
        if chosen is None:
            return
        attachment_id, name = chosen
        file_name = attachment_file_name(name)
        path = ask_save_path(
            self,
            "保存附件",
            file_name,
            "所有文件 (*)",
            store=self.store,
            folder_key=ATTACHMENT_FOLDER_SETTING,
            suffix=Path(file_name).suffix,
        )
        if path is None:
            return
        with shows_errors(self, "保存附件") as refused:
            write_file(path, self.attachment_content(attachment_id))
        if not refused:
            remember_folder(self.store, ATTACHMENT_FOLDER_SETTING, path.parent)

    # --- internals --------------------------------------------------------------------------

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        label = PlainLabel(title)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        layout.addWidget(label)
        layout.addWidget(widget, 1)
        return box

    def _field_menus(self, editor: FormEditor, prefix: str) -> None:
        """Right-click a field's label or value: 就此提出补正意见…."""
        for name, row in editor.rows.items():
            path = prefix + name
            widgets: list[QWidget] = [row.label, row.cell, row.editor.focus_target()]
            for widget in widgets:
                widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
                widget.customContextMenuRequested.connect(
                    lambda point, w=widget, p=path: self._field_menu(w, p, point)
                )

    def _field_menu(self, widget: QWidget, path: str, point: QPoint) -> None:
        menu = QMenu(self)
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            menu = widget.createStandardContextMenu()  # keep 复制 for numbers and names
            menu.addSeparator()
        action = menu.addAction(REMARK_ACTION)
        action.setEnabled(self._decidable())
        action.triggered.connect(lambda: self.decide(("field", path)))
        menu.exec(widget.mapToGlobal(point))

    def _show_field(self, path: str) -> None:
        """Show a field of the form, or of the profile (``applicant.`` and its name)."""
        editor = self.editor
        if is_applicant_path(path):
            editor, path = self.profile, path.removeprefix(APPLICANT_PREFIX)
        self.tabs.setCurrentWidget(editor)
        editor.focus_field(path)

    def _session_changed(self) -> None:
        """A decision being written under an officer who has signed out is not recorded."""
        dialog = self.decision_dialog
        if dialog is not None and self.session.current != dialog.officer:
            self.decision_dialog = None
            dialog.reject()
            plain.information(
                self,
                "作出审核决定",
                f"{dialog.officer.display_name} 已退出登录，未记录的审核决定已关闭；"
                "请登录后重新作出审核决定。",
            )

    def _revision_chosen(self) -> None:
        revision = self.revision_box.currentData()
        if isinstance(revision, int):
            self.show_revision(revision)

    def closeEvent(self, event: object) -> None:  # type: ignore[override]
        self._files.cleanup()
        super().closeEvent(event)  # type: ignore[arg-type]
