"""The store's change notification (db/changes.py) as one Qt signal, delivered on the GUI thread.

A write may commit on a worker thread (an import, a backup job); its subscribers are widgets,
which must only be touched on the GUI thread. ``store_changes(store)`` gives the one bridge of a
store: a write on the GUI thread is told at once, one on another thread is queued to the GUI
thread, and several queued meanwhile arrive as one change. Screens connect to its ``changed``
and show the store again; no window refreshes another by hand.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from PySide6 import QtCore  # QtCore.Qt in functions: see tests/end2end/test_startup.py
from PySide6.QtCore import QCoreApplication, QObject, QThread, Signal

if TYPE_CHECKING:  # light: the list page imports this before SQLAlchemy is loaded
    from db.changes import Change
    from db.repository import Store


class StoreChangeBridge(QObject):
    changed = Signal(object)  # a db.changes.Change, always on the GUI thread
    _queued = Signal()

    def __init__(self, store: Store) -> None:
        super().__init__()
        app = QCoreApplication.instance()
        if app is not None:  # lives on the GUI thread whoever first asked for it
            self.moveToThread(app.thread())
        self._lock = threading.Lock()
        self._pending: Change | None = None
        self._queued.connect(self._deliver, QtCore.Qt.ConnectionType.QueuedConnection)
        self.unsubscribe = store.changes.subscribe(self._heard)

    def _heard(self, change: Change) -> None:
        if QThread.currentThread() is self.thread():
            self.changed.emit(change)
            return
        with self._lock:
            first = self._pending is None
            self._pending = change if self._pending is None else self._pending | change
        if first:
            self._queued.emit()

    def _deliver(self) -> None:
        with self._lock:
            change, self._pending = self._pending, None
        if change is not None:
            self.changed.emit(change)


_BRIDGES: WeakKeyDictionary[Store, StoreChangeBridge] = WeakKeyDictionary()


def store_changes(store: Store) -> StoreChangeBridge:
    """The GUI's bridge to ``store``'s changes (one per store, made on first use)."""
    bridge = _BRIDGES.get(store)
    if bridge is None:
        bridge = _BRIDGES[store] = StoreChangeBridge(store)
    return bridge
