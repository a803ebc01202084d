"""Keeping in touch with the enterprise: the first contact where one is promised (within N
working hours), the follow-up after completion (within 1 working day, watched by the tick) and
the bureau's monthly call-back of withdrawn requests (回访抽样)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.casework import queries
from zhaoshang.casework.actions.common import (
    _lock,
    _notify_first_responder,
    _notify_owner,
    _now,
    _reopen,
    _require_status,
    _require_text,
    _step,
)
from zhaoshang.casework.models import OPEN_STATUSES, CallBack, Case, CaseStep, Status
from zhaoshang.core.actions import action
from zhaoshang.org.models import Role, User


def _local(moment: datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


@action
def record_contact(*, actor: User, case: Case, note: str, now: datetime | None = None) -> Case:
    """The owner unit records its first contact with the enterprise (once). Late contact is
    flagged (联系逾期) and stays on the record."""
    locked = _lock(actor, case)
    if locked.contacted_at is not None:
        raise ValidationError(
            {"note": f"诉求 {locked.code} 已于 {_local(locked.contacted_at)} 记录首次联系企业"}
        )
    _require_status(locked, *OPEN_STATUSES, message="只有未办结的诉求可以记录首次联系")
    note = _require_text(note, "note", "请填写联系情况(联系了谁、通过什么方式、结果如何)")
    at = _now(now)
    locked.contacted_at = at
    reason = note
    if locked.contact_due is not None and at > locked.contact_due:
        reason += f"(已超过承诺联系期限 {_local(locked.contact_due)})"
        if locked.contact_missed_at is None:
            locked.contact_missed_at = locked.contact_due
    locked.save(update_fields=["contacted_at", "contact_missed_at"])
    _step(locked, CaseStep.Kind.CONTACTED, at, actor, reason=reason, to_unit=locked.owner_unit)
    return locked


def watch_contact_and_follow_up(at: datetime) -> dict[str, int]:
    """The tick's part: a promised first contact not recorded by its deadline, and a completed
    case not followed up by the end of the next working day, are flagged once (a step in the
    case's log) and their owner reminded once. Running it again changes nothing."""
    counts = {"contact_missed": 0, "follow_up_missed": 0}
    late_contact = (
        Case.objects.filter(
            status__in=OPEN_STATUSES,
            contacted_at__isnull=True,
            contact_missed_at__isnull=True,
            contact_due__lt=at,
        )
        .select_for_update(of=("self",))
        .select_related("owner_unit", "owner_person")
    )
    for case in late_contact:
        assert case.contact_due is not None
        case.contact_missed_at = case.contact_due
        case.save(update_fields=["contact_missed_at"])
        _step(
            case,
            CaseStep.Kind.CONTACT_MISSED,
            at,
            None,
            reason=f"承诺于 {_local(case.contact_due)} 前首次联系企业,尚未记录联系",
        )
        _notify_owner(case, "case.contact_missed", f"联系逾期:请立即联系企业({case.title})", at)
        counts["contact_missed"] += 1
    late_follow_up = (
        Case.objects.filter(
            status=Status.COMPLETED,
            follow_up_missed_on__isnull=True,
            follow_up_due__lt=timezone.localdate(at),
        )
        .select_for_update(of=("self",))
        .select_related("first_unit", "first_person")
    )
    for case in late_follow_up:
        assert case.follow_up_due is not None
        case.follow_up_missed_on = case.follow_up_due
        case.save(update_fields=["follow_up_missed_on"])
        _step(
            case,
            CaseStep.Kind.FOLLOW_UP_MISSED,
            at,
            None,
            reason=f"应于 {case.follow_up_due.isoformat()} 前回访企业,尚未记录回访",
            public=False,
        )
        _notify_first_responder(
            case, "case.follow_up_missed", f"回访逾期:请尽快回访企业({case.title})", at
        )
        counts["follow_up_missed"] += 1
    return counts


def _callback_text(reached: bool, view: str, satisfied: bool | None, note: str) -> str:
    if not reached:
        return f"未联系上企业。{note}".strip()
    text = f"已联系上企业,{'满意' if satisfied else '不满意'}。企业意见:{view}"
    return f"{text}。备注:{note}" if note else text


def may_call_back(user: Any) -> bool:
    """Who records the call-backs of withdrawn requests: the bureau (and the administrator)."""
    return bool(user.is_superuser or user.has_role(Role.BUREAU, Role.ADMIN))


@action
def record_callback(
    *,
    actor: User,
    case: Case,
    year: int,
    month: int,
    reached: bool,
    view: str = "",
    satisfied: bool | None = None,
    note: str = "",
    now: datetime | None = None,
) -> CallBack:
    """The bureau records the call-back of a withdrawn request in a month's sample, once per
    case and month. An enterprise reached and dissatisfied (the withdrawal did not settle its
    problem) has the case reopened with the same first responder, as a dissatisfied follow-up
    does."""
    if not may_call_back(actor):
        raise PermissionDenied("只有招商局可以记录撤回诉求的回访")
    locked = Case.objects.visible_to(actor).select_for_update().filter(pk=case.pk).first()
    if locked is None:
        raise PermissionDenied("您无权查看该诉求")
    done = CallBack.objects.filter(case=locked, year=year, month=month).first()
    if done is not None:
        raise ValidationError(
            {
                "case": f"诉求 {locked.code} 的 {year} 年 {month} 月回访已于 "
                f"{_local(done.recorded_at)} 由 {done.recorded_by} 记录,不能重复记录"
            }
        )
    _require_status(locked, Status.WITHDRAWN, message="只有已撤回的诉求可以做撤回回访")
    if locked.pk not in {c.pk for c in queries.withdrawn_sample(actor, year, month)}:
        raise ValidationError(
            {"case": f"诉求 {locked.code} 不在 {year} 年 {month} 月的撤回回访抽样中"}
        )
    view, note = view.strip(), note.strip()
    if reached:
        view = _require_text(view, "view", "已联系上企业时请填写企业意见")
        if satisfied is None:
            raise ValidationError({"satisfied": "已联系上企业时请选择企业是否满意"})
    else:
        note = _require_text(note, "note", "未联系上企业时请在备注中说明联系情况(时间、方式)")
        view, satisfied = "", None
    at = _now(now)
    callback = CallBack.objects.create(
        case=locked,
        year=year,
        month=month,
        outcome=CallBack.Outcome.REACHED if reached else CallBack.Outcome.NOT_REACHED,
        view=view,
        satisfied=satisfied,
        note=note,
        recorded_by=actor,
        recorded_at=at,
    )
    _step(
        locked,
        CaseStep.Kind.CALLED_BACK,
        at,
        actor,
        reason=f"{year} 年 {month} 月撤回回访:{_callback_text(reached, view, satisfied, note)}",
        public=False,
    )
    if reached and satisfied is False:
        _reopen(locked, at, actor, f"撤回回访中企业表示不满意,由首问单位重新办理:{view}")
        callback.reopened = True
        callback.save(update_fields=["reopened"])
    return callback
