"""Each unit's measures for a period, from the system's own data (through the bulletin's queries)
and from bureau-entered entries, aggregated in the database."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count

from zhaoshang.assessment.models import Deduction, MeasureEntry
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.assessment.scheme import Scheme
from zhaoshang.assessment.scoring import UnitMeasures
from zhaoshang.bulletins import queries as bulletin_queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.service import UnitService
from zhaoshang.core.money import WAN
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import STARTED_STAGES
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn

FILED = [UnitReturn.Status.SUBMITTED, UnitReturn.Status.VERIFIED]


class NoMeasures(LookupError):
    """The district has no reporting period to measure from."""


def missed_returns(district: Unit, period: AssessmentPeriod) -> dict[int, list[int]]:
    """Per unit, the months of the year up to the period whose return was never filed."""
    months = list(
        ReportingPeriod.objects.filter(
            district=district, year=period.year, month__lte=period.month
        ).values_list("month", flat=True)
    )
    filed = set(
        UnitReturn.objects.filter(
            period__district=district,
            period__year=period.year,
            period__month__lte=period.month,
            status__in=FILED,
        ).values_list("unit_id", "period__month")
    )
    units = Unit.objects.filter(parent=district).reporting().values_list("pk", flat=True)
    return {unit: sorted(month for month in months if (unit, month) not in filed) for unit in units}


def returns_missed_counts(district: Unit, period: AssessmentPeriod) -> dict[int, int]:
    """Per unit, how many returns of the year were not filed (one grouped query)."""
    periods = ReportingPeriod.objects.filter(
        district=district, year=period.year, month__lte=period.month
    ).count()
    filed = dict(
        UnitReturn.objects.filter(
            period__district=district,
            period__year=period.year,
            period__month__lte=period.month,
            status__in=FILED,
        )
        .values("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
        .order_by()
    )
    units = Unit.objects.filter(parent=district).reporting().values_list("pk", flat=True)
    return {unit: periods - filed.get(unit, 0) for unit in units}


def external_measures(
    district: Unit, period: AssessmentPeriod, codes: set[str]
) -> dict[int, dict[str, Decimal]]:
    """The latest bureau-entered value per unit and code, of the year up to the period's month."""
    rows = (
        MeasureEntry.objects.filter(
            unit__parent=district, year=period.year, month__lte=period.month, code__in=codes
        )
        .order_by("unit_id", "code", "-month", "-pk")
        .values_list("unit_id", "code", "value")
    )
    result: dict[int, dict[str, Decimal]] = {}
    for unit_id, code, value in rows:
        result.setdefault(unit_id, {}).setdefault(code, value)
    return result


def ledger(district: Unit, period: AssessmentPeriod) -> dict[int, dict[str, list[Decimal]]]:
    rows = (
        Deduction.objects.filter(
            unit__parent=district, year=period.year, month__lte=period.month, cancelled=False
        )
        .order_by("unit_id", "rule", "on", "pk")
        .values_list("unit_id", "rule", "points")
    )
    result: dict[int, dict[str, list[Decimal]]] = {}
    for unit_id, rule, points in rows:
        result.setdefault(unit_id, {}).setdefault(rule, []).append(points)
    return result


def _share(pct: Decimal | None) -> Decimal | None:
    return None if pct is None else pct / 100


def service_measures(unit: UnitService) -> dict[str, Decimal | None]:
    """The service measures of one unit, year to date; a rate with nothing to rate is N/A."""
    return {
        "cases_overdue": Decimal(unit.cases_missed),
        "cases_on_time": _share(unit.on_time_pct),
        "cases_satisfaction": _share(unit.satisfaction_pct),
        "inspections_unfiled": Decimal(unit.inspections_unfiled),
        "resolutions_overdue": Decimal(unit.resolutions_overdue),
    }


def gather(district: Unit, scheme: Scheme, period: AssessmentPeriod) -> list[UnitMeasures]:
    try:
        bulletin = compute(bulletin_queries.gather(district, period.end))
    except bulletin_queries.NoBulletinData as exc:
        raise NoMeasures(f"{district}没有{period.end.label()}的填报期,无法取得考核数据") from exc
    missed = returns_missed_counts(district, period)
    # Requests, inspections and resolutions as the bulletin's service section counts them.
    service = {u.unit_id: u for u in bulletin.service.units} if bulletin.service else {}
    nothing = UnitService(0, "")
    external = external_measures(district, period, set(scheme.external_measures))
    entries = ledger(district, period)
    time_progress = Decimal(period.month) / Decimal(12)
    units: list[UnitMeasures] = []
    for group in bulletin.groups:
        for row in group.units:
            funds = row.funds_ytd.total
            counts = dict(row.projects.by_stage)
            values: dict[str, Decimal | None] = {
                "funds_ytd_wan": funds / WAN,
                "funds_target_wan": row.target / WAN if row.target else None,
                "funds_completion": funds / row.target if row.target else None,
                "time_progress": time_progress,
                "months": Decimal(period.month),
                "projects_counted": Decimal(row.projects.counted),
                "projects_new": Decimal(row.projects.new),
                "projects_started": Decimal(row.projects.started_ytd),
                "projects_landed": Decimal(sum(counts.get(stage, 0) for stage in STARTED_STAGES)),
                "projects_negotiating": Decimal(row.projects.negotiating),
                "returns_missed": Decimal(missed.get(row.unit_id, 0)),
                **service_measures(service.get(row.unit_id, nothing)),
            }
            for code in scheme.external_measures:
                values[code] = external.get(row.unit_id, {}).get(code)
            units.append(
                UnitMeasures(
                    key=str(row.unit_id),
                    name=row.name,
                    group=row.group_code,
                    measures=values,
                    ledger=entries.get(row.unit_id, {}),
                )
            )
    return units
