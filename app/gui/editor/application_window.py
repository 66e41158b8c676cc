"""The window of one application: generated editor, live self-check, attachments, autosave."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.decision_notes import field_remarks, is_applicant_path, material_remarks, rule_remarks
from app.editing import Check, EditedApplication
from app.gui.editor.attachments_tab import AttachmentsTab
from app.gui.editor.decision_view import DecisionBanner
from app.gui.editor.form_editor import FormEditor
from app.gui.editor.read_only_banner import READ_ONLY_STYLE, ReadOnlyBanner, read_only_reason
from app.gui.editor.rules_panel import RulesPanel
from app.gui.exchange.office_passphrase import (
    OfficePassphraseDialog,
    ensure_office_key,
    office_key_ready,
)
from app.gui.exchange.submission_export import SubmissionExport
from app.gui.widgets import plain
from app.gui.widgets.errors import show_error, shows_errors, user_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.store_changes import store_changes
from app.gui.widgets.theme import make_action
from app.gui.widgets.titles import window_title
from app.gui.widgets.window_geometry import place_window
from app.recovery import RecoveryJournal
from db.drafts import discard_untouched
from db.repository import ApplicationRecord, Store
from db.review import DecisionRecord, Review
from forms.core.display import one_line
from forms.core.field_issues import report_by_field
from forms.core.issues import FieldIssue
from forms.core.rules import FirmHistory
from forms.core.validation import ValidationReport
from forms.core.workflow import Status, can_delete, can_export, can_mark_ready
from forms.core.zones import zone_name_or

if TYPE_CHECKING:  # QtPdf is loaded when a preview is first opened
    from app.gui.applications.packet_preview import PacketPreview
    from db.changes import Change

CHECK_DELAY_MS = 300  # recheck after a pause in typing
AUTOSAVE_DELAY_MS = 3000  # save a draft this long after the last edit


class ApplicationWindow(QMainWindow):
    """Edits one stored application; every change is checked, kept on disk and saved."""

    saved = Signal(int)  # application id, after each successful save or status change
    open_requested = Signal(int)  # another application to open (复制为新申报 made it)

    def __init__(
        self,
        store: Store,
        application_id: int,
        journal: RecoveryJournal,
        parent: QWidget | None = None,
        recovered: dict | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setAcceptDrops(True)
        self.store = store
        self.journal = journal
        self.editing = EditedApplication(store, application_id, journal)
        self.definition = self.record.definition
        self.dirty = False
        self.store_error: str | None = None  # why the last save failed in the store, if it did
        self.report: ValidationReport | None = None
        self._input_issues: list[FieldIssue] = []
        self.decision: DecisionRecord | None = None  # the park office's latest, if received
        self.export: SubmissionExport | None = None  # the 导出申报包 run under way, if any
        self.passphrase_dialog: OfficePassphraseDialog | None = None  # a server store's, asked
        self._discarding = False  # set when the data under the window was replaced
        self.new_draft = False  # set by 新建申报: closed untouched, the draft is not kept

        # Everything is created inside its final parent: reparenting hundreds of widgets later
        # would restyle each of them again.
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        self.decision_banner = DecisionBanner(central)
        self.decision_banner.field_requested.connect(self.focus_reason_field)
        self.decision_banner.rule_requested.connect(self.focus_reason_rule)
        self.decision_banner.material_requested.connect(self.focus_reason_material)
        split = QSplitter(Qt.Orientation.Horizontal, central)
        self.editor = FormEditor(self.definition, split)
        self.editor.set_data(self.record.typed_data())  # values kept as typed, too
        side = QTabWidget(split)
        self.rules = RulesPanel(side)
        self.rules.field_requested.connect(self.focus_field)
        self.rules.material_requested.connect(self.focus_material)
        self.attachments = AttachmentsTab(store, side, save_first=self._save_pending)
        self.attachments.changed.connect(self._reload_keep_edits)
        store_changes(store).changed.connect(self._store_changed)
        side.addTab(self.rules, "政策条款自查")
        side.addTab(self.attachments, "附件")
        self.side_tabs = side
        split.addWidget(self.editor)
        split.addWidget(side)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([760, 500])
        self.read_only_banner = ReadOnlyBanner(central)
        column.addWidget(self.read_only_banner)
        column.addWidget(self.decision_banner)
        column.addWidget(split, 1)
        self.setCentralWidget(central)
        self._build_actions()
        self.state = PlainLabel(self)
        self.statusBar().addPermanentWidget(self.state)

        self._check_timer = QTimer(self, singleShot=True, interval=CHECK_DELAY_MS)
        self._check_timer.timeout.connect(self.recheck)
        self._save_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.autosave)
        self.editor.edited.connect(self._on_edit)
        # what an untouched new form gives back: closing with this discards a new draft
        self._empty_data = self._untyped_data()

        self.attachments.show_record(self.record)
        self._show_editable()
        if store.read_only:
            self.statusBar().showMessage(
                "数据文件为只读：只能查看、导出和打印，不能修改。请将数据文件复制到可写的位置后再修改"
            )
        if recovered is not None:
            self.editor.set_data(recovered)
            self._on_edit()
            self.statusBar().showMessage("已恢复上次未保存的内容，请检查后保存", 10000)
        self.reload_decision()
        self.recheck()
        if self.record.unparsed and recovered is None:  # saved errors and all, last time
            self.state.setText(
                f"草稿中有 {len(self.record.unparsed)} 处填写有误（已标红），改正后才能标记为待提交"
            )
        self._update_title()
        place_window(self, "editor", (1280, 820))

    def _untyped_data(self) -> dict | None:
        """The editor's data for an empty form, if the record is still one (else None)."""
        record = self.record
        if record.attachments or record.unparsed or record.form != self.definition.model():
            return None
        return self.editor.data()

    @property
    def record(self) -> ApplicationRecord:
        return self.editing.record

    @record.setter
    def record(self, record: ApplicationRecord) -> None:
        self.editing.record = record

    @property
    def history(self) -> FirmHistory:
        """The firm's other claims, as the rules see them while this window checks."""
        return self.editing.history

    # --- building ---------------------------------------------------------------------------

    def _build_actions(self) -> None:
        bar = self.addToolBar("操作")
        bar.setMovable(False)
        self.save_action = make_action(self, "保存", QKeySequence.StandardKey.Save)
        self.save_action.setToolTip("保存草稿（Ctrl+S）")
        self.save_action.triggered.connect(self.save)
        self.submit_action = make_action(self, "检查并标记为待提交", "Ctrl+Return")
        self.submit_action.setToolTip("所有必须符合的条款都符合后，标记为“待提交”（Ctrl+Enter）")
        self.submit_action.triggered.connect(self.mark_ready)
        self.preview_action = make_action(self, "打印预览", QKeySequence.StandardKey.Print)
        self.preview_action.setToolTip("保存后生成申报材料 PDF，可预览、保存和打印（Ctrl+P）")
        self.preview_action.triggered.connect(self.preview_packet)
        self.export_action = make_action(self, "导出申报包…", "Ctrl+E")
        self.export_action.setToolTip(
            "签名导出申报包（.gxpkg，Ctrl+E），交给所在高新区园区审核；导出后状态为“已提交”。"
            "须先“检查并标记为待提交”（Ctrl+Enter）"
        )
        self.export_action.triggered.connect(self.export_submission)
        self.withdraw_action = make_action(self, "撤回并重新报送…")
        self.withdraw_action.setToolTip(
            "所在高新区选错时：撤回已报送（已提交或退回补正）的申报，按申报主体中改正后的高新区重新导出申报包"
        )
        self.withdraw_action.triggered.connect(self.withdraw_and_resend)
        self.copy_action = make_action(self, "复制为新申报")
        self.copy_action.setToolTip("以这份申报（含附件）为底稿新建一份草稿，按现行政策参数检查")
        self.copy_action.triggered.connect(self.copy_as_new)
        self.delete_action = make_action(self, "删除草稿…")
        self.delete_action.setToolTip("删除这份草稿（只能删除“草稿”和“待提交”的申报）")
        self.delete_action.triggered.connect(self.delete_draft)
        close = make_action(self, "关闭", QKeySequence.StandardKey.Close)
        close.triggered.connect(self.close)
        actions = (
            self.save_action,
            self.submit_action,
            self.preview_action,
            self.export_action,
            self.withdraw_action,
        )
        for action in (*actions, self.copy_action, self.delete_action, close):
            if action is self.copy_action:
                bar.addSeparator()
            bar.addAction(action)
            self.addAction(action)
        # F1: this form's 填报说明, beside the application being filled (帮助 › 填报说明)
        self.guide_action = make_action(self, "填报说明", "F1")
        self.guide_action.triggered.connect(self.show_form_guide)
        self.addAction(self.guide_action)

    def show_form_guide(self) -> QWidget:
        from app.gui.help.help_menu import show_form_guide

        return show_form_guide(self, self.store, self.definition.kind)

    # --- checking as you type ---------------------------------------------------------------

    def _on_edit(self) -> None:
        if not self.editable:
            return
        self.dirty = True
        self._update_title()
        self._check_timer.start()
        self._save_timer.start()

    def recheck(self) -> Check:
        """Parse what is typed (once); put problems under their fields and rerun the rules."""
        check = self.editing.check(self.editor.data(), keep=self.dirty)
        self._input_issues = check.issues
        if check.journal_failed:
            self.statusBar().showMessage("无法写入临时恢复文件（磁盘已满或无权限）", 8000)
        self.report = check.report
        self.attachments.show_answers(check.form if check.form is not None else check.data)
        if check.report is None:  # not even a set of fields: nothing for the rules to read
            self.editor.show_issues(check.issues)
            self.rules.show_input_problems(check.issues)
        else:  # with fields in error, the rules ran over the others: every rule is listed
            self.editor.show_field_issues(report_by_field(check.report, typed=check.issues))
            self.rules.show_report(check.report, typed=check.issues)
        return check

    def focus_field(self, name: str) -> None:
        if not self.editor.focus_field(name):
            self.statusBar().showMessage("该栏目在当前申请类别下不需填写", 4000)

    # --- saving -----------------------------------------------------------------------------

    def autosave(self) -> None:
        if self.dirty:  # errors and all: the fields in error are kept as typed, marked
            self.save(quiet=True)

    def save(self, quiet: bool = False) -> bool:
        """Save the draft; on failure say why and keep everything typed (and its recovery file)."""
        if not self.editable:
            return True
        self._check_timer.stop()
        self._save_timer.stop()
        check = self.recheck()
        with user_errors() as refused:
            self.editing.save(check)
        if refused:
            self.store_error = refused.message
            self.statusBar().showMessage(f"保存失败：{refused.message}", 15000)
            if not quiet:
                show_error(
                    self,
                    "保存失败",
                    f"{refused.message}\n\n已填写的内容仍在窗口中，并已临时保留。",
                    box="critical",
                )
            return False
        self.dirty = False
        self.store_error = None
        self.attachments.show_record(self.record)  # files the new answers no longer ask for moved
        wrong = f"（{len(check.issues)} 处填写有误，已标红）" if check.issues else ""
        self.state.setText(f"已保存 {datetime.now():%H:%M:%S}{wrong}")
        self._update_title()
        self.saved.emit(self.record.id)
        return True

    def mark_ready(self) -> None:
        if not self.save():
            return
        if self._input_issues:  # saved as typed; the store would refuse it too
            first = self._input_issues[0]
            plain.warning(
                self,
                "暂不能标记为待提交",
                f"有 {len(self._input_issues)} 处填写有误（已用红字标在栏目下方），"
                f"草稿已保存，改正后才能标记为待提交。\n第一处：{first.describe()}",
            )
            self.focus_field(str(first.path[0]))
            return
        with shows_errors(self, "暂不能提交", on_refusal=lambda _: self._show_missing()) as refused:
            self.editing.mark_ready()
        if refused:
            return
        self._update_title()
        self.saved.emit(self.record.id)
        plain.information(self, "已检查", "全部必须符合的条款均已符合，已标记为“待提交”。")

    def _save_pending(self) -> bool:
        """Save unsaved edits, if any. Saving a 待提交 application sends it back to 草稿 (its
        content must be checked again), so nothing is saved when nothing changed."""
        return not self.dirty or self.save()

    def preview_packet(self) -> PacketPreview | None:
        """The packet of what is saved: unsaved edits are saved first, so paper matches data."""
        if not self._save_pending():
            return None
        from app.gui.applications.packet_preview import PacketPreview

        preview = PacketPreview(self.store, self.record.id, self)
        preview.open()  # modal to this window: the paper cannot fall behind further edits
        return preview

    # --- the park office: packages out, decisions in --------------------------------------------

    def export_submission(self) -> SubmissionExport | None:
        """导出申报包: save, then print, sign and save the package (see submission_export)."""
        if self.export is not None:  # one export at a time; its dialog is on screen
            return None
        if not self._save_pending():
            return None
        status = self.record.status
        if self.record.received:
            plain.warning(
                self, "不能导出申报包", "这份申报是从申报包收到的，只有填写它的单位可以导出申报包。"
            )
            return None
        if not can_export(status):
            problems = self.report.reasons() if self.report and not self.report.can_submit else []
            todo = (
                "请先改正下列问题，再“检查并标记为待提交”："
                + "".join(f"\n· {p}" for p in problems[:8])
                if problems
                else "请先“检查并标记为待提交”。"
            )
            plain.warning(
                self,
                "暂不能导出申报包",
                f"“{status.label}”状态的申报不能导出申报包。{todo}\n\n申报状态没有改变。",
            )
            self._show_missing()
            return None
        if not office_key_ready(self.store):  # a server store: 本单位签名口令, once a session
            self.passphrase_dialog = ensure_office_key(
                self, self.store, "导出申报包", self.export_submission
            )
            return None
        export = SubmissionExport(self.store, self.record.id, self)
        export.status_changed.connect(self._after_export)
        export.ended.connect(self._export_ended)
        self.export = export
        export.start()
        return export

    def withdraw_and_resend(self) -> SubmissionExport | None:
        """撤回并重新报送: confirm with a reason, withdraw, then export to the corrected zone."""
        from app.gui.editor.withdrawal import WithdrawDialog
        from db.withdrawal import resend_zones, withdraw_submission

        if self.export is not None or self.record.received:
            return None
        if not self._withdrawable():
            return None
        if not office_key_ready(self.store):  # the key open before anything is withdrawn
            self.passphrase_dialog = ensure_office_key(
                self, self.store, "撤回并重新报送", self.withdraw_and_resend
            )
            return None
        was_to, now_to = resend_zones(self.store, self.record.id)
        dialog = WithdrawDialog(self.record.number or "", was_to, now_to, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        with shows_errors(self, "未撤回", "{}\n\n申报状态没有改变。") as refused:
            withdrawal = withdraw_submission(self.store, self.record.id, dialog.reason)
        if refused:
            return None
        self._after_export(self.record.id)  # 已提交 no more: reload, editable again
        self.state.setText(f"已撤回（原报送 {zone_name_or(was_to)}）")
        if withdrawal.status is not Status.READY:
            plain.warning(
                self,
                "已撤回",
                "申报已撤回，但按现在的申报主体信息检查有不符合的项目，暂不能重新导出："
                "请改正后“检查并标记为待提交”，再“导出申报包”。",
            )
            return None
        return self.export_submission()

    @property
    def editable(self) -> bool:
        """The application may be changed here: its status allows it and the store is writable."""
        return self.editing.editable

    def _show_editable(self) -> None:
        """Fields open for typing, or read-only looking so and a banner saying why."""
        editable = self.editable
        self.editor.set_read_only(not editable)
        self.editor.setStyleSheet("" if editable else READ_ONLY_STYLE)
        self.read_only_banner.show_reason(
            read_only_reason(self.record, store_read_only=self.store.read_only)
        )

    def copy_as_new(self) -> int | None:
        """复制为新申报: what is saved here (edits saved first) becomes a new draft, opened."""
        from app.gui.applications.draft_actions import copy_as_new_draft

        if self.editable and not self._save_pending():
            return None
        copied = copy_as_new_draft(self, self.store, self.record.id)
        if copied is not None:
            self.open_requested.emit(copied)
        return copied

    def delete_draft(self) -> bool:
        """删除草稿, confirmed; the window closes with it."""
        from app.gui.applications.draft_actions import delete_drafts

        self._check_timer.stop()
        self._save_timer.stop()
        if not delete_drafts(self, self.store, [self.record.id]):
            return False
        self.close_without_saving()
        return True

    def _withdrawable(self) -> bool:
        from db.withdrawal import can_withdraw

        return can_withdraw(self.store, self.record.id)

    def _after_export(self, _application_id: int) -> None:
        self.editing.reload()  # now 已提交, read-only
        self._show_editable()
        self.attachments.show_record(self.record)
        self.reload_decision()
        self._update_title()
        self.state.setText(f"已导出第{self.record.submission_revision}版")
        self.saved.emit(self.record.id)

    def _export_ended(self) -> None:
        self.export = None

    def reload_decision(self) -> None:
        """Show the park office's latest decision (banner, beside fields and rules) and the
        status it set; call after a decision on this application was imported."""
        before = self.record.status
        self.editing.reload()
        decision = None
        if self.record.submission_revision:  # never sent: nothing can have come back
            decision = Review(self.store).latest_decision(self.record.id)
        self.decision = decision if decision is not None and decision.received else None
        self.decision_banner.show_decision(self.decision, self.record)
        self.editor.show_remarks(field_remarks(self.decision) if self.decision else [])
        self.rules.show_remarks(rule_remarks(self.decision) if self.decision else {})
        self.attachments.show_remarks(material_remarks(self.decision) if self.decision else {})
        if self.record.status is not before:
            self._show_editable()
            self.attachments.show_record(self.record)
            self._update_title()
            self.saved.emit(self.record.id)

    def _store_changed(self, change: Change) -> None:
        # A decision on this application came in (imported here, in any window or thread).
        if change.touches(self.record.id) and "review_decisions" in change.tables:
            self.reload_decision()

    def focus_material(self, material_id: str) -> None:
        """A 材料齐全 line was clicked: show that material's slot in the 附件 tab."""
        self.side_tabs.setCurrentWidget(self.attachments)
        self.attachments.reveal(material_id)

    def focus_reason_material(self, material: str) -> None:
        """A reason about a material: to the 附件 tab, where its slot is."""
        self.focus_material(material)
        aimed = self.decision.reasons_for_material(material) if self.decision else []
        if aimed:
            self.statusBar().showMessage(
                f"园区对“{one_line(aimed[0].label)}”的意见：请在“附件”页该项材料中补正", 8000
            )

    def focus_reason_field(self, field_path: str) -> None:
        if is_applicant_path(field_path):
            self.statusBar().showMessage(
                "该意见针对申报主体信息：请到主窗口的“申报主体”页修改", 8000
            )
            return
        path = tuple(int(p) if p.isdigit() else p for p in field_path.split("."))
        if not self.editor.focus_path(path):
            self.statusBar().showMessage("该栏目在当前申请类别下不需填写", 4000)

    def focus_reason_rule(self, rule_id: str) -> None:
        self.side_tabs.setCurrentWidget(self.rules)
        self.rules.select_rule(rule_id)

    def _show_missing(self) -> None:
        """After a refused submission, mark the unfilled required fields too."""
        if self.report is not None:
            by_field = report_by_field(self.report, with_missing=True, typed=self._input_issues)
            self.editor.show_field_issues(by_field)

    # --- attachments ------------------------------------------------------------------------

    def _reload_keep_edits(self) -> None:
        # Attachments change the stored revision; pick it up without dropping what is typed.
        self.editing.reload()
        self.attachments.show_record(self.record)
        self.recheck()  # the 材料齐全 lines follow the files
        self.saved.emit(self.record.id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and self.editable:
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.attachments.add([p for p in paths if p.is_file()])
        event.acceptProposedAction()

    # --- window -----------------------------------------------------------------------------

    def _update_title(self) -> None:
        mark = "（未保存）" if self.dirty else ""
        self.setWindowTitle(
            window_title(self.record.title, self.definition.title, self.record.status.label + mark)
        )
        self.save_action.setEnabled(self.editable)
        received = self.record.received
        self.submit_action.setEnabled(can_mark_ready(self.record.status, received=received))
        self.export_action.setEnabled(can_export(self.record.status, received=received))
        self.withdraw_action.setEnabled(self._withdrawable())
        self.copy_action.setEnabled(not received and not self.store.read_only)
        self.delete_action.setEnabled(
            self.editable and can_delete(self.record.status) and not received
        )
        self.decision_banner.update_advice(self.record)

    def close_without_saving(self) -> None:
        """Close, keeping nothing typed: the data under this window was replaced (a restore)."""
        self._discarding = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._discarding:
            self.journal.discard(self.record.id)
            event.accept()
            return
        if self._discard_if_untouched():
            event.accept()
            return
        if not self.dirty or self.save(quiet=True):
            event.accept()
            return
        # A draft saves errors and all, so only the store refuses (read-only, disk full, changed
        # elsewhere): what was typed stays in the recovery file, whatever is chosen here.
        answer = plain.question(
            self,
            "保存失败",
            f"{self.store_error or '修改未能保存。'}\n\n修改已保留在恢复文件中，下次启动时可以恢复。\n"
            "选“是”关闭窗口；选“否”留在本窗口。",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            event.accept()
        else:
            event.ignore()

    def _discard_if_untouched(self) -> bool:
        """A new draft closed with nothing typed, saved or attached (Ctrl+N, then closed) is
        not kept as a permanent 「未命名…」 draft."""
        if not self.new_draft or not self.editable or self.editor.data() != self._empty_data:
            return False
        with user_errors() as refused:
            discarded = discard_untouched(self.store, self.record.id)
        if refused or not discarded:
            return False
        self.journal.discard(self.record.id)
        self.saved.emit(self.record.id)  # the list forgets it
        return True
