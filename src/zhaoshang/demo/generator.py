"""The demo district's figures, generated from a seed and constrained to the speech's totals.

Pure: no ORM, no I/O. ``generate(spec)`` returns a ``DemoPlan`` that ``loader.py`` replays
through the actions. Amounts are whole 万元 (kept as ints here, turned into yuan at the edge) so
that every total adds up exactly.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from zhaoshang.demo import names
from zhaoshang.demo.plan import (
    COMPLETED,
    CONSTRUCTION,
    DROPPED,
    NEGOTIATING,
    OPERATING,
    ORIGIN_WEIGHTS,
    SIGNED,
    SOURCE_FIELD,
    DemoPlan,
    DemoSpec,
    LinePlan,
    ProjectPlan,
    ReturnPlan,
    UnitPlan,
    check,
)


def split(rng: random.Random, total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split an integer total into len(weights) integers ≥ minimum that add up exactly."""
    rest = total - minimum * len(weights)
    if rest < 0:
        raise ValueError("total too small for the minimum")
    scale = sum(weights)
    shares = [int(rest * w / scale) for w in weights]
    for index in rng.sample(range(len(weights)), rest - sum(shares)):
        shares[index] += 1
    return [minimum + share for share in shares]


def deadline_for(year: int, month: int) -> date:
    """Returns are due on the 10th of the next month."""
    return date(year + month // 12, month % 12 + 1, 10)


def _round10(value: float) -> int:
    return max(10, round(value / 10) * 10)


def _day(rng: random.Random, year: int, month: int, after: date | None = None) -> date:
    low = 1 if after is None or (after.year, after.month) != (year, month) else after.day + 1
    return date(year, month, rng.randint(min(low, 28), 28))


class _Namer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.investors: set[str] = set()
        self.usccs: set[str] = set()
        self.serial = 0

    def investor(self, origin: str, industry: str) -> tuple[str, str, str]:
        place, region = self.rng.choice(names.INVESTOR_PLACES[origin])
        trade = names.INDUSTRY_WORDS[industry][0]
        name = f"{place}{self.rng.choice(names.INVESTOR_WORDS)}{trade}有限公司"
        while name in self.investors:
            name = f"{place}{self.rng.choice(names.INVESTOR_WORDS)}{self.rng.choice(names.INVESTOR_WORDS)}{trade}有限公司"
        self.investors.add(name)
        body = ""
        while not body or body in self.usccs:
            tail = "".join(self.rng.choice("0123456789ABCDEFGHJKLMNPQRTUWXY") for _ in range(7))
            body = f"91{region}MA{tail}"
        self.usccs.add(body)
        return name, body, place

    def project(self, industry: str, start: date) -> tuple[str, str]:
        self.serial += 1
        kind = self.rng.choice(names.INDUSTRY_WORDS[industry][1])
        word = self.rng.choice(names.INVESTOR_WORDS)
        return f"HD{start.year}{self.serial:03d}", f"{word}{kind}项目"


def _units(spec: DemoSpec, rng: random.Random) -> list[UnitPlan]:
    units = [
        UnitPlan(f"{names.DISTRICT[0]}-T{i:02d}", name, "township", i, 0, intended="results")
        for i, name in enumerate(names.TOWNSHIPS, start=1)
    ]
    departments = [
        UnitPlan(
            f"{names.DISTRICT[0]}-B{i:02d}",
            name,
            "department",
            100 + i,
            0,
            is_bureau=name == names.BUREAU_NAME,
        )
        for i, name in enumerate(names.DEPARTMENTS, start=1)
    ]
    leaders = [u for u in departments if u.name in spec.fastest_departments]
    others = [u for u in departments if u.name not in spec.fastest_departments]
    picked = rng.sample(others, spec.department_results - len(leaders))
    for unit in leaders + picked:
        unit.intended = "results"
    idle = [u for u in others if u.intended != "results"]
    for unit in rng.sample(idle, spec.negotiating_only_departments):
        unit.intended = "negotiating_only"
    return units + departments


def _funds_and_targets(spec: DemoSpec, rng: random.Random, units: list[UnitPlan]) -> None:
    results = [u for u in units if u.intended == "results"]
    weights = [
        rng.uniform(1.5, 3.0) if u.group == "township" else rng.uniform(0.3, 1.5) for u in results
    ]
    for unit, funds in zip(
        results, split(rng, spec.funds_total_wan, weights, spec.min_unit_funds_wan), strict=True
    ):
        unit.funds_wan = funds
    for group, fastest in (
        ("township", spec.fastest_townships),
        ("department", spec.fastest_departments),
    ):
        for unit in (u for u in results if u.group == group):
            if unit.name == fastest[0]:
                pct = rng.uniform(*spec.first_band)
            elif unit.name == fastest[1]:
                pct = rng.uniform(*spec.second_band)
            else:
                pct = rng.uniform(*spec.others_band)
            unit.target_wan = _round10(unit.funds_wan * 100 / pct)
    for unit in units:
        if unit.intended != "results":
            unit.target_wan = _round10(rng.uniform(100, 600))


def _history_before(
    rng: random.Random, year: int, start: date, end_stage: str
) -> list[tuple[str, date]]:
    """Negotiating at start, then forward to ``end_stage`` by the end of the previous year."""
    last = date(year - 1, 12, 20)
    history = [(NEGOTIATING, start)]
    path = {
        SIGNED: [SIGNED],
        CONSTRUCTION: [SIGNED, CONSTRUCTION],
        COMPLETED: [SIGNED, CONSTRUCTION, COMPLETED],
        OPERATING: [SIGNED, CONSTRUCTION, COMPLETED, OPERATING],
        DROPPED: [DROPPED],
        NEGOTIATING: [],
    }[end_stage]
    when = start
    for stage in path:
        when = min(when + timedelta(days=rng.randint(20, 150)), last)
        history.append((stage, when))
    return history


def generate(spec: DemoSpec) -> DemoPlan:
    rng = random.Random(spec.seed)
    year = spec.year
    units = _units(spec, rng)
    _funds_and_targets(spec, rng, units)
    results = [u for u in units if u.intended == "results"]
    namer = _Namer(rng)
    projects: list[ProjectPlan] = []

    def add(lead: str, start: date, history: list[tuple[str, date]], counted: bool) -> ProjectPlan:
        origin = rng.choices(list(ORIGIN_WEIGHTS), weights=list(ORIGIN_WEIGHTS.values()))[0]
        industry = rng.choice(list(names.INDUSTRY_WORDS))
        investor, uscc17, place = namer.investor(origin, industry)
        code, name = namer.project(industry, start)
        plan = ProjectPlan(
            key=len(projects),
            code=code,
            name=name,
            investor_name=investor,
            investor_uscc17=uscc17,
            home_region=place,
            lead=lead,
            origin=origin,
            industry=industry,
            planned_wan=rng.randint(20, 600) * 100,
            start_date=start,
            history=history,
            counted=counted,
        )
        projects.append(plan)
        return plan

    # Counted projects: every unit with results leads at least one; towns/streets lead more.
    total = spec.new_projects + spec.continuing_projects
    site = next(u.code for u in results if u.name == spec.site_visit_unit)
    leads = [u.code for u in results] + [site] * (spec.site_visit_projects - 1)
    extra_weights = [3.0 if u.group == "township" else 1.0 for u in results]
    leads += rng.choices([u.code for u in results], weights=extra_weights, k=total - len(leads))
    rng.shuffle(leads)
    new_flags = [True] * spec.new_projects + [False] * spec.continuing_projects
    rng.shuffle(new_flags)
    # The visited sites are carried over from earlier years: swap "new" away from them.
    site_slots = [i for i, lead in enumerate(leads) if lead == site][: spec.site_visit_projects]
    spare = [i for i, flag in enumerate(new_flags) if not flag and i not in site_slots]
    for i in site_slots:
        if new_flags[i]:
            j = spare.pop()
            new_flags[i], new_flags[j] = False, True
    for index, (lead, is_new) in enumerate(zip(leads, new_flags, strict=True)):
        if is_new:
            start = _day(rng, year, rng.randint(1, spec.months))
            add(lead, start, [(SIGNED, start)], counted=True)
        else:
            start = date(year - rng.randint(1, 3), rng.randint(1, 9), rng.randint(1, 28))
            end = rng.choices([SIGNED, CONSTRUCTION], weights=[4, 6])[0]
            if index in site_slots:
                end = CONSTRUCTION
            plan = add(lead, start, _history_before(rng, year, start, end), counted=True)
            plan.site = index in site_slots

    # Leads under negotiation: the negotiating-only departments, and a few units with results.
    negotiating_leads = [
        u.code for u in units if u.intended == "negotiating_only" for _ in range(rng.randint(1, 2))
    ]
    negotiating_leads += rng.choices([u.code for u in results], k=spec.negotiating_in_result_units)
    for lead in negotiating_leads:
        if rng.random() < 0.5:
            start = date(year - 1, rng.randint(9, 12), rng.randint(1, 28))
        else:
            start = _day(rng, year, rng.randint(1, spec.months))
        add(lead, start, [(NEGOTIATING, start)], counted=False)

    # Noise the counting rules must leave out.
    for _ in range(spec.finished_before_year):
        start = date(year - rng.randint(2, 3), rng.randint(1, 6), rng.randint(1, 28))
        end = rng.choice([COMPLETED, OPERATING])
        add(rng.choice(results).code, start, _history_before(rng, year, start, end), counted=False)
    no_action = [u.code for u in units if u.intended == "no_action"]
    for lead in rng.sample(no_action, spec.dropped_before_year):
        start = date(year - 2, rng.randint(1, 12), rng.randint(1, 28))
        add(lead, start, _history_before(rng, year, start, DROPPED), counted=False)

    returns = _returns(spec, rng, units, projects)
    district_target = -(-sum(u.target_wan for u in units) // 1000) * 1000
    result = DemoPlan(spec, units, district_target, projects, returns)
    check(result)
    return result


def _returns(
    spec: DemoSpec,
    rng: random.Random,
    units: list[UnitPlan],
    projects: list[ProjectPlan],
) -> list[ReturnPlan]:
    year = spec.year
    lines: dict[tuple[str, int], list[LinePlan]] = {}

    def line(project: ProjectPlan, month: int) -> LinePlan:
        bucket = lines.setdefault((project.lead, month), [])
        for existing in bucket:
            if existing.project_key == project.key:
                return existing
        created = LinePlan(project.key, source=SOURCE_FIELD[project.origin])
        bucket.append(created)
        return created

    # Funds: each unit's total over its counted projects, each project's over its months.
    for unit in (u for u in units if u.funds_wan):
        own = [p for p in projects if p.lead == unit.code and p.counted]
        for project, amount in zip(
            own, split(rng, unit.funds_wan, [rng.random() + 0.2 for _ in own]), strict=True
        ):
            first = project.start_date.month if project.start_date.year == year else 1
            months = list(range(first, spec.months + 1))
            for month, part in zip(
                months, split(rng, amount, [rng.random() + 0.1 for _ in months]), strict=True
            ):
                if part:
                    line(project, month).funds_wan = part
    # Stage changes in the year: starts (开工), a few completions; investment done while building.
    for project in (p for p in projects if p.counted):
        stage, since = project.history[-1]
        first = project.start_date.month if project.start_date.year == year else 1
        for month in range(first, spec.months + 1):
            last_day = date(year, month, 28)
            if since >= last_day:
                continue
            chance = {SIGNED: 0.3, CONSTRUCTION: 0.0 if project.site else 0.06}.get(stage, 0.0)
            if rng.random() < chance:
                stage = CONSTRUCTION if stage == SIGNED else COMPLETED
                since = _day(rng, year, month, after=since)
                change = line(project, month)
                change.stage, change.stage_date = stage, since
            if stage == CONSTRUCTION:
                line(project, month).investment_wan = rng.randint(5, 80) * 10
    plans = []
    for month in range(1, spec.months + 1):
        due = deadline_for(year, month)
        for unit in units:
            submitted = date(due.year, due.month, rng.randint(2, due.day - 1))
            plans.append(ReturnPlan(unit.code, month, submitted, lines.get((unit.code, month), [])))
    return plans
