"""Gather a bulletin's inputs for a district and period in a fixed number of grouped queries."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from zhaoshang.bulletins.compute import (
    BulletinInput,
    Funds,
    GroupInput,
    ProjectCounts,
    UnitInput,
)
from zhaoshang.bulletins.service import ServiceSection, UnitService, build_section
from zhaoshang.casework.models import Case, Satisfaction
from zhaoshang.core.periods import Period
from zhaoshang.inspections.models import Filing, UnfiledReport
from zhaoshang.meetings.models import Resolution
from zhaoshang.org.models import Unit, User
from zhaoshang.projects.models import (
    COUNTED_STAGES,
    FINISHED_STAGES,
    STARTED_STAGES,
    Project,
    Stage,
    StageChange,
)
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.targets.models import Issuer, Target
from zhaoshang.trade import queries as trade_queries

# Editable nouns used in text for a group's members ("其中10个部门…"), by group code.
GROUP_NOUNS = {"department": "部门", "township": "乡镇(街道)"}


class NoBulletinData(LookupError):
    """No reporting period exists for this district and month."""


def stage_at(day: date) -> Subquery:
    """The project's stage at ``day``: the last StageChange on or before it (None before any)."""
    return Subquery(
        StageChange.objects.filter(project=OuterRef("pk"), on__lte=day)
        .order_by("-on", "-pk")
        .values("to_stage")[:1]
    )


def district_projects(
    district: Unit, period: Period, unit_ids: Collection[int] | None = None
) -> QuerySet[Project]:
    """Projects led by the district's reporting units (``unit_ids`` when the caller has them),
    annotated with the stage at month end, at last year's end and whether they started (开工)
    within the year to date. Every annotation is a per-project lookup on an index of the
    project's stage changes, so the cost follows the district's projects, not the province's."""
    last_year_end = date(period.year - 1, 12, 31)
    leads = Q(lead_unit__in=_units(district)) if unit_ids is None else Q(lead_unit_id__in=unit_ids)
    return (
        Project.objects.filter(leads)
        .annotate(
            stage_end=stage_at(period.last_day),
            stage_last_year=stage_at(last_year_end),
            # A scalar subquery with LIMIT, not EXISTS: PostgreSQL may turn an EXISTS into a
            # hashed scan of every stage change in the database.
            started_ytd=Subquery(
                StageChange.objects.filter(
                    project=OuterRef("pk"),
                    to_stage__in=STARTED_STAGES,
                    on__gte=period.year_start,
                    on__lte=period.last_day,
                ).values("pk")[:1]
            ),
        )
        .filter(start_date__lte=period.last_day, stage_end__isnull=False)
    )


def counted_q(period: Period) -> Q:
    return Q(stage_end__in=COUNTED_STAGES) & (
        Q(stage_last_year__isnull=True) | ~Q(stage_last_year__in=FINISHED_STAGES)
    )


def _units(district: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=district).reporting()


def _project_counts(
    district: Unit, period: Period, unit_ids: Collection[int]
) -> dict[int, ProjectCounts]:
    """Per lead unit: counted projects split new / continuing, negotiating, started this year and
    stage counts at month end — one row per project fetched and counted here, since grouping in
    the database repeats the stage lookup in every count."""
    rows = (
        district_projects(district, period, unit_ids)
        .annotate(counted=ExpressionWrapper(counted_q(period), output_field=BooleanField()))
        .values_list("lead_unit_id", "counted", "start_date", "stage_end", "started_ytd")
        .order_by()
    )
    stages: dict[int, Counter[str]] = defaultdict(Counter)
    totals: dict[int, Counter[str]] = defaultdict(Counter)
    for unit_id, counted, start, stage, started in rows:
        stages[unit_id][stage] += 1
        totals[unit_id].update(
            counted=int(counted),
            new=int(counted and start >= period.year_start),
            started=int(started is not None),
        )
    return {
        unit_id: ProjectCounts(
            counted=totals[unit_id]["counted"],
            new=totals[unit_id]["new"],
            continuing=totals[unit_id]["counted"] - totals[unit_id]["new"],
            negotiating=by_stage[Stage.NEGOTIATING],
            started_ytd=totals[unit_id]["started"],
            by_stage=tuple((stage, by_stage[stage]) for stage in Stage.values if by_stage[stage]),
        )
        for unit_id, by_stage in stages.items()
    }


def _verified_funds(district: Unit, period: Period) -> list[dict[str, Any]]:
    """One row per verified return of this and last year: unit, year, month, funds by source —
    the sums each return keeps of its lines, so no line is read (a row per unit and month)."""
    return list(
        UnitReturn.objects.filter(
            period__district=district,
            period__year__in=[period.year - 1, period.year],
            status=UnitReturn.Status.VERIFIED,
        )
        .values(
            "unit_id",
            "period__year",
            "period__month",
            within=F("sum_within_province_yuan"),
            outside=F("sum_outside_province_yuan"),
            abroad=F("sum_abroad_yuan"),
        )
        .order_by()
    )


def gather(district: Unit, period: Period) -> BulletinInput:
    """Five queries whatever the number of units or projects (periods, units, targets, returns,
    projects)."""
    periods = set(
        ReportingPeriod.objects.filter(district=district).values_list("year", "month", "city_rank")
    )
    current = [p for p in periods if (p[0], p[1]) == (period.year, period.month)]
    if not current:
        raise NoBulletinData(f"{district}没有{period.label()}的填报期")
    previous = period.previous()
    keys = {(p[0], p[1]) for p in periods}
    units = list(
        _units(district).select_related("group").order_by("group__sort_order", "sort_order", "code")
    )
    targets = dict(
        Target.objects.filter(
            indicator__code=settings.ZHAOSHANG["FUNDS_INDICATOR"],
            issuer=Issuer.DISTRICT,
            year=period.year,
        )
        .filter(unit_id__in=[district.pk, *(unit.pk for unit in units)])
        .values_list("unit_id", "current_value")
    )
    this_year: dict[int, list[tuple[int, Funds]]] = {}
    last_year: dict[int, list[tuple[int, Funds]]] = {}
    verified_now: set[int] = set()
    for row in _verified_funds(district, period):
        funds = Funds(row["within"], row["outside"], row["abroad"])
        target_map = this_year if row["period__year"] == period.year else last_year
        target_map.setdefault(row["unit_id"], []).append((row["period__month"], funds))
        if (row["period__year"], row["period__month"]) == (period.year, period.month):
            verified_now.add(row["unit_id"])
    projects = _project_counts(district, period, [unit.pk for unit in units])
    groups: dict[str, GroupInput] = {}
    inputs = []
    for unit in units:
        group = unit.group
        assert group is not None
        groups.setdefault(
            group.code, GroupInput(group.code, group.name, GROUP_NOUNS.get(group.code, "单位"))
        )
        inputs.append(
            UnitInput(
                unit_id=unit.pk,
                code=unit.code,
                name=unit.name,
                group_code=group.code,
                monthly=tuple(sorted(this_year.get(unit.pk, []), key=lambda item: item[0])),
                monthly_last_year=tuple(
                    sorted(last_year.get(unit.pk, []), key=lambda item: item[0])
                ),
                verified_this_month=unit.pk in verified_now,
                target=targets.get(unit.pk),
                projects=projects.get(unit.pk, ProjectCounts()),
            )
        )
    return BulletinInput(
        period=period,
        district_name=district.name,
        groups=tuple(groups.values()),
        units=tuple(inputs),
        city_rank=current[0][2],
        district_target=targets.get(district.pk),
        last_year_has_period=(period.year - 1, period.month) in keys,
        previous_month_has_period=(previous.year, previous.month) in keys,
        fastest_per_group=int(settings.ZHAOSHANG.get("FASTEST_PER_GROUP", 2)),
        trade=trade_queries.district_section(district, period),
        service=service_section(district, period),
    )


def service_section(district: Unit, period: Period) -> ServiceSection | None:
    """服务企业和督办落实情况, from 1 January to the period's last day, in four grouped queries
    (requests, inspections filed, unfiled inspections, resolutions) whatever the number of units.
    Every count is read from dates kept on the record (received, completed, missed, planned,
    closed…), so the section of a past month does not drift as cases close later."""
    start, end = period.year_start, period.last_day
    tz = timezone.get_current_timezone()
    lo = datetime.combine(start, time.min, tz)
    hi = datetime.combine(end, time.max, tz)

    def by(model: Any, key: str, where: Q, **counts: Any) -> dict[int, dict[str, Any]]:
        names = (key, f"{key}__name", f"{key}__sort_order", f"{key}__code")
        rows = model.objects.filter(where, **{f"{key}__parent": district})
        return {row[key]: row for row in rows.values(*names).annotate(**counts).order_by()}

    in_year = Q(received_at__range=(lo, hi))
    done = Q(completed_at__range=(lo, hi))
    rated = Q(rated_at__range=(lo, hi))
    cases = by(
        Case,
        "owner_unit",
        in_year | done | rated | Q(missed_on__range=(start, end)) | Q(escalated_at__range=(lo, hi)),
        received=Count("pk", filter=in_year),
        completed=Count("pk", filter=done),
        on_time=Count("pk", filter=done & Q(completed_on_time=True)),
        rated=Count("pk", filter=rated & ~Q(satisfaction=Satisfaction.NONE)),
        satisfied=Count("pk", filter=rated & Q(satisfaction=Satisfaction.SATISFIED)),
        missed=Count("pk", filter=Q(missed_on__range=(start, end))),
        escalated=Count("pk", filter=Q(escalated_at__range=(lo, hi))),
    )
    filings = by(
        Filing,
        "department",
        Q(planned_date__range=(start, end)),
        filed=Count("pk", filter=Q(status=Filing.Status.FILED)),
        merged=Count("pk", filter=Q(joint_visit__isnull=False)),
        refused=Count("pk", filter=Q(status=Filing.Status.REFUSED)),
        rated=Count("rating"),
    )
    unfiled = by(
        UnfiledReport, "department", Q(happened_on__range=(start, end)), unfiled=Count("pk")
    )
    open_at_end = Q(decided_on__lte=end) & (Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    closed = Q(closed_on__range=(start, end))
    resolutions = by(
        Resolution,
        "owner_unit",
        open_at_end | closed | Q(decided_on__range=(start, end)),
        open=Count("pk", filter=open_at_end),
        overdue=Count("pk", filter=open_at_end & Q(due__lt=end)),
        decided=Count("pk", filter=Q(decided_on__range=(start, end))),
        closed=Count("pk", filter=closed),
        closed_late=Count("pk", filter=closed & Q(closed_on__gt=F("due"))),
    )
    found: dict[int, tuple[int, str, str]] = {}
    for rows, key in (
        (cases, "owner_unit"),
        (filings, "department"),
        (unfiled, "department"),
        (resolutions, "owner_unit"),
    ):
        for pk, row in rows.items():
            found[pk] = (row[f"{key}__sort_order"], row[f"{key}__code"], row[f"{key}__name"])
    empty: dict[str, int] = {}
    units = [
        UnitService(
            unit_id=pk,
            name=found[pk][2],
            cases_received=cases.get(pk, empty).get("received", 0),
            cases_completed=cases.get(pk, empty).get("completed", 0),
            cases_completed_on_time=cases.get(pk, empty).get("on_time", 0),
            cases_rated=cases.get(pk, empty).get("rated", 0),
            cases_satisfied=cases.get(pk, empty).get("satisfied", 0),
            cases_missed=cases.get(pk, empty).get("missed", 0),
            inspections_filed=filings.get(pk, empty).get("filed", 0),
            inspections_unfiled=unfiled.get(pk, empty).get("unfiled", 0),
            resolutions_open=resolutions.get(pk, empty).get("open", 0),
            resolutions_overdue=resolutions.get(pk, empty).get("overdue", 0),
        )
        for pk in sorted(found, key=lambda pk: found[pk][:2])
    ]

    def total(rows: dict[int, dict[str, Any]], name: str) -> int:
        return sum(row[name] for row in rows.values())

    return build_section(
        period,
        units,
        cases_received=total(cases, "received"),
        cases_escalated=total(cases, "escalated"),
        inspections_merged=total(filings, "merged"),
        inspections_refused=total(filings, "refused"),
        inspections_rated=total(filings, "rated"),
        resolutions_decided=total(resolutions, "decided"),
        resolutions_closed=total(resolutions, "closed"),
        resolutions_closed_late=total(resolutions, "closed_late"),
    )


# --- Which district, which periods --------------------------------------------------------


def periods_of(district: Unit) -> list[Period]:
    return [
        Period(y, m)
        for y, m in ReportingPeriod.objects.filter(district=district)
        .order_by("-year", "-month")
        .values_list("year", "month")
    ]


def latest_period(district: Unit) -> Period | None:
    """The latest period with at least one verified return, else the latest period opened."""
    with_data = (
        ReportingPeriod.objects.filter(
            district=district, returns__status=UnitReturn.Status.VERIFIED
        )
        .order_by("-year", "-month")
        .values_list("year", "month")
        .first()
    )
    if with_data:
        return Period(*with_data)
    periods = periods_of(district)
    return periods[0] if periods else None


def districts_with_periods() -> QuerySet[Unit]:
    return Unit.objects.filter(
        kind=Unit.Kind.DISTRICT,
        pk__in=ReportingPeriod.objects.values("district_id"),
    )


def district_for(user: User) -> Unit | None:
    """The district whose bulletin a person reads: their own; an admin without one reads the only
    district with periods."""
    if user.unit_id and user.unit is not None:
        district_id = user.unit.district_id
        if district_id is not None:
            return Unit.objects.get(pk=district_id)
    if user.is_superuser or user.role == "admin":
        candidates = list(districts_with_periods()[:2])
        if len(candidates) == 1:
            return candidates[0]
    return None


# --- "Why this number": what is behind one unit's figures -----------------------------------


@dataclass(frozen=True)
class Drilldown:
    unit: Unit
    lines: QuerySet[ReturnLine]
    projects: QuerySet[Project]


def drilldown(unit: Unit, period: Period) -> Drilldown:
    lines = (
        ReturnLine.objects.filter(
            unit_return__unit=unit,
            unit_return__status=UnitReturn.Status.VERIFIED,
            unit_return__period__year=period.year,
            unit_return__period__month__lte=period.month,
        )
        .select_related("project", "unit_return__period")
        .order_by("unit_return__period__month", "project__code")
    )
    projects = (
        Project.objects.filter(lead_unit=unit, start_date__lte=period.last_day)
        .annotate(
            stage_end=stage_at(period.last_day),
            stage_last_year=stage_at(date(period.year - 1, 12, 31)),
        )
        .filter(stage_end__isnull=False)
        .annotate(counted=ExpressionWrapper(counted_q(period), output_field=BooleanField()))
        .order_by("code")
    )
    return Drilldown(unit=unit, lines=lines, projects=projects)
