"""The set-up wizard's page where a park office's desktop chooses where its data lives: this
desktop's own file, or the office's shared database server (several officers, one store).

The server's place is typed as host, port, database and user; the password goes to the system's
credential store, never into settings.toml. 测试连接 tries it on a worker thread and says, in
Chinese, what is wrong (server off, wrong password, no such database, not yet upgraded)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.gui.widgets.background import BackgroundJob
from app.gui.widgets.errors import user_errors
from app.gui.widgets.plain import PlainLabel
from app.server_setup import DEFAULT_DATABASE, DEFAULT_PORT, ServerPlace, try_server

SERVER_CHOICE = "使用办公室数据库服务器"


class ServerPage(QWizardPage):
    """本机数据文件 or 办公室数据库服务器; ``chosen_url`` is the server store once written."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle("数据保存在哪里")
        self.setSubTitle(
            "一位审核人员单独使用时，数据保存在本机即可；办公室有多位审核人员共同审核时，"
            "请使用管理员已建好的办公室数据库服务器。"
        )
        self.chosen_url: str | None = None
        self._tested: tuple[ServerPlace, str] | None = None  # what the last success was for
        self._job: BackgroundJob | None = None
        layout = QVBoxLayout(self)
        group = QButtonGroup(self)
        self.local = QRadioButton("使用本机数据文件（一位审核人员单独使用）", self)
        self.server = QRadioButton(f"{SERVER_CHOICE}（多位审核人员共同使用）", self)
        self.local.setChecked(True)
        for button in (self.local, self.server):
            group.addButton(button)
            layout.addWidget(button)
        self.fields = QWidget(self)
        form = QFormLayout(self.fields)
        self.host = QLineEdit(self.fields)
        self.host.setPlaceholderText("如 192.168.1.10 或 db.office.lan（向管理员索取）")
        self.port = QSpinBox(self.fields)
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.port.setMaximumWidth(self.port.fontMetrics().horizontalAdvance("6543210") + 40)
        self.database = QLineEdit(DEFAULT_DATABASE, self.fields)
        self.user = QLineEdit(self.fields)
        self.user.setPlaceholderText("管理员为您建立的数据库用户名")
        self.password = QLineEdit(self.fields)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("保存在本机系统的凭据管理器中，不写入设置文件")
        form.addRow("服务器地址", self.host)
        form.addRow("端口", self.port)
        form.addRow("数据库名称", self.database)
        form.addRow("用户名", self.user)
        form.addRow("密码", self.password)
        buttons = QHBoxLayout()
        self.test_button = QPushButton("测试连接", self.fields)
        self.test_button.clicked.connect(self.test_connection)
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        form.addRow(buttons)
        layout.addWidget(self.fields)
        self.result = PlainLabel(self)
        self.result.setWordWrap(True)
        layout.addWidget(self.result)
        layout.addStretch(1)
        self.server.toggled.connect(self._choice_changed)
        for box in (self.host, self.database, self.user, self.password):
            box.textChanged.connect(self._forget_test)
        self.port.valueChanged.connect(self._forget_test)
        self._choice_changed(False)

    def place(self) -> ServerPlace:
        return ServerPlace(
            self.host.text(), self.port.value(), self.database.text(), self.user.text()
        )

    def uses_server(self) -> bool:
        return self.server.isChecked()

    def _choice_changed(self, server: bool) -> None:
        self.fields.setEnabled(server)
        self.result.clear()
        self.setFinalPage(server)  # 下一步 becomes 完成 and back (see nextId)

    def _forget_test(self) -> None:
        self._tested = None
        if not (self._job is not None and self._job.running):
            self.result.clear()

    def nextId(self) -> int:
        # the server store has its own office profile (made when the office moved onto it, or
        # asked for at the next start): this desktop is done once it points there
        return -1 if self.uses_server() else super().nextId()

    def test_connection(self) -> None:
        """Try the typed place on a worker thread; the page says what came of it."""
        if self._job is not None and self._job.running:
            return
        place, password = self.place(), self.password.text()
        self.result.setObjectName("")
        self.result.setText("正在连接数据库服务器…")
        self.test_button.setEnabled(False)
        job = BackgroundJob(lambda _progress: try_server(place, password), self)
        job.finished.connect(lambda said: self._tested_ok(place, password, str(said)))
        job.failed.connect(self._tested_failed)
        self._job = job
        job.start()

    def _tested_ok(self, place: ServerPlace, password: str, said: str) -> None:
        self.test_button.setEnabled(True)
        self._show(said, error=False)
        if (place, password) == (self.place(), self.password.text()):
            self._tested = (place, password)

    def _tested_failed(self, message: str) -> None:
        self.test_button.setEnabled(True)
        self._tested = None
        self._show(message, error=True)

    def _show(self, text: str, *, error: bool) -> None:
        self.result.setObjectName("fieldError" if error else "")
        self.result.style().unpolish(self.result)
        self.result.style().polish(self.result)
        self.result.setText(text)

    def validatePage(self) -> bool:
        if not self.uses_server():
            return True
        if self._tested != (self.place(), self.password.text()):
            self._show("请先点击“测试连接”，连接成功后再点“完成”", error=True)
            return False
        from app.server_login import save_password
        from app.server_setup import write_store_url

        url = self.place().url()
        with user_errors() as refused:
            write_store_url(url)
        if refused:
            self._show(refused.message, error=True)
            return False
        save_password(url, self.password.text())  # without a credential store: asked at start
        self.chosen_url = url
        return True
