"""``zhaoshang backup [-o FILE]``: a consistent snapshot of the database and the uploaded files."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.backup import BackupError, write_backup


class Command(BaseCommand):
    help = "备份数据库与上传文件到一个 tar 文件(含 SHA-256 清单);系统运行时也可执行。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "-o", "--output", help="备份文件路径(默认:数据目录/backups/zhaoshang-时间.tar)"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.DATA_DIR) / "backups" / f"zhaoshang-{stamp}.tar"
        target = Path(opts["output"]) if opts["output"] else default
        try:
            summary = write_backup(target, progress=lambda step: self.stderr.write(f"… {step}"))
        except (BackupError, OSError) as exc:
            raise CommandError(f"备份失败:{exc}") from exc
        self.stdout.write(
            f"已写入 {summary.path}:{summary.rows} 行数据,{summary.files} 个文件,"
            f"{summary.size} 字节。"
        )
