"""Service commitments and the free agency service (帮办代办)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from zhaoshang.casework.actions.common import (
    _require_text,
)
from zhaoshang.casework.models import (
    ServiceCommitment,
)
from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.notifications import bureau_staff, notify
from zhaoshang.org.models import Role, Unit, User


@action
def save_commitment(
    *,
    actor: User,
    unit: Unit,
    item: str,
    statutory_days: int,
    promised_days: int,
    fee_yuan: Any = 0,
    fee_note: str = "",
    documents: str = "",
    contact_hours: int | None = None,
) -> ServiceCommitment:
    """Publish (or update) a unit's commitment for one item, optionally with a first contact
    within ``contact_hours`` working hours of receipt."""
    if not actor.has_role(Role.UNIT_LEADER, Role.BUREAU, Role.ADMIN) and not actor.is_superuser:
        raise PermissionDenied("只有单位负责人或招商局可以发布服务承诺")
    if not Unit.objects.editable_by(actor).filter(pk=unit.pk, kind=Unit.Kind.UNIT).exists():
        raise PermissionDenied("不能为本单位以外的单位发布服务承诺")
    item = _require_text(item, "item", "请填写承诺事项")
    errors: dict[str, str] = {}
    if statutory_days < 0:
        errors["statutory_days"] = "法定时限不能为负数"
    if promised_days < 0 or promised_days > statutory_days:
        errors["promised_days"] = "承诺时限应为不超过法定时限的工作日数"
    if contact_hours is not None and not 1 <= contact_hours <= 40:
        errors["contact_hours"] = "承诺联系时限应为 1–40 个工作小时,不作承诺请留空"
    try:
        fee = Decimal(str(fee_yuan or 0))
    except ArithmeticError:
        errors["fee_yuan"] = "收费金额应为数字(元)"
        fee = Decimal(0)
    if fee < 0:
        errors["fee_yuan"] = "收费金额不能为负数"
    if errors:
        raise ValidationError(errors)
    commitment, created = ServiceCommitment.objects.update_or_create(
        unit=unit,
        item=item,
        defaults={
            "statutory_days": statutory_days,
            "promised_days": promised_days,
            "fee_yuan": fee,
            "fee_note": fee_note,
            "documents": documents,
            "contact_hours": contact_hours,
            "active": True,
        },
    )
    record_event(
        actor=actor,
        verb="commitment.published" if created else "commitment.updated",
        subject=commitment,
        unit=unit,
        summary=f"{unit} 服务承诺:{item} 法定 {statutory_days} / 承诺 {promised_days} 个工作日",
    )
    return commitment


@action
def assign_agent(*, actor: User, project: Any, agent: User, on: Any) -> Any:
    """The bureau assigns a free agency-service agent (帮办代办员) to a project."""
    from zhaoshang.casework.models import AgencyAssignment
    from zhaoshang.projects.models import Project

    if not actor.has_role(Role.BUREAU, Role.ADMIN) and not actor.is_superuser:
        raise PermissionDenied("只有招商局可以指派代办员")
    if not Project.objects.editable_by(actor).filter(pk=project.pk).exists():
        raise PermissionDenied("不能为本县区以外的项目指派代办员")
    if not agent.is_active or agent.district_id != actor.district_id or not agent.role:
        raise ValidationError({"agent": "代办员须为本县区在岗的工作人员"})
    if AgencyAssignment.objects.filter(project=project, agent=agent, active=True).exists():
        raise ValidationError({"agent": f"{agent} 已是该项目的代办员"})
    assignment = AgencyAssignment.objects.create(
        project=project, agent=agent, assigned_by=actor, assigned_on=on
    )
    record_event(
        actor=actor,
        verb="agency.assigned",
        subject=assignment,
        unit=project.lead_unit,
        summary=f"为项目 {project.name} 指派代办员 {agent}",
    )
    notify([agent], verb="agency.assigned", title=f"您被指派为项目“{project.name}”的代办员")
    return assignment


@action
def record_agency_service(
    *, actor: User, assignment: Any, on: Any, item: str, outcome: str, fee_yuan: Any = 0
) -> Any:
    """The agent (or the bureau) records one approval handled. A fee is recorded as given but
    flagged as a breach of the free-service rule, and the bureau is told."""
    from zhaoshang.casework.models import AgencyAssignment, AgencyRecord

    row = AgencyAssignment.objects.select_for_update().filter(pk=assignment.pk).first()
    if row is None or not (
        row.agent_id == actor.pk
        or (
            actor.has_role(Role.BUREAU, Role.ADMIN)
            and AgencyAssignment.objects.visible_to(actor).filter(pk=row.pk).exists()
        )
    ):
        raise PermissionDenied("只有该项目的代办员或招商局可以记录代办台账")
    errors: dict[str, str] = {}
    if not item.strip():
        errors["item"] = "请填写审批事项"
    if not outcome.strip():
        errors["outcome"] = "请填写办理结果"
    try:
        fee = Decimal(str(fee_yuan or 0))
    except ArithmeticError:
        errors["fee_yuan"] = "收费金额应为数字(元)"
        fee = Decimal(0)
    if fee < 0:
        errors["fee_yuan"] = "收费金额不能为负数"
    if errors:
        raise ValidationError(errors)
    record = AgencyRecord.objects.create(
        assignment=row,
        on=on,
        item=item.strip(),
        outcome=outcome.strip(),
        fee_yuan=fee,
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        verb="agency.breach" if record.breach else "agency.recorded",
        subject=row,
        unit=row.project.lead_unit,
        summary=f"代办 {item}:{outcome}"
        + (f"(收费 {fee} 元,违反免费代办规定)" if record.breach else ""),
    )
    if record.breach:
        notify(
            bureau_staff(row.project.lead_unit.parent_id),
            verb="agency.breach",
            title=f"代办收费违规:{row.project.name} {item} 收费 {fee} 元",
            urgent=False,
        )
    return record
