"""Demo data: the 150-point 河东区 scheme (schemes/hedong-2026.yaml), some bureau-entered measures
and deductions, and the first quarter run through the actions (objection window open)."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml

from zhaoshang.assessment import actions
from zhaoshang.assessment.models import AssessmentRun
from zhaoshang.org.models import Unit, User
from zhaoshang.reporting.models import ReportingPeriod

SCHEME_FILE = Path(__file__).parent / "schemes" / "hedong-2026.yaml"


def scheme_body(year: int) -> dict[str, object]:
    body = yaml.safe_load(SCHEME_FILE.read_text(encoding="utf-8"))
    body["year"] = year
    body["name"] = str(body["name"]).replace("2026", str(year))
    return body


def seed(*, district: Unit, bureau: User, year: int, today: date, rng: random.Random) -> None:
    scheme = actions.save_scheme(actor=bureau, district=district, body=scheme_body(year))
    units = list(Unit.objects.filter(parent=district).reporting().order_by("sort_order", "code"))
    if not units:
        return
    for unit in units:
        task = 3 if unit.group is not None and unit.group.code == "township" else 2
        actions.enter_measure(
            actor=bureau,
            unit=unit,
            year=year,
            month=1,
            code="project_task",
            value=task,
            note="年度项目任务(区委区政府下达)",
        )
        actions.enter_measure(
            actor=bureau,
            unit=unit,
            year=year,
            month=3,
            code="visits_out",
            value=rng.randint(0, 8),
            note="一季度外出招商活动登记",
        )
    awarded, incident, storm = rng.sample(units, 3) if len(units) >= 3 else (units[0],) * 3
    actions.enter_measure(
        actor=bureau,
        unit=awarded,
        year=year,
        month=3,
        code="city_awards",
        value=1,
        note="获市级招商引资先进集体",
    )
    actions.enter_measure(
        actor=bureau,
        unit=incident,
        year=year,
        month=2,
        code="labour_incidents",
        value=1,
        note="辖区企业发生拖欠农民工工资群体性事件",
    )
    actions.enter_measure(
        actor=bureau,
        unit=storm,
        year=year,
        month=3,
        code="force_majeure",
        value=1,
        note="重点项目受寒潮停工,经区政府认定为不可抗力",
    )
    fabricated = rng.choice(units)
    actions.record_deduction(
        actor=bureau,
        scheme=scheme,
        unit=fabricated,
        rule="fabricated",
        reason="上报的1个项目与已入库项目重复",
        on=date(year, 3, 10),
    )
    late = rng.choice(units)
    for n in (1, 2):
        actions.record_deduction(
            actor=bureau,
            scheme=scheme,
            unit=late,
            rule="not_started",
            reason=f"签约项目{n}未按合同约定时间开工",
            on=date(year, 3, 15 + n),
        )
    if ReportingPeriod.objects.filter(district=district, year=year, month=3).exists() and (
        today >= date(year, 3, 31)
    ):
        actions.run_assessment(actor=bureau, scheme=scheme, period=f"{year}-Q1")


def first_quarter_run(district: Unit, year: int) -> AssessmentRun | None:
    return AssessmentRun.objects.filter(district=district, period=f"{year}-Q1").first()
