"""The 帮助 menu's 填报说明 and 用户手册, each one window that is raised when open."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu, QWidget

from app.gui.widgets.theme import make_action
from app.gui.widgets.window_registry import show_window

if TYPE_CHECKING:
    from app.gui.help.help_windows import FormGuideWindow, ManualWindow
    from db.repository import Store

FORM_GUIDE_ACTION = "填报说明(&G)…"
MANUAL_ACTION = "用户手册(&M)…"

_windows: dict[str, QWidget] = {}  # the one 填报说明 and the one 用户手册 window, while open


def add_help_actions(menu: QMenu, parent: QWidget, store: Store | None) -> None:
    """Put 填报说明 (F1) and 用户手册 at the top of ``menu``."""
    guide = make_action(parent, FORM_GUIDE_ACTION, "F1")
    guide.setToolTip("每种申报表的栏目、填写要求、政策条款和所需材料")
    guide.triggered.connect(lambda: show_form_guide(parent, store))
    manual = make_action(parent, MANUAL_ACTION)
    manual.setToolTip("企业端和园区端的操作步骤，可打印或保存为 PDF")
    manual.triggered.connect(lambda: show_manual(parent, store))
    existing = menu.actions()
    if not existing:
        menu.addActions([guide, manual])
        return
    menu.insertActions(existing[0], [guide, manual])
    menu.insertSeparator(existing[0])


def show_form_guide(
    parent: QWidget | None, store: Store | None, kind: str | None = None
) -> FormGuideWindow:
    from app.gui.help.help_windows import FormGuideWindow
    from forms import form_registry

    window = show_window(
        _windows, "form_guide", lambda: FormGuideWindow(form_registry(), store, parent, kind=kind)
    )
    assert isinstance(window, FormGuideWindow)
    if kind is not None:
        window.show_kind(kind)
    return window


def show_manual(parent: QWidget | None, store: Store | None) -> ManualWindow:
    from app.gui.help.help_windows import ManualWindow

    window = show_window(_windows, "manual", lambda: ManualWindow(store, parent))
    assert isinstance(window, ManualWindow)
    return window
