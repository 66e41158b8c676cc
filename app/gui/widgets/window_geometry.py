"""Where a window opens: inside the available area of its screen, as the user last left it.

Every top-level window and dialog calls ``place_window`` once, in its constructor, instead of
``resize``. At its first show the window is sized to fit the screen it opens on (the taskbar
and a title bar left free, at any scaling), centred over its parent, and moved back inside the
screen; geometry the user gave it (moved, resized, maximised) is kept per window kind in the
store's settings (this computer's own file for a store on the office's server) and restored next
time, clamped when the screen has become smaller.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Protocol

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import QEvent, QMargins, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtGui import QScreen

SETTING_PREFIX = "window_geometry."
# The frame a window system adds around a window (title bar, borders) before Qt knows it: the
# title bar of Windows 10/11 at 100% is 31 px, borders up to 8 px (in device-independent px).
FRAME_ESTIMATE = QMargins(8, 32, 8, 8)


class SettingsStore(Protocol):
    """What of a db.repository.Store remembering needs (this module must not load SQLAlchemy:
    the main window is placed before the store is open)."""

    def get_setting(self, key: str, default: str | None = None) -> str | None: ...
    def set_setting(self, key: str, value: str) -> None: ...


def available_area(window: QWidget) -> QRect:
    """The part of ``window``'s screen a window may use (without the taskbar)."""
    screen: QScreen | None = window.screen()
    if screen is None:
        parent = window.parentWidget()
        screen = parent.screen() if parent is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1366, 728)


def frame_margins(window: QWidget) -> QMargins:
    """The window system's frame around ``window``; an estimate while it is not yet known."""
    frame, inner = window.frameGeometry(), window.geometry()
    if frame == inner:
        return FRAME_ESTIMATE
    return QMargins(
        inner.left() - frame.left(),
        inner.top() - frame.top(),
        frame.right() - inner.right(),
        frame.bottom() - inner.bottom(),
    )


def fitted_size(wanted: QSize, area: QRect, margins: QMargins) -> QSize:
    """``wanted`` made no larger than ``area`` with the frame around it."""
    return QSize(
        max(1, min(wanted.width(), area.width() - margins.left() - margins.right())),
        max(1, min(wanted.height(), area.height() - margins.top() - margins.bottom())),
    )


def inside(frame: QRect, area: QRect) -> QPoint:
    """The top-left corner that puts ``frame`` inside ``area``, moved as little as possible."""
    x = max(area.left(), min(frame.left(), area.right() + 1 - frame.width()))
    y = max(area.top(), min(frame.top(), area.bottom() + 1 - frame.height()))
    return QPoint(x, y)


def encode(frame_pos: QPoint, size: QSize, maximised: bool) -> str:
    return f"{frame_pos.x()},{frame_pos.y()},{size.width()},{size.height()},{int(maximised)}"


def decode(text: str | None) -> tuple[QPoint, QSize, bool] | None:
    try:
        x, y, width, height, maximised = (int(part) for part in (text or "").split(","))
    except ValueError:
        return None
    if width <= 0 or height <= 0:
        return None
    return QPoint(x, y), QSize(width, height), bool(maximised)


class WindowPlacement(QObject):
    """Places its window at the first show and remembers what the user made of it."""

    def __init__(
        self, window: QWidget, kind: str, size: QSize | None, store: SettingsStore | None
    ) -> None:
        super().__init__(window)  # the window is its parent, not held: it must be free to go
        self.kind = kind
        self.default_size = size
        self.store = store
        self.placed = False
        self.changed_by_user = False
        self.normal: QRect | None = None  # frame position and size when not maximised
        if size is not None:  # already so before the first show (tests measure unshown windows)
            window.resize(fitted_size(size, available_area(window), FRAME_ESTIMATE))
        window.installEventFilter(self)

    @property
    def window(self) -> QWidget:
        window = self.parent()
        assert isinstance(window, QWidget)
        return window

    @property
    def key(self) -> str:
        return SETTING_PREFIX + self.kind

    def settings(self) -> SettingsStore | None:
        """Where to remember: the window's own store, else that of a window it belongs to —
        or, for a store on the office's server, this computer's own settings file (a geometry
        is one screen's, not the office's: app.settings.desktop_settings)."""
        found = self._store()
        if found is None:
            return None
        from db.repository import Store  # loaded by now: there is a store

        if isinstance(found, Store):
            from app.settings import desktop_settings

            return desktop_settings(found)
        return found

    def _store(self) -> SettingsStore | None:
        if self.store is not None:
            return self.store
        widget: QWidget | None = self.window
        while widget is not None:
            found = getattr(widget, "store", None)
            if found is not None and hasattr(found, "set_setting"):
                return found
            widget = widget.parentWidget()
        return None

    def remembered(self) -> tuple[QPoint, QSize, bool] | None:
        store = self.settings()
        if store is None:
            return None
        from db.engine import StoreError  # loaded by now: there is a store

        with suppress(StoreError):  # an unreadable store: open where a new window would
            return decode(store.get_setting(self.key))
        return None

    def use_store(self, store: SettingsStore) -> None:
        """A store that came after the first show (the main window's): restore from it now,
        unless the user has already moved the window."""
        self.store = store
        if self.placed and not self.changed_by_user:
            self.place()

    def place(self) -> None:
        window = self.window
        area = available_area(window)
        margins = frame_margins(window)
        remembered = self.remembered()
        wanted = remembered[1] if remembered else (self.default_size or window.size())
        size = fitted_size(wanted, area, margins)
        size = size.expandedTo(window.minimumSize())  # what the layout cannot do without
        window.resize(size)
        frame = QRect(QPoint(0, 0), size.grownBy(margins))
        if remembered and area.contains(QRect(remembered[0], frame.size())):
            frame.moveTopLeft(remembered[0])
        else:
            parent = window.parentWidget()
            over = parent.window().frameGeometry() if parent is not None else area
            if parent is not None and not area.intersects(over):
                over = area
            frame.moveCenter(over.center())
        window.move(inside(frame, area))
        self.normal = QRect(window.pos(), window.size())
        if remembered and remembered[2]:
            window.setWindowState(window.windowState() | QtCore.Qt.WindowState.WindowMaximized)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show and not self.placed:
            self.placed = True
            self.place()
        elif kind in (QEvent.Type.Move, QEvent.Type.Resize) and self.placed:
            # Only the window system's (the user's) moves count, not the program's own resizing
            if event.spontaneous():
                self.changed_by_user = True
            if not (self.window.isMaximized() or self.window.isFullScreen()):
                self.normal = QRect(self.window.pos(), self.window.size())
        elif kind == QEvent.Type.WindowStateChange and self.placed and event.spontaneous():
            self.changed_by_user = True
        elif kind == QEvent.Type.Hide and self.changed_by_user:
            self.remember()
        return False

    def remember(self) -> None:
        store, normal = self.settings(), self.normal
        if store is None or normal is None:
            return
        maximised = self.window.isMaximized()
        from db.engine import StoreError  # loaded by now: there is a store

        # Only a convenience: a store that cannot write (read-only, full disk) goes without.
        with suppress(StoreError):
            store.set_setting(self.key, encode(normal.topLeft(), normal.size(), maximised))
        self.changed_by_user = False


def place_window(
    window: QWidget,
    kind: str,
    size: tuple[int, int] | None = None,
    *,
    store: SettingsStore | None = None,
) -> WindowPlacement:
    """Open ``window`` inside its screen's available area at ``size`` (or its own size hint),
    as much of it as fits, and remember its geometry per ``kind`` in ``store`` (by default the
    store of the window or of the window it belongs to)."""
    return WindowPlacement(window, kind, QSize(*size) if size else None, store)


def placement_of(window: QWidget) -> WindowPlacement | None:
    direct = QtCore.Qt.FindChildOption.FindDirectChildrenOnly
    return window.findChild(WindowPlacement, options=direct)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Grow (or shrink) a shown window to ``width`` × ``height`` as far as its screen allows,
    keeping it inside: for dialogs that grow to show a longer message or their results. It grows
    about its centre, so a dialog in the middle of the screen stays there rather than reaching
    down to a corner."""
    area = available_area(window)
    centre = window.frameGeometry().center()
    window.resize(fitted_size(QSize(width, height), area, frame_margins(window)))
    if window.isVisible():
        frame = window.frameGeometry()
        frame.moveCenter(centre)
        window.move(inside(frame, area))
