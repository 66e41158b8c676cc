"""A test that fails while a window that asks on close is open fails by name, instead of hanging
the run on the question nobody answers (tests/helpers/modal_guard.py, issue 16).

Each case runs a small test file in a separate pytest, bounded by a timeout enforced here: without
the guard that pytest never ends (pytest-qt's teardown closes the wizard, SetupWizard.reject asks
「确定退出？」 and waits), and this test fails saying it hung."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BOUND_S = 240  # the inner run takes some seconds; hanging, it would take for ever
INNER_PATIENCE_S = "3"  # the guard's wait during a test, shortened for the inner run

WIZARD_LEFT_OPEN = """
from app.gui.applications.setup_wizard import SetupWizard


def test_a_wizard_test_fails_while_the_wizard_is_open(qtbot, store):
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    assert wizard.currentId() == -99, "the wizard test's own failure"
"""

QUESTION_UNANSWERED = """
from PySide6.QtWidgets import QWidget

from app.gui.widgets import plain


def test_a_question_the_test_forgot_to_answer(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    answer = plain.question(parent, "已记录审核决定", "现在导出审核决定包吗？")
    assert answer is not None
"""


def run_inner(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    """``source`` as a test file run by its own pytest, with this suite's conftest."""
    test_file = tmp_path / "test_inner.py"
    test_file.write_text(textwrap.dedent(source), encoding="utf-8")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "GXAPPLY_MODAL_PATIENCE": INNER_PATIENCE_S,
    }
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    command += ["-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT)]
    command += ["-p", "tests.conftest", str(test_file)]
    try:
        return subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BOUND_S
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the inner test run hung (killed after {BOUND_S} s):\n{exc.stdout!r}")


def test_a_failing_wizard_test_fails_by_name_instead_of_hanging(tmp_path):
    done = run_inner(tmp_path, WIZARD_LEFT_OPEN)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    # the test's own failure is reported, then the question teardown met, both by name
    assert "FAILED" in out and "test_a_wizard_test_fails_while_the_wizard_is_open" in out, out
    assert "the wizard test's own failure" in out, out
    assert "ERROR" in out and "ModalLeftWaiting" in out and "shown in teardown" in out, out
    assert "「退出设置」设置尚未完成" in out, out


def test_a_question_left_unanswered_in_a_test_fails_it_by_name(tmp_path):
    done = run_inner(tmp_path, QUESTION_UNANSWERED)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "FAILED" in out and "test_a_question_the_test_forgot_to_answer" in out, out
    assert f"left waiting over {INNER_PATIENCE_S} s" in out, out
    assert "「已记录审核决定」现在导出审核决定包吗？" in out, out


ANSWERED_OR_NOT_WAITED_ON = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget


def test_a_question_answered_within_patience(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    box = QMessageBox(QMessageBox.Icon.Question, "继续", "继续吗？", parent=parent)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    QTimer.singleShot(1000, lambda: box.done(QMessageBox.StandardButton.Yes))  # the test's answer
    assert box.exec() == QMessageBox.StandardButton.Yes


def test_a_dialog_opened_without_waiting_is_left_alone(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = QDialog(parent)
    dialog.setModal(True)
    dialog.open()  # nobody waits on it: the test ends with it open, as a decision dialog may
    assert dialog.isVisible()
"""


def test_a_box_answered_in_time_or_waited_on_by_nobody_passes(tmp_path):
    """The passing side: the guard fails only a test that leaves a box waiting."""
    done = run_inner(tmp_path, ANSWERED_OR_NOT_WAITED_ON)
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    assert "2 passed" in out and "ModalLeftWaiting" not in out, out
