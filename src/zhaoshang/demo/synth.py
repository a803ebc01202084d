"""A seeded synthetic province for scale tests and benchmarks (``zhaoshang synth``).

The unit tree has three kinds (city → district → unit) and no province level, so the province is
one top unit of kind ``city`` (code ``SY<seed>``); its counties are ``district`` units under it,
each with its reporting units (about one in eight a township, the rest departments, one of them
the 招商局). Per county: projects with their investors and dated stage history, one reporting
period a month, every unit's monthly return (verified; in the last month a few are still submitted
or drafts) with one progress line per active project, annual targets (units and county issued by
the county, each county's issued by the province, with their baseline versions) and a few trading
enterprises with monthly customs figures.

Everything is decided by the seed (``synth_plan``): a county's rows by the seed, its number, the
per-county sizes and its share of the projects (counties differ in size). Rows are written with
multi-row INSERTs (``spreadsheets.bulk``), one transaction per county. No row history and no events are written: this is not a replay of work
done through the actions (``zhaoshang demo`` is), it is volume for reads.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.demo import names
from zhaoshang.demo.generator import deadline_for
from zhaoshang.demo.synth_plan import (
    WAN,
    CountyPlan,
    SynthSpec,
    plan_county,
    project_shares,
)
from zhaoshang.inspections.models import Enterprise
from zhaoshang.org.models import Unit, UnitGroup
from zhaoshang.org.uscc import make_uscc
from zhaoshang.projects.models import Industry, Investor, Project, StageChange
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.spreadsheets import bulk
from zhaoshang.targets.models import Indicator, Issuer, Measure, Target, TargetVersion
from zhaoshang.trade.models import Source, TradeFigure

__all__ = ["AlreadyLoaded", "SynthSpec", "existing_data", "load", "plan_county", "project_shares"]


# --- Loading ----------------------------------------------------------------------------------


class AlreadyLoaded(Exception):
    """This seed's province is already in the database: nothing was changed."""


def existing_data() -> dict[str, int]:
    """What the database already holds, by kind (empty when it is a fresh installation; rows the
    migrations seed, such as the calendar and the indicator catalogue, do not count)."""
    found = {
        "单位": Unit.objects.count(),
        "项目": Project.objects.count(),
        "月报": UnitReturn.objects.count(),
        "企业": Enterprise.objects.count(),
    }
    return {kind: n for kind, n in found.items() if n}


@dataclass
class Totals:
    counties: int = 0
    units: int = 0
    projects: int = 0
    stage_changes: int = 0
    returns: int = 0
    lines: int = 0
    targets: int = 0
    trade_figures: int = 0


def load(
    spec: SynthSpec,
    progress: Callable[[str], None] | None = None,
    numbers: Iterable[int] | None = None,
) -> Totals:
    """Write the province; raises ``AlreadyLoaded`` when this seed's province exists. One
    transaction per county: an interrupted run leaves whole counties behind.

    ``numbers`` (1-based) writes only those counties of ``spec`` — into the province if it is
    there already (the benchmark grows one county's world into a province this way); a county
    already written raises ``AlreadyLoaded``. A county's rows are the same either way."""
    say = progress or (lambda _: None)
    existing = Unit.objects.filter(code=spec.province_code).first()
    if existing is not None and numbers is None:
        raise AlreadyLoaded(spec.province_code)
    wanted = sorted(set(numbers)) if numbers is not None else list(range(1, spec.counties + 1))
    shares = project_shares(spec)
    now = timezone.make_aware(datetime.combine(spec.end.last_day, time(12)))
    with transaction.atomic():
        groups = {
            code: UnitGroup.objects.get_or_create(
                code=code, defaults={"name": name, "sort_order": n}
            )[0].pk
            for n, (code, name) in enumerate([names.TOWNSHIP_GROUP, names.DEPARTMENT_GROUP], 1)
        }
        indicator, _ = Indicator.objects.get_or_create(
            code=settings.ZHAOSHANG["FUNDS_INDICATOR"],
            defaults={
                "name": "到位市外资金",
                "measure": Measure.YUAN,
                "valid_from": date(2000, 1, 1),
            },
        )
        province = existing or Unit.objects.create(
            code=spec.province_code, name=f"合成省(种子{spec.seed})", kind=Unit.Kind.CITY
        )
    totals = Totals()
    with bulk.sqlite_import_cache():
        for number in wanted:
            if not 1 <= number <= spec.counties:
                raise ValueError(f"县区编号应在1至{spec.counties}之间,收到 {number}")
            plan = plan_county(spec, number, shares[number - 1])
            if Unit.objects.filter(code=plan.code).exists():
                raise AlreadyLoaded(plan.code)
            with transaction.atomic():
                _write_county(plan, spec, province, groups, indicator.pk, now, totals)
                bulletin_cache.invalidate()  # written with multi-row INSERTs, not save()
            say(
                f"县区 {number}/{spec.counties} {plan.name}:{len(plan.units)} 个单位、"
                f"{len(plan.projects)} 个项目、{len(plan.lines['project'])} 条月报明细"
            )
    return totals


def _ids(model: type[models.Model], before: Any, *key: str, **filters: Any) -> dict[Any, int]:
    """Keys of rows inserted after primary key ``before`` → their primary keys."""
    rows = model._default_manager.filter(pk__gt=before or 0, **filters).values_list("pk", *key)
    return {(tuple(k) if len(k) > 1 else k[0]): pk for pk, *k in rows}


def _return_sums(lines: dict[str, Any], count: int) -> dict[str, list[Decimal]]:
    """Each return's sums of its lines' funds (``UnitReturn.sum_*``), as the actions keep them."""
    sums: dict[str, list[Decimal]] = {}
    for source in ("within_province", "outside_province", "abroad"):
        column = [Decimal(0)] * count
        for index, amount in zip(lines["return"], lines[f"funds_{source}_yuan"], strict=True):
            column[index] += amount
        sums[f"sum_{source}_yuan"] = column
    return sums


def _insert(model: type[models.Model], columns: dict[str, Sequence[Any]], **constants: Any) -> Any:
    """INSERT the rows; returns the largest primary key before them (to read their keys back)."""
    before = bulk._max_pk(model)
    bulk.insert_columns(model, columns, constants)
    return before


def _write_county(
    plan: CountyPlan,
    spec: SynthSpec,
    province: Unit,
    groups: dict[str, int],
    indicator_id: int,
    now: datetime,
    totals: Totals,
) -> None:
    county = Unit.objects.create(
        code=plan.code,
        name=plan.name,
        kind=Unit.Kind.DISTRICT,
        parent=province,
        sort_order=plan.number,
    )
    before = _insert(
        Unit,
        {
            "code": [u[0] for u in plan.units],
            "name": [u[1] for u in plan.units],
            "group_id": [groups[u[2]] for u in plan.units],
            "is_bureau": [u[3] for u in plan.units],
            "sort_order": list(range(1, len(plan.units) + 1)),
        },
        kind=Unit.Kind.UNIT,
        parent_id=county.pk,
        short_name="",
        active=True,
    )
    by_code = _ids(Unit, before, "code", parent=county)
    unit_ids = [by_code[u[0]] for u in plan.units]
    window = spec.window
    before = _insert(
        ReportingPeriod,
        {
            "year": [p.year for p in window],
            "month": [p.month for p in window],
            "deadline": [deadline_for(p.year, p.month) for p in window],
        },
        district_id=county.pk,
        status=ReportingPeriod.Status.CLOSED,
        opened_at=now,
    )
    by_month = _ids(ReportingPeriod, before, "year", "month", district=county)
    period_ids = [by_month[(p.year, p.month)] for p in window]
    projects = plan.projects
    usccs = [
        make_uscc(f"91{spec.seed % 10000:04d}{plan.number:03d}X{i + 1:07d}")
        for i in range(len(projects))
    ]
    before = _insert(
        Investor,
        {
            "name": [p["investor"] for p in projects],
            "uscc": usccs,
            "home_region": [p["region"] for p in projects],
        },
        contact="",
        phone="",
    )
    investor_ids = _ids(Investor, before, "uscc")
    before = _insert(
        Project,
        {
            "code": [p["code"] for p in projects],
            "name": [p["name"] for p in projects],
            "investor_id": [investor_ids[u] for u in usccs],
            "lead_unit_id": [unit_ids[p["lead"]] for p in projects],
            "origin": [p["origin"] for p in projects],
            "industry": [p["industry"] for p in projects],
            "planned_investment_yuan": [Decimal(p["planned_wan"] * WAN) for p in projects],
            "is_key": [p["planned_wan"] >= 10_000 for p in projects],
            "stage": [p["stage"] for p in projects],
            "start_date": [p["start"] for p in projects],
        },
        location="",
        description="",
        created_at=now,
    )
    by_project_code = _ids(Project, before, "code", lead_unit__parent=county)
    project_ids = [by_project_code[p["code"]] for p in projects]
    bulk.insert_columns(
        StageChange,
        {
            "project_id": [project_ids[s[0]] for s in plan.stages],
            "from_stage": [s[1] for s in plan.stages],
            "to_stage": [s[2] for s in plan.stages],
            "on": [s[3] for s in plan.stages],
        },
        {"reason": "", "created_at": now, "actor_id": None, "checkin_id": None},
    )
    returns = plan.returns
    handed = [timezone.make_aware(datetime.combine(r[3], time(10))) for r in returns]
    sums = _return_sums(plan.lines, len(returns))
    before = _insert(
        UnitReturn,
        {
            "period_id": [period_ids[r[1]] for r in returns],
            "unit_id": [unit_ids[r[0]] for r in returns],
            "status": [r[2] for r in returns],
            "submitted_at": [
                h if r[2] != "draft" else None for r, h in zip(returns, handed, strict=True)
            ],
            "verified_at": [
                h + timedelta(days=1) if r[2] == UnitReturn.Status.VERIFIED else None
                for r, h in zip(returns, handed, strict=True)
            ],
            **sums,
        },
        note="",
        late=False,
        returned_reason="",
        fields_typed=0,
    )
    by_key = _ids(UnitReturn, before, "unit_id", "period_id", period__district=county)
    return_ids = [by_key[(unit_ids[r[0]], period_ids[r[1]])] for r in returns]
    lines = plan.lines
    bulk.insert_columns(
        ReturnLine,
        {
            "unit_return_id": [return_ids[i] for i in lines["return"]],
            "project_id": [project_ids[i] for i in lines["project"]],
            **{
                name: lines[name]
                for name in (
                    "funds_within_province_yuan",
                    "funds_outside_province_yuan",
                    "funds_abroad_yuan",
                    "investment_completed_yuan",
                    "stage",
                )
            },
        },
        {"stage_date": None, "stage_reason": "", "note": ""},
    )
    targets = [(unit_ids[u], year, Issuer.DISTRICT, v) for u, year, v in plan.unit_targets]
    targets += [(county.pk, year, Issuer.DISTRICT, own) for year, own, _ in plan.county_targets]
    targets += [(county.pk, year, Issuer.PROVINCE, prov) for year, _, prov in plan.county_targets]
    before = _insert(
        Target,
        {
            "unit_id": [t[0] for t in targets],
            "year": [t[1] for t in targets],
            "issuer": [t[2] for t in targets],
            "current_value": [Decimal(t[3]) for t in targets],
        },
        indicator_id=indicator_id,
    )
    target_ids = list(
        Target.objects.filter(pk__gt=before or 0).order_by("pk").values_list("pk", "current_value")
    )
    bulk.insert_columns(
        TargetVersion,
        {"target_id": [t[0] for t in target_ids], "value": [t[1] for t in target_ids]},
        {
            "number": 1,
            "kind": TargetVersion.Kind.BASELINE,
            "reason": "托底数",
            "author_id": None,
            "created_at": now,
        },
    )
    ents = plan.enterprises
    before = _insert(
        Enterprise,
        {
            "uscc": [e[0] for e in ents],
            "name": [e[1] for e in ents],
            "responsible_unit_id": [unit_ids[e[2]] for e in ents],
        },
        address="",
        industry=Industry.MANUFACTURING,
        size=Enterprise.Size.MEDIUM,
        foreign_invested=False,
        status=Enterprise.Status.OPERATING,
        contact="",
        phone="",
        created_at=now,
    )
    by_uscc = _ids(Enterprise, before, "uscc")
    trade = plan.trade
    bulk.insert_columns(
        TradeFigure,
        {
            "enterprise_id": [by_uscc[ents[t[0]][0]] for t in trade],
            "year": [window[t[1]].year for t in trade],
            "month": [window[t[1]].month for t in trade],
            "imports_usd": [Decimal(t[2]) for t in trade],
            "exports_usd": [Decimal(t[3]) for t in trade],
            "total_usd": [Decimal(t[2] + t[3]) for t in trade],
        },
        {
            "source": Source.FINAL,
            "version": 1,
            "is_current": True,
            "reason": "",
            "author_id": None,
            "created_at": now,
        },
    )
    totals.counties += 1
    totals.units += len(plan.units)
    totals.projects += len(projects)
    totals.stage_changes += len(plan.stages)
    totals.returns += len(returns)
    totals.lines += len(lines["project"])
    totals.targets += len(targets)
    totals.trade_figures += len(trade)
