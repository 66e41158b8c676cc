"""The installed PySide survives what the app does all day: signals emitted many thousands of times.

PySide6 6.12.0 dropped a reference on every emission; on Python 3.11, whose True, False and None
are counted like any object, a session aborted after some thousands of keystrokes or progress
reports ("Fatal Python error: bool_dealloc"). pyproject.toml keeps that release out; this test
tells whether a release allowed there has the same fault. It runs in a child process, because
the fault kills the process it happens in.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

EMISSIONS = 50_000

SCRIPT = textwrap.dedent(
    f"""
    import threading
    from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal

    class Job(QObject):
        progressed = Signal(int, int)
        finished = Signal(object)

    app = QCoreApplication([])
    job = Job()
    seen = []
    job.progressed.connect(lambda done, total: seen.append(done))
    for done in range({EMISSIONS}):  # on the GUI thread, as the editor's edits are
        job.progressed.emit(done, {EMISSIONS})
    job.finished.connect(lambda result: app.quit(), Qt.ConnectionType.QueuedConnection)

    def work():  # from a worker thread, as BackgroundJob reports
        for done in range({EMISSIONS}):
            job.progressed.emit(done, {EMISSIONS})
        job.finished.emit(None)

    worker = threading.Thread(target=work)
    worker.start()
    QTimer.singleShot(60_000, app.quit)
    app.exec()
    worker.join()
    print(len(seen))
    """
)


def test_signals_emitted_many_times_do_not_corrupt_the_interpreter() -> None:
    run = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout.split()[-1]) == 2 * EMISSIONS
