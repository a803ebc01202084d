"""``zhaoshang calendar seed`` / ``zhaoshang calendar show YEAR``."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.calendar_data import seed
from zhaoshang.core.models import WorkCalendarDay


class Command(BaseCommand):
    help = "工作日历:seed 从 chinese-calendar 导入;show YEAR 列出节假日与调休。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["seed", "show"])
        parser.add_argument("year", nargs="?", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "seed":
            added = seed()
            self.stdout.write(f"已添加 {added} 天。")
            return
        year = opts["year"]
        if year is None:
            raise CommandError("请指定年份,例如:zhaoshang calendar show 2026")
        days = WorkCalendarDay.objects.filter(date__year=year)
        if days.count() < 365:
            raise CommandError(f"{year} 年不在工作日历中,请先运行 zhaoshang calendar seed。")
        workdays = days.filter(is_workday=True).count()
        self.stdout.write(f"{year} 年:工作日 {workdays} 天,休息日 {days.count() - workdays} 天。")
        for day in days.exclude(kind__in=["weekday", "weekend"]):
            self.stdout.write(f"{day.date.isoformat()} {day.get_kind_display()} {day.name}")
