"""zhaoshang export return --unit CODE --period YYYY-MM -o FILE [--user USERNAME]"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.org.models import Unit, User
from zhaoshang.reporting import actions as reporting_actions
from zhaoshang.reporting.models import ReportingPeriod
from zhaoshang.spreadsheets import importer


def acting_user(username: str | None) -> User:
    if username:
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise CommandError("请用 --user 指定操作人")
    return user


class Command(BaseCommand):
    help = "导出Excel工作簿(目前支持:return 月报)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["return"])
        parser.add_argument("--unit", required=True, help="单位代码")
        parser.add_argument("--period", required=True, help="填报期,如 2026-03")
        parser.add_argument("-o", "--output", required=True)
        parser.add_argument("--user", help="操作人用户名(默认第一个超级管理员)")

    def handle(self, *args, **opts) -> None:
        actor = acting_user(opts["user"])
        try:
            period = Period.parse(opts["period"])
        except PeriodError as exc:
            raise CommandError(f"填报期“{opts['period']}”无效:{exc}") from exc
        unit = Unit.objects.filter(code=opts["unit"], kind=Unit.Kind.UNIT).first()
        if unit is None:
            raise CommandError(f"单位代码“{opts['unit']}”不存在")
        rp = ReportingPeriod.objects.filter(
            district_id=unit.parent_id, year=period.year, month=period.month
        ).first()
        if rp is None:
            raise CommandError(f"{period}填报期尚未开启")
        unit_return = reporting_actions.prefill_return(actor=actor, period=rp, unit=unit)
        data = importer.export_return(actor=actor, unit_return=unit_return)
        Path(opts["output"]).write_bytes(data)
        self.stdout.write(f"已导出 {unit.name} {rp} 月报 → {opts['output']}")
