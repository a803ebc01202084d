"""Seeding and loading the working calendar (WorkCalendarDay rows).

Seeding takes every year the ``chinese-calendar`` package knows; it is idempotent and never
overwrites a day already stored (corrections made in the admin survive a re-seed).
"""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from zhaoshang.core.calendar import (
    HOLIDAY,
    MAKEUP_WORKDAY,
    WEEKDAY,
    WEEKEND,
    WorkCalendar,
)
from zhaoshang.core.models import WorkCalendarDay


def known_years() -> range:
    days = list(chinese_calendar.holidays) + list(chinese_calendar.workdays)
    return range(min(days).year, max(days).year + 1)


def _holiday_name(day: date) -> str:
    _is_holiday, name = chinese_calendar.get_holiday_detail(day)
    if not name:
        return ""
    for holiday in chinese_calendar.Holiday:
        if holiday.value == name:
            return str(holiday.chinese)
    return str(name)


def day_for(day: date) -> WorkCalendarDay:
    weekend = day.weekday() >= 5
    workday = chinese_calendar.is_workday(day)
    if workday:
        kind = MAKEUP_WORKDAY if weekend else WEEKDAY
    else:
        kind = WEEKEND if weekend and not _holiday_name(day) else HOLIDAY
    name = _holiday_name(day) if kind in (HOLIDAY, MAKEUP_WORKDAY) else ""
    return WorkCalendarDay(date=day, is_workday=workday, kind=kind, name=name)


def seed(years: range | None = None) -> int:
    """Create the missing days of ``years`` (default: all known); returns how many were added."""
    years = years or known_years()
    first, last = date(years.start, 1, 1), date(years.stop - 1, 12, 31)
    existing = set(
        WorkCalendarDay.objects.filter(date__range=(first, last)).values_list("date", flat=True)
    )
    rows = []
    day = first
    while day <= last:
        if day not in existing:
            rows.append(day_for(day))
        day += timedelta(days=1)
    WorkCalendarDay.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def load_calendar() -> WorkCalendar:
    """The calendar as data, from the database; only complete years count as known."""
    from django.db.models import Count, Q
    from django.db.models.functions import ExtractYear

    years = sorted(
        row["y"]
        for row in WorkCalendarDay.objects.annotate(y=ExtractYear("date"))
        .values("y")
        .annotate(n=Count("id"))
        if row["n"] >= 365
    )
    if not years:
        return WorkCalendar(first_year=1, last_year=0)
    holidays: set[date] = set()
    makeup: set[date] = set()
    names: dict[date, str] = {}
    exceptions = WorkCalendarDay.objects.filter(
        date__year__gte=years[0], date__year__lte=years[-1]
    ).exclude(kind__in=[WEEKDAY, WEEKEND])
    for d, workday, name in exceptions.values_list("date", "is_workday", "name"):
        (makeup if workday else holidays).add(d)
        if name:
            names[d] = name
    # Weekdays marked not worked / weekends marked worked by hand in the admin.
    edited = WorkCalendarDay.objects.filter(
        Q(kind=WEEKDAY, is_workday=False) | Q(kind=WEEKEND, is_workday=True)
    )
    for d, workday in edited.values_list("date", "is_workday"):
        weekend = d.weekday() >= 5
        if weekend and workday:
            makeup.add(d)
        elif not weekend and not workday:
            holidays.add(d)
    return WorkCalendar(years[0], years[-1], frozenset(holidays), frozenset(makeup), names)
