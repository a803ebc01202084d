"""A first quarter of 2026 in the test district, built only through the actions.

March, year to date:
- 相公街道 (target 100万): funds 30万 in January + 20万 in March → 50%, one new signed project.
- 九曲街道 (target 200万): no funds, but its 2025 project starts construction on 2026-03-05.
- 供销社 (target 50万): 25万 in March → 50%, one new signed project.
- 国土资源局 (no target): nothing but a negotiating project.
- 招商局 (target 100万): never reports.
District target 1000万, city rank 6 in March.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from tests.world import World, make_project
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project
from zhaoshang.reporting import actions as reporting
from zhaoshang.reporting.models import ReportingPeriod
from zhaoshang.targets import actions as targets
from zhaoshang.targets.models import Indicator, Measure

YEAR = 2026


@dataclass
class Quarter:
    periods: dict[int, ReportingPeriod]
    projects: dict[str, Project]


def indicator() -> Indicator:
    found, _ = Indicator.objects.get_or_create(
        code="outside_funds",
        defaults={"name": "利用市外资金", "measure": Measure.YUAN, "valid_from": date(2020, 1, 1)},
    )
    return found


def set_target(world: World, unit: Unit, value: str, year: int = YEAR) -> None:
    targets.set_baseline(
        actor=world.bureau,
        indicator=indicator(),
        issuer="district",
        year=year,
        unit=unit,
        value=Decimal(value),
    )


def open_month(
    world: World, month: int, *, year: int = YEAR, city_rank: int | None = None
) -> ReportingPeriod:
    return reporting.open_period(
        actor=world.bureau,
        district=world.district,
        year=year,
        month=month,
        deadline=date(year, month, 28),
        city_rank=city_rank,
    )


def file_return(
    world: World,
    period: ReportingPeriod,
    unit: Unit,
    lines: dict[Project, dict[str, Any]] | None = None,
    *,
    verify: bool = True,
) -> None:
    unit_return = reporting.prefill_return(actor=world.bureau, period=period, unit=unit)
    inputs = [reporting.LineInput(project_id=p.pk, values=v) for p, v in (lines or {}).items()]
    reporting.save_return(actor=world.bureau, unit_return=unit_return, lines=inputs)
    reporting.submit_return(actor=world.bureau, unit_return=unit_return)
    if verify:
        reporting.verify_return(actor=world.bureau, unit_return=unit_return)


def first_quarter(world: World) -> Quarter:
    set_target(world, world.xianggong, "1000000")
    set_target(world, world.jiuqu, "2000000")
    set_target(world, world.gongxiaoshe, "500000")
    set_target(world, world.bureau_unit, "1000000")
    set_target(world, world.district, "10000000")
    projects = {
        "xg": make_project(world, world.xianggong, stage="signed", start=date(2026, 1, 10)),
        "jq": make_project(world, world.jiuqu, stage="signed", start=date(2025, 5, 1)),
        "gx": make_project(world, world.gongxiaoshe, stage="signed", start=date(2026, 1, 15)),
        "gt": make_project(world, world.guotu, stage="negotiating", start=date(2026, 2, 1)),
    }
    periods = {
        1: open_month(world, 1),
        2: open_month(world, 2),
        3: open_month(world, 3, city_rank=6),
    }
    file_return(
        world,
        periods[1],
        world.xianggong,
        {projects["xg"]: {"funds_within_province_yuan": "300000"}},
    )
    file_return(world, periods[2], world.xianggong)
    file_return(
        world,
        periods[3],
        world.xianggong,
        {projects["xg"]: {"funds_outside_province_yuan": "200000"}},
    )
    file_return(world, periods[1], world.jiuqu)
    file_return(
        world,
        periods[3],
        world.jiuqu,
        {projects["jq"]: {"stage": "construction", "stage_date": "2026-03-05"}},
    )
    file_return(
        world, periods[3], world.gongxiaoshe, {projects["gx"]: {"funds_abroad_yuan": "250000"}}
    )
    file_return(world, periods[3], world.guotu)
    return Quarter(periods=periods, projects=projects)
