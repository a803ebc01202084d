"""``zhaoshang demo``: load the demo district 河东区 (idempotent) and print the demo logins."""

from __future__ import annotations

import time
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from zhaoshang.demo.loader import PASSWORD, PERSONAS, load, reporter_username
from zhaoshang.org.models import Role


class Command(BaseCommand):
    help = (
        "载入演示数据:临沂市河东区及其82个单位、演示账号、年度目标和一季度月报。"
        "已载入时不做任何改动,只打印登录账号。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            plan = load(progress=lambda step: self.stdout.write(f"  … {step}"))
        except (ValidationError, PermissionDenied, ValueError) as exc:
            raise CommandError(f"演示数据载入失败,未做任何改动:{exc}") from exc
        if plan is None:
            self.stdout.write("演示数据已存在(河东区),未做任何改动。")
        else:
            spec = plan.spec
            self.stdout.write(
                self.style.SUCCESS(
                    f"已载入演示数据:河东区 {len(plan.units)} 个单位、{len(plan.projects)} 个项目、"
                    f"{spec.year}年1-{spec.months}月月报,用时 {time.monotonic() - started:.1f} 秒。"
                )
            )
        self.stdout.write(logins_table())


def logins_table() -> str:
    rows = [("用户名", "密码", "角色", "单位")]
    rows += [(p.username, PASSWORD, str(Role(p.role).label), p.unit) for p in PERSONAS]
    widths = [max(_width(row[i]) for row in rows) for i in range(4)]
    lines = ["", "演示账号(密码相同):"]
    for number, row in enumerate(rows):
        lines.append(
            "  ".join(cell + " " * (widths[i] - _width(cell)) for i, cell in enumerate(row))
        )
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    example = reporter_username("371312-T03")
    lines.append(f"其余各单位填报员:hd + 单位编号(如 {example}、hdb35),密码同上。")
    return "\n".join(lines)


def _width(text: str) -> int:
    """Display width: CJK characters take two columns."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
