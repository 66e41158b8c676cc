"""Opening an application in the editor (target: under 150 ms). Prints its figures.

Run: .venv/bin/python -m benchmarks.bench_editor   (offscreen; no screen needed)
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from app.gui.editor.application_window import ApplicationWindow
from app.gui.widgets.theme import apply_theme
from app.recovery import RecoveryJournal
from db.repository import Store
from tests.conftest import KINDS, example_document

RUNS = 20


def main() -> None:
    app = QApplication.instance() or QApplication([])
    apply_theme(app)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        journal = RecoveryJournal(Path(folder) / "recovery")
        print(
            f"在编辑器中打开一份申报（载入、生成表单、全部规则检查、显示；各 {RUNS} 次，目标 < 150 ms）"
        )
        for kind in KINDS:
            app_id = store.import_document(example_document(kind))
            samples = []
            for run in range(RUNS + 2):
                start = time.perf_counter()
                window = ApplicationWindow(store, app_id, journal)
                window.show()
                app.processEvents()
                elapsed = (time.perf_counter() - start) * 1000
                window.dirty = False
                window.close()
                app.processEvents()
                if run >= 2:  # the first two warm Qt's caches
                    samples.append(elapsed)
            samples.sort()
            print(
                f"  {kind:<12} 中位数 {statistics.median(samples):7.1f} ms   最慢 {samples[-1]:7.1f} ms"
            )
        store.close()


if __name__ == "__main__":
    main()
