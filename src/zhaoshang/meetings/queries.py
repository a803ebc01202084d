"""Reads behind the meeting pages and the meeting pack. Scope always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.core.permissions import is_bureau
from zhaoshang.meetings.models import Meeting, Resolution, Stop
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project, SiteCheckIn

__all__ = ["Meeting", "Resolution", "Stop"]


def meetings_for(user: Any) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).select_related("district")


def meeting_for(user: Any, pk: int) -> Meeting:
    return get_object_or_404(meetings_for(user), pk=pk)


def editable_meeting_for(user: Any, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.editable_by(user), pk=pk)


def stops_of(meeting: Meeting) -> QuerySet[Stop]:
    return meeting.stops.select_related(
        "project", "project__lead_unit", "project__investor", "checkin"
    ).order_by("order", "pk")


def stop_for(user: Any, pk: int) -> Stop:
    """A stop the user may work on: its lead unit, the district's bureau, admins."""
    return get_object_or_404(
        Stop.objects.editable_by(user).select_related("meeting", "project", "project__lead_unit"),
        pk=pk,
    )


def my_stops(user: Any) -> QuerySet[Stop]:
    """Stops of planned meetings at the user's unit's projects (for the unit's accounts)."""
    return (
        Stop.objects.editable_by(user)
        .filter(meeting__status=Meeting.Status.PLANNED)
        .select_related("meeting", "project")
        .order_by("meeting__on", "order")
    )


def can_plan(user: Any) -> bool:
    return is_bureau(user)


def candidates(
    user: Any,
    meeting: Meeting,
    *,
    unit: int | None = None,
    stage: str = "",
    min_wan: Decimal | None = None,
) -> QuerySet[Project]:
    """Projects of the meeting's district not yet on its route, filtered by unit, stage and size
    (planned investment, 万元 and above), biggest first."""
    projects = (
        Project.objects.visible_to(user)
        .filter(lead_unit__parent=meeting.district)
        .exclude(pk__in=meeting.stops.values("project_id"))
        .select_related("lead_unit")
        .order_by("-planned_investment_yuan", "code")
    )
    if unit:
        projects = projects.filter(lead_unit_id=unit)
    if stage:
        projects = projects.filter(stage=stage)
    if min_wan is not None:
        projects = projects.filter(planned_investment_yuan__gte=min_wan * 10000)
    return projects


def unit_choices(meeting: Meeting) -> QuerySet[Unit]:
    return Unit.objects.filter(parent=meeting.district).reporting().order_by("sort_order", "code")


@dataclass(frozen=True)
class Card:
    stop: Stop
    project: Project
    photo: SiteCheckIn | None
    stage_since: Any


def latest_bulletin(meeting: Meeting) -> PublishedBulletin | None:
    return (
        PublishedBulletin.objects.filter(district=meeting.district)
        .order_by("-year", "-month", "-version")
        .first()
    )


def cards(meeting: Meeting) -> list[Card]:
    """One card per stop: the project, its latest check-in with a photo, when it reached its
    current stage. Three queries whatever the number of stops."""
    stops = list(
        stops_of(meeting).prefetch_related(
            Prefetch(
                "project__checkins",
                queryset=SiteCheckIn.objects.order_by("-at", "-pk"),
                to_attr="recent_checkins",
            ),
            "project__stage_changes",
        )
    )
    out = []
    for stop in stops:
        project = stop.project
        recent = getattr(project, "recent_checkins", [])
        changes = [c for c in project.stage_changes.all() if c.to_stage == project.stage]
        out.append(
            Card(
                stop=stop,
                project=project,
                photo=stop.checkin or (recent[0] if recent else None),
                stage_since=max((c.on for c in changes), default=None),
            )
        )
    return out
