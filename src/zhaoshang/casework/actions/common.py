"""What the casework actions share: the clock, the calendar, steps, notices, locks."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from zhaoshang.casework import rules
from zhaoshang.casework.models import (
    Case,
    CaseStep,
    Category,
    Channel,
    Light,
    Status,
)
from zhaoshang.core.calendar import OutsideCalendar, WorkCalendar
from zhaoshang.core.calendar_data import load_calendar
from zhaoshang.core.events import record_event
from zhaoshang.core.notifications import bureau_staff, notify, unit_heads, unit_staff
from zhaoshang.org.models import Role, Unit, User

STAFF_ROLES = (Role.REPORTER, Role.UNIT_LEADER, Role.BUREAU, Role.ADMIN)

FILE_TYPES = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",
}


def max_attachment_bytes() -> int:
    return int(settings.ZHAOSHANG.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def _now(now: datetime | None) -> datetime:
    return now or timezone.now()


def _calendar() -> WorkCalendar:
    return load_calendar()


def _case_url(case: Case) -> str:
    return reverse("casework:detail", args=[case.pk])


def _step(
    case: Case,
    kind: str,
    at: datetime,
    actor: User | None,
    *,
    reason: str = "",
    from_unit: Unit | None = None,
    to_unit: Unit | None = None,
    public: bool = True,
) -> CaseStep:
    step = CaseStep.objects.create(
        case=case,
        kind=kind,
        at=at,
        actor=actor if actor is not None and actor.pk else None,
        from_unit=from_unit,
        to_unit=to_unit,
        reason=reason,
        public=public,
    )
    record_event(
        actor=actor,
        verb=f"case.{kind}",
        subject=case,
        unit=to_unit or case.owner_unit,
        summary=f"诉求 {case.code}:{step.get_kind_display()} {reason}".strip(),
        data={
            "from": from_unit.pk if from_unit else None,
            "to": to_unit.pk if to_unit else None,
            "reason": reason,
        },
    )
    return step


def _notify_owner(case: Case, verb: str, title: str, at: datetime) -> None:
    _notify_handler(case, case.owner_person, case.owner_unit, verb, title, at)


def _notify_first_responder(case: Case, verb: str, title: str, at: datetime) -> None:
    _notify_handler(case, case.first_person, case.first_unit, verb, title, at)


def _notify_handler(
    case: Case, person: User | None, unit: Unit, verb: str, title: str, at: datetime
) -> None:
    """The person handling a case and their unit's heads (the unit's staff when nobody has it)."""
    people: list[User | None] = [person, *unit_heads(unit)]
    if person is None:
        people += unit_staff(unit)
    notify(
        people,
        verb=verb,
        title=title,
        url=_case_url(case),
        urgent=case.category == Category.URGENT,
        at=at,
    )


def _require_text(value: str, field: str, message: str) -> str:
    if not value or not value.strip():
        raise ValidationError({field: message})
    return value.strip()


def _lock(actor: User | None, case: Case, denied: str = "您无权办理该诉求") -> Case:
    if actor is None:
        raise PermissionDenied(denied)
    locked: Case = Case.objects.lock_for_change(actor, case.pk, denied=denied)
    return locked


def _require_status(case: Case, *allowed: str, message: str) -> None:
    if case.status not in allowed:
        raise ValidationError({"status": f"{message}(当前状态:{case.get_status_display()})"})


def _deadline(cal: WorkCalendar, case: Case, received: datetime) -> rules.Deadline:
    commitment = case.commitment
    try:
        return rules.compute_deadline(
            cal,
            timezone.localdate(received),
            case.category,
            promised_days=commitment.promised_days if commitment else None,
            commitment_item=commitment.item if commitment else "",
        )
    except OutsideCalendar as exc:
        raise ValidationError({"deadline": str(exc)}) from exc


def _set_light(cal: WorkCalendar, case: Case, now: datetime) -> None:
    try:
        case.light = rules.light(
            cal, timezone.localdate(now), case.deadline, missed=case.missed_on is not None
        )
    except OutsideCalendar:
        case.light = Light.RED if timezone.localdate(now) > case.deadline else case.light


def _escalate(case: Case, at: datetime, actor: User | None, reason: str) -> None:
    case.escalated_at, case.escalation_reason = at, reason[:255]
    case.save(update_fields=["escalated_at", "escalation_reason"])
    _step(case, CaseStep.Kind.ESCALATED, at, actor, reason=reason)
    bureau = bureau_staff(case.district_id)
    notify(
        [case.owner_person, *unit_heads(case.owner_unit), *bureau],
        verb="case.escalated",
        title=f"督办:{case.title}({reason})",
        url=_case_url(case),
        urgent=case.category == Category.URGENT,
        at=at,
    )


def _auto_escalate(case: Case, at: datetime) -> None:
    if case.escalated_at is None and rules.must_escalate(case.passes, case.reopens):
        why = (
            f"转办 {case.passes} 次"
            if case.passes >= rules.ESCALATE_AT
            else f"重新办理 {case.reopens} 次"
        )
        _escalate(case, at, None, f"{why},提请招商局督办")


def _set_contact_deadline(cal: WorkCalendar, case: Case, received: datetime) -> None:
    """Where a commitment or the category promises it, the first contact is due within N
    working hours of receipt; a request taken by phone or at a visit is contacted already."""
    commitment = case.commitment
    local = timezone.localtime(received).replace(tzinfo=None)
    try:
        due = rules.contact_deadline(
            cal,
            local,
            case.category,
            promised_hours=commitment.contact_hours if commitment else None,
            commitment_item=commitment.item if commitment else "",
        )
    except OutsideCalendar as exc:
        raise ValidationError({"contact_due": str(exc)}) from exc
    if due is None:
        return
    case.contact_due = timezone.make_aware(due.due)
    case.contact_explanation = due.explanation
    if case.channel in (Channel.PHONE, Channel.VISIT):
        case.contacted_at = received
        case.contact_explanation += (
            f"\n{case.get_channel_display()}登记时已与企业直接联系,视为首次联系。"
        )


def _set_follow_up_deadline(cal: WorkCalendar, case: Case, completed: datetime) -> None:
    """The follow-up is due within 1 working day after completion; a new completion (after a
    reopening) starts a new follow-up period."""
    case.follow_up_missed_on = None
    try:
        due = rules.follow_up_deadline(cal, timezone.localdate(completed))
    except OutsideCalendar as exc:
        case.follow_up_due = None
        case.follow_up_explanation = f"无法计算回访期限:{exc}"
        return
    case.follow_up_due, case.follow_up_explanation = due.due, due.explanation


def _reopen(case: Case, at: datetime, actor: User | None, reason: str) -> None:
    """Back to the first responder (unit and person) with a new deadline from ``at``."""
    cal = _calendar()
    deadline = _deadline(cal, case, at)
    from_unit = case.owner_unit
    case.owner_unit, case.owner_person = case.first_unit, case.first_person
    case.status, case.reopens = Status.HANDLING, case.reopens + 1
    case.result, case.completed_at, case.completed_on_time = "", None, None
    case.follow_up_due = None
    case.deadline = deadline.due
    case.deadline_explanation = (
        f"重新办理(第 {case.reopens} 次),自 {timezone.localdate(at).isoformat()} 起重新计算。\n"
        + deadline.explanation
    )
    _set_light(cal, case, at)
    case.save()
    _step(
        case,
        CaseStep.Kind.REOPENED,
        at,
        actor,
        reason=reason,
        from_unit=from_unit,
        to_unit=case.first_unit,
    )
    _notify_owner(case, "case.assigned", f"诉求重新办理:{case.title}", at)
    _auto_escalate(case, at)
