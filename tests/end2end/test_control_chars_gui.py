"""A control character pasted into a field is marked under it, and the draft still saves: the
clerk sees where it is before a park office's server would refuse it (issue 16, point 6)."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.helpers.examples import example_document
from tests.helpers.gui_driver import clear, type_text
from tests.helpers.windows import open_window


def paste(widget, text: str) -> None:
    QApplication.clipboard().setText(text)
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_a_pasted_nul_is_marked_under_its_field_and_the_draft_keeps_it(
    qtbot, store, journal, dialogs
):
    app_id = store.import_document(example_document("incubator"))
    window = open_window(qtbot, store, journal, app_id)
    row = window.editor.rows["carrier_name"]
    target = row.editor.focus_target()
    clear(target)
    paste(target, "南宁\x00孵化器")
    qtbot.waitUntil(lambda: row.error.isVisibleTo(window))
    assert "第 3 个字符处有不可见的控制字符（U+0000）" in row.error.text()
    assert "有 1 处填写有误" in window.rules.banner.text()
    if shots := os.environ.get("GXAPPLY_SHOTS"):
        window.grab().save(os.path.join(shots, "control-char-field.png"))
    with qtbot.waitSignal(window.saved):
        window.save()
    (kept,) = store.load(app_id).unparsed  # saved as typed, marked, never lost
    assert kept.value == "南宁\x00孵化器"

    clear(target)
    type_text(target, "南宁孵化器")
    qtbot.waitUntil(lambda: not row.error.isVisibleTo(window))
    with qtbot.waitSignal(window.saved):
        window.save()
    record = store.load(app_id)
    assert record.form.carrier_name == "南宁孵化器" and record.unparsed == ()
