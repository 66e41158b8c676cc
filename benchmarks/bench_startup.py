"""Cold start to a usable main window, beside a bare PySide6 window with one label.

Target (issue 3): gxapply within 1.5× of the bare window, measured side by side in the same run.
Each sample is a new process, timed from spawn: the app through its real entry point,
``python -m app`` on a store that is already set up, with GXAPPLY_STARTUP_PROBE=1 so that it
prints when its main window has been shown (the store still opening on a worker thread) and when
the pages are ready (store open, list filled), then exits; against a script that shows a QLabel
window, lets the event loop run once, prints a marker and exits. Runs alternate bare/app so that machine noise
hits both alike; one untimed run of each first creates the store and warms the file cache (a
user's store already exists). ``--frozen dist/gxapply/gxapply`` adds the PyInstaller build.

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

BARE = """\
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


def sample(command: list[str], marker: str, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from spawn to the marker line on stdout, and to the process's exit."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT
    )
    assert process.stdout is not None
    ready = None
    for line in process.stdout:
        if ready is None and marker in line.decode("utf-8", "replace"):
            ready = time.perf_counter() - start
    _, err = process.communicate(timeout=120)
    exited = time.perf_counter() - start
    if process.returncode != 0 or ready is None:
        raise SystemExit(
            f"启动失败（退出码 {process.returncode}）：{' '.join(command)}\n"
            + err.decode("utf-8", "replace")
        )
    return ready, exited


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

    contenders = {
        "裸 PySide6 窗口（一个标签）": ([sys.executable, "-c", BARE], "BARE-READY"),
        "gxapply：主窗口已显示": ([sys.executable, "-m", "app"], "window-shown"),
        "gxapply：数据已载入、列表可用": ([sys.executable, "-m", "app"], "window-ready"),
    }
    if args.frozen:
        contenders["gxapply 打包版（--self-check）"] = (
            [str(args.frozen.resolve()), "--self-check"],
            "自检通过",
        )

    with tempfile.TemporaryDirectory() as home:
        env["GXAPPLY_HOME"] = home
        subprocess.run([sys.executable, "-c", SET_UP_STORE], env=env, cwd=ROOT, check=True)
        env["GXAPPLY_STARTUP_PROBE"] = "1"
        for command, marker in contenders.values():  # creates the store; warms the file cache
            sample(command, marker, env)
        ready: dict[str, list[float]] = {name: [] for name in contenders}
        exited: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(args.runs):
            for name, (command, marker) in contenders.items():
                r, e = sample(command, marker, env)
                ready[name].append(r * 1000)
                exited[name].append(e * 1000)

    print(f"冷启动到主窗口可用（每次一个新进程，交替测量，各 {args.runs} 次；Qt 平台：{platform}）")
    print(
        "从创建进程到：裸窗口显示并跑完一轮事件循环；gxapply 主窗口显示（数据库在后台打开）与数据载入完成"
    )
    print(f"  {pad('', 40)}{pad('窗口可用 中位 / 最快 / 最慢', 30)}到进程退出 中位")
    for name in contenders:
        rs = ready[name]
        figures = f"{statistics.median(rs):.0f} / {min(rs):.0f} / {max(rs):.0f} ms"
        print(f"  {pad(name, 40)}{pad(figures, 30)}{statistics.median(exited[name]):.0f} ms")
    bare, *apps = contenders
    for name in apps:
        ratio = statistics.median(ready[name]) / statistics.median(ready[bare])
        verdict = "达标" if ratio <= TARGET else "未达标"
        print(f"{name} ÷ 裸窗口：{ratio:.2f}×（目标 ≤ {TARGET}×，{verdict}）")


if __name__ == "__main__":
    main()
