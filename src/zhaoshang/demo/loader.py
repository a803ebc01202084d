"""Replay a ``DemoPlan`` through the actions, so the demo has events and history like real data.

Idempotent by design: if the demo district (河东区, code 371312) already exists, nothing is
changed and ``load`` returns ``None``. Everything else happens in one transaction.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from zhaoshang.assessment import demo as assessment_demo
from zhaoshang.casework import demo as casework_demo
from zhaoshang.core.periods import Period
from zhaoshang.demo import names
from zhaoshang.demo.generator import deadline_for, generate
from zhaoshang.demo.plan import WAN, DemoPlan, DemoSpec, LinePlan
from zhaoshang.inspections import demo as inspections_demo
from zhaoshang.meetings import demo as meetings_demo
from zhaoshang.org.models import Role, Unit, UnitGroup, User
from zhaoshang.org.uscc import make_uscc
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Project
from zhaoshang.reporting import actions as reporting_actions
from zhaoshang.reporting.models import ReportingPeriod
from zhaoshang.targets import actions as target_actions
from zhaoshang.targets.models import Indicator, Issuer, Measure
from zhaoshang.trade import demo as trade_demo

PASSWORD = "Hedong-2026"
EXTENSIONS: list[tuple[str, Callable[..., None]]] = [
    ("企业名录、挂牌保护与检查备案", inspections_demo.seed),
    ("一季度考核", assessment_demo.seed),
    ("企业诉求、服务承诺与帮办代办", casework_demo.seed),
    ("现场会与现场打卡", meetings_demo.seed),
    ("外经外贸与利用外资", trade_demo.seed),
]
FUNDS_INDICATOR = ("outside_funds", "到位市外资金")


@dataclass(frozen=True)
class Persona:
    username: str
    role: str
    unit: str  # unit name
    full_name: str
    superuser: bool = False


PERSONAS = [
    Persona("xg_reporter", Role.REPORTER, "相公街道", "相公街道填报员"),
    Persona("gx_reporter", Role.REPORTER, "供销社", "供销社填报员"),
    Persona("xg_leader", Role.UNIT_LEADER, "相公街道", "相公街道负责人"),
    Persona("bureau", Role.BUREAU, names.BUREAU_NAME, "招商局科员"),
    Persona("leader", Role.LEADER, names.DISTRICT[1], "区领导"),
    Persona("auditor", Role.AUDITOR, names.DISTRICT[1], "审计员"),
    Persona("admin", Role.ADMIN, names.DISTRICT[1], "系统管理员", superuser=True),
]


def reporter_username(unit_code: str) -> str:
    """Every other unit's reporter: ``hd`` + the unit's own number, e.g. hdt03, hdb35."""
    return "hd" + unit_code.rsplit("-", 1)[1].lower()


def _at(day: date, rng: random.Random) -> datetime:
    clock = time(rng.randint(8, 17), rng.randint(0, 59))
    return timezone.make_aware(datetime.combine(day, clock))


def is_loaded() -> bool:
    return Unit.objects.filter(code=names.DISTRICT[0]).exists()


def load(
    spec: DemoSpec | None = None, progress: Callable[[str], None] | None = None
) -> DemoPlan | None:
    """Load the demo district; ``None`` when it is already there (nothing is changed)."""
    spec = spec or DemoSpec(year=timezone.localdate().year)
    with transaction.atomic():
        if is_loaded():
            return None
        plan = generate(spec)
        _Loader(plan, progress or (lambda _: None)).run()
        return plan


class _Loader:
    def __init__(self, plan: DemoPlan, progress: Callable[[str], None]) -> None:
        self.plan = plan
        self.progress = progress
        self.spec = plan.spec
        self.rng = random.Random(plan.spec.seed + 1)
        self.units: dict[str, Unit] = {}
        self.reporters: dict[str, User] = {}
        self.projects: dict[int, Project] = {}

    def run(self) -> None:
        self.progress("单位与分组")
        self._units()
        self.progress("演示账号")
        self._people()
        self.progress("年度目标")
        self._targets()
        self._months()
        self._other_work()

    def _units(self) -> None:
        township, _ = UnitGroup.objects.get_or_create(
            code=names.TOWNSHIP_GROUP[0],
            defaults={"name": names.TOWNSHIP_GROUP[1], "sort_order": 1},
        )
        department, _ = UnitGroup.objects.get_or_create(
            code=names.DEPARTMENT_GROUP[0],
            defaults={"name": names.DEPARTMENT_GROUP[1], "sort_order": 2},
        )
        city, _ = Unit.objects.get_or_create(
            code=names.CITY[0], defaults={"name": names.CITY[1], "kind": Unit.Kind.CITY}
        )
        districts = sorted([names.DISTRICT, *names.SIBLING_DISTRICTS])
        for order, (code, name) in enumerate(districts, start=1):
            Unit.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "kind": Unit.Kind.DISTRICT,
                    "parent": city,
                    "sort_order": order,
                },
            )
        self.district = Unit.objects.get(code=names.DISTRICT[0])
        groups = {"township": township, "department": department}
        for unit in self.plan.units:
            self.units[unit.code] = Unit.objects.create(
                code=unit.code,
                name=unit.name,
                kind=Unit.Kind.UNIT,
                parent=self.district,
                group=groups[unit.group],
                sort_order=unit.sort_order,
                is_bureau=unit.is_bureau,
            )

    def _people(self) -> None:
        hashed = make_password(PASSWORD)  # hashed once: 90 hashes would take most of the time
        by_name = {u.name: u for u in self.units.values()} | {self.district.name: self.district}
        self.personas: dict[str, User] = {}
        for persona in PERSONAS:
            self.personas[persona.username] = User.objects.create(
                username=persona.username,
                password=hashed,
                role=persona.role,
                unit=by_name[persona.unit],
                full_name=persona.full_name,
                is_staff=persona.superuser,
                is_superuser=persona.superuser,
            )
        own = {p.unit: self.personas[p.username] for p in PERSONAS if p.role == Role.REPORTER}
        for code, unit in self.units.items():
            self.reporters[code] = own.get(unit.name) or User.objects.create(
                username=reporter_username(code),
                password=hashed,
                role=Role.REPORTER,
                unit=unit,
                full_name=f"{unit.name}填报员",
            )
        self.bureau = self.personas["bureau"]

    def _targets(self) -> None:
        indicator, _ = Indicator.objects.get_or_create(
            code=FUNDS_INDICATOR[0],
            defaults={
                "name": FUNDS_INDICATOR[1],
                "measure": Measure.YUAN,
                "valid_from": date(2000, 1, 1),
                "description": "从临沂市以外实际到位的资金(市外省内、省外、境外)",
            },
        )
        year = self.spec.year
        targets = [(self.district, self.plan.district_target_wan)]
        targets += [(self.units[u.code], u.target_wan) for u in self.plan.units]
        for unit, wan in targets:
            target_actions.set_baseline(
                actor=self.bureau,
                indicator=indicator,
                issuer=Issuer.DISTRICT,
                year=year,
                unit=unit,
                value=Decimal(wan * WAN),
            )

    def _register_until(self, day: date) -> None:
        for plan in self.plan.projects:
            if plan.key in self.projects or plan.start_date > day:
                continue
            investor = project_actions.register_investor(
                actor=self.bureau,
                name=plan.investor_name,
                uscc=make_uscc(plan.investor_uscc17),
                home_region=plan.home_region,
            )
            first_stage, first_day = plan.history[0]
            project = project_actions.register_project(
                actor=self.bureau,
                lead_unit=self.units[plan.lead],
                investor=investor,
                code=plan.code,
                name=plan.name,
                origin=plan.origin,
                industry=plan.industry,
                planned_investment_yuan=Decimal(plan.planned_wan * WAN),
                start_date=plan.start_date,
                stage=first_stage,
                stage_date=first_day,
                is_key=plan.planned_wan >= 10_000,
            )
            for stage, on in plan.history[1:]:
                project_actions.change_stage(
                    actor=self.bureau, project=project, to_stage=stage, on=on, reason="历史进展"
                )
            self.projects[plan.key] = project

    def _months(self) -> None:
        year = self.spec.year
        for month in range(1, self.spec.months + 1):
            self.progress(f"{year}年{month}月:项目登记、月报填报与审核")
            self._register_until(Period(year, month).last_day)
            period = reporting_actions.open_period(
                actor=self.bureau,
                district=self.district,
                year=year,
                month=month,
                deadline=deadline_for(year, month),
            )
            for ret in (r for r in self.plan.returns if r.month == month):
                self._return(period, ret.unit, ret.submitted_on, ret.lines)
            if month == self.spec.months:
                reporting_actions.set_city_rank(
                    actor=self.bureau, period=period, city_rank=self.spec.city_rank
                )
            reporting_actions.close_period(actor=self.bureau, period=period)
        # The next month is open and empty: something for a reporter to do on first login.
        nxt = Period(year, self.spec.months).next()
        self._register_until(nxt.last_day)
        reporting_actions.open_period(
            actor=self.bureau,
            district=self.district,
            year=nxt.year,
            month=nxt.month,
            deadline=deadline_for(nxt.year, nxt.month),
        )

    def _other_work(self) -> None:
        """The rest of the district's work, each app seeding its own part through its actions."""
        today = timezone.localdate()
        for offset, (label, seed) in enumerate(EXTENSIONS, start=8):
            self.progress(label)
            seed(
                district=self.district,
                bureau=self.bureau,
                year=self.spec.year,
                today=today,
                rng=random.Random(self.spec.seed + offset),
            )

    def _return(self, period: ReportingPeriod, code: str, on: date, lines: list[LinePlan]) -> None:
        reporter = self.reporters[code]
        unit_return = reporting_actions.prefill_return(
            actor=reporter, period=period, unit=self.units[code]
        )
        inputs = [
            reporting_actions.LineInput(self.projects[line.project_key].pk, line.values())
            for line in lines
        ]
        if inputs:
            reporting_actions.save_return(actor=reporter, unit_return=unit_return, lines=inputs)
        # Returns are replayed with the moments they would have been handed in and verified.
        reporting_actions.submit_return(
            actor=reporter, unit_return=unit_return, at=_at(on, self.rng)
        )
        reporting_actions.verify_return(
            actor=self.bureau, unit_return=unit_return, at=_at(on + timedelta(days=1), self.rng)
        )
