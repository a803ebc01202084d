"""What the demo is made of: the spec (the speech's numbers, in one place), the generated plan,
and ``check``, which refuses a plan that does not say what its spec says. Pure: no ORM, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

WAN = 10_000  # yuan per 万元
SIGNED, CONSTRUCTION, COMPLETED, OPERATING = "signed", "construction", "completed", "operating"
NEGOTIATING, DROPPED = "negotiating", "dropped"
ORIGIN_WEIGHTS = {"outside_province": 55, "within_province": 35, "abroad": 10}
SOURCE_FIELD = {
    "within_province": "funds_within_province_yuan",
    "outside_province": "funds_outside_province_yuan",
    "abroad": "funds_abroad_yuan",
}


@dataclass(frozen=True)
class DemoSpec:
    """Everything the speech fixes, in one place. Change a number here and the data follows."""

    year: int
    seed: int = 20160412
    months: int = 3  # first quarter
    city_rank: int = 6  # of the last month
    new_projects: int = 21
    continuing_projects: int = 65
    funds_total_wan: int = 25_200  # 2.52亿元
    department_results: int = 20  # every town/street has results
    negotiating_only_departments: int = 10
    fastest_townships: tuple[str, str] = ("相公街道", "九曲街道")
    fastest_departments: tuple[str, str] = ("供销社", "国土资源局")
    # Completion % of the YTD funds against the target: the fastest, the runner-up, the rest.
    first_band: tuple[int, int] = (58, 66)
    second_band: tuple[int, int] = (48, 54)
    others_band: tuple[int, int] = (6, 40)
    min_margin_pp: int = 5  # the runner-up's lead over the third, in percentage points
    min_unit_funds_wan: int = 100
    # Realistic noise that must not count: finished last year, dropped last year, extra leads.
    finished_before_year: int = 4
    dropped_before_year: int = 3
    negotiating_in_result_units: int = 8
    # "今天上午我们看了相公街道的5个项目建设现场": projects under construction there at quarter end.
    site_visit_unit: str = "相公街道"
    site_visit_projects: int = 5


@dataclass
class UnitPlan:
    code: str
    name: str
    group: str  # "township" | "department"
    sort_order: int
    target_wan: int
    is_bureau: bool = False
    intended: str = "no_action"  # results | negotiating_only | no_action
    funds_wan: int = 0


@dataclass
class ProjectPlan:
    key: int
    code: str
    name: str
    investor_name: str
    investor_uscc17: str  # the check character is added by org.uscc.make_uscc
    home_region: str
    lead: str  # unit code
    origin: str
    industry: str
    planned_wan: int
    start_date: date
    history: list[tuple[str, date]]  # stages before the demo's months, the first one at start
    counted: bool = False
    site: bool = False  # kept under construction through the quarter (the site visit)


@dataclass
class LinePlan:
    project_key: int
    funds_wan: int = 0
    source: str = "funds_outside_province_yuan"
    investment_wan: int = 0
    stage: str | None = None  # a stage change reported this month
    stage_date: date | None = None

    def values(self) -> dict[str, object]:
        out: dict[str, object] = {}
        if self.funds_wan:
            out[self.source] = Decimal(self.funds_wan * WAN)
        if self.investment_wan:
            out["investment_completed_yuan"] = Decimal(self.investment_wan * WAN)
        if self.stage:
            out["stage"] = self.stage
            out["stage_date"] = self.stage_date
        return out


@dataclass
class ReturnPlan:
    unit: str
    month: int
    submitted_on: date
    lines: list[LinePlan] = field(default_factory=list)


@dataclass
class DemoPlan:
    spec: DemoSpec
    units: list[UnitPlan]
    district_target_wan: int
    projects: list[ProjectPlan]
    returns: list[ReturnPlan]


def check(plan: DemoPlan) -> None:
    """Raise ``ValueError`` when a plan does not say what its spec says (e.g. a seed or a band
    that cannot keep the fastest units ahead)."""
    spec, year = plan.spec, plan.spec.year
    counted = [p for p in plan.projects if p.counted]
    new = sum(1 for p in counted if p.start_date.year == year)
    problems = []
    if (new, len(counted) - new) != (spec.new_projects, spec.continuing_projects):
        problems.append(f"新建/续建项目数为 {new}/{len(counted) - new}")
    funds = sum(line.funds_wan for ret in plan.returns for line in ret.lines)
    if funds != spec.funds_total_wan or funds != sum(u.funds_wan for u in plan.units):
        problems.append(f"到位资金合计 {funds} 万元")
    if any(u.funds_wan <= 0 for u in plan.units if u.intended == "results"):
        problems.append("有实绩的单位必须有到位资金")
    for group, fastest in (
        ("township", spec.fastest_townships),
        ("department", spec.fastest_departments),
    ):
        ranked = sorted(
            ((u.funds_wan * 100 / u.target_wan, u.name) for u in plan.units if u.group == group),
            reverse=True,
        )
        if tuple(name for _, name in ranked[:2]) != fastest:
            problems.append(f"{group} 进展最快的不是 {fastest}")
        elif len(ranked) > 2 and ranked[1][0] - ranked[2][0] < spec.min_margin_pp:
            problems.append(f"{group} 第二名领先第三名不足 {spec.min_margin_pp} 个百分点")
    if sum(1 for p in plan.projects if p.site) < spec.site_visit_projects:
        problems.append(f"{spec.site_visit_unit}在建项目不足 {spec.site_visit_projects} 个")
    if problems:
        raise ValueError("演示数据生成不符合设定:" + ";".join(problems))
