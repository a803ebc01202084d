"""``zhaoshang restore FILE``: bring a backup back into an empty installation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "从备份恢复到空的安装:先校验每个文件的 SHA-256,数据整体载入或全部不载入。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="zhaoshang backup 写出的 tar 文件")
        parser.add_argument(
            "--no-migrate", action="store_true", help="不先执行 migrate(数据库已是最新结构时)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        if not opts["no_migrate"]:
            call_command("migrate", interactive=False, verbosity=0)
        try:
            summary = restore_backup(
                Path(opts["file"]), progress=lambda step: self.stderr.write(f"… {step}")
            )
        except BackupError as exc:
            raise CommandError(f"恢复失败:{exc}") from exc
        self.stdout.write(f"已恢复 {summary.rows} 行数据和 {summary.files} 个文件。")
