"""The loaded demo says exactly the speech, checked with plain ORM queries that follow the team's
shared definitions (the bulletin's own text is asserted by the bulletin tests)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.conf import settings
from django.db.models import F, Sum

from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import (
    COUNTED_STAGES,
    FINISHED_STAGES,
    STARTED_STAGES,
    Project,
    Stage,
    StageChange,
)
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.targets.models import Target

pytestmark = pytest.mark.django_db


def _setting() -> tuple[Unit, Period]:
    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, name="河东区")
    march = ReportingPeriod.objects.get(district=district, month=3)
    return district, Period(march.year, 3)


def stage_at(project: Project, day: date) -> str | None:
    last = project.stage_changes.filter(on__lte=day).order_by("-on", "-pk").first()
    return last.to_stage if last else None


def counted_projects(district: Unit, period: Period) -> list[Project]:
    before_year = date(period.year - 1, 12, 31)
    return [
        project
        for project in Project.objects.filter(
            lead_unit__parent=district, start_date__lte=period.last_day
        )
        if stage_at(project, period.last_day) in COUNTED_STAGES
        and stage_at(project, before_year) not in FINISHED_STAGES
    ]


def funds_ytd(unit: Unit, period: Period) -> Decimal:
    total = ReturnLine.objects.filter(
        unit_return__unit=unit,
        unit_return__status=UnitReturn.Status.VERIFIED,
        unit_return__period__district=unit.parent,
        unit_return__period__year=period.year,
        unit_return__period__month__lte=period.month,
    ).aggregate(
        s=Sum(
            F("funds_within_province_yuan")
            + F("funds_outside_province_yuan")
            + F("funds_abroad_yuan")
        )
    )["s"]
    return total or Decimal(0)


def status(unit: Unit, period: Period) -> str:
    verified = UnitReturn.objects.filter(
        unit=unit,
        period__year=period.year,
        period__month=period.month,
        status=UnitReturn.Status.VERIFIED,
    )
    if not verified.exists():
        return "not_reported"
    started = StageChange.objects.filter(
        project__lead_unit=unit,
        to_stage__in=STARTED_STAGES,
        on__gte=period.year_start,
        on__lte=period.last_day,
    ).exists()
    if funds_ytd(unit, period) > 0 or started:
        return "results"
    led = Project.objects.filter(lead_unit=unit, start_date__lte=period.last_day)
    if any(stage_at(p, period.last_day) == Stage.NEGOTIATING for p in led):
        return "negotiating_only"
    return "no_action"


def completion(unit: Unit, period: Period) -> Decimal | None:
    target = Target.objects.filter(
        indicator__code=settings.ZHAOSHANG["FUNDS_INDICATOR"],
        issuer="district",
        year=period.year,
        unit=unit,
    ).first()
    if target is None or not target.current_value:
        return None
    return funds_ytd(unit, period) / target.current_value * 100


def test_march_has_86_counted_projects_21_new_and_65_continuing(demo: str) -> None:
    district, period = _setting()
    counted = counted_projects(district, period)
    new = [p for p in counted if p.start_date.year == period.year]
    assert (len(counted), len(new), len(counted) - len(new)) == (86, 21, 65)


def test_projects_finished_or_dropped_before_the_year_exist_but_are_not_counted(demo: str) -> None:
    district, period = _setting()
    before_year = date(period.year - 1, 12, 31)
    finished = [
        p
        for p in Project.objects.filter(lead_unit__parent=district)
        if stage_at(p, before_year) in FINISHED_STAGES
    ]
    assert len(finished) >= 2
    assert not set(finished) & set(counted_projects(district, period))


def test_outside_funds_year_to_date_are_exactly_2_52_yi_yuan(demo: str) -> None:
    district, period = _setting()
    units = Unit.objects.filter(parent=district).reporting()
    assert sum(funds_ytd(unit, period) for unit in units) == Decimal("252000000.00")


def test_march_city_rank_is_sixth(demo: str) -> None:
    district, period = _setting()
    assert ReportingPeriod.objects.get(district=district, year=period.year, month=3).city_rank == 6


def test_unit_statuses_are_the_speechs(demo: str) -> None:
    district, period = _setting()
    counts: dict[tuple[str, str], int] = {}
    for unit in Unit.objects.filter(parent=district).reporting().select_related("group"):
        key = (unit.group.code, status(unit, period))
        counts[key] = counts.get(key, 0) + 1
    assert counts == {
        ("township", "results"): 10,
        ("department", "results"): 20,
        ("department", "negotiating_only"): 10,
        ("department", "no_action"): 42,
    }


def test_every_unit_with_results_has_funds_and_no_other_unit_has_funds_or_starts(
    demo: str,
) -> None:
    district, period = _setting()
    for unit in Unit.objects.filter(parent=district).reporting():
        has_results = status(unit, period) == "results"
        assert (funds_ytd(unit, period) > 0) == has_results, unit.name
        if not has_results:
            assert not StageChange.objects.filter(
                project__lead_unit=unit, to_stage__in=STARTED_STAGES, on__year=period.year
            ).exists()


def test_some_projects_started_construction_in_the_first_quarter(demo: str) -> None:
    _, period = _setting()
    starts = StageChange.objects.filter(
        to_stage=Stage.CONSTRUCTION, on__gte=period.year_start, on__lte=period.last_day
    )
    assert starts.count() >= 5


@pytest.mark.parametrize(
    ("group", "fastest"),
    [("township", ["相公街道", "九曲街道"]), ("department", ["供销社", "国土资源局"])],
)
def test_fastest_progress_in_each_group_with_a_clear_margin(
    demo: str, group: str, fastest: list[str]
) -> None:
    district, period = _setting()
    units = Unit.objects.filter(parent=district, group__code=group).reporting()
    ranked = sorted(
        ((completion(u, period), u.name) for u in units),
        key=lambda item: item[0] if item[0] is not None else Decimal(-1),
        reverse=True,
    )
    assert [name for _, name in ranked[:2]] == fastest
    assert ranked[1][0] - ranked[2][0] >= 5  # percentage points ahead of the third
    assert all(value is not None for value, _ in ranked)


def test_xianggong_has_five_projects_under_construction_for_the_site_visit(demo: str) -> None:
    _, period = _setting()
    building = [
        p
        for p in Project.objects.filter(lead_unit__name="相公街道")
        if stage_at(p, period.last_day) == Stage.CONSTRUCTION
    ]
    assert len(building) >= 5
