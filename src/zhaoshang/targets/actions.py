"""Setting and adjusting targets. A target is never overwritten: each change adds a version."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.money import AmountError, parse_amount
from zhaoshang.core.permissions import require_role
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.targets.models import Indicator, Issuer, Target, TargetVersion


def _value(value: Any) -> Any:
    try:
        return parse_amount(value, field="目标值")
    except AmountError as exc:
        raise ValidationError({"value": str(exc)}) from exc


@action
def set_baseline(
    *,
    actor: User,
    indicator: Indicator,
    issuer: str,
    year: int,
    unit: Unit,
    value: Any,
    reason: str = "年初下达",
) -> Target:
    """Issue a target's baseline (托底数): version 1."""
    require_role(actor, Role.BUREAU, message="只有招商局可以下达目标")
    if not Unit.objects.editable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("不能为本县区以外的单位下达目标")
    if issuer not in Issuer.values:
        raise ValidationError({"issuer": "下达方应为区定、市定或省定"})
    amount = _value(value)
    if Target.objects.filter(indicator=indicator, issuer=issuer, year=year, unit=unit).exists():
        raise ValidationError({"value": f"{unit} {year}年的“{indicator}”目标已下达,请使用调指标"})
    target = Target.objects.create(
        indicator=indicator, issuer=issuer, year=year, unit=unit, current_value=amount
    )
    TargetVersion.objects.create(
        target=target,
        number=1,
        kind=TargetVersion.Kind.BASELINE,
        value=amount,
        reason=reason or "年初下达",
        author=actor,
    )
    record_event(
        actor=actor,
        verb="target.baseline_set",
        subject=target,
        unit=unit,
        summary=f"下达 {target}:{amount}",
        data={"value": str(amount)},
    )
    return target


@action
def adjust_target(*, actor: User, target: Target, value: Any, reason: str) -> TargetVersion:
    """Adjust a target (调指标): a new version with its reason; the earlier ones stay."""
    require_role(actor, Role.BUREAU, message="只有招商局可以调整目标")
    locked = Target.objects.lock_for_change(actor, target.pk, denied="不能调整本县区以外单位的目标")
    if not reason.strip():
        raise ValidationError({"reason": "调指标必须说明理由"})
    amount = _value(value)
    number = (locked.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = TargetVersion.objects.create(
        target=locked,
        number=number,
        kind=TargetVersion.Kind.ADJUSTMENT,
        value=amount,
        reason=reason.strip(),
        author=actor,
    )
    old = locked.current_value
    locked.current_value = amount
    locked.save(update_fields=["current_value"])
    record_event(
        actor=actor,
        verb="target.adjusted",
        subject=locked,
        unit=locked.unit,
        summary=f"调整 {locked}:{old} → {amount}",
        data={"from": str(old), "to": str(amount), "reason": reason},
    )
    return version
