"""zhaoshang bulletin YYYY-MM [--format json|html] [--district CODE] → stdout."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.narrative import paragraphs
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.org.models import Unit

FORMATS = ("json", "html")


class Command(BaseCommand):
    help = "输出某月招商引资工作通报(JSON 或 HTML)到标准输出"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="期间,格式 YYYY-MM,如 2026-03")
        parser.add_argument("--format", default="json", help="json(默认)或 html")
        parser.add_argument("--district", help="县区代码;只有一个县区有填报期时可省略")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"未知的输出格式 “{fmt}”,应为 json 或 html")
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        district = self._district(options.get("district"))
        try:
            bulletin = compute(queries.gather(district, period))
        except queries.NoBulletinData as exc:
            raise CommandError(f"{exc},没有可输出的通报") from exc
        if fmt == "json":
            text = json.dumps(build_document(bulletin), ensure_ascii=False, indent=2)
        else:
            text = render_to_string(
                "bulletins/standalone.html",
                {"district": district, "bulletin": bulletin, "narrative": paragraphs(bulletin)},
            )
        self.stdout.write(text)

    def _district(self, code: str | None) -> Unit:
        if code:
            district = Unit.objects.filter(code=code, kind=Unit.Kind.DISTRICT).first()
            if district is None:
                raise CommandError(f"找不到代码为 “{code}” 的县区")
            return district
        candidates = list(queries.districts_with_periods()[:2])
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise CommandError("还没有任何县区开启填报期,没有可输出的通报")
        raise CommandError("有多个县区开启了填报期,请用 --district 指定县区代码")
