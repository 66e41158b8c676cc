"""Cold start to a usable main window, beside a bare PySide6 window with one label.

Target (issue 3): gxapply's list usable within 1.5× of the bare window, measured side by side in
the same run. Each sample is a new process, timed from spawn: the app through its real entry
point, ``python -m app`` on a store that is already set up, with GXAPPLY_STARTUP_PROBE=1 so that
it prints when its main window has been shown, when 我的申报 has painted its first rows (read
straight from the store's file; the window-ready marker, which the target is about) and when the
store itself is open (SQLAlchemy, migrations and the forms, on a worker thread), then exits.

The bare window is timed two ways: to its first painted frame, like for like with window-ready
(which waits for the rows to be painted) and the one the target compares with; and, for
reference, to the end of the first turn of its event loop, which comes before Qt paints it.

Runs alternate bare/app so that machine noise hits both alike; one untimed run of each first
creates the store and warms the file cache (a user's store already exists), and the project's
bytecode is compiled first as an installation has it (with PYTHONDONTWRITEBYTECODE set, every
start would otherwise compile the modules changed since the last compile).
``--frozen dist/gxapply/gxapply`` adds the PyInstaller build.

Run: .venv/bin/python -m benchmarks.bench_startup [--runs 10] [--frozen PATH] [--platform xcb]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5
BARE_ROW = "裸 PySide6 窗口：首帧已绘出"  # the row the target compares with
BARE_SHOWN_ROW = "裸 PySide6 窗口：事件循环一轮（未绘制）"
TARGETED = "gxapply：列表可用（首屏各行已绘出）"  # the row the target is about

BARE_SHOWN = """\
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("广西高新区创新政策申报助手")
label.resize(720, 420)
label.show()
QTimer.singleShot(0, app.quit)
app.exec()
print("BARE-READY")
"""

BARE_PAINTED = """\
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv[:1])
label = QLabel("广西高新区创新政策申报助手")
label.resize(720, 420)
def painted():
    print("BARE-PAINTED", flush=True)
    app.quit()
class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, painted)  # just after the paint, as gxapply's probe does
        return False
first_paint = FirstPaint()
label.installEventFilter(first_paint)
label.show()
app.exec()
"""


def pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (a Chinese character takes two)."""
    used = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - used)


SET_UP_STORE = """\
from app.settings import Mode, write_mode
from db.repository import Store
from tests.conftest import example_document
store = Store.open()
applicant_id = store.save_applicant(example_document("incubator").applicant)
store.set_setting("own_applicant_id", str(applicant_id))
write_mode(store, Mode.ENTERPRISE)
for kind in ("incubator", "new_track", "enclave", "rd_subsidy"):
    store.import_document(example_document(kind))
store.close()
"""


def sample(
    command: list[str], markers: tuple[str, ...], env: dict[str, str]
) -> tuple[dict[str, float], float]:
    """Seconds from spawn to each marker line on stdout, and to the process's exit."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    seen: dict[str, float] = {}
    for line in process.stdout:
        text = line.decode("utf-8", "replace")
        for marker in markers:
            if marker not in seen and marker in text:
                seen[marker] = time.perf_counter() - start
    _, err = process.communicate(timeout=120)
    exited = time.perf_counter() - start
    if process.returncode != 0 or len(seen) != len(markers):
        raise SystemExit(
            f"启动失败（退出码 {process.returncode}）：{' '.join(command)}\n"
            + err.decode("utf-8", "replace")
        )
    return seen, exited


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10, help="每种各测几次（默认 10）")
    parser.add_argument("--frozen", type=Path, help="另测 PyInstaller 生成的 gxapply 可执行文件")
    parser.add_argument(
        "--platform", help="Qt 平台插件；默认沿用 QT_QPA_PLATFORM，无显示器时用 offscreen"
    )
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if not k.startswith("GXAPPLY_")}
    env["PYTHONUNBUFFERED"] = "1"
    if args.platform:
        env["QT_QPA_PLATFORM"] = args.platform
    elif not (
        env.get("QT_QPA_PLATFORM")
        or sys.platform in ("win32", "darwin")
        or env.get("DISPLAY")
        or env.get("WAYLAND_DISPLAY")
    ):
        env["QT_QPA_PLATFORM"] = "offscreen"
    platform = env.get("QT_QPA_PLATFORM", "系统默认")

    # Each process is timed to each of its markers: one row of the table per marker.
    contenders: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare painted": ([sys.executable, "-c", BARE_PAINTED], {BARE_ROW: "BARE-PAINTED"}),
        "bare shown": (
            [sys.executable, "-c", BARE_SHOWN],
            {BARE_SHOWN_ROW: "BARE-READY"},
        ),
        "app": (
            [sys.executable, "-m", "app"],
            {
                "gxapply：主窗口已显示": "window-shown",
                TARGETED: "window-ready",
                "gxapply：数据库完全打开": "store-open",
            },
        ),
    }
    if args.frozen:
        contenders["frozen"] = (
            [str(args.frozen.resolve()), "--self-check"],
            {"gxapply 打包版（--self-check）": "自检通过"},
        )
    rows = [row for _, markers in contenders.values() for row in markers]

    compile_env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "app", "db", "forms"],
        env=compile_env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with tempfile.TemporaryDirectory() as home:
        env["GXAPPLY_HOME"] = home
        subprocess.run([sys.executable, "-c", SET_UP_STORE], env=env, cwd=ROOT, check=True)
        env["GXAPPLY_STARTUP_PROBE"] = "1"
        for command, markers in contenders.values():  # writes the kind titles; warms the cache
            sample(command, tuple(markers.values()), env)
        ready: dict[str, list[float]] = {row: [] for row in rows}
        exited: dict[str, list[float]] = {row: [] for row in rows}
        for _ in range(args.runs):
            for command, markers in contenders.values():
                seen, e = sample(command, tuple(markers.values()), env)
                for row, marker in markers.items():
                    ready[row].append(seen[marker] * 1000)
                    exited[row].append(e * 1000)

    print(f"冷启动到主窗口可用（每次一个新进程，交替测量，各 {args.runs} 次；Qt 平台：{platform}）")
    print(
        "从创建进程到：裸窗口首帧绘出（另列显示后事件循环跑完一轮、尚未绘制的时刻作参考）；"
        "gxapply 主窗口显示、我的申报首屏各行已绘出（直接读数据库文件）、数据库在后台完全打开"
    )
    print(f"  {pad('', 44)}{pad('窗口可用 中位 / 最快 / 最慢', 30)}到进程退出 中位")
    for name in rows:
        rs = ready[name]
        figures = f"{statistics.median(rs):.0f} / {min(rs):.0f} / {max(rs):.0f} ms"
        print(f"  {pad(name, 44)}{pad(figures, 30)}{statistics.median(exited[name]):.0f} ms")
    bare = statistics.median(ready[BARE_ROW])
    for name in rows:
        if name in (BARE_ROW, BARE_SHOWN_ROW):
            continue
        ratio = statistics.median(ready[name]) / bare
        if name == TARGETED:
            verdict = "达标" if ratio <= TARGET else "未达标"
            print(f"{name} ÷ 裸窗口首帧：{ratio:.2f}×（目标 ≤ {TARGET}×，{verdict}）")
        else:
            print(f"{name} ÷ 裸窗口首帧：{ratio:.2f}×（参考）")
    unpainted = statistics.median(ready[TARGETED]) / statistics.median(ready[BARE_SHOWN_ROW])
    print(f"{TARGETED} ÷ 未绘制的裸窗口：{unpainted:.2f}×（参考）")


if __name__ == "__main__":
    main()
