"""A recovery code shown once (to be written down or saved), and 用恢复码重设密码 with it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from app.files import write_file
from app.gui.officers.account_form import AccountFormDialog, OfficerSeat
from app.gui.widgets import plain
from app.gui.widgets.errors import shows_errors
from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.save_dialogs import ask_save_path
from db.accounts import PASSWORD_RULE, SignInError, SignInWait

HOW_TO_USE = (
    "忘记密码时，在登录窗口点“忘记密码？用恢复码重设”，输入登录名、此恢复码和新密码即可重设。"
    "恢复码只能用一次，用后会给出新的恢复码。"
)


def recovery_code_text(actor: str, code: str) -> str:
    """The saved file: who it is for, the code, and how to use it (Windows line ends)."""
    lines = ["审核人账号恢复码", "", f"账号：{actor}", f"恢复码：{code}", "", HOW_TO_USE]
    lines.append("请把本文件存放在他人拿不到的地方（如打印后锁入文件柜，再删除本文件）。")
    return "\r\n".join(lines) + "\r\n"


class RecoveryCodeDialog(QDialog):
    """The account's recovery code, this once: it is kept only as a hash, never shown again.

    With ``confirm_unsaved``, closing it before the code was saved or printed asks, once,
    whether it was written down (a code handed out unasked, after signing in, is easily
    closed unread)."""

    def __init__(
        self,
        actor: str,
        code: str,
        parent: QWidget | None,
        *,
        lead: str = "",
        confirm_unsaved: bool = False,
    ) -> None:
        super().__init__(parent)
        self.actor, self.code = actor, code
        self.confirm_unsaved = confirm_unsaved
        self.setWindowTitle("恢复码（只显示这一次）")
        self.setModal(True)
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = PlainLabel(f"{lead}{actor}的恢复码：", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.code_label = PlainLabel(code, self)
        self.code_label.setObjectName("recoveryCode")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(font.pointSizeF() * 1.6 if font.pointSizeF() > 0 else 16)
        font.setBold(True)
        self.code_label.setFont(font)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.code_label)
        note = PlainLabel(
            f"{HOW_TO_USE}\n\n本窗口关闭后无法再次查看：请现在抄下、打印，或保存为文件，"
            "存放在他人拿不到的地方。",
            self,
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QHBoxLayout()
        self.print_button = QPushButton("打印…", self)
        self.save_button = QPushButton("保存为文本文件…", self)
        self.done_button = QPushButton("我已记下恢复码", self)
        self.done_button.setDefault(True)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        layout.addLayout(buttons)
        # wrapped text gets its height at the dialog's width, never squeezed under the code
        self.setMinimumHeight(layout.totalHeightForWidth(self.minimumWidth()))
        self.print_button.clicked.connect(self.print_code)
        self.save_button.clicked.connect(self.save)
        self.done_button.clicked.connect(self.accept)
        self.saved_to: str | None = None
        self.printed = False
        self.asked = False  # whether closing unsaved was asked about already

    def done(self, result: int) -> None:
        """Closed by its button, the window's ×, or Esc: with ``confirm_unsaved``, asks once
        first if the code was neither saved nor printed; 否 keeps the window open."""
        if self.confirm_unsaved and not self.asked and not self.saved_to and not self.printed:
            self.asked = True
            answer = plain.question(
                self,
                "恢复码还没有保存",
                "这个恢复码还没有保存为文件，也没有打印。关闭后将无法再次查看；以后忘记密码，"
                "只能请其他审核人在“管理账号”中重设。\n\n"
                "已经抄下恢复码了吗？选“否”回到恢复码窗口保存或打印。",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        super().done(result)

    def print_code(self) -> None:
        """Straight to a printer (through the system's print dialog): no file left behind."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("打印恢复码")
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        document = QTextDocument()
        document.setDefaultFont(self.font())
        document.setPlainText(recovery_code_text(self.actor, self.code).replace("\r\n", "\n"))
        document.print_(printer)
        self.printed = True

    def save(self) -> None:
        # no store: where a secret was saved is not remembered for the next save dialog
        path = ask_save_path(
            self,
            "保存恢复码",
            f"恢复码-{self.actor}.txt",
            "文本文件 (*.txt)",
            store=None,
            folder_key="",
            suffix=".txt",
        )
        if path is None:
            return
        with shows_errors(self, "保存恢复码") as refused:
            write_file(path, recovery_code_text(self.actor, self.code).encode("utf-8-sig"))
        if refused:
            return
        self.saved_to = str(path)
        plain.information(
            self, "保存恢复码", f"已保存：{path}\n\n建议打印后妥善保管，再删除该文件。"
        )


def show_recovery_code(
    parent: QWidget | None,
    actor: str,
    code: str,
    *,
    lead: str = "",
    confirm_unsaved: bool = False,
) -> None:
    dialog = RecoveryCodeDialog(actor, code, parent, lead=lead, confirm_unsaved=confirm_unsaved)
    dialog.exec()
    dialog.deleteLater()  # with the code shown in it


class RecoverDialog(AccountFormDialog):
    """用恢复码重设密码: 登录名, the recovery code, the new password twice."""

    def __init__(self, session: OfficerSeat, parent: QWidget | None, username: str = "") -> None:
        super().__init__("用恢复码重设密码", "重设密码", parent)
        self.session = session
        self.add_intro(
            "忘记密码时，可用创建账号时给出的恢复码设置新密码；也可请其他审核人在“管理账号”中重设。"
        )
        self.username = self.add_field("username", "登录名")
        self.username.setText(username.strip())
        self.code = self.add_field(
            "code", "恢复码", hint="16 位字母和数字，如 K7QM-2XPA-H9RT-5WCE；不分大小写"
        )
        self.password = self.add_field("password", "新密码", password=True, hint=PASSWORD_RULE)
        self.repeat = self.add_field("repeat", "确认新密码", password=True)
        self.recovered = False  # the fresh code itself is kept only while it is shown

    def submit(self) -> None:
        if not self.username.text().strip():
            self.show_error("username", "请输入登录名")
            self.username.setFocus()
            return
        if not self.repeated(self.password, self.repeat):
            return
        accounts = self.session.accounts
        username, code, new = self.username.text(), self.code.text(), self.password.text()
        self.run(lambda: accounts.recover(username, code, new), self._recovered)

    def _recovered(self, fresh: str) -> None:
        self.recovered = True
        show_recovery_code(
            self,
            self.username.text().strip(),
            fresh,
            lead="密码已重设，请用新密码登录。原恢复码已失效，以下是新的",
        )
        self.accept()

    def refused(self, exc: Exception) -> None:
        if not isinstance(exc, SignInError):
            super().refused(exc)
            return
        self.session.note_refusal(exc)  # the wait holds for signing in too
        if isinstance(exc, SignInWait):
            self.show_error(None, str(exc))
        else:
            self.show_error("code", str(exc))
            if exc.lock is not None:
                self.show_error(None, self.session.lockout_message())
        self.code.setFocus()
        self.code.selectAll()
