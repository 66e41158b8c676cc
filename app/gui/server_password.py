"""The start-up dialog that asks for the password of the office's database server, when it is
not in the system's credential store (a first start, a changed password, a desktop without one)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QVBoxLayout, QWidget

from app.gui.widgets.plain import PlainLabel
from app.gui.widgets.window_geometry import place_window
from db.server_url import database_of, username_of


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).hostname or "本机"


class ServerPasswordDialog(QDialog):
    """Asks for the password of user ``username_of(url)`` on the server; shows no URL."""

    def __init__(
        self,
        url: str,
        *,
        can_remember: bool,
        refused: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("连接数据库服务器")
        layout = QVBoxLayout(self)
        if refused:
            again = PlainLabel(
                "数据库服务器拒绝了登录：密码不正确（或已更改），请重新输入。"
                "如不知道新密码，请向管理员索取",
                self,
            )
            again.setWordWrap(True)
            again.setObjectName("fieldError")  # the theme's colour of an error
            layout.addWidget(again)
        intro = PlainLabel(
            f"本程序使用园区办公室的数据库服务器（服务器 {_host(url)}，数据库 "
            f"{database_of(url)}，用户 {username_of(url) or '（未设置）'}）。请输入该用户的密码：",
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("数据库密码（向管理员索取）")
        layout.addWidget(self.password)
        where = (
            "连接成功后，密码保存在本机系统的凭据管理器中，下次启动不再询问；不会写入设置文件。"
            if can_remember
            else "本机没有可用的系统凭据管理器，密码只在本次运行期间保存在内存中，"
            "每次启动程序时都需要输入。"
        )
        note = PlainLabel(where, self)
        note.setWordWrap(True)
        layout.addWidget(note)
        buttons = QDialogButtonBox(self)
        self.connect_button = buttons.addButton("连接", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("退出", QDialogButtonBox.ButtonRole.RejectRole)
        self.connect_button.setEnabled(False)
        self.connect_button.setDefault(True)
        self.password.textChanged.connect(lambda t: self.connect_button.setEnabled(bool(t)))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        place_window(self, "server_password", (460, 220))


def ask_password(
    url: str, *, can_remember: bool, refused: bool = False, parent: QWidget | None = None
) -> str | None:
    """The password typed, or None when the user chose 退出. ``refused``: the server has just
    refused the one tried."""
    dialog = ServerPasswordDialog(url, can_remember=can_remember, refused=refused, parent=parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.password.text()
