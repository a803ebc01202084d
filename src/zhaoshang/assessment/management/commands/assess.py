"""zhaoshang assess --scheme NAME_OR_FILE --period PERIOD [--format json|xlsx|pdf] [-o FILE] [--district CODE]

With a stored scheme's name (or id) it prints the published results of that period; when the
period has not been run yet, or with a YAML file, it computes a preview from the current data
without storing anything. Running and publishing are done by the bureau on the assessment page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.assessment import document, measures
from zhaoshang.assessment.models import AssessmentRun, Scheme
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.assessment.scheme import SchemeError, parse_scheme
from zhaoshang.assessment.scoring import score
from zhaoshang.bulletins import queries as bulletin_queries
from zhaoshang.core.periods import PeriodError
from zhaoshang.org.models import Unit

FORMATS = ("json", "xlsx", "pdf")


class Command(BaseCommand):
    help = "输出考核结果(JSON、XLSX 或 PDF);对 YAML 方案文件或尚未计算的期间输出预览,不保存"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scheme", required=True, help="方案名称、编号,或 YAML 方案文件路径")
        parser.add_argument("--period", required=True, help="考核期间:2026-Q1、2026 或 2026-03")
        parser.add_argument("--format", default="json", help="json(默认)、xlsx 或 pdf")
        parser.add_argument("-o", "--output", help="输出文件;xlsx、pdf 必须指定")
        parser.add_argument("--district", help="县区代码;只有一个县区有方案时可省略")

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = options["format"]
        if fmt not in FORMATS:
            raise CommandError(f"未知的输出格式 “{fmt}”,应为 json、xlsx 或 pdf")
        if fmt in {"xlsx", "pdf"} and not options.get("output"):
            raise CommandError(f"{fmt} 格式需要用 -o 指定输出文件")
        try:
            period = AssessmentPeriod.parse(options["period"])
        except PeriodError as exc:
            raise CommandError(str(exc)) from exc
        doc = self._document(options["scheme"], period, options.get("district"))
        output = options.get("output")
        if fmt in {"xlsx", "pdf"}:
            data = document.xlsx(doc) if fmt == "xlsx" else document.pdf(doc)
            try:
                Path(output).write_bytes(data)
            except OSError as exc:
                raise CommandError(f"无法写入文件 {output}:{exc}") from exc
            self.stderr.write(f"已写入 {output}({len(data)} 字节)")
            return
        text = json.dumps(doc, ensure_ascii=False, indent=2)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text)

    def _document(
        self, scheme_arg: str, period: AssessmentPeriod, district_code: str | None
    ) -> dict[str, Any]:
        path = Path(scheme_arg)
        if path.suffix in {".yaml", ".yml"} or path.is_file():
            if not path.is_file():
                raise CommandError(f"找不到方案文件 {path}")
            try:
                body = yaml.safe_load(path.read_text(encoding="utf-8"))
                spec = parse_scheme(body)
            except yaml.YAMLError as exc:
                raise CommandError(f"方案文件 YAML 格式错误:{exc}") from exc
            except SchemeError as exc:
                raise CommandError("方案无效:\n" + "\n".join(exc.messages)) from exc
            return self._preview(spec.name, None, spec, period, self._district(district_code))
        schemes = Scheme.objects.all()
        if district_code:
            schemes = schemes.filter(district__code=district_code)
        lookup = {"pk": int(scheme_arg)} if scheme_arg.isdigit() else {"name": scheme_arg}
        stored = schemes.filter(**lookup).order_by("-version").first()
        if stored is None:
            raise CommandError(f"没有名为“{scheme_arg}”的考核方案")
        run = (
            AssessmentRun.objects.filter(
                scheme__name=stored.name, scheme__district=stored.district, period=str(period)
            )
            .order_by("-scheme__version")
            .first()
        )
        if run is not None:
            results = list(
                run.results.select_related("unit").order_by("group_code", "rank", "unit__code")
            )
            return document.build(run, results)
        self.stderr.write(f"{period.label()}尚未计算,以下为按当前数据计算的预览(未保存)")
        return self._preview(stored.name, stored.version, stored.spec, period, stored.district)

    def _preview(
        self, name: str, version: int | None, spec: Any, period: AssessmentPeriod, district: Unit
    ) -> dict[str, Any]:
        if period.kind not in spec.periods:
            raise CommandError(f"考核方案“{name}”不适用于{period.label()}")
        try:
            units = measures.gather(district, spec, period)
        except measures.NoMeasures as exc:
            raise CommandError(str(exc)) from exc
        results = score(spec, units, month=period.month, period_kind=period.kind)
        codes = dict(
            Unit.objects.filter(pk__in=[int(r.key) for r in results]).values_list("pk", "code")
        )
        return document.build_preview(
            name, version, period, results, {str(k): v for k, v in codes.items()}
        )

    def _district(self, code: str | None) -> Unit:
        districts = Unit.objects.filter(kind=Unit.Kind.DISTRICT)
        if code:
            found = districts.filter(code=code).first()
            if found is None:
                raise CommandError(f"没有代码为 {code} 的县区")
            return found
        with_units = list(bulletin_queries.districts_with_periods()[:2])
        if len(with_units) != 1:
            raise CommandError("有多个县区,请用 --district 指定县区代码")
        return with_units[0]
