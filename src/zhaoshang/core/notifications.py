"""In-app notifications and the daily digest mail.

``notify`` is called by actions (inside their transaction): one inbox row per person. Mail goes
out as one digest per person per day (``send_digests``), and only within working hours (the
working calendar and office hours decide); notices about urgent cases go at once, at any hour.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.utils import timezone

from zhaoshang.core.calendar import OutsideCalendar, WorkCalendar, WorkingHours
from zhaoshang.core.models import Notification
from zhaoshang.org.models import UNIT_ROLES, Role, Unit, User


def unit_heads(unit: Unit | None) -> QuerySet[User]:
    if unit is None:
        return User.objects.none()
    return User.objects.filter(unit=unit, role=Role.UNIT_LEADER, is_active=True)


def unit_staff(unit: Unit) -> QuerySet[User]:
    """Everyone who works in the unit (reporters and its heads): when nobody in it has a matter."""
    return User.objects.filter(unit=unit, role__in=UNIT_ROLES, is_active=True)


def bureau_staff(district_id: int | None) -> QuerySet[User]:
    """The investment promotion bureau's people of a district: who hears of 督办 and breaches."""
    return User.objects.filter(unit__parent_id=district_id, unit__is_bureau=True, is_active=True)


def notify(
    recipients: Iterable[User | None],
    *,
    verb: str,
    title: str,
    body: str = "",
    url: str = "",
    urgent: bool = False,
    at: datetime | None = None,
) -> list[Notification]:
    seen: set[int] = set()
    rows = []
    for person in recipients:
        if person is None or person.pk in seen or not person.is_active:
            continue
        seen.add(person.pk)
        rows.append(
            Notification(
                recipient=person,
                verb=verb,
                title=title[:255],
                body=body,
                url=url[:255],
                urgent=urgent,
                at=at or timezone.now(),
            )
        )
    return Notification.objects.bulk_create(rows)


def in_working_hours(cal: WorkCalendar, now: datetime, office: WorkingHours | None = None) -> bool:
    local = timezone.localtime(now)
    try:
        if not cal.is_workday(local.date()):
            return False
    except OutsideCalendar:
        return False
    t = local.time()
    return any(begin <= t < end for begin, end in (office or WorkingHours()).sessions())


def inbox(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def mark_read(user: User, ids: Iterable[int] | None = None, *, now: datetime | None = None) -> int:
    rows = inbox(user).filter(read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=now or timezone.now())


def send_digests(
    cal: WorkCalendar, *, now: datetime | None = None, urgent_only: bool = False
) -> int:
    """Mail each person their notices not yet mailed, in one message. Returns mails sent.

    ``urgent_only`` (the frequent tick) sends only urgent notices, at any hour; otherwise
    (the daily digest) nothing is sent outside working hours."""
    now = now or timezone.now()
    if not urgent_only and not in_working_hours(cal, now):
        return 0
    pending = Notification.objects.filter(emailed_at__isnull=True).exclude(recipient__email="")
    if urgent_only:
        pending = pending.filter(urgent=True)
    sent = 0
    by_person: dict[int, list[Notification]] = {}
    for note in pending.select_related("recipient").order_by("recipient_id", "at"):
        by_person.setdefault(note.recipient_id, []).append(note)
    for notes in by_person.values():
        person = notes[0].recipient
        subject = (
            f"【紧急】{notes[0].title}"
            if urgent_only
            else f"招商引资工作系统:今日待办 {len(notes)} 条"
        )
        lines = [f"{person},您好:", ""]
        lines += [
            f"· {n.at.astimezone(timezone.get_current_timezone()):%m-%d %H:%M} {n.title}"
            for n in notes
        ]
        lines += ["", "请登录系统查看详情。"]
        send_mail(
            subject,
            "\n".join(lines),
            getattr(settings, "DEFAULT_FROM_EMAIL", "noreply@localhost"),
            [person.email],
        )
        Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)
        sent += 1
    return sent
