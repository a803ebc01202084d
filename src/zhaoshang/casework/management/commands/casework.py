"""``zhaoshang casework tick`` / ``zhaoshang casework digest`` [--now 2026-03-10T09:00]."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zhaoshang.casework.tasks import run_digest, run_tick


class Command(BaseCommand):
    help = "企业诉求后台任务:tick 更新信号灯并催办、督办,标记联系逾期、回访逾期(发送紧急通知);digest 发送每日待办摘要邮件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("job", choices=["tick", "digest"])
        parser.add_argument(
            "--now", help="按指定时间运行(YYYY-MM-DDTHH:MM,本地时间),用于补跑或演示"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        now = None
        if opts["now"]:
            try:
                now = timezone.make_aware(datetime.fromisoformat(opts["now"]))
            except ValueError as exc:
                raise CommandError(f"--now 格式应为 YYYY-MM-DDTHH:MM:{exc}") from exc
        if opts["job"] == "tick":
            c = run_tick(now)
            self.stdout.write(
                f"信号灯变化 {c['lights']} 件,新逾期 {c['missed']} 件,催办 {c['reminded']} 件,"
                f"督办 {c['escalated']} 件,联系逾期 {c['contact_missed']} 件,"
                f"回访逾期 {c['follow_up_missed']} 件,紧急邮件 {c['mailed']} 封。"
            )
        else:
            self.stdout.write(f"已发送摘要邮件 {run_digest(now)} 封。")
