"""Small things a clerk notices (issue 15 item 19): a red-marked dropdown's open list stays
readable, no empty progress bar posing as a text box, titles that say things once, one date
example, and a 关于 that says what is in use."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox

from app.gui.editor.field_editors import ChoiceEditor, DateEditor
from app.gui.widgets.theme import apply_style_sheet
from app.gui.widgets.titles import APP_TITLE, window_title
from forms import get_form
from forms.core.display import DATE_EXAMPLE
from forms.core.validation import parse_form
from tests.helpers.examples import example_document, example_json
from tests.helpers.windows import main_window, open_window


@pytest.fixture
def styled(qapp):
    """The application's style sheet, as the desktop app applies it."""
    apply_style_sheet(qapp)
    yield qapp
    qapp.setStyleSheet("")


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())
        )

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_highlighted_item_of_a_red_marked_dropdown_is_readable(qtbot, styled):
    spec = get_form("new_track").fields["participants"].row_fields[2]  # 角色: a choice
    editor = ChoiceEditor(spec)
    combo = editor.focus_target()
    assert isinstance(combo, QComboBox)
    qtbot.addWidget(editor.widget)
    editor.widget.show()
    editor.set_error(True)
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    index = combo.model().index(1, 0)
    view.setCurrentIndex(index)
    image = view.window().grab().toImage()
    rect = view.visualRect(index)
    left = view.viewport().mapTo(view.window(), rect.topLeft())
    # the highlight's background, just inside the item; and the darkest/lightest text pixel
    background = image.pixelColor(left.x() + 2, left.y() + rect.height() // 2)
    assert background.name() != "#fff5f5"  # not the error pink of the field
    pixels = [
        image.pixelColor(x, left.y() + rect.height() // 2)
        for x in range(left.x(), left.x() + rect.width())
    ]
    best = max(contrast(background, p) for p in pixels)
    assert best >= 3.0, background.name()  # the text stands out from its highlight
    combo.hidePopup()


def test_the_batch_print_shows_no_empty_progress_bar(qtbot, store, dialogs, tmp_path):
    from app.gui.applications.batch_print import BatchPrintDialog

    app_id = store.import_document(example_document("incubator"))
    dialog = BatchPrintDialog(store, [app_id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.progress.isVisible()  # nothing to show yet
    dialog.start(tmp_path / "一份")
    assert dialog.progress.isVisible() and dialog.progress.text() == "0 / 1 份"
    qtbot.waitUntil(lambda: dialog.batch_result is not None, timeout=60000)


def test_window_titles_say_each_thing_once(qtbot, store, journal, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    assert window.windowTitle() == f"企业端 — {APP_TITLE}"
    app_id = store.import_document(example_document("incubator"))
    editor = open_window(qtbot, store, journal, app_id)
    title = editor.windowTitle()
    definition = get_form("incubator")
    assert title == window_title(editor.record.title, definition.title, "草稿")
    assert title.endswith(APP_TITLE) and title.count(APP_TITLE) == 1
    parts = title.removesuffix(f" — {APP_TITLE}").split(" · ")
    assert len(parts) == len(set(parts)) == 3


def test_a_part_said_by_another_is_left_out():
    assert window_title("研发补助申领表（新建 12月5日）", "研发补助申领表", "草稿") == (
        f"研发补助申领表（新建 12月5日） · 草稿 — {APP_TITLE}"
    )
    assert window_title(APP_TITLE) == APP_TITLE
    assert window_title("打印预览", "", "打印预览") == f"打印预览 — {APP_TITLE}"


def test_the_date_hint_and_the_date_error_show_the_same_example(qtbot):
    definition = get_form("incubator")
    spec = (
        definition.fields["established_on"]
        if "established_on" in definition.fields
        else next(s for _, s in definition.iter_fields() if s.kind.name == "DATE")
    )
    editor = DateEditor(spec)
    qtbot.addWidget(editor.widget)
    hint = editor.focus_target().placeholderText()
    assert DATE_EXAMPLE in hint
    data = example_json("incubator") | {spec.name: "2025-13-45"}
    form, issues = parse_form(definition, data)
    assert form is None
    message = next(i.message for i in issues if i.path == (spec.name,))
    assert DATE_EXAMPLE in message


def test_about_says_what_is_in_use_as_plain_text(qtbot, store, tmp_path):
    from app import __version__
    from app.gui.about_dialog import AboutDialog
    from forms.core.zones import load_register

    window = main_window(qtbot, store, tmp_path)
    dialog = window.show_about()
    assert isinstance(dialog, AboutDialog)
    qtbot.waitExposed(dialog)
    summary = dialog.summary.text()
    assert APP_TITLE in summary and f"版本 {__version__}" in summary
    assert store.catalogue.version in summary and store.catalogue.title in summary
    assert load_register().version in summary
    assert "数据文件：" in summary and "sqlite:" not in summary
    licences = dialog.licences.toPlainText()
    for name in ("文泉驿微米黑", "HanaMinA", "Apache License", "PySide6", "openpyxl", "LGPL"):
        assert name in licences, name
    assert dialog.summary.textFormat().name == "PlainText"
    assert dialog.licences.isReadOnly()
    dialog.close()
