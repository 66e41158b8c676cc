"""Start-up, first-run set-up, navigation, keyboard shortcuts and one copy per store."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWizard

from app.gui.applications.pages import NewApplicationDialog
from app.gui.applications.setup_wizard import SetupWizard
from app.gui.widgets import plain
from app.gui.widgets.theme import apply_theme
from app.instance_lock import acquire_instance_lock, lock_path
from app.settings import (
    Mode,
    is_set_up,
    own_applicant_id,
    own_profile_data,
    read_mode,
    save_own_profile,
)
from db.repository import Store
from forms import all_forms
from forms.office import OfficeProfile, as_applicant, office_values
from tests.helpers.databases import store_url_in
from tests.helpers.examples import example_document, example_json
from tests.helpers.gui_driver import fill, toggle
from tests.helpers.windows import main_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(tmp_path):
    s = Store.open(store_url_in(tmp_path))
    yield s
    s.close()


def test_shipped_font_has_chinese_glyphs(qapp):
    family = apply_theme(qapp)
    assert "WenQuanYi" in family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


def test_first_start_sets_up_mode_and_profile(qtbot, store):
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    toggle(wizard.mode_page.park)
    QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    if store.engine.url.get_backend_name() == "sqlite":  # a server store skips the page
        assert wizard.currentPage() is wizard.server_page  # this desktop's own file, as it was
        assert wizard.server_page.local.isChecked()
        QTest.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)
    assert wizard.currentPage() is wizard.profile_page
    # finishing with the profile half-filled is refused, with a reason
    assert not wizard.profile_page.validatePage()
    assert "必填" in wizard.profile_page.message.text()
    fill(wizard.profile_page.editor, example_json("new_track")["applicant"])
    assert wizard.profile_page.validatePage(), wizard.profile_page.message.text()
    assert is_set_up(store) and read_mode(store) is Mode.PARK_OFFICE
    profile = store.get_applicant(own_applicant_id(store)).profile
    typed = OfficeProfile.model_validate(office_values(example_json("new_track")["applicant"]))
    assert profile == as_applicant(typed)  # the office's profile, kept as the 管委会 it is


def test_park_office_has_a_review_area(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path, Mode.PARK_OFFICE)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "我的申报",
        "申报主体",
        "审核",
        "统计与导出",
    ]
    assert "园区端" in window.windowTitle()
    assert window.pages.currentWidget() is window.review_page  # an office opens on its queue
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["文件(&F)", "审核(&R)", "帮助(&H)"]
    review_menu = window.menuBar().actions()[1].menu()
    entries = {a.text(): a for a in review_menu.actions()}
    entries["统计与导出(&S)"].trigger()
    assert window.pages.currentWidget() is window.dashboard_page
    assert window.nav.currentItem().text() == "统计与导出"
    entries["审核队列(&Q)"].trigger()
    assert window.pages.currentWidget() is window.review_page


def test_an_enterprise_has_no_review_area_and_imports_decisions(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    assert [window.nav.item(i).text() for i in range(window.nav.count())] == [
        "我的申报",
        "申报主体",
    ]
    assert window.pages.currentWidget() is window.applications_page
    files = window.menuBar().actions()[0].menu()
    assert "导入审核决定(&D)…" in [a.text() for a in files.actions()]
    assert [a.text() for a in window.menuBar().actions()] == ["文件(&F)", "帮助(&H)"]


def test_an_application_open_twice_is_one_window_and_a_closed_one_opens_anew(
    qtbot, store, tmp_path
):
    window = main_window(qtbot, store, tmp_path)
    app_id = store.import_document(example_document("incubator"))
    first = window.open_application(app_id)
    assert first is not None and first.isVisible()
    assert window.open_application(app_id) is first and list(window.windows) == [app_id]
    first.close()  # deletes itself on close, and is forgotten then
    qtbot.waitUntil(lambda: not window.windows)
    again = window.open_application(app_id)
    assert again is not None and window.windows == {app_id: again}
    again.close()


def test_ctrl_n_creates_and_opens_an_application(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    # 新赛道 is a 管委会's form (新建申报 greys it for anyone else): the profile is one
    save_own_profile(store, example_json("new_track")["applicant"], seen=own_profile_data(store))
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)

    def pick_new_track() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewApplicationDialog)
        assert dialog.choices.count() == len(all_forms())
        QTest.keyClick(dialog.choices, Qt.Key.Key_Down)  # the second form: 新赛道
        QTest.keyClick(dialog.choices, Qt.Key.Key_Return)

    QTimer.singleShot(100, pick_new_track)
    QTest.keySequence(window, "Ctrl+N")
    qtbot.waitUntil(lambda: len(window.windows) == 1)
    (editor_window,) = window.windows.values()
    assert editor_window.definition.kind == "new_track"
    assert store.count_applications() == 1
    editor_window.close()


def test_profile_page_saves_with_ctrl_s(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setCurrentRow(1)
    contact = window.profile_page.editor.rows["contact_person"].editor.focus_target()
    contact.setFocus()
    QTest.keyClick(contact, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(contact, "Li Lei")
    QTest.keySequence(window, "Ctrl+S")
    qtbot.waitUntil(lambda: window.profile_page.message.text() == "申报主体已保存")
    assert store.get_applicant(own_applicant_id(store)).profile.contact_person == "Li Lei"


@pytest.mark.sqlite_only(reason="the lock file beside the SQLite file")
def test_second_copy_on_the_same_store_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    holder = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QCoreApplication
        app = QCoreApplication([])
        from app.instance_lock import acquire_instance_lock
        lock = acquire_instance_lock({url!r})
        print("locked" if lock else "refused", flush=True)
        sys.stdin.readline()
        """
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GXAPPLY_HOME": str(tmp_path)}
    first = subprocess.Popen(
        [sys.executable, "-c", holder],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout.readline().strip() == "locked"
        assert acquire_instance_lock(url) is None  # this process is the second copy
    finally:
        first.kill()  # the first copy crashes without unlocking
        first.wait()
    assert lock_path(url).name == "store.sqlite3.lock"
    again = acquire_instance_lock(url)  # a dead copy's lock does not block for ever
    assert again is not None
    again.unlock()


def test_self_check_exits_0(tmp_path):
    env = {"GXAPPLY_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "自检通过" in result.stdout


def test_self_check_prints_a_store_failure_and_exits_without_a_dialog(tmp_path):
    """A store that fails to open must not leave --self-check waiting on a message box."""
    (tmp_path / "gxapply.sqlite3").mkdir()  # the store's path is a folder
    env = {"GXAPPLY_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen", "PATH": ""}
    result = subprocess.run(
        [sys.executable, "-m", "app", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,  # the old code waited here for ever on QMessageBox.critical
        cwd=ROOT,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "自检失败" in result.stderr and "是一个文件夹" in result.stderr
    assert "sqlite:" not in result.stderr  # never the URL


def test_window_shows_before_the_store_opens_then_fills(tmp_path):
    """The real start-up path: window first, store on a worker thread, then the pages.

    The first start of the app on a store writes the forms' titles into it; from the next
    start on, 我的申报 is read from the file and painted before the store has opened.
    """
    env = {**os.environ, "GXAPPLY_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    setup = (
        "from tests.helpers.windows import set_up; from db.repository import Store; "
        "from tests.helpers.examples import example_document; "
        "s = Store.open(); set_up(s); s.import_document(example_document('incubator')); s.close()"
    )
    subprocess.run([sys.executable, "-c", setup], env=env, cwd=ROOT, check=True, timeout=120)

    def start() -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "app"],
            env={**env, "GXAPPLY_STARTUP_PROBE": "1"},
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert start() == ["window-shown", "store-open", "window-ready"]  # the list with the store
    assert start() == ["window-shown", "window-ready", "store-open"]  # the list before it


def test_esc_in_the_wizard_asks_before_dropping_the_profile(qtbot, store, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked = []
    monkeypatch.setattr(plain, "question", lambda *a, **k: asked.append(a[1]) or answers.pop(0))
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    assert asked == ["退出设置"] and wizard.isVisible()  # 否: stays, nothing lost
    QTest.keyClick(wizard, Qt.Key.Key_Escape)
    assert not wizard.isVisible()


def test_an_internal_error_said_to_be_logged_is_in_the_error_log(monkeypatch, tmp_path):
    import logging

    from app.gui.main import error_log, log_errors_to_file
    from forms.core.errors import explain

    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path))
    root = logging.getLogger()
    before = list(root.handlers)
    log_errors_to_file()
    try:
        try:
            raise ValueError("页码越界")
        except ValueError as exc:
            message = explain(exc)
        assert "已记入错误日志" in message
        for handler in root.handlers:
            handler.flush()
        written = error_log().read_text(encoding="utf-8")
        assert "ValueError: 页码越界" in written and "Traceback" in written
    finally:
        for handler in set(root.handlers) - set(before):
            root.removeHandler(handler)
            handler.close()
