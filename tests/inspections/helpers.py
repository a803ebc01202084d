"""Shared set-up for the inspections tests: a working calendar, enterprises, a second
department with its own reporter, and a valid future date for routine filings."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import chinese_calendar

from tests.world import PASSWORD, World, uscc
from zhaoshang.core import calendar_data
from zhaoshang.core.models import WorkCalendarDay
from zhaoshang.inspections import actions
from zhaoshang.inspections.models import Enterprise, Filing, ProtectionRule
from zhaoshang.org.models import Role, User

KNOWN_LAST = max(chinese_calendar.holidays).year


def seed_calendar(*years: int) -> None:
    """Years chinese-calendar knows come from it; later years are plain Monday–Friday."""
    for year in years:
        if year <= KNOWN_LAST:
            calendar_data.seed(range(year, year + 1))
            continue
        day, rows = date(year, 1, 1), []
        while day.year == year:
            weekend = day.weekday() >= 5
            rows.append(
                WorkCalendarDay(
                    date=day, is_workday=not weekend, kind="weekend" if weekend else "weekday"
                )
            )
            day += timedelta(days=1)
        WorkCalendarDay.objects.bulk_create(rows, ignore_conflicts=True)


def routine_date_after(today: date) -> date:
    """A weekday at least two weeks ahead, after the quiet days (21st or later)."""
    day = today + timedelta(days=14)
    while day.day < 21 or day.weekday() >= 5 or day.day > 28:
        day += timedelta(days=1)
    return day


def guotu_reporter(world: World) -> User:
    user, _ = User.objects.get_or_create(
        username="gt_reporter",
        defaults={"role": Role.REPORTER, "unit": world.guotu, "full_name": "国土资源局填报员"},
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def make_enterprise(world: World, unit: Any = None, **kw: Any) -> Enterprise:
    n = kw.pop("n", None)
    return actions.register_enterprise(
        actor=world.bureau,
        uscc=kw.pop("uscc", uscc(n)),
        name=kw.pop("name", f"企业{n or ''}有限公司"),
        responsible_unit=unit or world.xianggong,
        industry=kw.pop("industry", "manufacturing"),
        size=kw.pop("size", "medium"),
        **kw,
    )


def protect(world: World, enterprise: Enterprise, start: date, end: date) -> Any:
    return actions.list_protection(
        actor=world.bureau,
        enterprise=enterprise,
        rule=ProtectionRule.by_code("decided"),
        reason="区政府常务会议确定的重点企业",
        starts_on=start,
        ends_on=end,
        responsible_leader="王副区长",
        contact_person="李四",
        contact_phone="0539-8000000",
    )


def file(world: World, enterprise: Enterprise, planned: date, today: date, **kw: Any) -> Filing:
    actor = kw.pop("actor", world.dept_reporter)
    return actions.file_inspection(
        actor=actor,
        department=kw.pop("department", actor.unit),
        enterprise=enterprise,
        kind=kw.pop("kind", "routine"),
        matter=kw.pop("matter", "安全生产"),
        legal_basis=kw.pop("legal_basis", "《中华人民共和国安全生产法》第六十五条"),
        items=kw.pop("items", "安全生产责任制落实情况"),
        inspectors=kw.pop("inspectors", ["张三", "李四"]),
        planned_date=planned,
        today=today,
    )
