"""When an officer who left the machine is signed out: decided here, without a window."""

from __future__ import annotations

import pytest

from db.idle_sign_out import (
    IDLE_MINUTES,
    IDLE_MINUTES_KEY,
    MAX_IDLE_MINUTES,
    UserInput,
    counts_as_activity,
    idle_minutes,
    idle_minutes_from,
    idle_sign_out_reason,
    idle_text,
)


@pytest.mark.parametrize(
    ("stored", "minutes"),
    [(None, 30), ("", 30), ("十分钟", 30), (" 10 ", 10), ("0", 0), ("480", 480), ("35792", 480)],
)
def test_the_setting_is_read_with_a_default_and_kept_within_a_working_day(stored, minutes):
    assert IDLE_MINUTES == 30 and MAX_IDLE_MINUTES == 8 * 60
    assert idle_minutes_from(stored) == minutes


def test_the_stores_setting_is_the_one_read(store):
    assert idle_minutes(store) == IDLE_MINUTES
    store.set_setting(IDLE_MINUTES_KEY, "45")
    assert idle_minutes(store) == 45


def test_pressing_clicking_scrolling_or_touching_counts_a_drifting_pointer_does_not():
    counted = {kind for kind in UserInput if counts_as_activity(kind)}
    assert counted == {
        UserInput.KEY_PRESS,
        UserInput.BUTTON_PRESS,
        UserInput.WHEEL,
        UserInput.TOUCH_BEGIN,
    }


def test_the_limit_as_the_officer_and_the_trail_read_it():
    assert idle_text(30 * 60_000) == "30 分钟"
    assert idle_text(300) == "1 秒" and idle_text(1500) == "2 秒"
    assert idle_sign_out_reason(10 * 60_000) == "10 分钟无操作，自动退出"
