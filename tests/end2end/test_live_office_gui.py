"""What an officer sees when another officer's desktop (a separate process) works on the same
PostgreSQL store: the queue, an open review window and the accounts dialog refresh by
themselves; the status bar says whether this desktop hears the others (app/gui/widgets/
live_refresh.py). Run on a real server (tests/helpers/server.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from app.gui.main_window import MainWindow
from app.gui.officers.account_dialogs import AccountsDialog
from app.gui.officers.officer import OfficerSession
from app.gui.review.review_window import ReviewWindow
from app.gui.widgets.live_refresh import LISTENING, LOST, start_live_refresh
from app.recovery import RecoveryJournal
from app.settings import Mode, write_mode
from db.accounts import Accounts
from db.live import CHANNEL
from db.office_key import create_office_key
from db.repository import Store
from db.review import Review
from forms.exchange.review import Outcome
from tests.helpers.copies import Copy, officer, own_profile
from tests.helpers.live_worker import OFFICER
from tests.helpers.scenarios import FIXTURE_PASSPHRASE, receive
from tests.helpers.server import admin_statement
from tests.helpers.windows import main_window

pytestmark = pytest.mark.office_key_prompts  # what happens before the passphrase is typed

WAIT_MS = 30000


@pytest.fixture
def store(server_database: str) -> Iterator[Store]:
    """王芳's desktop's store (this process), 李四's account made for the other desktop."""
    opened = Store.open(server_database)
    Accounts(opened).create(*OFFICER, by=officer(Copy(opened)))
    yield opened
    opened.close()


def park_office(store: Store) -> None:
    own_profile(store, "enclave")  # where the example packages are sent
    write_mode(store, Mode.PARK_OFFICE)
    # one office key in the shared store: a decision on any desktop records it
    create_office_key(store, FIXTURE_PASSPHRASE, n=2**10)


def listening(store: Store) -> None:
    """This desktop hears the others from now on (its LISTEN is in place on the server)."""
    assert store.listen_to_others()
    listener = store.listener
    assert listener is not None and listener.listening.wait(WAIT_MS / 1000)


def reviewing(qtbot, store: Store) -> tuple[ReviewWindow, int]:
    """王芳, signed in, with a received application open in its review window, listening."""
    park_office(store)
    application_id = receive(Copy(store), "incubator")
    session = OfficerSession(store)
    session.sign_in("wangfang", "审核密码2026")
    window = ReviewWindow(store, application_id, session)
    qtbot.addWidget(window)
    window.show()
    listening(store)
    return window, application_id


def test_the_queue_shows_what_another_officer_imported_without_being_asked(
    qtbot, store, other_desktop, tmp_path
):
    park_office(store)
    window = MainWindow(store, RecoveryJournal(tmp_path / "recovery"))
    qtbot.addWidget(window)
    window.show()
    note = window.live_refresh
    assert note is not None and note.isVisible()
    qtbot.waitUntil(lambda: note.text() == LISTENING, timeout=WAIT_MS)
    page = window.review_page
    assert page.model.rowCount() == 0
    imported = other_desktop.imported("incubator")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=WAIT_MS)
    assert page.model.application_id(0) == imported
    assert page.count_label.text().startswith("共 1 份，待审 1 份")
    # and the statistics page counts it too
    dashboard = window.dashboard_page
    qtbot.waitUntil(
        lambda: dashboard.summary is not None and not dashboard.summary.empty, timeout=WAIT_MS
    )


def test_an_open_review_window_shows_another_officers_decision(qtbot, store, other_desktop):
    window, application_id = reviewing(qtbot, store)
    assert window.decide_button.isEnabled() and window.status_label.text() == "状态：已提交"
    window.decide()  # 王芳 is deciding when 李四, on his desktop, returns it
    dialog = window.decision_dialog
    assert dialog is not None
    dialog.outcomes[Outcome.RECOMMEND].setChecked(True)
    assert other_desktop.ask(f"decide {application_id} RETURN") == "decided"
    qtbot.waitUntil(lambda: window.status_label.text() == "状态：退回补正", timeout=WAIT_MS)
    assert not window.decide_button.isEnabled()
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    assert dialog.banner.text().startswith("未记录：")
    assert "李四（lisi）" in dialog.banner.text() and "您的决定未保存" in dialog.banner.text()
    assert Review(store).latest_decision(application_id).officer == "李四"


def test_the_accounts_dialog_shows_an_officer_added_on_another_desktop(qtbot, store, other_desktop):
    session = OfficerSession(store)
    session.sign_in("wangfang", "审核密码2026")
    dialog = AccountsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 2
    dialog.table.selectRow(1)
    selected = dialog.selected()
    listening(store)
    assert other_desktop.ask("add-officer zhaoliu 赵六") == "added"
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 3, timeout=WAIT_MS)
    names = [dialog.table.item(row, 0).text() for row in range(3)]
    assert "zhaoliu" in names
    assert dialog.selected() == selected  # the officer's selection is kept


def test_the_status_bar_says_when_other_officers_changes_are_not_heard(
    qtbot, store, server_database
):
    from PySide6.QtWidgets import QStatusBar

    bar = QStatusBar()
    qtbot.addWidget(bar)
    note = start_live_refresh(store, bar)
    assert note is not None
    qtbot.waitUntil(lambda: note.text() == LISTENING, timeout=WAIT_MS)
    listener = store.listener
    assert listener is not None
    with qtbot.waitSignal(note.state, timeout=WAIT_MS, check_params_cb=lambda up: not up):
        admin_statement(
            server_database,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE query = %s AND datname = current_database()",
            f"LISTEN {CHANNEL}",
        )
    assert note.text() == LOST and "自动重新连接" in note.toolTip()
    qtbot.waitUntil(lambda: note.text() == LISTENING, timeout=WAIT_MS)  # back by itself


def test_a_sqlite_store_has_no_live_note(qtbot, tmp_path):
    local = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    try:
        window = main_window(qtbot, local, tmp_path, Mode.PARK_OFFICE)
        assert window.live_refresh is None and local.listener is None
    finally:
        local.close()


def test_an_open_review_window_shows_another_officers_tick_and_keeps_a_note_being_typed(
    qtbot, store, other_desktop
):
    """李四 ticks the rule whose 核实说明 王芳 is typing: her window shows his record and names
    him, her text stays where it was, and once she has seen his record her note is recorded."""
    window, application_id = reviewing(qtbot, store)
    checklist = window.checklist
    window.tabs.setCurrentIndex(3)  # 政策条款与人工核实, where she is typing
    assert checklist.isVisible()
    rule = next(iter(checklist.items))  # the first 需人工核实 rule, the one 李四 ticks
    item = checklist.items[rule]
    checklist.tree.setCurrentItem(item)
    checklist.note_edit.setFocus()
    checklist.note_edit.insert("营业执照原件已核对")  # typed, not yet recorded
    assert checklist.save_note_button.isEnabled() and not checklist.conflict.isVisible()
    trail = window.history.trail.topLevelItemCount()

    assert other_desktop.ask(f"tick {application_id} 已电话核实") == f"ticked {rule}"
    qtbot.waitUntil(lambda: item.text(0) == "已核实", timeout=WAIT_MS)
    assert "李四" in item.text(2) and "已电话核实" in item.text(2)
    assert checklist.note_edit.text() == "营业执照原件已核对"  # her text is kept
    assert checklist.conflict.isVisible()
    warning = checklist.conflict.text()
    assert warning.startswith("李四于 ") and "改为“已核实”，核实说明“已电话核实”" in warning
    assert "尚未保存，仍保留在下面的框中" in warning
    assert window.history.trail.topLevelItemCount() == trail + 1
    assert window.history.trail.topLevelItem(0).text(1) == "李四（lisi）"

    # she has seen his record: hers is recorded over it, and the warning goes
    qtbot.mouseClick(checklist.save_note_button, Qt.MouseButton.LeftButton)
    recorded = Review(store).manual_checks(application_id)[rule]
    assert (recorded.officer, recorded.done, recorded.note) == ("王芳", True, "营业执照原件已核对")
    assert not checklist.conflict.isVisible() and not checklist.save_note_button.isEnabled()
    assert "王芳" in item.text(2)
