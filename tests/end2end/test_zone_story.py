"""The whole story of issue 10, as the clerk and two offices live it, through the GUI.

The clerk picks 南宁高新区 from the list and the 南宁 office picked 南宁高新技术产业开发区: one zone,
so the package comes in. After submitting, the clerk finds her firm is in 柳州: she corrects her
zone, 撤回并重新报送 in the application window, and the 柳州 office takes the new package while
the 南宁 office would refuse it. The trail records the withdrawal and both exports.
"""

from __future__ import annotations

import pytest

from app.gui.editor.withdrawal import WithdrawDialog
from app.settings import own_profile_data, save_own_profile
from forms.core.workflow import Status
from forms.exchange.errors import PackageError
from tests.helpers.copies import Copy, open_copy
from tests.helpers.examples import example_document, example_json
from tests.helpers.exchange_windows import SaveDialog, export_by_keyboard, open_window
from tests.helpers.gui_driver import pick_zone
from tests.helpers.windows import answering_withdrawal, picker


def profile_picked(qtbot, copy: Copy, kind: str, typed: str, label: str) -> None:
    """The 申报主体 page: the example profile, with the zone typed and picked from the list."""
    editor, zone = picker(qtbot)
    editor.set_data({**example_json(kind)["applicant"], "hitech_zone": None})
    pick_zone(zone, typed, label)
    assert save_own_profile(copy.store, editor.data(), seen=own_profile_data(copy.store)) == []


def test_two_spellings_one_office_then_a_corrected_zone_goes_to_the_right_office(
    qtbot, store, journal, dialogs, monkeypatch, tmp_path
):
    clerk = Copy(store)
    nanning = open_copy(tmp_path / "nanning")
    liuzhou = open_copy(tmp_path / "liuzhou")
    profile_picked(qtbot, clerk, "incubator", "南宁高新区", "南宁高新技术产业开发区（国家级）")
    profile_picked(
        qtbot, nanning, "enclave", "南宁高新技术产业开发区", "南宁高新技术产业开发区（国家级）"
    )
    profile_picked(
        qtbot, liuzhou, "new_track", "柳州高新技术产业开发区", "柳州高新技术产业开发区（国家级）"
    )

    app_id = store.import_document(example_document("incubator"))  # her firm: the same code
    store.change_status(app_id, Status.READY)
    window = open_window(qtbot, store, journal, app_id)
    SaveDialog(monkeypatch, tmp_path / "第一次.gxpkg")
    export_by_keyboard(qtbot, window)
    first = (tmp_path / "第一次.gxpkg").read_bytes()
    assert nanning.exchange.import_package(first, "第一次.gxpkg").revision == 1  # one zone

    # She was wrong: the firm is in 柳州. She corrects the profile, picking from the list again.
    profile_picked(qtbot, clerk, "incubator", "柳州高新", "柳州高新技术产业开发区（国家级）")
    monkeypatch.setattr(WithdrawDialog, "exec", answering_withdrawal(qtbot, "所在高新区选错"))
    SaveDialog(monkeypatch, tmp_path / "重新报送.gxpkg")
    window.withdraw_action.trigger()
    qtbot.waitUntil(lambda: window.export is None, timeout=30_000)

    again = (tmp_path / "重新报送.gxpkg").read_bytes()
    received = liuzhou.exchange.import_package(again, "重新报送.gxpkg")
    assert received.revision == 1 and not received.duplicate
    with pytest.raises(PackageError) as refused:
        nanning.exchange.import_package(again, "重新报送.gxpkg")
    assert (
        refused.value.code == "wrong_office" and "柳州高新技术产业开发区" in refused.value.message
    )

    actions = [entry.action for entry in store.audit_trail(app_id)]
    assert "撤回" in actions and actions.count("导出申报包") == 2
