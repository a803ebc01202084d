"""Meeting resolutions (执行决议): actions and reads. Deadlines in working days on the district's
calendar and the lights come from the same engine as the casework deadlines
(``core.calendar`` + ``casework.rules.light``), not a copy of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhaoshang.casework.rules import SUPERVISION_AFTER_DAYS, follow_up_after_miss, light
from zhaoshang.core.actions import action
from zhaoshang.core.calendar import OutsideCalendar, WorkCalendar, add_working_days
from zhaoshang.core.calendar_data import load_calendar
from zhaoshang.core.events import record_event
from zhaoshang.core.notifications import bureau_staff, notify, unit_heads, unit_staff
from zhaoshang.core.permissions import is_bureau
from zhaoshang.meetings.models import Meeting, Resolution, ResolutionReport
from zhaoshang.org.models import Unit, User

MAX_LIMIT_DAYS = 250


@action
def record_resolution(
    *, actor: User, meeting: Meeting, text: str, owner_unit: Unit | None, limit_days: int
) -> Resolution:
    if not is_bureau(actor):
        raise PermissionDenied("只有招商局可以登记会议决议")
    locked = Meeting.objects.lock_for_change(actor, meeting.pk, denied="不能修改其他县区的会议")
    errors: dict[str, str] = {}
    if not text.strip():
        errors["text"] = "决议事项不能为空"
    if owner_unit is None or owner_unit.parent_id != locked.district_id:
        errors["owner_unit"] = "责任单位须是本县区的单位"
    if not 1 <= limit_days <= MAX_LIMIT_DAYS:
        errors["limit_days"] = f"办理时限应为 1–{MAX_LIMIT_DAYS} 个工作日"
    if errors:
        raise ValidationError(errors)
    assert owner_unit is not None
    try:
        count = add_working_days(load_calendar(), locked.on, limit_days)
    except OutsideCalendar as exc:
        raise ValidationError({"limit_days": str(exc)}) from exc
    resolution = Resolution.objects.create(
        meeting=locked,
        text=text.strip(),
        owner_unit=owner_unit,
        decided_on=locked.on,
        limit_days=limit_days,
        due=count.end,
        due_explanation=count.explain(),
    )
    record_event(
        actor=actor,
        verb="resolution.recorded",
        subject=resolution,
        unit=owner_unit,
        summary=f"{locked.title} 决议:{resolution.text}({owner_unit.name},{count.end} 前)",
    )
    return resolution


@action
def report_progress(*, actor: User, resolution: Resolution, text: str) -> ResolutionReport:
    locked = Resolution.objects.lock_for_change(
        actor, resolution.pk, denied="只有责任单位或招商局可以报告进展"
    )
    if locked.status != Resolution.Status.OPEN:
        raise ValidationError({"text": "决议已销号,不能再报告进展"})
    if not text.strip():
        raise ValidationError({"text": "进展不能为空"})
    report = ResolutionReport.objects.create(resolution=locked, text=text.strip(), actor=actor)
    record_event(
        actor=actor,
        verb="resolution.progress",
        subject=locked,
        unit=locked.owner_unit,
        summary=f"决议“{locked.text}”进展:{report.text[:60]}",
    )
    return report


@action
def close_resolution(*, actor: User, resolution: Resolution, on: date, note: str) -> Resolution:
    """销号: the bureau closes a resolution once done."""
    if not is_bureau(actor):
        raise PermissionDenied("只有招商局可以销号")
    locked = Resolution.objects.lock_for_change(
        actor, resolution.pk, denied="不能销号其他县区的决议"
    )
    if locked.status == Resolution.Status.CLOSED:
        raise ValidationError({"note": "决议已销号"})
    if on < locked.decided_on:
        raise ValidationError({"on": "销号日期不能早于决议日期"})
    locked.status = Resolution.Status.CLOSED
    locked.closed_on = on
    locked.closing_note = note.strip()
    locked.save(update_fields=["status", "closed_on", "closing_note"])
    record_event(
        actor=actor,
        verb="resolution.closed",
        subject=locked,
        unit=locked.owner_unit,
        summary=f"决议“{locked.text}”销号" + ("(逾期)" if on > locked.due else ""),
    )
    return locked


def _url(resolution: Resolution) -> str:
    return reverse("meetings:resolution", args=[resolution.pk])


@action
def tick(*, actor: None = None, now: datetime | None = None) -> dict[str, int]:
    """The background pass over open resolutions, on the casework engine's rules
    (``casework.rules.follow_up_after_miss``): 催办 to the owner unit from the next working day
    after the deadline, 督办 to the bureau and the owner unit's head from the 5th. Each is
    sent once (``reminded_at`` / ``escalated_at``), so running the tick twice sends nothing twice.
    """
    at = now or timezone.now()
    today = timezone.localdate(at)
    cal = load_calendar()
    counts = {"reminded": 0, "escalated": 0}
    overdue = (
        Resolution.objects.overdue(today)
        .filter(escalated_at__isnull=True)
        .select_for_update(of=("self",))
        .select_related("owner_unit", "meeting")
        .order_by("due", "pk")
    )
    for resolution in overdue:
        try:
            follow = follow_up_after_miss(cal, resolution.due, today)
        except OutsideCalendar:
            continue
        unit = resolution.owner_unit
        if follow.reminder_due and resolution.reminded_at is None:
            resolution.reminded_at = at
            resolution.save(update_fields=["reminded_at"])
            title = f"催办:会议决议“{resolution.text}”已逾期(期限 {resolution.due.isoformat()})"
            notify(
                unit_staff(unit),
                verb="resolution.reminded",
                title=title,
                url=_url(resolution),
                at=at,
            )
            record_event(
                actor=None, verb="resolution.reminded", subject=resolution, unit=unit, summary=title
            )
            counts["reminded"] += 1
        if follow.supervision_due:
            resolution.escalated_at = at
            resolution.save(update_fields=["escalated_at"])
            title = (
                f"督办:{unit.name} 会议决议“{resolution.text}”"
                f"逾期 {SUPERVISION_AFTER_DAYS} 个工作日(期限 {resolution.due.isoformat()})"
            )
            notify(
                [*unit_heads(unit), *bureau_staff(resolution.meeting.district_id)],
                verb="resolution.escalated",
                title=title,
                url=_url(resolution),
                at=at,
            )
            record_event(
                actor=None,
                verb="resolution.escalated",
                subject=resolution,
                unit=unit,
                summary=title,
            )
            counts["escalated"] += 1
    return counts


@dataclass(frozen=True)
class Tracked:
    resolution: Resolution
    light: str  # green / yellow / red; closed ones keep red if closed late


def light_of(cal: WorkCalendar, resolution: Resolution, today: date) -> str:
    if resolution.status == Resolution.Status.CLOSED:
        assert resolution.closed_on is not None
        return "red" if resolution.closed_on > resolution.due else "green"
    try:
        return light(cal, today, resolution.due)
    except OutsideCalendar:
        return "red" if today > resolution.due else "green"


def resolutions_for(user: Any) -> QuerySet[Resolution]:
    return Resolution.objects.visible_to(user).select_related("owner_unit", "meeting")


def resolution_for(user: Any, pk: int) -> Resolution:
    return get_object_or_404(resolutions_for(user), pk=pk)


def tracked(resolutions: QuerySet[Resolution], today: date) -> list[Tracked]:
    cal = load_calendar()
    return [Tracked(r, light_of(cal, r, today)) for r in resolutions]


def open_and_overdue(user: Any, today: date) -> tuple[int, int]:
    """For the dashboard: open resolutions, and how many of them are past their deadline."""
    mine = resolutions_for(user)
    return mine.open().count(), mine.overdue(today).count()
