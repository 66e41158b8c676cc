"""The main window: navigation to 申报主体, 我的申报 and (for a park office) 审核."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.theme import NAV_STYLE, make_action
from app.gui.widgets.titles import APP_TITLE, window_title
from app.gui.widgets.window_geometry import place_window

if TYPE_CHECKING:
    from app.gui.applications.applications_page import ApplicationsPage
    from app.gui.backup_dialog import BackupDialog
    from app.gui.editor.application_window import ApplicationWindow
    from app.gui.open_files import OpenedImports
    from app.recovery import RecoveredDraft, RecoveryJournal
    from db.first_page import FirstPage
    from db.repository import Store

OPENING = "正在打开数据库……"
AUTOMATIC_BACKUP_AFTER_MS = 60_000  # the daily automatic backup waits this long after start
GATHER_HANDOVERS_MS = 400  # files handed over this close together are imported together


class MainWindow(QMainWindow):
    """Shown as soon as Qt is up; its pages arrive with the store (``attach``).

    This module imports only Qt at the top, so the window can paint before SQLAlchemy and the
    forms are loaded; the rest is imported when the store is attached. Meanwhile 我的申报 can
    show the first page read straight from the store's file (``first_page``); what is asked of
    the store in that time (新建, 打开) is done once it is open (``finish_start``).

    The window and the list name Qt's enums as QtCore.Qt.… inside functions, never import Qt
    by name: PySide builds its whole Qt namespace (94 enums, some 40 ms) when Qt is first
    named, and the first frame, rows and all, is painted without it.
    """

    def __init__(
        self,
        store: Store | None = None,
        journal: RecoveryJournal | None = None,
        first_page: FirstPage | None = None,
    ) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.windows: dict[int, ApplicationWindow] = {}
        self.store_ready = False
        self.restart_requested = False  # set once a backup is restored: reopen on close
        self.backup_job: QtCore.QObject | None = None  # the automatic backup, while it runs
        self.file_import: QtCore.QObject | None = None  # the last 导入申报文件, while it runs
        self._queued: dict[str, Callable[[], object]] = {}  # by what, so a double click is one
        self.files_to_open: list[str] = []  # given to open (double click) before the store was
        self.opened: OpenedImports | None = None  # what opening the last files started
        self.passphrase_change: QtCore.QObject | None = None  # 更改办公室签名口令, once opened
        self.nav = QListWidget(self)
        self.nav.setObjectName("nav")
        self.nav.setStyleSheet(NAV_STYLE)
        self.nav.setFixedWidth(
            124
        )  # 统计与导出, five characters at 11 pt, with its padding: the rest is the list's
        self.pages = QStackedWidget(self)
        # With a first page the loading text is never seen (and its alignment alone would have
        # PySide build the Qt namespace, some 40 ms, before the first frame).
        self.loading = PlainLabel(OPENING if first_page is None else "", self)
        if first_page is None:
            self.loading.setAlignment(QtCore.Qt.AlignmentFlag.AlignCenter)
        self.pages.addWidget(self.loading)
        self.nav.currentRowChanged.connect(lambda row: self.pages.setCurrentIndex(row + 1))
        body = QWidget(self)
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        # The list is the day's work: on a laptop it takes the whole screen, elsewhere 1440×900.
        self.placement = place_window(self, "main", (1440, 900))
        # The window owns Ctrl+N/Ctrl+F/Ctrl+S: bound before the pages, which then leave them be.
        self._build_actions()
        if first_page is not None:  # while the store opens: 我的申报 from its file
            self._add_list_page(None, first_page)
            self.nav.setCurrentRow(0)
            self.statusBar().showMessage(OPENING)
        if store is not None and journal is not None:
            self.attach(store, journal)

    def _add_list_page(self, store: Store | None, first_page: FirstPage | None = None) -> None:
        from app.gui.applications.applications_page import ApplicationsPage

        self.applications_page: ApplicationsPage = ApplicationsPage(store, self, first_page)
        self.applications_page.new_requested.connect(self.new_application)
        self.applications_page.open_requested.connect(self.open_application)
        self.applications_page.import_requested.connect(self.import_application_files)
        self._add_page("我的申报", self.applications_page)

    def attach(self, store: Store, journal: RecoveryJournal) -> None:
        """Build the pages over the opened store."""
        from app.gui.applications.pages import ProfilePage
        from app.settings import Mode, read_mode

        self.store = store
        self.journal = journal
        self.placement.use_store(store)  # opened after the first frame: its size now
        self.mode = read_mode(store) or Mode.ENTERPRISE
        read_only = "，只读" if store.read_only else ""
        self.setWindowTitle(window_title(f"{self.mode.label}{read_only}"))
        if hasattr(self, "applications_page"):
            self.applications_page.attach(store)
        else:
            self._add_list_page(store)
        self.profile_page = ProfilePage(store, self)
        self._add_page("申报主体", self.profile_page)
        if self.mode is Mode.PARK_OFFICE:
            self._add_review_pages(store)
        self._build_menus()
        # An office opens on its queue; an enterprise on its own applications.
        self.show_page(
            self.review_page if self.mode is Mode.PARK_OFFICE else self.applications_page
        )
        from db.opening import store_place

        place = store_place(store.engine.url.render_as_string(hide_password=True))
        if store.read_only:
            place = f"只读（只能查看、导出和打印，不能保存）　{place}"
        self.statusBar().showMessage(place)
        from app.gui.widgets.live_refresh import start_live_refresh

        self.live_refresh = start_live_refresh(store, self.statusBar())  # server stores only
        self.store_ready = True

    def _add_review_pages(self, store: Store) -> None:
        """园区端: the review queue and the statistics, both over received applications."""
        from app.gui.officers.officer import OfficerSession
        from app.gui.review.dashboard import DashboardPage
        from app.gui.review.review_page import ReviewPage

        self.officers = OfficerSession(store, self)
        self.review_page = ReviewPage(store, self.officers, self)
        self.dashboard_page = DashboardPage(store, self)
        self._add_page("审核", self.review_page)
        self._add_page("统计与导出", self.dashboard_page)

    def _build_menus(self) -> None:
        """The menu bar: every command with its shortcut and an Alt mnemonic."""
        from app.gui.exchange.zone_import import import_zone_register
        from app.gui.help.help_menu import add_help_actions
        from app.settings import Mode
        from db.office_key import shares_office_key

        bar = self.menuBar()
        bar.clear()
        files = bar.addMenu("文件(&F)")
        files.addAction(self.new_action)
        application_files = make_action(self, "导入申报文件(&J)…")
        application_files.setToolTip("导入已有的申报文件（JSON），可一次选多个，全部导入或都不导入")
        application_files.triggered.connect(self.import_application_files)
        files.addAction(application_files)
        excel = make_action(self, "导出我的申报到 Excel(&E)…")
        excel.setToolTip("把“我的申报”列表中当前显示的申报导出为 Excel 表格")
        excel.triggered.connect(self.export_applications_excel)
        files.addAction(excel)
        blank = make_action(self, "打印空白申报表及材料清单(&L)…")
        blank.triggered.connect(self.print_blank_form)
        files.addAction(blank)
        if self.mode is Mode.PARK_OFFICE:
            packages = make_action(self, "导入申报包(&I)…", "Ctrl+I")
            packages.triggered.connect(self.review_page.import_packages)
            folder = make_action(self, "导入文件夹中的申报包(&O)…")
            folder.triggered.connect(self.import_package_folder)
            files.addActions([packages, folder])
        else:
            decisions = make_action(self, "导入审核决定(&D)…", "Ctrl+I")
            decisions.triggered.connect(self.import_decisions)
            card = make_action(self, "导入园区名片(&C)…")
            card.triggered.connect(self.import_office_card)
            pinned = make_action(self, "已记录的园区(&P)…")
            pinned.triggered.connect(self.show_pinned_offices)
            files.addActions([decisions, card, pinned])
        files.addSeparator()
        zones = make_action(self, "导入高新区名录(&Z)…")
        zones.triggered.connect(lambda: import_zone_register(self))
        files.addAction(zones)
        files.addSeparator()
        safety = make_action(self, "备份与恢复(&B)…")
        safety.triggered.connect(self.show_backups)
        check = make_action(self, "数据检查(&K)")
        check.triggered.connect(lambda: self.show_backups().check())
        files.addActions([safety, check])
        files.addSeparator()
        quit_action = make_action(self, "退出(&X)", QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        files.addAction(quit_action)
        if self.mode is Mode.PARK_OFFICE:
            review = bar.addMenu("审核(&R)")
            queue = make_action(self, "审核队列(&Q)")
            queue.triggered.connect(lambda: self.show_page(self.review_page))
            stats = make_action(self, "统计与导出(&S)")
            stats.triggered.connect(lambda: self.show_page(self.dashboard_page))
            accounts = make_action(self, "管理审核人账号(&A)…")
            accounts.triggered.connect(lambda: self.officers.manage(self))
            sign_out = make_action(self, "退出登录(&L)")
            sign_out.triggered.connect(self.officers.sign_out)
            review.addActions([queue, stats])
            review.addSeparator()
            review.addAction(accounts)
            if shares_office_key(self.store):  # a desktop key file has no passphrase to change
                passphrase = make_action(self, "更改办公室签名口令(&P)…")
                passphrase.setObjectName("change_office_passphrase")
                passphrase.setToolTip("更改保护本园区签名密钥的口令（密钥与指纹不变）")
                passphrase.triggered.connect(self.change_office_passphrase)
                review.addAction(passphrase)
            review.addAction(sign_out)
        help_menu = bar.addMenu("帮助(&H)")
        key = make_action(self, "本机密钥指纹(&K)…")
        key.triggered.connect(self.show_key_fingerprint)
        about = make_action(self, "关于(&A)")
        about.triggered.connect(self.show_about)
        help_menu.addAction(key)
        if self.mode is Mode.PARK_OFFICE:
            card = make_action(self, "导出本园区名片(&C)…")
            card.triggered.connect(self.export_office_card)
            help_menu.addAction(card)
        help_menu.addAction(about)
        add_help_actions(help_menu, self, self.store)  # 填报说明, 用户手册 at the top

    def import_application_files(self) -> QtCore.QObject | None:
        """文件 › 导入申报文件: JSON files, several at once, all or none, off the GUI thread."""
        if not self.store_ready:
            self._queue("files", self.import_application_files, "导入申报文件")
            return None
        from app.gui.applications.file_import import choose_and_import_files

        self.file_import = choose_and_import_files(self, self.store)
        return self.file_import

    def export_applications_excel(self) -> None:
        """文件 › 导出我的申报到 Excel: the list as shown on 我的申报 (its filters and order)."""
        self.show_page(self.applications_page)
        self.applications_page.export_excel()

    def open_files(self, paths: Sequence[str]) -> None:
        """Import files the program was given to open (a double click on a .gxpkg, .gxdec or
        .json; see app/gui/open_files.py), once the store is open."""
        self.files_to_open += paths
        if not self.store_ready:
            self._queue("open-files", self._open_given_files, "打开所给的文件")
            return
        self._open_given_files()

    def receive_files(self, paths: Sequence[str]) -> None:
        """Files a second start handed over (app/gui/file_handover.py): to the front, open them.

        Several files chosen in Explorer and opened at once come one start each: those arriving
        within GATHER_HANDOVERS_MS go to one import, as if chosen together in the menu's dialog.
        """
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()
        self.files_to_open += paths
        if not self.store_ready:
            self._queue("open-files", self._open_given_files, "打开所给的文件")
        elif len(self.files_to_open) == len(paths):  # the first of a burst: gather the rest
            QtCore.QTimer.singleShot(GATHER_HANDOVERS_MS, self._open_given_files)

    def _open_given_files(self) -> None:
        from app.gui.open_files import open_given_files
        from app.opened_files import OpenedKind
        from app.settings import Mode

        paths, self.files_to_open = self.files_to_open, []
        if not paths:
            return
        office = self.officers if self.mode is Mode.PARK_OFFICE else None
        self.opened = opened = open_given_files(self, self.store, paths, office)
        if OpenedKind.SUBMISSION in opened.kinds:
            self.show_page(self.review_page)
        elif opened.kinds:
            self.show_page(self.applications_page)

    def import_decisions(self) -> None:
        """企业端: take in decision packages from the park office, then show them."""
        from app.gui.exchange.package_import import choose_and_import

        choose_and_import(self, self.store, "decision")  # the windows show them as they come

    def import_office_card(self) -> None:
        from app.gui.exchange.office_card import import_office_card

        import_office_card(self, self.store)

    def show_pinned_offices(self) -> None:
        from app.gui.exchange.office_card import PinnedOfficesDialog

        PinnedOfficesDialog(self.store, self).exec()

    def export_office_card(self) -> None:
        from app.gui.exchange.office_card import export_office_card
        from app.gui.exchange.office_passphrase import ensure_office_key

        ensure_office_key(
            self, self.store, "导出本园区名片", lambda: export_office_card(self, self.store)
        )

    def import_package_folder(self) -> None:
        from app.gui.exchange.package_import import choose_folder_and_import

        account = self.officers.require(self)
        if account is None:
            return
        choose_folder_and_import(
            self, self.store, "submission", actor=account.actor, session=self.officers
        )

    def change_office_passphrase(self) -> QtCore.QObject | None:
        """审核 › 更改办公室签名口令… (server stores only), by a signed-in officer."""
        from app.gui.exchange.office_passphrase import change_office_passphrase_dialog

        account = self.officers.require(self)
        if account is None:
            return None
        self.passphrase_change = change_office_passphrase_dialog(
            self, self.store, actor=account.actor
        )
        return self.passphrase_change

    def show_key_fingerprint(self) -> None:

        from db.exchange import Exchange
        from db.office_key import key_words, shares_office_key

        with shows_errors(self, "本机密钥指纹") as refused:
            fingerprint = Exchange(self.store).fingerprint
        if refused:
            return
        whose = "本机签名密钥的指纹"
        if shares_office_key(self.store):
            words = key_words(self.store)
            whose = f"{words.key}（存于共享数据库，{words.sharers}的电脑相同）的指纹"
        plain.information(
            self,
            "本机密钥指纹",
            f"{whose}：\n\n{fingerprint}\n\n"
            "对方首次收到本机的申报包或审核决定时，可电话向您核对这串指纹，"
            "以确认文件确实来自本机。",
        )

    def show_about(self) -> QtCore.QObject:
        """帮助 › 关于: name, version, measures and register in use, data folder, licences."""
        from app.gui.about_dialog import AboutDialog

        dialog = AboutDialog(getattr(self, "store", None), self)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_backups(self) -> BackupDialog:
        """文件 › 备份与恢复; after a restore the program reopens on the restored data."""
        from app.gui.backup_dialog import BackupDialog

        dialog = BackupDialog(self.store, self, before_restore=self.close_windows)
        dialog.restored.connect(self._reopen_after_restore)
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def close_windows(self) -> bool:
        """Close every application and review window (each saves or asks); False if one stays."""
        review_page = getattr(self, "review_page", None)
        if not all(window.close() for window in list(self.windows.values())):
            return False
        return review_page is None or review_page.close_windows()

    def _reopen_after_restore(self) -> None:
        # Whatever is still open belongs to the data just replaced: close it without saving.
        for window in list(self.windows.values()):
            window.close_without_saving()
        plain.information(
            self, "恢复完成", "数据已从备份恢复。程序将关闭并重新打开，以载入恢复的数据。"
        )
        self.restart_requested = True
        self.close()

    def back_up_if_due(self) -> None:
        """The daily automatic backup, on a worker thread; a failure is only noted."""
        store = getattr(self, "store", None)
        if store is None or store.read_only or self.backup_job is not None:
            return
        from app.gui.widgets.background import BackgroundJob
        from db.automatic_backups import automatic_backup

        job = BackgroundJob(
            lambda progress: automatic_backup(store, cancelled=lambda: progress.cancelled), self
        )
        job.failed.connect(
            lambda message: self.statusBar().showMessage(f"自动备份未完成：{message}", 15000)
        )
        self.backup_job = job
        job.start()

    def finish_start(self) -> None:
        """Once attached: offer back unsaved edits, then do what was asked while it opened."""
        # A minute in, not at once: the start is for the user; a short session needs none.
        QtCore.QTimer.singleShot(AUTOMATIC_BACKUP_AFTER_MS, self.back_up_if_due)
        self.offer_recovery()
        queued, self._queued = self._queued, {}
        for action in queued.values():
            action()

    def _queue(self, what: str, action: Callable[[], object], message: str) -> None:
        """Keep ``action`` for ``finish_start``: the store it needs is still opening."""
        self._queued[what] = action
        self.statusBar().showMessage(f"数据库正在打开，打开后即{message}……")

    def show_page(self, page: QWidget) -> None:
        """Select ``page`` in the navigation (the list row follows the stacked page)."""
        self.nav.setCurrentRow(self.pages.indexOf(page) - 1)  # index 0 is the loading page

    def _add_page(self, title: str, page: QWidget) -> None:
        self.nav.addItem(title)
        self.pages.addWidget(page)

    def _build_actions(self) -> None:
        new = make_action(self, "新建申报(&N)", QKeySequence.StandardKey.New)
        new.triggered.connect(self.new_application)
        self.new_action = new
        save = make_action(self, "保存", QKeySequence.StandardKey.Save)
        save.triggered.connect(self._save_current_page)
        search = make_action(self, "搜索", QKeySequence.StandardKey.Find)
        search.triggered.connect(self._focus_search)
        for action in (new, save, search):
            self.addAction(action)

    def _save_current_page(self) -> None:
        if self.store_ready and self.pages.currentWidget() is self.profile_page:
            self.profile_page.save()

    def _focus_search(self) -> None:
        if hasattr(self, "applications_page"):
            self.show_page(self.applications_page)
            self.applications_page.focus_search()

    def new_application(self) -> None:
        if not self.store_ready:
            self._queue("new", self.new_application, "新建申报")
            return
        from PySide6.QtWidgets import QDialog

        from app.gui.applications.pages import NewApplicationDialog
        from app.settings import own_applicant_id

        applicant_id = own_applicant_id(self.store)
        if applicant_id is None:
            plain.information(self, "请先填写申报主体", "新建申报前，请先填写并保存申报主体信息。")
            self.show_page(self.profile_page)
            return
        profile = self.store.get_applicant(applicant_id).profile
        dialog = NewApplicationDialog(self, profile, self.store)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        with shows_errors(self, "无法新建", box="critical") as refused:
            record = self.store.create_application(dialog.kind(), applicant_id)
        if refused:
            return
        window = self.open_application(record.id)
        if window is not None:
            window.new_draft = True  # closed untouched, it is discarded

    def print_blank_form(self) -> None:
        """Pick a form and preview its blank form with the materials to gather (needs no
        申报主体 and no open store: a clerk starts here)."""
        from app.gui.applications.pages import BlankFormDialog

        BlankFormDialog(self, self.store if self.store_ready else None).exec()

    def open_application(
        self, application_id: int, recovered: dict | None = None
    ) -> ApplicationWindow | None:
        """The application's window, shown; None while the store opens (it opens after)."""
        if not self.store_ready:
            self._queue(
                f"open {application_id}",
                lambda: self.open_application(application_id, recovered),
                "打开所选申报",
            )
            return None
        from app.gui.editor.application_window import ApplicationWindow
        from app.gui.widgets.window_registry import show_window

        review_page = getattr(self, "review_page", None)
        if (
            review_page is not None
            and application_id not in self.windows
            and self.store.load(application_id).received  # the office reviews, never edits
        ):
            review_page.open_application(application_id)
            return None

        def make() -> ApplicationWindow:
            window = ApplicationWindow(self.store, application_id, self.journal, None, recovered)
            window.open_requested.connect(self.open_application)  # 复制为新申报 opens the copy
            return window

        return show_window(self.windows, application_id, make)

    def offer_recovery(self) -> None:
        """After a crash, offer back what was typed but never saved.

        A draft whose application was deleted, handed in, or saved again since is not offered:
        it would overwrite newer content. Esc keeps the files for the next start.
        """

        from db.backup import RESTORED_AT_SETTING

        restored_at = self.store.get_setting(RESTORED_AT_SETTING) or ""
        drafts, stale = [], []
        for draft in self.journal.pending():
            if self.journal.before(draft, restored_at):
                stale.append(draft)  # typed into the data a restored backup replaced
                continue
            try:
                record = self.store.load(draft.application_id)
            except Exception:
                stale.append(draft)
                continue
            if not record.editable or record.revision != draft.revision:
                stale.append(draft)
            else:
                drafts.append(draft)
        for draft in stale:
            self.journal.discard(draft.application_id)
        if not drafts:
            return
        choice = self.ask_recovery(drafts)
        for draft in drafts:
            if choice == "restore":
                try:
                    self.open_application(draft.application_id, recovered=draft.data)
                except Exception as exc:  # keep the file: nothing typed is thrown away here
                    plain.warning(
                        self,
                        "无法恢复",
                        f"“{draft.title}”暂不能恢复（{exc}），修改仍保留在恢复文件中。",
                    )
            elif choice == "discard":
                self.journal.discard(draft.application_id)

    def ask_recovery(self, drafts: list[RecoveredDraft]) -> str:
        """ "restore", "later" (Esc: keep the files) or "discard"."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QMessageBox

        names = "\n".join(f"· {d.title}（{d.written_at:%Y-%m-%d %H:%M}）" for d in drafts)
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("恢复未保存的内容")
        box.setTextFormat(Qt.TextFormat.PlainText)  # titles are the applicants' own text
        box.setText(f"上次退出时有 {len(drafts)} 份申报的修改尚未保存：\n{names}")
        box.setInformativeText(
            "“恢复”打开这些申报并填回修改；“以后再说”保留到下次启动；“丢弃”删除这些修改。"
        )
        restore = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton("以后再说", QMessageBox.ButtonRole.RejectRole)
        discard = box.addButton("丢弃", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(restore)
        box.setEscapeButton(later)
        box.exec()
        clicked = box.clickedButton()
        if clicked is restore:
            return "restore"
        if clicked is discard:
            return "discard"
        del later
        return "later"

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        page = getattr(self, "profile_page", None)
        if page is not None and page.dirty:
            from PySide6.QtWidgets import QMessageBox

            answer = plain.question(
                self,
                "申报主体尚未保存",
                "申报主体信息有未保存的修改。是否保存？",
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not page.save()
            ):
                self.show_page(page)
                event.ignore()
                return
        for window in list(self.windows.values()):
            if not window.close():
                event.ignore()
                return
        review_page = getattr(self, "review_page", None)
        if self.backup_job is not None:  # an unfinished automatic backup leaves no file behind
            self.backup_job.cancel()  # type: ignore[attr-defined]
            self.backup_job.wait()  # type: ignore[attr-defined]
        if review_page is not None:
            if not review_page.close_windows():
                event.ignore()
                return
            self.officers.sign_out()  # the next person at a shared machine signs in anew
        event.accept()
