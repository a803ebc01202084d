"""``zhaoshang clock``: enqueue the periodic jobs (casework tick every 15 minutes, meeting
resolutions hourly, the daily digest) for the task worker. ``serve`` runs it beside the web server and the worker."""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.module_loading import import_string

from zhaoshang.core.clock import JOBS, next_due


class Command(BaseCommand):
    help = "定时任务:每 15 分钟诉求信号灯/催办/督办,每小时会议决议催办/督办,每个工作日上午发送通知摘要。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="只把此刻到期的任务入队一次后退出")

    def handle(self, *args: Any, **opts: Any) -> None:
        last: dict[str, datetime | None] = {job.name: None for job in JOBS}
        while True:
            now = timezone.localtime()
            for job in JOBS:
                if next_due(job, last[job.name], now) <= now:
                    import_string(job.task).enqueue()
                    last[job.name] = now
                    self.stdout.write(f"{now:%Y-%m-%d %H:%M} 已入队 {job.name}")
            if opts["once"]:
                return
            wake = min(next_due(job, last[job.name], now) for job in JOBS)
            time.sleep(max(5.0, min(60.0, (wake - timezone.localtime()).total_seconds())))
