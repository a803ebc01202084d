"""Casework rules on the real calendar: limits, lights, pauses, reminders, escalation."""

from __future__ import annotations

from datetime import date

import pytest

from tests.core.test_calendar import CAL
from zhaoshang.casework.rules import (
    GREEN,
    RED,
    YELLOW,
    Follow,
    deadline_for,
    extend_for_pause,
    extension_allowed,
    follow_up_after_miss,
    light,
    must_escalate,
)


def test_business_request_before_spring_festival_2025_ends_after_the_break():
    assert deadline_for(CAL, date(2025, 1, 24), "business").end == date(2025, 2, 7)


def test_urgent_request_is_due_the_same_day():
    assert deadline_for(CAL, date(2026, 3, 2), "urgent").end == date(2026, 3, 2)


def test_unknown_category_is_refused():
    with pytest.raises(ValueError, match="未知的诉求类别"):
        deadline_for(CAL, date(2026, 3, 2), "gossip")


def test_light_turns_yellow_three_working_days_before_and_red_when_overdue():
    deadline = date(2025, 3, 14)  # Friday
    assert light(CAL, date(2025, 3, 10), deadline) == GREEN
    assert light(CAL, date(2025, 3, 11), deadline) == YELLOW
    assert light(CAL, date(2025, 3, 17), deadline) == RED


def test_light_stays_red_once_missed_even_after_an_extension():
    assert light(CAL, date(2025, 3, 3), date(2025, 3, 31), missed=True) == RED


def test_pause_moves_the_deadline_by_the_paused_working_days():
    # Paused Fri 03-07, resumed Wed 03-12: Mon, Tue, Wed = 3 working days stopped.
    assert extend_for_pause(CAL, date(2025, 3, 14), date(2025, 3, 7), date(2025, 3, 12)).end == (
        date(2025, 3, 19)
    )


def test_extension_after_the_deadline_is_not_allowed():
    assert extension_allowed(date(2025, 3, 14), date(2025, 3, 14))
    assert not extension_allowed(date(2025, 3, 15), date(2025, 3, 14))


def test_reminder_next_working_day_and_supervision_after_five():
    missed = date(2024, 9, 30)
    assert follow_up_after_miss(CAL, missed, date(2024, 10, 7)) == Follow(False, False)
    assert follow_up_after_miss(CAL, missed, date(2024, 10, 8)).reminder_due
    assert not follow_up_after_miss(CAL, missed, date(2024, 10, 11)).supervision_due
    assert follow_up_after_miss(CAL, missed, date(2024, 10, 12)).supervision_due  # make-up Saturday


def test_escalation_at_three_transfers_or_three_reopens():
    assert not must_escalate(2, 2)
    assert must_escalate(3, 0)
    assert must_escalate(0, 3)
