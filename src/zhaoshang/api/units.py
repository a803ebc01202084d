"""API router: units. Authentication is set once on the NinjaAPI (api/urls.py) and inherited."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, get_visible
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project

router = Router(tags=["units"])


class GroupOut(Schema):
    code: str
    name: str


class UnitOut(Schema):
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    parent_id: int | None
    group: GroupOut | None
    is_bureau: bool
    active: bool


class UnitDetailOut(UnitOut):
    projects_count: int
    projects_by_stage: dict[str, int]
    people_count: int


def _units(request: HttpRequest) -> Any:
    return Unit.objects.visible_to(request.auth).select_related("group")


@router.get("", response={200: list[UnitOut], **READ_ERRORS}, summary="可见单位列表")
def list_units(request: HttpRequest, kind: str | None = None, group: str | None = None) -> Any:
    """Units the caller may see (own unit; whole district for bureau, leaders and auditors)."""
    units = _units(request)
    if kind:
        units = units.filter(kind=kind)
    if group:
        units = units.filter(group__code=group)
    return units


@router.get("/{unit_id}", response={200: UnitDetailOut, **READ_ERRORS}, summary="单位详情")
def unit_detail(request: HttpRequest, unit_id: int) -> Any:
    unit = get_visible(_units(request), unit_id)
    by_stage = {
        row["stage"]: row["n"]
        for row in Project.objects.filter(lead_unit=unit)
        .values("stage")
        .annotate(n=Count("pk"))
        .order_by()
    }
    people = Unit.objects.filter(pk=unit.pk).aggregate(
        n=Count("people", filter=Q(people__is_active=True))
    )["n"]
    unit.projects_count = sum(by_stage.values())
    unit.projects_by_stage = by_stage
    unit.people_count = people
    return unit
