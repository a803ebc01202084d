"""Every change to on-site meetings: keyword-only, explicit actor, one transaction, scope
re-checked, an event written."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from zhaoshang.bulletins.queries import district_for
from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.permissions import is_bureau
from zhaoshang.meetings.models import Meeting, Stop
from zhaoshang.org.models import User
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Project, SiteCheckIn

MAX_STOPS = 20
MAX_ACCOUNT = 600


def _bureau(actor: User, message: str = "只有招商局可以筹备现场会") -> None:
    if not is_bureau(actor):
        raise PermissionDenied(message)


def _meeting(actor: User, meeting: Meeting) -> Meeting:
    _bureau(actor)
    return Meeting.objects.lock_for_change(actor, meeting.pk, denied="不能修改其他县区的现场会")


@action
def plan_meeting(*, actor: User, title: str, on: date, place: str = "") -> Meeting:
    _bureau(actor)
    district = district_for(actor)
    if district is None:
        raise ValidationError({"title": "您不属于任何县区,不能筹备现场会"})
    if not title.strip():
        raise ValidationError({"title": "会议名称不能为空"})
    meeting = Meeting.objects.create(
        district=district, title=title.strip(), on=on, place=place.strip(), created_by=actor
    )
    record_event(
        actor=actor,
        verb="meeting.planned",
        subject=meeting,
        unit=district,
        summary=f"筹备现场会 {meeting}",
    )
    return meeting


@action
def add_stops(*, actor: User, meeting: Meeting, projects: list[Project]) -> list[Stop]:
    """Add projects to the route, at its end, in the order given; a project already on the
    route is refused by name."""
    locked = _meeting(actor, meeting)
    if not projects:
        raise ValidationError({"projects": "请至少选择一个项目"})
    allowed = set(
        Project.objects.visible_to(actor)
        .filter(lead_unit__parent=locked.district, pk__in=[p.pk for p in projects])
        .values_list("pk", flat=True)
    )
    outside = [p.name for p in projects if p.pk not in allowed]
    if outside:
        raise PermissionDenied(f"不能加入本县区以外的项目:{'、'.join(outside)}")
    already = [p.name for p in projects if locked.stops.filter(project=p).exists()]
    if already:
        raise ValidationError({"projects": f"已在路线中:{'、'.join(already)}"})
    if locked.stops.count() + len(projects) > MAX_STOPS:
        raise ValidationError({"projects": f"一次现场会最多观摩 {MAX_STOPS} 个项目"})
    last = locked.stops.aggregate(m=Max("order"))["m"] or 0
    stops = [
        Stop.objects.create(meeting=locked, project=p, order=last + i)
        for i, p in enumerate(projects, start=1)
    ]
    record_event(
        actor=actor,
        verb="meeting.stops_added",
        subject=locked,
        unit=locked.district,
        summary=f"{locked.title} 加入观摩点:{'、'.join(p.name for p in projects)}",
    )
    return stops


@action
def remove_stop(*, actor: User, stop: Stop) -> None:
    locked = _meeting(actor, stop.meeting)
    name = stop.project.name
    Stop.objects.filter(pk=stop.pk, meeting=locked).delete()
    _renumber(locked)
    record_event(
        actor=actor,
        verb="meeting.stop_removed",
        subject=locked,
        unit=locked.district,
        summary=f"{locked.title} 移除观摩点 {name}",
    )


def _renumber(meeting: Meeting) -> None:
    for index, stop in enumerate(meeting.stops.order_by("order", "pk"), start=1):
        if stop.order != index:
            Stop.objects.filter(pk=stop.pk).update(order=index)


@action
def set_route(*, actor: User, meeting: Meeting, order: list[int]) -> list[Stop]:
    """Order the route: ``order`` lists every stop's id once, first stop first."""
    locked = _meeting(actor, meeting)
    current = {s.pk: s for s in locked.stops.all()}
    if sorted(order) != sorted(current):
        raise ValidationError({"order": "路线须包含本次现场会的每个观摩点且各出现一次"})
    for index, pk in enumerate(order, start=1):
        Stop.objects.filter(pk=pk).update(order=index)
    record_event(
        actor=actor,
        verb="meeting.route_set",
        subject=locked,
        unit=locked.district,
        summary=f"{locked.title} 调整观摩路线",
        data={"order": order},
    )
    return list(locked.stops.order_by("order"))


@action
def move_stop(*, actor: User, stop: Stop, up: bool) -> list[Stop]:
    ids = list(stop.meeting.stops.order_by("order", "pk").values_list("pk", flat=True))
    at = ids.index(stop.pk)
    to = at - 1 if up else at + 1
    if 0 <= to < len(ids):
        ids[at], ids[to] = ids[to], ids[at]
    return set_route(actor=actor, meeting=stop.meeting, order=ids)


@action
def write_account(*, actor: User, stop: Stop, text: str) -> Stop:
    """The lead unit's one-paragraph account (说经验); the bureau may edit it too."""
    locked = Stop.objects.lock_for_change(actor, stop.pk, denied="只有牵头单位或招商局可以填写")
    clean = " ".join(text.split())
    if len(clean) > MAX_ACCOUNT:
        raise ValidationError({"account": f"经验介绍限 {MAX_ACCOUNT} 字,现为 {len(clean)} 字"})
    locked.account = clean
    locked.save(update_fields=["account"])
    record_event(
        actor=actor,
        verb="meeting.account_written",
        subject=locked.meeting,
        unit=locked.project.lead_unit,
        summary=f"{locked.project.name} 填写现场会经验介绍",
    )
    return locked


@action
def check_in_stop(*, actor: User, stop: Stop, **checkin: Any) -> SiteCheckIn:
    """Check in at a stop during the visit: a project check-in, linked to the stop."""
    locked = Stop.objects.lock_for_change(actor, stop.pk, denied="不能在本单位以外的项目打卡")
    done = project_actions.check_in(actor=actor, project=locked.project, **checkin)
    locked.checkin = done
    locked.save(update_fields=["checkin"])
    return done
