"""Reads for the assessment pages, the API and the command, each from a scoped queryset."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from zhaoshang.assessment.models import (
    AssessmentRun,
    Deduction,
    MeasureEntry,
    Objection,
    Result,
    Scheme,
)
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.org.models import Unit, UnitGroup


def schemes_for(user: Any) -> QuerySet[Scheme]:
    return Scheme.objects.visible_to(user).select_related("district")


def scheme_for(user: Any, pk: int) -> Scheme:
    return get_object_or_404(schemes_for(user), pk=pk)


def runs_for(user: Any) -> QuerySet[AssessmentRun]:
    return AssessmentRun.objects.visible_to(user).select_related("scheme")


def run_for(user: Any, pk: int) -> AssessmentRun:
    return get_object_or_404(runs_for(user), pk=pk)


def find_run(user: Any, scheme: str, period: str) -> AssessmentRun | None:
    """A run by scheme (id or name; the latest version wins) and period text (2026-Q1)."""
    runs = runs_for(user).filter(period=str(AssessmentPeriod.parse(period)))
    runs = (
        runs.filter(scheme_id=int(scheme)) if scheme.isdigit() else runs.filter(scheme__name=scheme)
    )
    return runs.order_by("-scheme__version").first()


def results_for(user: Any, run: AssessmentRun) -> QuerySet[Result]:
    return (
        Result.objects.visible_to(user)
        .filter(run=run)
        .select_related("unit")
        .order_by("group_code", "rank", "unit__sort_order")
    )


def result_for(user: Any, pk: int) -> Result:
    return get_object_or_404(
        Result.objects.visible_to(user).select_related("unit", "run__scheme"), pk=pk
    )


def rankings(user: Any, run: AssessmentRun) -> list[dict[str, Any]]:
    """Results per group, in the groups' order, with the red and black lists."""
    names = dict(UnitGroup.objects.values_list("code", "name"))
    order = {code: i for i, code in enumerate(UnitGroup.objects.values_list("code", flat=True))}
    groups: dict[str, dict[str, Any]] = {}
    for result in results_for(user, run):
        group = groups.setdefault(
            result.group_code,
            {
                "code": result.group_code,
                "name": names.get(result.group_code, result.group_code),
                "results": [],
                "red": [],
                "black": [],
            },
        )
        group["results"].append(result)
        if result.list_kind:
            group[result.list_kind].append(result)
    return sorted(groups.values(), key=lambda g: order.get(g["code"], 99))


def objections_for(user: Any, run: AssessmentRun | None = None) -> QuerySet[Objection]:
    rows = Objection.objects.visible_to(user).select_related("unit", "result__run", "filed_by")
    return rows.filter(result__run=run) if run is not None else rows


def objection_for(user: Any, pk: int) -> Objection:
    return get_object_or_404(objections_for(user), pk=pk)


def ledger_for(user: Any, year: int) -> QuerySet[Deduction]:
    return Deduction.objects.visible_to(user).filter(year=year).select_related("unit", "author")


def measures_for(user: Any, year: int) -> QuerySet[MeasureEntry]:
    return MeasureEntry.objects.visible_to(user).filter(year=year).select_related("unit")


def assessed_units(user: Any) -> QuerySet[Unit]:
    return Unit.objects.editable_by(user).reporting()
