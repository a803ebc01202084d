"""Routing: accept, pass on, send back; supervision by hand and by the background tick."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.casework import rules
from zhaoshang.casework.actions.common import (
    _auto_escalate,
    _calendar,
    _escalate,
    _lock,
    _notify_owner,
    _now,
    _require_status,
    _require_text,
    _set_light,
    _step,
)
from zhaoshang.casework.actions.followup import watch_contact_and_follow_up
from zhaoshang.casework.models import (
    OPEN_STATUSES,
    Case,
    CaseStep,
    Status,
)
from zhaoshang.core.actions import action
from zhaoshang.core.calendar import OutsideCalendar
from zhaoshang.org.models import Role, Unit, User


@action
def accept_case(*, actor: User, case: Case, now: datetime | None = None) -> Case:
    locked = _lock(actor, case)
    _require_status(
        locked, Status.NEW, Status.PASSED, message="只有待受理或转办待接收的诉求可以受理"
    )
    at = _now(now)
    if locked.status == Status.NEW:
        cal = _calendar()
        try:
            locked.accepted_on_time = rules.accepted_on_time(
                cal, timezone.localdate(locked.received_at), timezone.localdate(at)
            )
        except OutsideCalendar as exc:
            raise ValidationError({"deadline": str(exc)}) from exc
        locked.accepted_at = at
        locked.first_person = actor
    locked.owner_person = actor
    locked.status = Status.HANDLING
    locked.save()
    _step(locked, CaseStep.Kind.ACCEPTED, at, actor, to_unit=locked.owner_unit)
    return locked


@action
def pass_on(
    *, actor: User, case: Case, to_unit: Unit, reason: str, now: datetime | None = None
) -> Case:
    """Pass the case to the responsible unit with a reason; the first responder keeps tracking."""
    locked = _lock(actor, case)
    _require_status(locked, Status.NEW, Status.HANDLING, message="只有待受理或办理中的诉求可以转办")
    reason = _require_text(reason, "reason", "转办必须说明理由")
    if to_unit.pk == locked.owner_unit_id:
        raise ValidationError({"to_unit": "不能转办给本单位"})
    if (
        to_unit.kind != Unit.Kind.UNIT
        or to_unit.parent_id != locked.district_id
        or not to_unit.active
    ):
        raise ValidationError({"to_unit": "只能转办给本县区的乡镇街道或区直部门"})
    at = _now(now)
    from_unit = locked.owner_unit
    locked.owner_unit, locked.owner_person = to_unit, None
    locked.status = Status.PASSED
    locked.passes += 1
    locked.save()
    _step(
        locked, CaseStep.Kind.PASSED, at, actor, reason=reason, from_unit=from_unit, to_unit=to_unit
    )
    _notify_owner(locked, "case.assigned", f"转办诉求待接收:{locked.title}", at)
    _auto_escalate(locked, at)
    return locked


@action
def send_back(*, actor: User, case: Case, reason: str, now: datetime | None = None) -> Case:
    """The receiving unit refuses a passed case with a reason: it returns to who passed it."""
    locked = _lock(actor, case)
    _require_status(locked, Status.PASSED, message="只有转办待接收的诉求可以退回")
    reason = _require_text(reason, "reason", "退回必须说明理由")
    last = locked.steps.filter(kind=CaseStep.Kind.PASSED).order_by("-at", "-pk").first()
    assert last is not None and last.from_unit is not None
    at = _now(now)
    me = locked.owner_unit
    locked.owner_unit = last.from_unit
    locked.owner_person = (
        last.actor if last.actor and last.actor.unit_id == last.from_unit_id else None
    )
    locked.status = Status.HANDLING
    locked.bounces += 1
    locked.save()
    _step(
        locked,
        CaseStep.Kind.SENT_BACK,
        at,
        actor,
        reason=reason,
        from_unit=me,
        to_unit=last.from_unit,
    )
    _notify_owner(locked, "case.assigned", f"诉求被退回:{locked.title}", at)
    return locked


@action
def escalate_case(*, actor: User, case: Case, reason: str, now: datetime | None = None) -> Case:
    """The bureau takes a case under supervision (督办) by hand."""
    if not actor.has_role(Role.BUREAU, Role.ADMIN) and not actor.is_superuser:
        raise PermissionDenied("只有招商局可以督办")
    locked = _lock(actor, case)
    _require_status(locked, *OPEN_STATUSES, message="只有未办结的诉求可以督办")
    _escalate(locked, _now(now), actor, _require_text(reason, "reason", "督办须说明原因"))
    return locked


@action
def tick(*, actor: None = None, now: datetime | None = None) -> dict[str, int]:
    """The background pass: lights, misses, reminders (催办) and supervision (督办); then
    first contacts and follow-ups not made in time (联系逾期, 回访逾期).

    Runs with the calendar from the database; paused cases keep their clock stopped."""
    at = _now(now)
    today = timezone.localdate(at)
    cal = _calendar()
    counts = {"lights": 0, "missed": 0, "reminded": 0, "escalated": 0}
    open_cases = Case.objects.filter(
        status__in=[Status.NEW, Status.HANDLING, Status.PASSED]
    ).select_for_update(of=("self",))
    for case in open_cases.select_related("owner_unit", "owner_person"):
        try:
            if case.missed_on is None and today > case.deadline:
                case.missed_on = case.deadline
                case.save(update_fields=["missed_on"])
                _step(
                    case,
                    CaseStep.Kind.MISSED,
                    at,
                    None,
                    reason=f"已超过办理期限 {case.deadline.isoformat()}",
                )
                counts["missed"] += 1
            old = case.light
            _set_light(cal, case, at)
            if case.light != old:
                case.save(update_fields=["light"])
                counts["lights"] += 1
            if case.missed_on is None:
                continue
            follow = rules.follow_up_after_miss(cal, case.missed_on, today)
        except OutsideCalendar:
            continue
        if follow.reminder_due and case.reminded_on is None:
            case.reminded_on = today
            case.save(update_fields=["reminded_on"])
            _step(
                case,
                CaseStep.Kind.REMINDED,
                at,
                None,
                reason=f"期限 {case.deadline.isoformat()} 已过,催办",
            )
            _notify_owner(case, "case.reminded", f"催办:{case.title} 已逾期", at)
            counts["reminded"] += 1
        if follow.supervision_due and case.escalated_at is None:
            _escalate(case, at, None, f"逾期 {rules.SUPERVISION_AFTER_DAYS} 个工作日,督办")
            counts["escalated"] += 1
    counts.update(watch_contact_and_follow_up(at))
    return counts
