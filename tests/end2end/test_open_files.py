"""Opening a file with the program (a double click, ``gxapply FILE``): the main window runs the
import the 文件 menu would, with its dialogs and messages; a file this copy cannot take is
refused plainly; a hostile name is shown as text and nothing is written anywhere."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.gui.exchange.package_import import PackageImportDialog
from app.gui.main_window import MainWindow
from app.recovery import RecoveryJournal
from app.settings import Mode, last_folder, write_mode
from db.this_copy import OWN_APPLICANT_SETTING
from forms.applicant import ApplicantProfile
from forms.core.workflow import Status
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, officer, open_copy, submit
from tests.helpers.examples import example_json

PASSWORD = "审核密码2026"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch) -> None:
    monkeypatch.setattr("db.accounts.SCRYPT_N", 2**4)


def main_window(qtbot, copy: Copy, folder: Path, mode: Mode) -> MainWindow:
    write_mode(copy.store, mode)
    window = MainWindow(copy.store, RecoveryJournal(folder / "recovery"))
    qtbot.addWidget(window)
    window.show()
    return window


def finished(qtbot, dialog: PackageImportDialog) -> str:
    qtbot.waitUntil(lambda: dialog.run is not None and dialog.job is None, timeout=30_000)
    summary = dialog.status.text()
    dialog.close()
    return summary


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a digest of its content."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def mail(tmp_path) -> Path:
    """Where the files arrive (a USB stick, a mail program's downloads)."""
    folder = tmp_path / "收到的文件"
    folder.mkdir()
    return folder


@pytest.fixture
def exchanged(tmp_path, mail) -> tuple[Copy, Copy, Path, Path]:
    """An enterprise and an office; a package the enterprise sent (in ``mail``), and the
    office's decision on an earlier application, also in ``mail``."""
    enterprise = open_copy(tmp_path / "enterprise")
    office = open_copy(tmp_path / "office", "enclave")
    earlier = submit(enterprise)
    sent = enterprise.exchange.export_package(earlier, b"%PDF-1.7 packet")
    office_id = office.exchange.import_package(sent.content, sent.file_name).application_id
    office.review.record_decision(office_id, Outcome.RECOMMEND, officer=officer(office))
    decision = office.decisions.export_decision(office_id)
    decision_path = mail / decision.file_name
    decision_path.write_bytes(decision.content)
    package = enterprise.exchange.export_package(submit(enterprise), b"%PDF-1.7 p")
    package_path = mail / package.file_name
    package_path.write_bytes(package.content)
    yield enterprise, office, package_path, decision_path
    enterprise.store.close()
    office.store.close()


def test_a_package_opened_at_the_office_is_imported_by_the_signed_in_officer(
    qtbot, tmp_path, mail, dialogs, exchanged
):
    _enterprise, office, package_path, _decision = exchanged
    window = main_window(qtbot, office, tmp_path / "office", Mode.PARK_OFFICE)
    window.officers.sign_in("wangfang", PASSWORD)
    before = office.store.count_applications()
    untouched = snapshot(mail)

    window.open_files([str(package_path)])

    opened = window.opened
    assert opened is not None and len(opened.packages) == 1 and not opened.refused
    dialog = opened.packages[0]
    assert dialog.windowTitle() == "导入申报包"  # the menu's dialog
    assert finished(qtbot, dialog).startswith("导入 1 份，重复 0 份，拒收 0 份")
    assert office.store.count_applications() == before + 1
    assert window.pages.currentWidget() is window.review_page
    assert snapshot(mail) == untouched  # only read
    # not taken as a choice
    assert last_folder(office.store, "package_import_folder") == Path.home()


def test_a_decision_opened_at_the_enterprise_is_imported(qtbot, tmp_path, dialogs, exchanged):
    enterprise, _office, _package, decision_path = exchanged
    window = main_window(qtbot, enterprise, tmp_path / "enterprise", Mode.ENTERPRISE)
    first = 1  # the earlier application, which the office recommended
    assert enterprise.store.load(first).status is Status.SUBMITTED

    window.open_files([str(decision_path)])

    dialog = window.opened.packages[0]
    assert dialog.windowTitle() == "导入审核决定包"
    finished(qtbot, dialog)
    assert enterprise.store.load(first).status is Status.RECOMMENDED
    assert window.pages.currentWidget() is window.applications_page


def test_an_application_file_opened_is_imported_as_a_draft(qtbot, tmp_path, store, dialogs, mail):
    path = mail / "上年申报.json"
    path.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    window = main_window(qtbot, Copy(store), tmp_path, Mode.ENTERPRISE)

    window.open_files([str(path)])

    job = window.opened.application_files
    assert job is not None
    qtbot.waitUntil(lambda: job.result is not None or job.refusal is not None, timeout=30_000)
    assert job.refusal is None
    (draft,) = job.result.ids
    assert store.load(draft).status is Status.DRAFT
    title, text = dialogs[-1]
    assert title == "导入申报文件" and "已从 1 个文件导入 1 份申报" in text  # the menu's message


def test_files_given_before_the_store_opens_are_imported_once_it_is(
    qtbot, tmp_path, store, journal, dialogs, mail
):
    path = mail / "申报.json"
    path.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_files([str(path)])
    assert window.opened is None and "打开后即打开所给的文件" in window.statusBar().currentMessage()

    window.attach(store, journal)
    window.finish_start()

    job = window.opened.application_files
    qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)
    assert store.count_applications() == 1


def test_a_package_at_the_enterprise_or_a_decision_at_the_office_is_refused_plainly(
    qtbot, tmp_path, dialogs, exchanged
):
    enterprise, office, package_path, decision_path = exchanged
    at_enterprise = main_window(qtbot, enterprise, tmp_path / "enterprise", Mode.ENTERPRISE)
    before = enterprise.store.count_applications()
    at_enterprise.open_files([str(package_path)])
    title, text = dialogs[-1]
    assert title == "打开文件" and package_path.name in text
    assert "只能在园区端的“导入申报包”中导入；本程序是企业端" in text
    assert at_enterprise.opened.packages == [] and at_enterprise.opened.kinds == set()
    assert enterprise.store.count_applications() == before

    at_office = main_window(qtbot, office, tmp_path / "office", Mode.PARK_OFFICE)
    at_office.officers.sign_in("wangfang", PASSWORD)
    at_office.open_files([str(decision_path)])
    title, text = dialogs[-1]
    assert "只能在企业端的“导入审核决定”中导入；本程序是园区端" in text
    assert at_office.opened.packages == []


def test_a_refused_file_does_not_stop_the_others(qtbot, tmp_path, store, dialogs, mail):
    good = mail / "申报.json"
    good.write_text(json.dumps(example_json("incubator"), ensure_ascii=False), encoding="utf-8")
    window = main_window(qtbot, Copy(store), tmp_path, Mode.ENTERPRISE)
    window.open_files([str(mail / "不在了.gxdec"), str(good)])
    assert any("找不到文件" in text for _title, text in dialogs)
    job = window.opened.application_files
    qtbot.waitUntil(lambda: job.result is not None, timeout=30_000)
    assert store.count_applications() == 1


def test_a_hostile_name_is_shown_as_text_and_nothing_is_written(
    qtbot, tmp_path, store, dialogs, mail
):
    hostile = mail / "<b>已核验<br>\n指纹一致 <img src=x>.gxpkg"
    hostile.write_bytes(b"PK\x03\x04 not really a package")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    window = main_window(qtbot, Copy(store), tmp_path, Mode.ENTERPRISE)
    arrived = snapshot(mail)
    files_before = snapshot(tmp_path).keys()  # the store, its key: those of the window itself

    window.open_files(
        [
            str(hostile),
            str(outside / ".." / ".." / "etc" / "passwd.gxdec"),  # no such file here
            "relative/申报.json",
            "\x00",
        ]
    )

    title, text = dialogs[-1]
    assert title == "打开文件"
    assert "<b>已核验<br> 指纹一致 <img src=x>.gxpkg" in text  # as written, on one line
    assert "\n指纹一致" not in text
    assert text.count("未打开") >= 3
    assert window.opened.packages == [] and window.opened.application_files is None
    assert snapshot(mail) == arrived and snapshot(tmp_path).keys() == files_before
    assert list(outside.iterdir()) == []


# app.gui.main.run in a process of its own (it themes the whole application): the store set up,
# a file given; once the import dialog has run, the dialog's summary is printed and the app quits.
STARTED_WITH_A_FILE = """
import argparse, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.gui.main import run
from app.gui.main_window import MainWindow
from app.gui.widgets.theme import create_application

app = create_application(sys.argv)

def imported():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    opened = windows[0].opened if windows else None
    if opened and opened.packages and opened.packages[0].run is not None:
        print(opened.packages[0].run.summary(), flush=True)
        opened.packages[0].close()
        app.quit()

poll = QTimer()
poll.timeout.connect(imported)
poll.start(50)
files = sys.argv[2:]
sys.exit(run(argparse.Namespace(db=sys.argv[1], self_check=False, command=None, files=files)))
"""


@pytest.mark.sqlite_only(
    reason="the other process is a desktop of its own: on a server store it would wait for the office"
    " passphrase; handing a file over is the same on every back end"
)
def test_the_program_started_with_a_file_imports_it(tmp_path, exchanged):
    """``gxapply --db URL FILE`` with no copy running: the window comes up, the store opens,
    and the file goes to its import."""
    enterprise, _office, _package, decision_path = exchanged
    write_mode(enterprise.store, Mode.ENTERPRISE)
    profile = ApplicantProfile.model_validate(example_json("incubator")["applicant"])
    enterprise.store.set_setting(
        OWN_APPLICANT_SETTING, str(enterprise.store.save_applicant(profile))
    )  # set up: no first-start wizard
    url = enterprise.store.engine.url.render_as_string(hide_password=False)
    enterprise.store.close()  # the program opens it itself
    env = {k: v for k, v in os.environ.items() if not k.startswith("GXAPPLY_")}
    env.update(
        {
            "QT_QPA_PLATFORM": "offscreen",
            "GXAPPLY_HOME": str(tmp_path / "home"),
            "PYTHONPATH": str(ROOT),
        }
    )

    result = subprocess.run(
        [sys.executable, "-c", STARTED_WITH_A_FILE, url, str(decision_path)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("导入 1 份，重复 0 份，拒收 0 份"), result.stdout
    reopened = open_copy(tmp_path / "enterprise")
    assert reopened.store.load(1).status is Status.RECOMMENDED
    reopened.store.close()
