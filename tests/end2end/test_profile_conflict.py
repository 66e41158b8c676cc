"""Two desktops of one office editing its 申报主体 at once: the second save is refused with a
message naming another officer (on a shared server), offers to reload, and loses neither
officer's work (issue 16: 「两台电脑同时修改本单位信息，一方的修改被悄悄覆盖」)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from app.gui.applications.pages import ProfilePage
from app.gui.widgets import plain
from app.settings import Mode, own_applicant_id
from db.repository import Store
from tests.helpers.windows import set_up


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch) -> Iterator[str]:
    monkeypatch.setenv("GXAPPLY_HOME", str(tmp_path / "home"))
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'office.sqlite3'}"
        return
    yield request.getfixturevalue("server_database")  # the session's server (tests/conftest.py)


def desktop(qtbot, url: str) -> ProfilePage:
    """One officer's desktop: its own connection to the store, on its 申报主体 page."""
    store = Store.open(url)
    page = ProfilePage(store)
    qtbot.addWidget(page)
    page.show()
    return page


def edited(page: ProfilePage, **changes: str) -> None:
    page.editor.set_data({**page.editor.data(), **changes})


def answer(monkeypatch, button: QMessageBox.StandardButton) -> list[tuple[str, str]]:
    asked: list[tuple[str, str]] = []

    def question(_parent, title, text, *args, **kwargs):
        asked.append((title, text))
        return button

    monkeypatch.setattr(plain, "question", question)
    return asked


def test_the_second_save_is_refused_and_reloads_the_first(qtbot, url, monkeypatch):
    set_up(Store.open(url), Mode.PARK_OFFICE)
    first, second = desktop(qtbot, url), desktop(qtbot, url)
    edited(first, contact_person="甲联系人")
    edited(second, contact_phone="0771-7654321")
    assert first.save()
    assert first.message.text() == "本园区信息已保存"  # an office's own profile

    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    assert not second.save()
    ((title, text),) = asked
    assert title == "本园区信息已被修改"
    assert "刚刚修改了本单位的申报主体信息" in text and "您的修改未保存" in text
    assert "重新载入" in text
    if url.startswith("postgresql"):
        assert text.startswith("另一位审核人员刚刚修改了")
    store = second.store
    profile = store.get_applicant(own_applicant_id(store)).profile
    assert profile.contact_person == "甲联系人"  # the first officer's change is kept
    # reloaded: the first's change on screen; the second officer puts the phone in again
    assert second.editor.data()["contact_person"] == "甲联系人"
    assert "已重新载入" in second.message.text()
    edited(second, contact_phone="0771-7654321")
    assert second.save()
    profile = store.get_applicant(own_applicant_id(store)).profile
    assert (profile.contact_person, profile.contact_phone) == ("甲联系人", "0771-7654321")


def test_not_reloading_keeps_what_was_typed(qtbot, url, monkeypatch):
    set_up(Store.open(url), Mode.PARK_OFFICE)
    first, second = desktop(qtbot, url), desktop(qtbot, url)
    edited(first, contact_person="甲联系人")
    assert first.save()
    answer(monkeypatch, QMessageBox.StandardButton.No)
    edited(second, contact_person="乙联系人")
    assert not second.save()
    assert second.editor.data()["contact_person"] == "乙联系人"  # still on screen
    assert "未保存" in second.message.text()
    assert not second.save()  # still refused: never over the other's change unseen
    store = second.store
    assert store.get_applicant(own_applicant_id(store)).profile.contact_person == "甲联系人"
