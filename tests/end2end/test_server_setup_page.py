"""园区端 set-up pointing a desktop at the office's database server: host, port, database and user
typed, the password kept in the credential store (never in settings.toml), 测试连接 saying in
Chinese what is wrong, against a real PostgreSQL server; an enterprise never sees the page."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWizard
from sqlalchemy.engine import make_url

from app.gui.applications.setup_wizard import SetupWizard
from app.server_login import SERVICE
from app.settings import Mode
from db.location import settings_file
from db.repository import Store
from db.server_url import server_key
from tests.helpers.credentials import credential_store, memory_keyring
from tests.helpers.gui_driver import toggle
from tests.helpers.server import (
    fresh_database,
    named_server,
    role_with_password,
    upgraded,
)

pytest.importorskip("psycopg")

PASSWORD = "Park-Office-7"


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("GXAPPLY_DATABASE_URL", raising=False)
    settings_file().parent.mkdir(parents=True, exist_ok=True)
    settings_file().write_text("[window]\nzoom = 1\n", encoding="utf-8")  # kept as it is
    return tmp_path


@pytest.fixture
def wizard(qtbot, home, dialogs):  # dialogs: closing asks nothing
    store = Store.open(f"sqlite:///{home / 'store.sqlite3'}")
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    yield wizard
    store.close()


def click_next(wizard: SetupWizard) -> None:
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def to_server_page(wizard: SetupWizard) -> None:
    toggle(wizard.mode_page.park)
    click_next(wizard)
    assert wizard.currentPage() is wizard.server_page
    toggle(wizard.server_page.server)
    assert wizard.server_page.fields.isEnabled()


def type_place(wizard: SetupWizard, url: str, password: str) -> None:
    page = wizard.server_page
    place = make_url(url)
    for box, value in (
        (page.host, place.host or "127.0.0.1"),
        (page.database, place.database or ""),
        (page.user, place.username or ""),
        (page.password, password),
    ):
        box.clear()
        QTest.keyClicks(box, value)
    page.port.setValue(place.port or 5432)


def connection_said(qtbot, wizard: SetupWizard) -> str:
    page = wizard.server_page
    QTest.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.test_button.isEnabled(), timeout=30_000)
    return page.result.text()


def test_an_enterprise_never_sees_the_server_page(wizard):
    click_next(wizard)  # 企业端, the default
    assert wizard.currentPage() is wizard.profile_page


def test_an_office_points_its_desktop_at_the_server(qtbot, wizard, home, server):
    with (
        credential_store(memory_keyring()) as keys,
        fresh_database(server) as url,
        role_with_password(server, url, PASSWORD) as role,
    ):
        officer = make_url(url).set(username=role).render_as_string(False)
        to_server_page(wizard)
        assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()  # no profile here
        type_place(wizard, officer, PASSWORD)
        said = connection_said(qtbot, wizard)  # not yet upgraded by the administrator
        assert "请管理员升级数据库" in said and "请联系" in said
        assert wizard.server_page.result.objectName() == "fieldError"
        assert not wizard.server_page.validatePage()  # finishing needs a connection that works
        assert "测试连接" in wizard.server_page.result.text()
        upgraded(make_url(officer).set(password=PASSWORD).render_as_string(False))
        if named_server() is None:  # a private server: every role but postgres needs a password
            type_place(wizard, officer, "not-the-password")
            said = connection_said(qtbot, wizard)
            assert "拒绝登录" in said and "not-the-password" not in said
            assert not wizard.server_page.validatePage()
        type_place(wizard, officer, PASSWORD)
        said = connection_said(qtbot, wizard)
        assert "连接成功" in said and "0 份申报" in said, said
        QTest.mouseClick(
            wizard.button(QWizard.WizardButton.FinishButton), Qt.MouseButton.LeftButton
        )
        assert wizard.result() == QWizard.DialogCode.Accepted
        written = settings_file().read_text(encoding="utf-8")
        assert PASSWORD not in written and "zoom = 1" in written
        url_written = tomllib.loads(written)["database_url"]
        assert wizard.server_url() == url_written
        assert server_key(url_written) == server_key(officer)
        assert keys.passwords == {(SERVICE, server_key(officer)): PASSWORD}


def test_an_empty_box_is_named_before_anything_is_tried(qtbot, wizard):
    to_server_page(wizard)
    said = connection_said(qtbot, wizard)
    assert "服务器地址" in said and "用户名" in said and "数据库名称" not in said


def test_a_desktop_already_on_the_server_goes_straight_to_the_profile(
    qtbot, home, dialogs, server_database
):
    store = Store.open(server_database)
    try:
        wizard = SetupWizard(store)
        qtbot.addWidget(wizard)
        wizard.show()
        toggle(wizard.mode_page.park)
        click_next(wizard)
        assert wizard.currentPage() is wizard.profile_page
        wizard.close()
    finally:
        store.close()


def test_after_the_restart_on_the_server_the_office_side_stays_chosen(
    qtbot, home, dialogs, server_database
):
    """The officer chose 园区端 before the server (the only way there); the wizard that comes back
    after the restart keeps that choice, so 下一步 does not set the office up as an enterprise."""
    store = Store.open(server_database)
    try:
        wizard = SetupWizard(store)
        qtbot.addWidget(wizard)
        wizard.show()
        assert wizard.mode_page.park.isChecked()
        click_next(wizard)
        assert wizard.currentPage() is wizard.profile_page
        assert wizard.profile_page.mode is Mode.PARK_OFFICE
        wizard.close()
    finally:
        store.close()
