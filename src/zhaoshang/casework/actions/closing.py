"""Closing: the result, the follow-up rating (reopen when dissatisfied), withdrawal."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from zhaoshang.casework.actions.common import (
    _calendar,
    _case_url,
    _lock,
    _now,
    _reopen,
    _require_status,
    _require_text,
    _set_follow_up_deadline,
    _step,
)
from zhaoshang.casework.models import (
    OPEN_STATUSES,
    Case,
    CaseStep,
    Satisfaction,
    Status,
)
from zhaoshang.core.actions import action
from zhaoshang.core.notifications import notify, unit_heads
from zhaoshang.org.models import User


@action
def complete_case(*, actor: User, case: Case, result: str, now: datetime | None = None) -> Case:
    locked = _lock(actor, case)
    _require_status(locked, Status.HANDLING, message="只有办理中的诉求可以办结")
    result = _require_text(result, "result", "办结必须填写办理结果")
    at = _now(now)
    locked.result, locked.completed_at = result, at
    locked.completed_on_time = (
        locked.missed_on is None and timezone.localdate(at) <= locked.deadline
    )
    locked.status = Status.COMPLETED
    if locked.owner_person is None:
        locked.owner_person = actor
    _set_follow_up_deadline(_calendar(), locked, at)
    locked.save()
    _step(locked, CaseStep.Kind.COMPLETED, at, actor, reason=result)
    notify(
        [locked.first_person, *unit_heads(locked.first_unit)],
        verb="case.completed",
        title=(
            f"诉求已办结,请于 {locked.follow_up_due.isoformat()} 前回访企业:{locked.title}"
            if locked.follow_up_due
            else f"诉求已办结,请回访企业:{locked.title}"
        ),
        url=_case_url(locked),
        at=at,
    )
    return locked


def _check_enterprise(case: Case, phone: str) -> None:
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not digits or digits != "".join(ch for ch in case.phone if ch.isdigit()):
        raise PermissionDenied("查询码与电话不匹配")


def _lock_for_enterprise_or_staff(actor: User | None, case: Case, phone: str) -> Case:
    if actor is None:
        locked: Case = Case.objects.select_for_update().get(pk=case.pk)
        _check_enterprise(locked, phone)
        return locked
    visible = Case.objects.visible_to(actor).filter(pk=case.pk).exists()
    first = actor.unit_id == case.first_unit_id
    if not visible or not (first or Case.objects.editable_by(actor).filter(pk=case.pk).exists()):
        raise PermissionDenied("只有首问单位或承办单位可以代企业回访、撤回")
    return Case.objects.select_for_update().get(pk=case.pk)


@action
def rate_case(
    *,
    actor: User | None,
    case: Case,
    satisfied: bool,
    comment: str = "",
    phone: str = "",
    now: datetime | None = None,
) -> Case:
    """Follow-up: satisfied closes the case; dissatisfied reopens it with the same first
    responder, with a new deadline. The enterprise (code + phone) or the first responder
    recording a follow-up call may rate."""
    locked = _lock_for_enterprise_or_staff(actor, case, phone)
    _require_status(locked, Status.COMPLETED, message="只有已办结的诉求可以评价")
    if not satisfied:
        comment = _require_text(comment, "comment", "不满意时请说明原因,以便重新办理")
    at = _now(now)
    locked.rated_at = at
    if satisfied:
        locked.satisfaction, locked.status = Satisfaction.SATISFIED, Status.CLOSED
        locked.save()
        _step(locked, CaseStep.Kind.RATED, at, actor, reason=f"满意。{comment}".strip())
        return locked
    locked.satisfaction = Satisfaction.DISSATISFIED
    _step(locked, CaseStep.Kind.RATED, at, actor, reason=f"不满意:{comment}")
    _reopen(locked, at, actor, f"企业不满意,由首问单位重新办理:{comment}")
    return locked


@action
def withdraw_case(
    *, actor: User | None, case: Case, reason: str, phone: str = "", now: datetime | None = None
) -> Case:
    locked = _lock_for_enterprise_or_staff(actor, case, phone)
    _require_status(locked, *OPEN_STATUSES, message="只有未办结的诉求可以撤回")
    reason = _require_text(reason, "reason", "请说明撤回原因")
    at = _now(now)
    locked.status = Status.WITHDRAWN
    locked.save()
    _step(locked, CaseStep.Kind.WITHDRAWN, at, actor, reason=reason)
    return locked
