"""Seeding the calendar into the database, loading it back, and the two commands."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from zhaoshang.core.calendar import add_working_days
from zhaoshang.core.calendar_data import known_years, load_calendar, seed
from zhaoshang.core.models import WorkCalendarDay

pytestmark = pytest.mark.django_db


def test_seed_covers_every_known_year_and_is_idempotent():
    added = seed(range(2025, 2027))
    assert added == 365 + 365
    assert seed(range(2025, 2027)) == 0
    assert WorkCalendarDay.objects.count() == 730
    assert 2026 in known_years()


def test_seeded_days_carry_kind_and_chinese_holiday_name():
    seed(range(2025, 2026))
    festival = WorkCalendarDay.objects.get(date=date(2025, 1, 29))
    assert (festival.kind, festival.is_workday, festival.name) == ("holiday", False, "春节")
    makeup = WorkCalendarDay.objects.get(date=date(2025, 1, 26))
    assert (makeup.kind, makeup.is_workday) == ("makeup_workday", True)


def test_admin_correction_survives_a_reseed_and_is_used_by_the_calendar():
    seed(range(2025, 2026))
    day = WorkCalendarDay.objects.get(date=date(2025, 3, 4))
    day.is_workday, day.kind, day.name = False, "holiday", "临时停工"
    day.save()
    seed(range(2025, 2026))
    cal = load_calendar()
    assert not cal.is_workday(date(2025, 3, 4))
    assert add_working_days(cal, date(2025, 3, 3), 1).end == date(2025, 3, 5)


def test_loaded_calendar_knows_only_seeded_years():
    seed(range(2025, 2026))
    cal = load_calendar()
    assert (cal.first_year, cal.last_year) == (2025, 2025)


def test_calendar_show_lists_holidays_and_makeup_days():
    seed(range(2026, 2027))
    out = StringIO()
    call_command("calendar", "show", "2026", stdout=out)
    assert "2026 年:工作日" in out.getvalue()
    assert "国庆节" in out.getvalue()


def test_calendar_show_for_unknown_year_says_so():
    with pytest.raises(CommandError, match="2030 年不在工作日历中"):
        call_command("calendar", "show", "2030")


def test_deadline_command_explains_the_skipped_days():
    seed(range(2024, 2025))
    out = StringIO()
    call_command("deadline", "2024-09-30", "1", stdout=out)
    assert "2024-10-08" in out.getvalue()
    assert "国庆节" in out.getvalue()


def test_deadline_command_in_working_hours():
    seed(range(2025, 2026))
    out = StringIO()
    call_command("deadline", "2025-03-07T16:30", "2", "--hours", stdout=out)
    assert "2025-03-10 10:00" in out.getvalue()


def test_deadline_outside_the_calendar_is_an_error():
    seed(range(2025, 2026))
    with pytest.raises(CommandError, match="超出工作日历范围"):
        call_command("deadline", "2027-01-04", "3")


def test_deadline_with_bad_date_is_an_error():
    seed(range(2025, 2026))
    with pytest.raises(CommandError, match="参数有误"):
        call_command("deadline", "2025-13-01", "3")
