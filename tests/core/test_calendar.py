"""The working-day calendar, pure: real 2024–2026 holidays and make-up workdays."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.core.calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    OutsideCalendar,
    WorkCalendar,
    add_working_days,
    add_working_hours,
    working_days_between,
)


def _real_calendar(first: int = 2024, last: int = 2026) -> WorkCalendar:
    holidays, makeup = set(), set()
    day = date(first, 1, 1)
    while day <= date(last, 12, 31):
        workday = chinese_calendar.is_workday(day)
        if day.weekday() >= 5 and workday:
            makeup.add(day)
        elif day.weekday() < 5 and not workday:
            holidays.add(day)
        day += timedelta(days=1)
    return WorkCalendar(first, last, frozenset(holidays), frozenset(makeup), {})


CAL = _real_calendar()


def test_day_of_receipt_is_not_counted_and_next_working_day_is_day_one():
    result = add_working_days(CAL, date(2025, 3, 3), 1)  # Monday
    assert result.end == date(2025, 3, 4)


def test_weekend_is_skipped_and_explained():
    result = add_working_days(CAL, date(2025, 3, 7), 1)  # Friday
    assert result.end == date(2025, 3, 10)
    assert [s.day for s in result.skipped] == [date(2025, 3, 8), date(2025, 3, 9)]
    assert "周末" in result.explain()


def test_spring_festival_2025_counts_the_makeup_sunday_and_skips_the_holiday():
    # 2025-01-26 (Sunday) is a make-up workday; 01-28 … 02-04 is the Spring Festival break.
    result = add_working_days(CAL, date(2025, 1, 24), 3)
    assert result.end == date(2025, 2, 5)
    assert result.makeup_days == (date(2025, 1, 26),)
    assert CAL.kind(date(2025, 1, 29)) == HOLIDAY
    assert "调休上班计入:2025-01-26" in result.explain()


def test_national_day_2024_pushes_a_one_day_deadline_past_the_break():
    assert CAL.kind(date(2024, 9, 29)) == MAKEUP_WORKDAY
    assert add_working_days(CAL, date(2024, 9, 30), 1).end == date(2024, 10, 8)


def test_complaint_received_before_national_day_2026_uses_thirteen_working_days():
    result = add_working_days(CAL, date(2026, 9, 30), 13)
    assert working_days_between(CAL, date(2026, 9, 30), result.end).working_days == 13
    assert all(not CAL.is_workday(s.day) for s in result.skipped)
    assert date(2026, 10, 1) in [s.day for s in result.skipped]


def test_urgent_zero_days_ends_the_same_day():
    assert add_working_days(CAL, date(2026, 2, 16), 0).end == date(2026, 2, 16)


def test_date_outside_known_years_is_an_error_that_says_so():
    with pytest.raises(OutsideCalendar, match="超出工作日历范围"):
        add_working_days(CAL, date(2023, 12, 29), 1)
    with pytest.raises(OutsideCalendar):
        add_working_days(CAL, date(2026, 12, 30), 5)  # would run into 2027


def test_negative_days_are_refused():
    with pytest.raises(ValueError, match="负数"):
        add_working_days(CAL, date(2025, 3, 3), -1)


def test_working_hours_roll_over_lunch_and_into_the_next_working_day():
    # Friday 16:30 + 2 working hours: 1 h to 17:30, then Monday 09:00 + 1 h.
    result = add_working_hours(CAL, datetime(2025, 3, 7, 16, 30), 2)
    assert result.end == datetime(2025, 3, 10, 10, 0)
    assert len(result.skipped) == 2
    assert add_working_hours(CAL, datetime(2025, 3, 3, 11, 30), 1).end == datetime(
        2025, 3, 3, 14, 0
    )


def test_one_working_hour_on_a_holiday_starts_after_the_break():
    result = add_working_hours(CAL, datetime(2024, 10, 3, 10, 0), 1)
    assert result.end == datetime(2024, 10, 8, 10, 0)


days = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 6, 30))


@given(start=days, n=st.integers(min_value=0, max_value=40))
def test_counting_back_gives_the_same_number_of_working_days(start, n):
    result = add_working_days(CAL, start, n)
    assert working_days_between(CAL, start, result.end).working_days == n
    if n > 0:
        assert CAL.is_workday(result.end)


@given(start=days, a=st.integers(0, 20), b=st.integers(0, 20))
def test_adding_in_two_steps_equals_adding_at_once(start, a, b):
    first = add_working_days(CAL, start, a).end
    if a > 0:
        assert add_working_days(CAL, first, b).end == add_working_days(CAL, start, a + b).end


@given(start=days, n=st.integers(1, 30))
def test_deadline_is_monotonic_and_skips_only_days_off(start, n):
    result = add_working_days(CAL, start, n)
    assert result.end >= add_working_days(CAL, start, n - 1).end
    assert all(not CAL.is_workday(s.day) for s in result.skipped)
    assert (result.end - start).days == n + len(result.skipped)
