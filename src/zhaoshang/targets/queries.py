"""Reads behind the target pages, aggregated in the database. Scope through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404

from zhaoshang.org.models import Unit
from zhaoshang.targets.models import Indicator, Target, TargetVersion


def targets_for(user: Any, *, year: int, indicator: Indicator, issuer: str) -> QuerySet[Target]:
    """Visible targets with the original value (version 1) and the number of adjustments."""
    original = TargetVersion.objects.filter(target=OuterRef("pk"), number=1).values("value")[:1]
    return (
        Target.objects.visible_to(user)
        .filter(year=year, indicator=indicator, issuer=issuer)
        .select_related("unit", "unit__group", "indicator")
        .annotate(
            original_value=Subquery(original),
            adjustment_count=Count(
                "versions", filter=Q(versions__kind=TargetVersion.Kind.ADJUSTMENT)
            ),
        )
        .order_by("unit__kind", "unit__group__sort_order", "unit__sort_order", "unit__code")
    )


def target_for(user: Any, pk: int) -> Target:
    return get_object_or_404(
        Target.objects.visible_to(user).select_related("unit", "indicator"), pk=pk
    )


def versions_of(target: Target) -> QuerySet[TargetVersion]:
    return target.versions.select_related("author").order_by("number")


def can_manage(user: Any) -> bool:
    return Target.objects.editable_by(user).exists() or baseline_units(user).exists()


def baseline_units(user: Any) -> QuerySet[Unit]:
    """Units a bureau officer may give a target: the district itself and its reporting units."""
    from zhaoshang.core.permissions import is_bureau

    if not is_bureau(user):
        return Unit.objects.none()
    return Unit.objects.editable_by(user).filter(
        Q(kind=Unit.Kind.DISTRICT) | Q(kind=Unit.Kind.UNIT, group__isnull=False, active=True)
    )


@dataclass
class OverAllocation:
    district: Unit
    district_target: Decimal
    units_total: Decimal

    @property
    def excess(self) -> Decimal:
        return self.units_total - self.district_target


def over_allocations(
    user: Any, *, year: int, indicator: Indicator, issuer: str
) -> list[OverAllocation]:
    """Districts (visible to the user) whose units' targets add up to more than the district's
    own target for this indicator, issuer and year. A warning, never an error."""
    districts = Unit.objects.visible_to(user).filter(kind=Unit.Kind.DISTRICT)
    keyed = Target.objects.filter(year=year, indicator=indicator, issuer=issuer)
    own = dict(keyed.filter(unit__in=districts).values_list("unit_id", "current_value"))
    if not own:
        return []
    sums = (
        keyed.filter(unit__kind=Unit.Kind.UNIT, unit__parent_id__in=own.keys())
        .values("unit__parent_id")
        .annotate(total=Sum("current_value"))
        .values_list("unit__parent_id", "total")
    )
    over = {pk: total for pk, total in sums if total is not None and total > own[pk]}
    if not over:
        return []
    names = Unit.objects.in_bulk(over.keys())
    return [
        OverAllocation(district=names[pk], district_target=own[pk], units_total=total)
        for pk, total in over.items()
    ]
