"""One top-level window per key (an application's id): raised when open, else made and kept."""

from __future__ import annotations

from collections.abc import Callable, MutableMapping
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

Key = TypeVar("Key")
Window = TypeVar("Window", bound="QWidget")


def show_window(
    windows: MutableMapping[Key, Window], key: Key, make: Callable[[], Window]
) -> Window:
    """The window under ``key`` in ``windows``, made by ``make`` if there is none, then shown,
    raised and activated. A made window leaves ``windows`` when it is destroyed (closed with
    WA_DeleteOnClose), so the next call makes a fresh one."""
    window = windows.get(key)
    if window is None:
        window = make()
        window.destroyed.connect(lambda *_: windows.pop(key, None))
        windows[key] = window
    window.show()
    window.raise_()
    window.activateWindow()
    return window
