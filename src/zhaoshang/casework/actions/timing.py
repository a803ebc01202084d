"""Time: extensions (asked before the deadline, decided by the head) and pauses."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.casework import rules
from zhaoshang.casework.actions.common import (
    _calendar,
    _case_url,
    _lock,
    _now,
    _require_status,
    _require_text,
    _set_light,
    _step,
)
from zhaoshang.casework.models import (
    Case,
    CaseStep,
    Extension,
    Pause,
    Status,
)
from zhaoshang.core.actions import action
from zhaoshang.core.calendar import OutsideCalendar, working_days_between
from zhaoshang.core.notifications import notify, unit_heads
from zhaoshang.org.models import Role, User


@action
def ask_extension(
    *, actor: User, case: Case, days: int, reason: str, now: datetime | None = None
) -> Extension:
    """Ask for more working days. Only before the deadline: a late request is refused and
    recorded (the returned extension's decision is ``late``)."""
    locked = _lock(actor, case)
    _require_status(locked, Status.HANDLING, Status.PAUSED, message="只有办理中的诉求可以申请延期")
    reason = _require_text(reason, "reason", "申请延期必须说明理由")
    if not 1 <= days <= 30:
        raise ValidationError({"days": "延长天数应为 1–30 个工作日"})
    if locked.extensions.filter(decision=Extension.Decision.PENDING).exists():
        raise ValidationError({"days": "已有一项延期申请待审批"})
    at = _now(now)
    late = not rules.extension_allowed(timezone.localdate(at), locked.deadline)
    extension = Extension.objects.create(
        case=locked,
        days=days,
        reason=reason,
        asked_by=actor,
        asked_at=at,
        decision=Extension.Decision.LATE if late else Extension.Decision.PENDING,
        decided_at=at if late else None,
        old_deadline=locked.deadline,
    )
    if late:
        _step(
            locked,
            CaseStep.Kind.EXTENSION_REFUSED_LATE,
            at,
            actor,
            reason=f"期限 {locked.deadline.isoformat()} 已过,不予受理延期申请({days} 个工作日:{reason})",
            public=False,
        )
    else:
        _step(
            locked,
            CaseStep.Kind.EXTENSION_ASKED,
            at,
            actor,
            reason=f"{days} 个工作日:{reason}",
            public=False,
        )
        notify(
            unit_heads(locked.owner_unit),
            verb="case.extension",
            title=f"延期申请待审批:{locked.title}",
            url=_case_url(locked),
            at=at,
        )
    return extension


@action
def decide_extension(
    *,
    actor: User,
    extension: Extension,
    approve: bool,
    reason: str = "",
    now: datetime | None = None,
) -> Extension:
    """The owner unit's head (or the bureau) approves or refuses a pending extension."""
    locked = _lock(actor, extension.case)
    if not actor.has_role(Role.UNIT_LEADER, Role.BUREAU, Role.ADMIN) and not actor.is_superuser:
        raise PermissionDenied("只有单位负责人或招商局可以审批延期")
    ext = Extension.objects.select_for_update().get(pk=extension.pk)
    if ext.decision != Extension.Decision.PENDING:
        raise ValidationError({"decision": "该延期申请已处理"})
    at = _now(now)
    ext.decided_by, ext.decided_at = actor, at
    if approve:
        cal = _calendar()
        try:
            moved = rules.extend(cal, locked.deadline, ext.days, "批准延期")
        except OutsideCalendar as exc:
            raise ValidationError({"deadline": str(exc)}) from exc
        ext.decision, ext.new_deadline = Extension.Decision.APPROVED, moved.due
        locked.deadline = moved.due
        locked.deadline_explanation += "\n" + moved.explanation
        _set_light(cal, locked, at)
        locked.save()
        _step(locked, CaseStep.Kind.EXTENSION_APPROVED, at, actor, reason=moved.explanation)
    else:
        reason = _require_text(reason, "reason", "不予延期须说明理由")
        ext.decision = Extension.Decision.REFUSED
        _step(locked, CaseStep.Kind.EXTENSION_REFUSED, at, actor, reason=reason, public=False)
    ext.save()
    return ext


@action
def pause_case(*, actor: User, case: Case, reason: str, now: datetime | None = None) -> Case:
    """Waiting for the enterprise: the clock stops until resumed."""
    locked = _lock(actor, case)
    _require_status(locked, Status.HANDLING, message="只有办理中的诉求可以暂停")
    reason = _require_text(reason, "reason", "暂停必须说明原因(例如等待企业补充材料)")
    at = _now(now)
    locked.status, locked.paused_since = Status.PAUSED, timezone.localdate(at)
    locked.save()
    Pause.objects.create(case=locked, started_on=locked.paused_since, reason=reason)
    _step(locked, CaseStep.Kind.PAUSED, at, actor, reason=reason)
    return locked


@action
def resume_case(*, actor: User, case: Case, now: datetime | None = None) -> Case:
    locked = _lock(actor, case)
    _require_status(locked, Status.PAUSED, message="只有暂停中的诉求可以恢复")
    at = _now(now)
    today = timezone.localdate(at)
    pause = locked.pauses.filter(ended_on__isnull=True).order_by("-pk").first()
    assert pause is not None and locked.paused_since is not None
    cal = _calendar()
    try:
        stopped = working_days_between(cal, locked.paused_since, today).working_days
        moved = rules.extend(
            cal,
            locked.deadline,
            stopped,
            f"暂停 {locked.paused_since.isoformat()} 至 {today.isoformat()},停止计时 {stopped} 个工作日",
        )
    except OutsideCalendar as exc:
        raise ValidationError({"deadline": str(exc)}) from exc
    pause.ended_on, pause.stopped_days = today, stopped
    pause.save()
    locked.deadline = moved.due
    locked.deadline_explanation += "\n" + moved.explanation
    locked.status, locked.paused_since = Status.HANDLING, None
    _set_light(cal, locked, at)
    locked.save()
    _step(locked, CaseStep.Kind.RESUMED, at, actor, reason=moved.explanation)
    return locked
