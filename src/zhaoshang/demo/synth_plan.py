"""The rows of a synthetic county, decided by the seed alone (no database): see
``zhaoshang.demo.synth`` for what the province holds and how it is written."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from zhaoshang.core.periods import Period
from zhaoshang.demo import names
from zhaoshang.demo.generator import deadline_for
from zhaoshang.org.uscc import make_uscc
from zhaoshang.projects.models import Industry, Origin, Stage
from zhaoshang.reporting.models import UnitReturn

WAN = 10_000
SYLLABLES = "安宝昌成丰福广海和华惠嘉金康乐临隆鲁蒙宁平庆瑞山盛泰通沂兴永裕远泽正中"
ORIGINS = [Origin.WITHIN_PROVINCE, Origin.OUTSIDE_PROVINCE, Origin.ABROAD]
FUND_FIELDS = {
    Origin.WITHIN_PROVINCE: "funds_within_province_yuan",
    Origin.OUTSIDE_PROVINCE: "funds_outside_province_yuan",
    Origin.ABROAD: "funds_abroad_yuan",
}
# Stage after stage: (next stage, months it takes at least, at most); a project may also stop.
NEXT_STAGE = {
    Stage.NEGOTIATING: (Stage.SIGNED, 1, 6),
    Stage.SIGNED: (Stage.CONSTRUCTION, 2, 8),
    Stage.CONSTRUCTION: (Stage.COMPLETED, 8, 26),
    Stage.COMPLETED: (Stage.OPERATING, 1, 6),
}
# How often a project has a progress line in a month, by its stage at the month's end.
LINE_CHANCE = {
    Stage.SIGNED: 0.85,
    Stage.CONSTRUCTION: 0.95,
    Stage.COMPLETED: 0.6,
    Stage.OPERATING: 0.35,
}


@dataclass(frozen=True)
class SynthSpec:
    seed: int = 1
    counties: int = 3
    units: int = 12  # per county
    projects: int = 600  # in the whole province
    months: int = 14  # of returns, ending with ``end``
    end: Period = field(default_factory=lambda: Period(2026, 10))
    enterprises: int = 4  # trading enterprises per county

    def __post_init__(self) -> None:
        if self.counties < 1 or self.units < 2 or self.months < 1:
            raise ValueError("县区数至少1个,每县单位数至少2个,月数至少1个")
        if self.projects < 0 or self.enterprises < 0:
            raise ValueError("项目数和企业数不能为负")

    @property
    def province_code(self) -> str:
        return f"SY{self.seed}"

    @property
    def window(self) -> list[Period]:
        """The months with returns, oldest first."""
        months = [self.end]
        while len(months) < self.months:
            months.append(months[-1].previous())
        return months[::-1]


@dataclass
class CountyPlan:
    """One county's rows, column by column (foreign keys as positions into the plan's lists)."""

    number: int
    code: str
    name: str
    units: list[tuple[str, str, str, bool]] = field(default_factory=list)  # code, name, group, 局
    projects: list[dict[str, Any]] = field(default_factory=list)
    stages: list[tuple[int, str, str, date]] = field(default_factory=list)  # project, from, to, on
    returns: list[tuple[int, int, str, date]] = field(default_factory=list)  # unit, month, status
    lines: dict[str, list[Any]] = field(default_factory=dict)  # + "return" (position)
    unit_targets: list[tuple[int, int, int]] = field(default_factory=list)  # unit, year, yuan
    county_targets: list[tuple[int, int, int]] = field(default_factory=list)  # year, own, prov.
    enterprises: list[tuple[str, str, int]] = field(default_factory=list)  # uscc, name, unit
    trade: list[tuple[int, int, int, int]] = field(default_factory=list)  # ent., month, imp, exp


def county_name(rng: random.Random, number: int) -> str:
    first, second = rng.sample(SYLLABLES, 2)
    return f"{first}{second}{'区' if number % 5 == 0 else '县'}"


def project_shares(spec: SynthSpec) -> list[int]:
    """How many of the province's projects each county leads (counties differ in size)."""
    rng = random.Random(f"synth:{spec.seed}:sizes")
    weights = [rng.uniform(0.5, 1.5) for _ in range(spec.counties)]
    total = sum(weights)
    shares = [int(spec.projects * w / total) for w in weights]
    for i in range(spec.projects - sum(shares)):
        shares[i % spec.counties] += 1
    return shares


def plan_county(spec: SynthSpec, number: int, projects: int) -> CountyPlan:
    rng = random.Random(f"synth:{spec.seed}:county:{number}")
    code = f"{spec.province_code}-C{number:03d}"
    plan = CountyPlan(number, code, county_name(rng, number))
    townships = max(1, round(spec.units * 10 / 82))
    for k in range(spec.units):
        township = k < townships
        pool = names.TOWNSHIPS if township else names.DEPARTMENTS
        index = k if township else k - townships
        name = pool[index % len(pool)] + (str(index // len(pool) + 1) if index >= len(pool) else "")
        kind = "township" if township else "department"
        is_bureau = name == names.BUREAU_NAME
        plan.units.append((f"{code}-{'T' if township else 'D'}{k + 1:03d}", name, kind, is_bureau))
    weights = [rng.uniform(0.3, 1.7) * (3 if u[2] == "township" else 1) for u in plan.units]
    window = spec.window
    first, last = window[0], window[-1]
    index_of = {p: i for i, p in enumerate(window)}
    funds_by_unit_year: dict[tuple[int, int], int] = {}
    by_unit_month: dict[tuple[int, int], list[int]] = {}
    line_cols: dict[str, list[Any]] = {
        "project": [],
        "funds_within_province_yuan": [],
        "funds_outside_province_yuan": [],
        "funds_abroad_yuan": [],
        "investment_completed_yuan": [],
        "stage": [],
    }
    leads = rng.choices(range(spec.units), weights=weights, k=projects)
    for p, unit in enumerate(leads):
        offset = rng.randint(-24, spec.months - 1)  # months after the window's first
        start_month = _shift(first, offset)
        start = start_month.first_day + timedelta(days=rng.randint(0, 27))
        origin = rng.choices(ORIGINS, weights=(5, 4, 1))[0]
        planned_wan = max(100, round(rng.lognormvariate(7.6, 1.0) / 100) * 100)
        stage = Stage.NEGOTIATING if rng.random() < 0.4 else Stage.SIGNED
        history = [("", stage, start)]
        on = start
        while stage in NEXT_STAGE and on <= last.last_day:
            if rng.random() < 0.06:
                nxt, on = Stage.DROPPED, on + timedelta(days=rng.randint(30, 240))
            else:
                nxt, low, high = NEXT_STAGE[stage]
                on = on + timedelta(days=30 * rng.randint(low, high) + rng.randint(0, 27))
            if on > last.last_day:
                break
            history.append((stage, nxt, on))
            stage = nxt
        plan.projects.append(
            {
                "lead": unit,
                "code": f"{code}-P{p + 1:06d}",
                "name": f"{plan.name}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}项目{p + 1}",
                "origin": origin,
                "industry": rng.choice(Industry.values),
                "planned_wan": planned_wan,
                "start": start,
                "stage": stage,
                "investor": f"{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}投资有限公司",
                "region": str(origin.label),
            }
        )
        plan.stages.extend((p, old, new, day) for old, new, day in history)
        for month in window[max(0, offset) :]:
            month_end = month.last_day
            at_end = [h for h in history if h[2] <= month_end][-1][1]
            if rng.random() >= LINE_CHANCE.get(at_end, 0.0):
                continue
            funds = int(round(planned_wan * WAN * rng.uniform(0.004, 0.05), -2))
            split = {FUND_FIELDS[origin]: funds}
            if rng.random() < 0.2:
                other = FUND_FIELDS[rng.choice(ORIGINS)]
                part = int(round(funds * rng.uniform(0.1, 0.5), -2))
                split[FUND_FIELDS[origin]] -= part
                split[other] = split.get(other, 0) + part
            for name in FUND_FIELDS.values():
                line_cols[name].append(Decimal(split.get(name, 0)))
            line_cols["investment_completed_yuan"].append(
                Decimal(int(round(funds * rng.uniform(0.8, 1.6), -2)))
            )
            line_cols["stage"].append(at_end)
            line_cols["project"].append(p)
            m = index_of[month]
            by_unit_month.setdefault((unit, m), []).append(len(line_cols["project"]) - 1)
            key = (unit, month.year)
            funds_by_unit_year[key] = funds_by_unit_year.get(key, 0) + funds
    # Returns: every unit every month; lines point at their return's position.
    line_return = [0] * len(line_cols["project"])
    for m, month in enumerate(window):
        for unit in range(spec.units):
            status = UnitReturn.Status.VERIFIED
            if month == last:
                status = rng.choices(
                    [UnitReturn.Status.VERIFIED, UnitReturn.Status.SUBMITTED, "draft"],
                    weights=(85, 10, 5),
                )[0]
            handed_in = deadline_for(month.year, month.month) - timedelta(days=rng.randint(0, 9))
            for position in by_unit_month.get((unit, m), []):
                line_return[position] = len(plan.returns)
            plan.returns.append((unit, m, status, handed_in))
    plan.lines = {**line_cols, "return": line_return}
    # Targets for every year of the window, near what the unit brings in (a full year's pace).
    years = sorted({p.year for p in window})
    for year in years:
        months_in = sum(1 for p in window if p.year == year)
        county_total = 0
        for unit in range(spec.units):
            pace = funds_by_unit_year.get((unit, year), 0) * 12 / months_in
            value = max(100 * WAN, int(round(pace * rng.uniform(0.8, 1.4), -4)))
            plan.unit_targets.append((unit, year, value))
            county_total += value
        own = int(round(county_total * rng.uniform(0.95, 1.05), -4))
        plan.county_targets.append((year, own, int(round(own * rng.uniform(0.9, 1.1), -4))))
    for e in range(spec.enterprises):
        uscc = make_uscc(f"91{spec.seed % 10000:04d}{number:03d}Y{e + 1:07d}")
        name = f"{plan.name}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}进出口有限公司"
        plan.enterprises.append((uscc, name, rng.randrange(spec.units)))
        scale = rng.lognormvariate(12.5, 1.0)
        for m in range(spec.months):
            if rng.random() < 0.85:
                imports = round(scale * rng.uniform(0.1, 0.6))
                exports = round(scale * rng.uniform(0.4, 1.2))
                plan.trade.append((e, m, imports, exports))
    return plan


def _shift(period: Period, months: int) -> Period:
    index = period.year * 12 + period.month - 1 + months
    return Period(index // 12, index % 12 + 1)
