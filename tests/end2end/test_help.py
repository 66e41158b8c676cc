"""帮助: the 填报说明 and 用户手册 open from the 帮助 menu; the manual names only commands the
windows have; every field shows its help under it without hovering."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QAbstractButton, QListWidget, QMenu, QTabWidget, QWidget

from app.gui.editor.form_editor import FormEditor
from app.gui.help import help_menu
from app.gui.help.help_windows import FormGuideWindow, ManualWindow
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets.pdf_preview import PdfPreview
from app.settings import Mode
from forms import all_forms
from forms.applicant import APPLICANT
from forms.guide.field_help import inline_hint
from forms.guide.manual import load_manual, quoted_names
from tests.helpers.examples import KINDS, example_document
from tests.helpers.gui_driver import type_text
from tests.helpers.materials import plus_required_materials
from tests.helpers.samples import squeezed_text
from tests.helpers.scenarios import send
from tests.helpers.windows import main_window, open_window, set_up

PASSWORD = "审核密码2026"


@pytest.fixture(autouse=True)
def no_help_windows_left():
    yield
    for window in list(help_menu._windows.values()):
        window.close()


def shown_name(text: str) -> str:
    """A command as the manual quotes it: no mnemonic, no shortcut in brackets, no …."""
    text = re.sub(r"\(&\w\)|&", "", text)
    text = re.sub(r"（(Ctrl|Delete|F\d)[^）]*）", "", text)
    return text.strip().rstrip("…").strip()


def menu_entry(window, menu_title: str, entry: str) -> QAction:
    for top in window.menuBar().actions():
        if shown_name(top.text()) == menu_title:
            menu = top.menu()
            assert isinstance(menu, QMenu)
            for action in menu.actions():
                if shown_name(action.text()) == entry:
                    return action
    raise AssertionError(f"no {menu_title} › {entry}")


def commands_of(window: QWidget) -> tuple[set[str], dict[str, set[str]]]:
    """What a user can see and click in ``window``: its actions, buttons, tabs and pages, and
    its menus with their entries."""
    names = {shown_name(a.text()) for a in window.findChildren(QAction) if a.text()}
    names |= {shown_name(b.text()) for b in window.findChildren(QAbstractButton) if b.text()}
    for tabs in window.findChildren(QTabWidget):
        names |= {shown_name(tabs.tabText(i)) for i in range(tabs.count())}
    for listing in window.findChildren(QListWidget):
        names |= {shown_name(listing.item(i).text()) for i in range(listing.count())}
    menus: dict[str, set[str]] = {}
    bar = getattr(window, "menuBar", None)
    for top in bar().actions() if bar is not None else ():
        menu = top.menu()
        if isinstance(menu, QMenu):
            entries = {shown_name(a.text()) for a in menu.actions() if not a.isSeparator()}
            menus.setdefault(shown_name(top.text()), set()).update(entries)
    return names, menus


def test_the_form_guide_opens_from_the_help_menu_and_lists_a_forms_fields(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    menu_entry(window, "帮助", "填报说明").trigger()
    guide = help_menu._windows["form_guide"]
    assert isinstance(guide, FormGuideWindow) and guide.isVisible()
    definition = all_forms()["new_track"]
    guide.form_picker.setCurrentIndex(guide.form_picker.findData("new_track"))
    shown = guide.view.toPlainText()
    assert f"{definition.title} 填报说明" in shown
    for _section, spec in definition.iter_fields():
        assert spec.label_with_unit in shown, spec.name
    for rule in definition.rules:
        assert rule.id and rule.requirement.split("{")[0][:12] in shown
    assert [guide.contents.item(i).text() for i in range(guide.contents.count())][:1] == [
        "一、谁可以申报"
    ]
    # searching marks the matches and says how many
    type_text(guide.search_box, "万元")
    assert guide.found.text().startswith("找到") and guide.search() > 0
    assert guide.view.textCursor().selectedText() == "万元"
    guide.search_box.setText("没有这种词语")
    assert guide.found.text() == "找到 0 处"
    # the menu again raises the same window
    menu_entry(window, "帮助", "填报说明").trigger()
    assert help_menu._windows["form_guide"] is guide


def test_f1_in_an_application_window_opens_that_forms_guide(qtbot, store, journal):
    applicant_id = set_up(store)
    draft = store.create_application("enclave", applicant_id).id
    window = open_window(qtbot, store, journal, draft)
    assert window.guide_action.shortcut().toString() == "F1"
    window.guide_action.trigger()
    guide = help_menu._windows["form_guide"]
    assert isinstance(guide, FormGuideWindow) and guide.isVisible()
    assert guide.form_picker.currentData() == "enclave"
    assert guide.view.toPlainText().startswith(f"{all_forms()['enclave'].title} 填报说明")


def test_the_manual_opens_from_the_help_menu_and_prints(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    menu_entry(window, "帮助", "用户手册").trigger()
    manual = help_menu._windows["manual"]
    assert isinstance(manual, ManualWindow)
    headings = [manual.contents.item(i).text() for i in range(manual.contents.count())]
    assert headings == load_manual().headings()
    assert "导出申报包并打印" in manual.view.toPlainText()
    office_part = headings.index("二、园区端：从导入到统计")
    manual.contents.setCurrentRow(office_part)
    assert manual.view.textCursor().block().text() == "二、园区端：从导入到统计"
    office_starts = manual.view.textCursor().position()
    # the office's own 初次使用设置, not the enterprise's of the same name
    manual.contents.setCurrentRow(headings.index("（一）初次使用设置", office_part))
    cursor = manual.view.textCursor()
    assert cursor.block().text() == "（一）初次使用设置" and cursor.position() > office_starts
    qtbot.mouseClick(manual.print_button, Qt.MouseButton.LeftButton)
    preview = manual.preview
    assert isinstance(preview, PdfPreview)
    qtbot.waitUntil(lambda: preview.save_button.isEnabled(), timeout=60000)
    assert preview.pdf is not None and preview.pages is not None and preview.pages.count >= 2
    assert "二、园区端：从导入到统计" in squeezed_text(preview.pdf)
    preview.close()


def test_the_manual_names_only_commands_the_windows_have(
    qtbot, store, tmp_path, enterprise, office, session
):
    """Every 「…」 of the manual is a menu entry, action, button, tab or page of the real
    enterprise and office main windows, an application's window, the review window or the print
    preview; 「A › B」 is entry B of menu A."""
    names: set[str] = set()
    menus: dict[str, set[str]] = {}

    def take(window: QWidget) -> None:
        found, found_menus = commands_of(window)
        names.update(found)
        for title, entries in found_menus.items():
            menus.setdefault(title, set()).update(entries)

    enterprise_window = main_window(qtbot, store, tmp_path)
    take(enterprise_window)
    draft = store.import_document(plus_required_materials(example_document("incubator")))
    take(open_window(qtbot, store, enterprise_window.journal, draft))
    application_id = send(enterprise, office)
    review = ReviewWindow(office.store, application_id, session)
    qtbot.addWidget(review)
    take(review)
    take(main_window(qtbot, office.store, tmp_path / "office-journal", Mode.PARK_OFFICE))
    preview = PdfPreview(None, "用户手册", lambda _progress: b"", "x.pdf", start=False)
    qtbot.addWidget(preview)
    take(preview)

    quoted = quoted_names(load_manual())
    assert len(quoted) > 30
    unknown = unknown_names(quoted, names, menus)
    assert not unknown, f"the manual names commands the program lacks: {unknown}"


def unknown_names(
    quoted: list[tuple[str, ...]], names: set[str], menus: dict[str, set[str]]
) -> list[str]:
    """The quoted 「…」 names (「A › B」: entry B of menu A) that ``names`` and ``menus`` lack."""
    unknown = []
    for quoted_path in quoted:
        path = tuple(shown_name(part) for part in quoted_path)
        if len(path) == 1 and path[0] not in names and path[0] not in menus:
            unknown.append(path[0])
        elif len(path) > 2 or (len(path) == 2 and path[1] not in menus.get(path[0], set())):
            unknown.append(" › ".join(path))
    return unknown


def test_the_manual_check_catches_a_name_that_is_not_there(qtbot, store, tmp_path):
    window = main_window(qtbot, store, tmp_path)
    names, menus = commands_of(window)
    assert "填报说明" in menus["帮助"] and "用户手册" in menus["帮助"]
    assert "导入申报包" not in menus["文件"]  # an office's entry, not an enterprise's
    assert "不存在的命令" not in menus["文件"]
    there = [("帮助", "用户手册"), ("帮助",), ("文件",)]
    assert unknown_names(there, names, menus) == []
    missing = [
        ("文件", "导入申报包"),  # an entry of another menu bar
        ("不存在的命令",),
        ("帮助", "用户手册", "第一章"),  # deeper than a menu goes
        ("不存在的菜单", "用户手册"),
    ]
    assert unknown_names(missing, names, menus) == [
        "文件 › 导入申报包",
        "不存在的命令",
        "帮助 › 用户手册 › 第一章",
        "不存在的菜单 › 用户手册",
    ]


@pytest.mark.parametrize("kind", [*KINDS, "applicant"])
def test_every_fields_help_shows_under_it_without_hovering(qtbot, kind):
    definition = APPLICANT if kind == "applicant" else all_forms()[kind]
    editor = FormEditor(definition)
    qtbot.addWidget(editor)
    editor.show()
    qtbot.waitExposed(editor)
    seen = 0
    for name, row in editor.rows.items():
        hint = inline_hint(row.spec)
        if not hint:
            assert row.help is None
            continue
        assert row.help is not None and row.help.text() == hint, name
        relevant = not row.label.isHidden()
        assert row.help.isVisible() == (relevant and row.label.isVisible()), name
        seen += relevant
    assert seen > 0


def test_the_form_guide_quotes_the_measures_of_the_store_in_use(qtbot, tmp_path):
    """The guide's figures and its 政策参数 line are those the store checks applications with
    (as 关于 says), not merely the catalogue bundled as current."""
    from db.repository import Store
    from forms import form_registry
    from forms.core.catalogue import Catalogue, load_catalogue

    bundled = load_catalogue()
    other = Catalogue.from_mapping({**bundled.data, "version": "测试版", "title": "测试参数目录"})
    store = Store.open(f"sqlite:///{tmp_path / 'guide.db'}", other)
    window = FormGuideWindow(form_registry(), store)
    qtbot.addWidget(window)
    assert window.catalogue is store.catalogue
    assert "测试版" in window.view.toPlainText()


def test_the_manual_states_the_figures_the_program_uses():
    # The manual is prose, not generated: the delays and examples it gives are checked here
    # against the constants, so changing one without the other fails.
    from app.gui.editor.application_window import AUTOSAVE_DELAY_MS
    from db.idle_sign_out import IDLE_MINUTES
    from forms.core.display import DATE_EXAMPLE

    text = "".join("".join(load_manual().texts()).split())
    assert f"停止输入{AUTOSAVE_DELAY_MS // 1000}秒后" in text
    assert f"{IDLE_MINUTES}分钟无操作" in text
    assert f"日期按{DATE_EXAMPLE}的格式" in text
