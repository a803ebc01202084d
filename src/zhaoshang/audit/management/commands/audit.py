"""``zhaoshang audit verify``: check the audit log's hash chain end to end."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.audit.log import verify


class Command(BaseCommand):
    help = "审计记录:verify 逐条校验哈希链,发现被改动、删除或插入的记录时以非零状态退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify"])

    def handle(self, *args: Any, **opts: Any) -> None:
        checked, broken = verify()
        if broken is not None:
            raise CommandError(
                f"审计链在第 {broken.pk} 条记录({broken})处断开:"
                f"该记录或其之前的记录被改动、删除或插入。已检查 {checked} 条。"
            )
        self.stdout.write(f"审计链完整:{checked} 条记录。")
