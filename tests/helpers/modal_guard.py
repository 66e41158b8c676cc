"""No test waits on a modal box nobody will answer: such a box is closed and the test fails by
name, instead of the run hanging until the CI's time runs out.

The trap (issue 16): a window that asks on close (SetupWizard.reject's 「确定退出？」, the main
window's unsaved profile, an editor whose save failed) is still open when a test fails;
pytest-qt's teardown closes it, the question's exec() waits for a click, and nothing ever comes.
The same happens in a test that forgets the ``dialogs`` fixture before an action that asks.

Why a guard in the tests rather than windows that ask less: any window, today's or tomorrow's,
and any modal (a plain.question, a C++ static QMessageBox or QFileDialog, a QDialog.exec()) is
covered without changing what users see; a window that asks only when something was changed
would still hang the test that changed something. How it works: while a Qt test runs, a timer
on the GUI thread (timers fire inside a modal's own event loop) looks for a modal widget that
something waits on (the thread is inside a nested event loop). In teardown nothing can answer,
so a modal that appears then is closed at once; during the test, one left waiting longer than
``GXAPPLY_MODAL_PATIENCE`` seconds (60 by default, far beyond any test's own answer) is. Either
way the test fails, naming the box's title and text.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

PATIENCE_S = float(os.environ.get("GXAPPLY_MODAL_PATIENCE", "60"))
TICK_MS = 100
SINCE = "modalGuardSince"  # when the guard first saw a modal widget (time.monotonic())
LINGERING = "modalGuardLingering"  # a modal already open when teardown began


class ModalLeftWaiting(Exception):
    """A modal box that nobody in the test answered."""


@dataclass
class ModalGuard:
    """Watches for modal widgets waited on while one test runs; ``closed`` says which it closed."""

    tearing_down: bool = False
    closed: list[str] = field(default_factory=list)
    timer: Any = None

    def start(self) -> None:
        from PySide6.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    def stop(self) -> None:
        if self.timer is not None:
            self.timer.stop()
            self.timer.deleteLater()
            self.timer = None

    def begin_teardown(self) -> None:
        """From now on nothing answers: a new modal is closed at once. One opened with open()
        and left (a decision dialog the test did not finish) blocks nobody and is left alone."""
        from PySide6.QtWidgets import QApplication

        self.tearing_down = True
        for widget in QApplication.topLevelWidgets():
            if widget.isModal():  # marked on the widget itself: Python wrappers come and go
                widget.setProperty(LINGERING, True)

    def tick(self) -> None:
        from PySide6.QtCore import QThread
        from PySide6.QtWidgets import QApplication

        widget = QApplication.activeModalWidget()
        # only a modal something waits on: the timer fires inside a nested event loop
        if widget is None or QThread.currentThread().loopLevel() < 1:
            return
        first = widget.property(SINCE)
        if first is None:
            first = time.monotonic()
            widget.setProperty(SINCE, first)
        if self.tearing_down:
            if widget.property(LINGERING):
                return
        elif time.monotonic() - first < PATIENCE_S:
            return
        self.closed.append(_described(widget, self.tearing_down))
        _close(widget)

    def failure(self) -> str:
        return (
            "a modal box nobody answered was closed (else the run would wait forever):\n"
            + "\n".join(self.closed)
            + "\nanswer it in the test (the dialogs fixture), or close the window before the end"
        )


def _described(widget: Any, tearing_down: bool) -> str:
    from PySide6.QtWidgets import QMessageBox

    when = "shown in teardown" if tearing_down else f"left waiting over {PATIENCE_S:g} s"
    text = widget.text() if isinstance(widget, QMessageBox) else type(widget).__name__
    return f"  {when}: 「{widget.windowTitle()}」{text}"


def _close(widget: Any) -> None:
    from PySide6.QtWidgets import QDialog

    if isinstance(widget, QDialog):
        widget.done(QDialog.DialogCode.Rejected)  # ends its exec(): the caller goes on
    else:
        widget.close()


GUARD = pytest.StashKey[ModalGuard]()


@pytest.fixture(autouse=True)
def modal_guard(request: pytest.FixtureRequest) -> Iterator[ModalGuard | None]:
    """Armed for every test that has a QApplication (the qapp/qtbot fixtures)."""
    if "qapp" not in request.fixturenames and "PySide6.QtWidgets" not in sys.modules:
        yield None
        return
    from PySide6.QtWidgets import QApplication

    if "qapp" in request.fixturenames:
        request.getfixturevalue("qapp")
    if QApplication.instance() is None:
        yield None
        return
    guard = ModalGuard()
    guard.start()
    request.node.stash[GUARD] = guard
    yield guard
    guard.stop()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    result = yield
    guard = item.stash.get(GUARD, None)
    if guard is not None and guard.closed:
        raise ModalLeftWaiting(guard.failure())
    return result


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    # outermost: before pytest-qt closes the test's widgets (where a window asks on close)
    guard = item.stash.get(GUARD, None)
    if guard is not None:
        guard.closed.clear()  # said already, if the test itself left one
        guard.begin_teardown()
    result = yield
    if guard is not None and guard.closed:
        raise ModalLeftWaiting(guard.failure())
    return result
