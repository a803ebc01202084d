"""``zhaoshang deadline START N [--hours]``: a deadline with the days skipped explained."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.calendar import OutsideCalendar, add_working_days, add_working_hours
from zhaoshang.core.calendar_data import load_calendar


class Command(BaseCommand):
    help = "计算期限:受理日不计,第 N 个工作日下班时截止;--hours 按工作小时计算。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", help="YYYY-MM-DD(--hours 时可为 YYYY-MM-DDTHH:MM)")
        parser.add_argument("n", type=float)
        parser.add_argument("--hours", action="store_true")

    def handle(self, *args: Any, **opts: Any) -> None:
        cal = load_calendar()
        try:
            if opts["hours"]:
                start_dt = datetime.fromisoformat(opts["start"])
                self.stdout.write(add_working_hours(cal, start_dt, opts["n"]).explain())
            else:
                if opts["n"] != int(opts["n"]):
                    raise CommandError("工作日数必须为整数。")
                start = date.fromisoformat(opts["start"])
                self.stdout.write(add_working_days(cal, start, int(opts["n"])).explain())
        except OutsideCalendar as exc:
            raise CommandError(str(exc)) from exc
        except ValueError as exc:
            raise CommandError(f"参数有误:{exc}") from exc
