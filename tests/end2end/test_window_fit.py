"""Windows on the screens clerks and officers have: inside a 1366×768 laptop screen and a 1920×1080
one at 150% (1280×720), with their actions on screen; geometry remembered per kind; the wheel
never changes a field it merely passes over; Ctrl+E works from inside a text field."""

from __future__ import annotations

import io

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QLineEdit, QWidget
from reportlab.pdfgen.canvas import Canvas

from app.gui.applications.setup_wizard import SetupWizard
from app.gui.backup_dialog import BackupDialog
from app.gui.editor.field_editors import ChoiceEditor
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets import window_geometry
from app.gui.widgets.pdf_preview import PdfPreview
from app.settings import desktop_settings
from db.repository import Store
from forms.core.workflow import Status
from tests.helpers.copies import Copy, open_copy, submit
from tests.helpers.examples import KINDS, example_document
from tests.helpers.exchange_windows import SaveDialog, activate
from tests.helpers.exchange_windows import open_window as open_active
from tests.helpers.scenarios import send
from tests.helpers.windows import main_window, open_window, shown

LAPTOP = QRect(0, 0, 1366, 768)  # 1366×768 at 100%
SCALED = QRect(0, 0, 1280, 720)  # 1920×1080 at 150%, in Qt's device-independent pixels
PASSWORD = "审核密码2026"


@pytest.fixture(params=[LAPTOP, SCALED], ids=["1366x768", "1920x1080@150%"])
def screen(request, monkeypatch) -> QRect:
    area: QRect = request.param
    monkeypatch.setattr(window_geometry, "available_area", lambda _window: QRect(area))
    return area


def one_page(_progress=None) -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "PAGE")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def assert_fits(window: QWidget, area: QRect, actions: list[QAbstractButton]) -> None:
    """The frame inside the screen's available area, and each action button on it."""
    QApplication.processEvents()
    assert area.contains(window.frameGeometry()), (window.frameGeometry(), area)
    assert actions
    for button in actions:
        assert button.isVisible(), button.text()
        place = QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        assert area.contains(place), (button.text(), place, area)


def tool_buttons(window, names: tuple[str, ...]) -> list[QAbstractButton]:
    bar = window.findChildren(QWidget, options=Qt.FindChildOption.FindChildrenRecursively)
    return [b for b in bar if isinstance(b, QAbstractButton) and b.text() in names]


@pytest.mark.parametrize("kind", KINDS)
def test_the_editor_fits_with_its_actions(qtbot, store, journal, screen, kind):
    app_id = submit(Copy(store), kind)
    window = open_window(qtbot, store, journal, app_id)
    qtbot.waitExposed(window)
    actions = tool_buttons(window, ("保存", "打印预览", "导出申报包…", "关闭"))
    assert_fits(window, screen, actions)
    assert window.width() <= 1280 and window.height() <= 820


def test_the_preview_fits_with_save_print_and_close(qtbot, screen):
    preview = shown(qtbot, PdfPreview(None, "审核意见表", one_page, "审核意见表.pdf"))
    qtbot.waitUntil(lambda: preview.save_button.isEnabled())
    actions = tool_buttons(preview, ("保存为 PDF…", "打印…", "关闭"))
    assert len(actions) == 3
    assert_fits(preview, screen, actions)


def test_the_review_window_and_decision_dialog_fit(qtbot, tmp_path, office, session, screen):
    enterprise = open_copy(tmp_path / "enterprise")
    application_id = send(enterprise, office)
    session.sign_in("wangfang", PASSWORD)
    window = shown(qtbot, ReviewWindow(office.store, application_id, session))
    assert_fits(window, screen, [window.decide_button, window.export_button, window.close_button])
    window.decide()
    dialog = window.decision_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    actions = tool_buttons(dialog, ("记录审核决定", "取消"))
    assert len(actions) == 2
    assert_fits(dialog, screen, actions)
    dialog.reject()
    enterprise.store.close()


def test_the_wizard_main_window_and_backup_dialog_fit(qtbot, store, tmp_path, dialogs, screen):
    wizard = shown(qtbot, SetupWizard(store))
    wizard.next()
    assert_fits(wizard, screen, tool_buttons(wizard, ("上一步", "完成", "取消")))
    wizard.reject()
    window = main_window(qtbot, store, tmp_path)
    window.show()
    qtbot.waitExposed(window)
    assert_fits(window, screen, tool_buttons(window, ("新建申报（Ctrl+N）",)))
    # a laptop's width is all the list gets: no room left unused beside it
    assert window.frameGeometry().width() >= screen.width() - 16
    backup = shown(qtbot, BackupDialog(store, window))
    assert_fits(backup, screen, [b for b in backup.findChildren(QAbstractButton) if b.isVisible()])


# --- remembered geometry ----------------------------------------------------------------------


def moved_by_user(qtbot, window: QWidget, frame: QRect) -> None:
    """As the window system reports a user's drag and resize (spontaneous events)."""
    handle = window.windowHandle()
    assert handle is not None
    handle.setGeometry(frame)
    qtbot.waitUntil(lambda: window.geometry() == frame)


def test_geometry_is_remembered_per_kind_and_clamped_to_a_smaller_screen(
    qtbot, store, journal, monkeypatch
):
    area = QRect(LAPTOP)
    monkeypatch.setattr(window_geometry, "available_area", lambda _window: QRect(area))
    app_id = submit(Copy(store))
    first = open_window(qtbot, store, journal, app_id)
    qtbot.waitExposed(first)
    chosen = QRect(100, 60, 1000, 600)
    moved_by_user(qtbot, first, chosen)
    first.close()
    assert desktop_settings(store).get_setting("window_geometry.editor") is not None

    again = open_window(qtbot, store, journal, app_id)
    qtbot.waitExposed(again)
    assert again.size() == chosen.size()
    assert again.geometry().topLeft() == chosen.topLeft()
    again.close()

    area = QRect(0, 0, 800, 500)  # a smaller screen: the window stays inside it
    small = open_window(qtbot, store, journal, app_id)
    qtbot.waitExposed(small)
    assert area.contains(small.frameGeometry()), small.frameGeometry()


def test_a_window_nobody_moved_writes_no_setting(qtbot, store, journal, screen):
    window = open_window(qtbot, store, journal, submit(Copy(store)))
    qtbot.waitExposed(window)
    window.close()
    assert desktop_settings(store).get_setting("window_geometry.editor") is None


def test_where_one_officer_left_a_window_is_not_where_it_opens_on_a_colleagues_computer(
    qtbot, server_database, journal, tmp_path, monkeypatch
):
    """On the office's server each computer keeps its own window geometry: wangfang's
    computer's placement (another screen, another size) is not imposed on lisi's."""
    monkeypatch.setattr(window_geometry, "available_area", lambda _window: QRect(LAPTOP))
    store = Store.open(server_database)
    try:
        app_id = submit(Copy(store))
        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "wangfang-pc"))
        first = open_window(qtbot, store, journal, app_id)
        qtbot.waitExposed(first)
        chosen = QRect(100, 60, 1000, 600)
        moved_by_user(qtbot, first, chosen)
        first.close()
        assert desktop_settings(store).get_setting("window_geometry.editor") is not None

        monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "lisi-pc"))
        other = open_window(qtbot, store, journal, app_id)
        qtbot.waitExposed(other)
        assert other.size() != chosen.size()
        other.close()
    finally:
        store.close()


# --- the mouse wheel --------------------------------------------------------------------------


def wheel(widget: QWidget, steps: int = -1) -> None:
    """A notch of the mouse wheel over ``widget`` (down when negative)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(
        centre,
        QPointF(widget.mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * steps),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(widget, event)


def first_choice(window) -> tuple[str, QComboBox]:
    for name, editor in window.editor.editors.items():
        if isinstance(editor, ChoiceEditor):
            combo = editor.focus_target()
            assert isinstance(combo, QComboBox)
            return name, combo
    raise AssertionError("no choice in the form")


def test_the_wheel_scrolls_past_an_unfocused_choice(qtbot, store, journal):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    qtbot.waitExposed(window)
    window.resize(1000, 400)  # the form is taller than its window: it scrolls
    name, combo = first_choice(window)
    before = window.editor.data()[name]
    window.editor.setFocus()
    assert not combo.hasFocus()
    bar = window.editor.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    at = bar.value()

    wheel(combo)

    assert window.editor.data()[name] == before and not window.dirty
    assert bar.value() > at  # the form scrolled instead
    assert combo.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the wheel does not focus it

    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    index = combo.currentIndex()
    wheel(combo, +1 if index > 0 else -1)  # chosen on purpose: the wheel changes it
    assert combo.currentIndex() != index


# --- Ctrl+E from a text field -----------------------------------------------------------------


class ClaimsCtrlE(QWidget):
    """What a line edit does on systems whose key bindings give it Ctrl+E (end of line, X11):
    it accepts the shortcut override, so a shortcut of the window would never run."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.keyCombination() == (
            Qt.KeyboardModifier.ControlModifier | Qt.Key.Key_E
        ):
            event.accept()
        return False


def test_ctrl_e_exports_from_inside_a_text_field(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    app_id = submit(Copy(store))
    window = open_active(qtbot, store, journal, app_id)
    assert store.load(app_id).status is Status.READY
    field = next(
        e.focus_target()
        for e in window.editor.editors.values()
        if isinstance(e.focus_target(), QLineEdit)
    )
    claims = ClaimsCtrlE()
    field.installEventFilter(claims)
    field.setFocus()
    activate(qtbot, window)
    qtbot.waitUntil(field.hasFocus)
    SaveDialog(monkeypatch, tmp_path / "交园区")

    QTest.keySequence(field, "Ctrl+E")

    assert window.export is not None, "导出申报包 did not start"
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)
    assert store.load(app_id).status is Status.SUBMITTED


def test_a_dialog_that_grows_for_its_results_stays_in_the_middle(qtbot, screen):
    """A dialog in the middle of the screen that grows (the import results) grows about its
    centre; it used to keep its top-left corner and end up in the bottom-right corner."""
    from PySide6.QtWidgets import QDialog

    dialog = QDialog()
    shown(qtbot, dialog, (480, 240))
    frame = dialog.frameGeometry()
    frame.moveCenter(screen.center())
    dialog.move(frame.topLeft())
    qtbot.waitUntil(lambda: dialog.frameGeometry().center() == screen.center())
    window_geometry.resize_within_screen(dialog, 1080, 600)
    qtbot.waitUntil(lambda: dialog.width() >= 1000)
    grown = dialog.frameGeometry()
    assert screen.contains(grown), (grown, screen)
    assert abs(grown.center().x() - screen.center().x()) <= 2, (grown, screen)
    assert abs(grown.center().y() - screen.center().y()) <= 2, (grown, screen)
