"""Long work (building packets, printing a batch) on a worker thread, reported to the GUI.

The work function receives a ``Progress`` to report ``(done, total)`` and to ask whether the
user cancelled; the GUI thread gets ``progressed``, then ``finished`` with the result or
``failed`` with a Chinese sentence. The window never waits on the thread.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal

from forms.core.errors import explain
from forms.packet import PacketCancelled

log = logging.getLogger(__name__)


class Progress:
    """Handed to the work: report progress, and stop at the next check once cancelled."""

    def __init__(self, job: BackgroundJob) -> None:
        self._job = job

    def report(self, done: int, total: int) -> None:
        self._job._emit(self._job.progressed, done, total)

    @property
    def cancelled(self) -> bool:
        return self._job.is_cancelled

    def check(self) -> None:
        if self._job.is_cancelled:
            raise PacketCancelled


class BackgroundJob(QObject):
    progressed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)
    cancelled = Signal()

    def __init__(self, work: Callable[[Progress], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self._cancel = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="background-job", daemon=True)
        self._thread.start()

    def cancel(self) -> None:
        self._cancel.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            result = self._work(Progress(self))
        except PacketCancelled:
            self._emit(self.cancelled)
        except Exception as exc:  # reported in Chinese, never lost on the worker thread
            self._emit(self.failed, explain(exc))
        else:
            self._emit(self.finished, result)

    @staticmethod
    def _emit(signal: Any, *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the window that asked has closed meanwhile
            signal.emit(*args)


def connect_queued(signal: Any, slot: Callable[..., Any]) -> None:
    """Deliver a worker's signal on the GUI thread."""
    signal.connect(slot, Qt.ConnectionType.QueuedConnection)
