"""``zhaoshang synth``: a seeded synthetic province (counties, units, projects, monthly returns,
targets, trade figures) for scale tests and benchmarks. See docs/scale.md."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.demo.synth import AlreadyLoaded, SynthSpec, existing_data, load


class Command(BaseCommand):
    help = (
        "生成合成的全省数据(按种子可重现):县区及其单位、项目、逐月月报与明细、目标、外贸数据。"
        "只在空库中运行;库中已有数据时须加 --force。"
        "全省规模示例:--counties 136 --units 82 --projects 150000 --months 36。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        defaults = SynthSpec()
        parser.add_argument("--seed", type=int, default=defaults.seed, help="随机种子")
        parser.add_argument("--counties", type=int, default=defaults.counties, help="县区数")
        parser.add_argument("--units", type=int, default=defaults.units, help="每个县区的单位数")
        parser.add_argument("--projects", type=int, default=defaults.projects, help="全省项目数")
        parser.add_argument("--months", type=int, default=defaults.months, help="月报月数")
        parser.add_argument(
            "--end", default=str(defaults.end), help="最后一个月报月份 YYYY-MM(默认 %(default)s)"
        )
        parser.add_argument(
            "--enterprises", type=int, default=defaults.enterprises, help="每个县区的外贸企业数"
        )
        parser.add_argument(
            "--force", action="store_true", help="库中已有数据时仍然写入(追加在现有数据旁)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            spec = SynthSpec(
                seed=options["seed"],
                counties=options["counties"],
                units=options["units"],
                projects=options["projects"],
                months=options["months"],
                end=Period.parse(options["end"]),
                enterprises=options["enterprises"],
            )
        except (PeriodError, ValueError) as exc:
            raise CommandError(f"参数有误:{exc}") from exc
        found = existing_data()
        if found and not options["force"]:
            listed = "、".join(f"{n} 个{kind}" for kind, n in found.items())
            raise CommandError(
                f"数据库中已有数据({listed}),未做任何改动。synth 只写入空库;"
                "确要在现有数据旁追加合成数据,请加 --force。"
            )
        started = time.monotonic()
        self.stdout.write(
            f"生成合成数据(种子 {spec.seed}):{spec.counties} 个县区 × {spec.units} 个单位,"
            f"{spec.projects} 个项目,{spec.months} 个月(至 {spec.end})"
        )
        try:
            totals = load(
                spec,
                progress=lambda step: self.stdout.write(
                    f"  … {step}({time.monotonic() - started:.0f} 秒)"
                ),
            )
        except AlreadyLoaded as exc:
            raise CommandError(
                f"种子 {spec.seed} 的合成数据已存在(顶级单位代码 {exc}),未做任何改动。"
            ) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"已生成:{totals.counties} 个县区、{totals.units} 个单位、{totals.projects} 个项目、"
                f"{totals.stage_changes} 条阶段记录、{totals.returns} 份月报、{totals.lines} 条月报明细、"
                f"{totals.targets} 个目标、{totals.trade_figures} 条外贸数据,"
                f"用时 {time.monotonic() - started:.1f} 秒。"
            )
        )
