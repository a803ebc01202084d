"""zhaoshang bulletin YYYY-MM [--format json|html|pdf|docx|xlsx] [-o FILE] [--district CODE].

JSON and HTML go to stdout (or FILE); PDF, DOCX and XLSX need ``-o FILE``. The document
number, signer and date come from the period's saved draft when there is one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.template.loader import render_to_string

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.narrative import paragraphs, service_paragraph
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.org.models import Unit

FORMATS = ("json", "html", "pdf", "docx", "xlsx")
BINARY = ("pdf", "docx", "xlsx")


class Command(BaseCommand):
    help = "输出某月招商引资工作通报:JSON/HTML 到标准输出或文件,PDF/DOCX/XLSX 到 -o 指定的文件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("period", help="期间,格式 YYYY-MM,如 2026-03")
        parser.add_argument("--format", default="json", help="json(默认)、html、pdf、docx 或 xlsx")
        parser.add_argument("-o", "--output", help="输出文件;pdf、docx、xlsx 必须指定")
        parser.add_argument("--district", help="县区代码;只有一个县区有填报期时可省略")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"未知的输出格式 “{fmt}”,应为 json、html、pdf、docx 或 xlsx")
        output = options.get("output")
        if fmt in BINARY and not output:
            raise CommandError(f"{fmt} 格式需要用 -o 指定输出文件")
        try:
            period = Period.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        district = self._district(options.get("district"))
        try:
            bulletin = compute(queries.gather(district, period))
        except queries.NoBulletinData as exc:
            raise CommandError(f"{exc},没有可输出的通报") from exc
        if fmt in BINARY:
            self._write_file(district, period, fmt, Path(output))
            return
        if fmt == "json":
            text = json.dumps(build_document(bulletin), ensure_ascii=False, indent=2)
        else:
            text = render_to_string(
                "bulletins/standalone.html",
                {
                    "district": district,
                    "bulletin": bulletin,
                    "narrative": paragraphs(bulletin),
                    "service_text": service_paragraph(bulletin.service),
                },
            )
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)

    def _write_file(self, district: Unit, period: Period, fmt: str, output: Path) -> None:
        from zhaoshang.bulletins import publishing
        from zhaoshang.bulletins.render import docx, pdf, xlsx

        renderers = {"pdf": pdf.render_pdf, "docx": docx.render_docx, "xlsx": xlsx.render_xlsx}
        draft = publishing.draft_for(district, period)
        content = publishing.content_for(district, period, draft, [])
        data = renderers[fmt](content)
        try:
            output.write_bytes(data)
        except OSError as exc:
            raise CommandError(f"无法写入文件 {output}:{exc}") from exc
        self.stderr.write(f"已写入 {output}({len(data)} 字节)")

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
