"""The working-day calendar (pure): deadlines in working days and working hours.

Counting follows DOMAIN.md §6: the day something is received is not counted; N working
days end at the close of the N-th working day after it. The calendar is passed in as data
(``WorkCalendar``), so everything here is testable without the database; a date outside
the years the calendar knows raises ``OutsideCalendar`` instead of guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

WEEKDAY = "weekday"
WEEKEND = "weekend"
HOLIDAY = "holiday"
MAKEUP_WORKDAY = "makeup_workday"

KIND_LABELS = {
    WEEKDAY: "工作日",
    WEEKEND: "周末",
    HOLIDAY: "法定节假日",
    MAKEUP_WORKDAY: "调休上班",
}


class OutsideCalendar(ValueError):
    """A date the calendar has no data for."""

    def __init__(self, day: date, first_year: int, last_year: int) -> None:
        self.day = day
        super().__init__(
            f"{day.isoformat()} 超出工作日历范围({first_year}–{last_year}年),无法计算。"
        )


@dataclass(frozen=True)
class WorkCalendar:
    """Years covered plus the exceptions to the Monday–Friday rule.

    ``holidays``: weekdays that are not worked (statutory holidays and their bridges).
    ``makeup_workdays``: weekend days that are worked (调休).
    ``names``: optional holiday name per exceptional date.
    """

    first_year: int
    last_year: int
    holidays: frozenset[date] = frozenset()
    makeup_workdays: frozenset[date] = frozenset()
    names: Mapping[date, str] = field(default_factory=dict)

    def check(self, day: date) -> None:
        if not self.first_year <= day.year <= self.last_year:
            raise OutsideCalendar(day, self.first_year, self.last_year)

    def kind(self, day: date) -> str:
        self.check(day)
        if day in self.makeup_workdays:
            return MAKEUP_WORKDAY
        if day in self.holidays:
            return HOLIDAY
        return WEEKEND if day.weekday() >= 5 else WEEKDAY

    def is_workday(self, day: date) -> bool:
        return self.kind(day) in (WEEKDAY, MAKEUP_WORKDAY)


@dataclass(frozen=True)
class SkippedDay:
    day: date
    kind: str
    name: str = ""

    def describe(self) -> str:
        label = KIND_LABELS[self.kind]
        return f"{self.day.isoformat()} {label}{('(' + self.name + ')') if self.name else ''}"


@dataclass(frozen=True)
class DayCount:
    """The result of a count in working days, with the days skipped on the way."""

    start: date
    working_days: int
    end: date
    skipped: tuple[SkippedDay, ...]
    makeup_days: tuple[date, ...] = ()

    def explain(self) -> str:
        lines = [
            f"受理日 {self.start.isoformat()} 不计入;第 {self.working_days} 个工作日为 "
            f"{self.end.isoformat()},当日下班时截止。"
        ]
        if self.skipped:
            lines.append("跳过:" + ";".join(s.describe() for s in self.skipped))
        if self.makeup_days:
            lines.append("调休上班计入:" + "、".join(d.isoformat() for d in self.makeup_days))
        return "\n".join(lines)


def _skipped(cal: WorkCalendar, day: date) -> SkippedDay:
    return SkippedDay(day, cal.kind(day), cal.names.get(day, ""))


def add_working_days(cal: WorkCalendar, start: date, n: int) -> DayCount:
    """The N-th working day after ``start`` (``start`` itself not counted).

    ``n == 0`` means the same day (urgent requests).
    """
    if n < 0:
        raise ValueError("工作日数不能为负数。")
    cal.check(start)
    day = start
    counted = 0
    skipped: list[SkippedDay] = []
    makeup: list[date] = []
    while counted < n:
        day += timedelta(days=1)
        if cal.is_workday(day):
            counted += 1
            if cal.kind(day) == MAKEUP_WORKDAY:
                makeup.append(day)
        else:
            skipped.append(_skipped(cal, day))
    return DayCount(start, n, day, tuple(skipped), tuple(makeup))


def working_days_between(cal: WorkCalendar, start: date, end: date) -> DayCount:
    """How many working days lie after ``start`` up to and including ``end``."""
    if end < start:
        raise ValueError("结束日期不能早于开始日期。")
    cal.check(start)
    cal.check(end)
    day = start
    counted = 0
    skipped: list[SkippedDay] = []
    makeup: list[date] = []
    while day < end:
        day += timedelta(days=1)
        if cal.is_workday(day):
            counted += 1
            if cal.kind(day) == MAKEUP_WORKDAY:
                makeup.append(day)
        else:
            skipped.append(_skipped(cal, day))
    return DayCount(start, counted, end, tuple(skipped), tuple(makeup))


@dataclass(frozen=True)
class WorkingHours:
    """Office hours of a working day: morning and afternoon sessions."""

    morning: tuple[time, time] = (time(9, 0), time(12, 0))
    afternoon: tuple[time, time] = (time(13, 30), time(17, 30))

    def sessions(self) -> tuple[tuple[time, time], ...]:
        return (self.morning, self.afternoon)


@dataclass(frozen=True)
class HourCount:
    start: datetime
    hours: float
    end: datetime
    skipped: tuple[SkippedDay, ...]

    def explain(self) -> str:
        text = (
            f"自 {self.start:%Y-%m-%d %H:%M} 起计 {self.hours:g} 个工作小时,"
            f"截止 {self.end:%Y-%m-%d %H:%M}。"
        )
        if self.skipped:
            text += "\n跳过:" + ";".join(s.describe() for s in self.skipped)
        return text


def add_working_hours(
    cal: WorkCalendar, start: datetime, hours: float, office: WorkingHours | None = None
) -> HourCount:
    """The moment ``hours`` office hours after ``start`` (naive local datetimes)."""
    if hours < 0:
        raise ValueError("工作小时数不能为负数。")
    office = office or WorkingHours()
    remaining = timedelta(hours=hours)
    cursor = start
    skipped: list[SkippedDay] = []
    while True:
        day = cursor.date()
        if cal.is_workday(day):
            for begin, finish in office.sessions():
                s = max(cursor, datetime.combine(day, begin, start.tzinfo))
                e = datetime.combine(day, finish, start.tzinfo)
                if s >= e:
                    continue
                if s + remaining <= e:
                    return HourCount(start, hours, s + remaining, tuple(skipped))
                remaining -= e - s
                cursor = e
        else:
            skipped.append(_skipped(cal, day))
        cursor = datetime.combine(day + timedelta(days=1), time(0, 0), start.tzinfo)
