"""Monthly returns: open a period, prefill a unit's return, save, submit, verify or send back,
and correct after verification (with a reason, leaving a trace)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.money import AmountError, parse_amount
from zhaoshang.core.permissions import is_bureau, require_role
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Project, Stage
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn

AMOUNT_FIELDS = {
    "funds_within_province_yuan": "市外省内到位资金",
    "funds_outside_province_yuan": "省外到位资金",
    "funds_abroad_yuan": "境外到位资金",
    "investment_completed_yuan": "本月完成投资",
}
TEXT_FIELDS = {"stage_reason": "阶段变更说明", "note": "备注"}


@dataclass
class LineInput:
    """What a reporter sends for one project: only the fields given are changed."""

    project_id: int
    values: dict[str, Any] = field(default_factory=dict)


@action
def open_period(
    *,
    actor: User,
    district: Unit,
    year: int,
    month: int,
    deadline: date,
    city_rank: int | None = None,
) -> ReportingPeriod:
    require_role(actor, Role.BUREAU, message="只有招商局可以开启填报期")
    if not Unit.objects.editable_by(actor).filter(pk=district.pk).exists():
        raise PermissionDenied("不能为其他县区开启填报期")
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份应在1至12之间"})
    if ReportingPeriod.objects.filter(district=district, year=year, month=month).exists():
        raise ValidationError({"month": f"{year}年{month}月的填报期已开启"})
    period = ReportingPeriod.objects.create(
        district=district,
        year=year,
        month=month,
        deadline=deadline,
        city_rank=city_rank,
        opened_by=actor,
    )
    record_event(
        actor=actor,
        verb="period.opened",
        subject=period,
        unit=district,
        summary=f"开启{period}填报,截止{deadline}",
    )
    return period


def _check_district_scope(actor: User, period: ReportingPeriod, message: str) -> None:
    if not Unit.objects.editable_by(actor).filter(pk=period.district_id).exists():
        raise PermissionDenied(message)


@action
def close_period(*, actor: User, period: ReportingPeriod) -> ReportingPeriod:
    require_role(actor, Role.BUREAU, message="只有招商局可以关闭填报期")
    _check_district_scope(actor, period, "不能关闭其他县区的填报期")
    if not period.is_open:
        raise ValidationError({"status": f"{period}填报期已截止"})
    period.status = ReportingPeriod.Status.CLOSED
    period.save(update_fields=["status"])
    record_event(
        actor=actor,
        verb="period.closed",
        subject=period,
        unit=period.district,
        summary=f"关闭{period}填报",
    )
    return period


@action
def set_city_rank(*, actor: User, period: ReportingPeriod, city_rank: int | None) -> None:
    require_role(actor, Role.BUREAU, message="只有招商局可以录入全市排名")
    _check_district_scope(actor, period, "不能录入其他县区的全市排名")
    if city_rank is not None and city_rank < 1:
        raise ValidationError({"city_rank": "全市排名应为正整数"})
    period.city_rank = city_rank
    period.save(update_fields=["city_rank"])
    record_event(
        actor=actor,
        verb="period.city_rank_set",
        subject=period,
        unit=period.district,
        summary=f"{period}全市排名:{city_rank}",
    )


def projects_to_report(unit: Unit) -> list[Project]:
    """A unit reports every project it leads that has not been dropped."""
    return list(
        Project.objects.filter(lead_unit=unit).exclude(stage=Stage.DROPPED).order_by("code")
    )


def _check_unit_scope(actor: User, unit: Unit) -> None:
    if not Unit.objects.editable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("只能填报本单位的月报")


@action
def prefill_return(*, actor: User, period: ReportingPeriod, unit: Unit) -> UnitReturn:
    """The unit's return for the period, created on first open with a line per project, the
    stage as the registry knows it and zero for this month's amounts. Idempotent."""
    _check_unit_scope(actor, unit)
    if unit.kind != Unit.Kind.UNIT or unit.parent_id != period.district_id:
        raise ValidationError({"unit": "该单位不属于本填报期的县区"})
    unit_return, created = UnitReturn.objects.get_or_create(period=period, unit=unit)
    existing = set(unit_return.lines.values_list("project_id", flat=True))
    new_lines = [
        ReturnLine(unit_return=unit_return, project=project, stage=project.stage)
        for project in projects_to_report(unit)
        if project.pk not in existing
    ]
    if new_lines and unit_return.status in (UnitReturn.Status.DRAFT, UnitReturn.Status.RETURNED):
        ReturnLine.objects.bulk_create(new_lines)
    if created:
        record_event(
            actor=actor,
            verb="return.prefilled",
            subject=unit_return,
            unit=unit,
            summary=f"{unit}{period}月报已预填{len(new_lines)}个项目",
        )
    return unit_return


def _parse_line(values: dict[str, Any], where: str) -> tuple[dict[str, Any], list[str]]:
    cleaned: dict[str, Any] = {}
    errors: list[str] = []
    for name, label in AMOUNT_FIELDS.items():
        if name in values and values[name] not in (None, ""):
            try:
                cleaned[name] = parse_amount(values[name], field=f"{where}{label}")
            except AmountError as exc:
                errors.append(str(exc))
    if "stage" in values and values["stage"] not in (None, ""):
        if values["stage"] not in Stage.values:
            errors.append(f"{where}月末阶段:“{values['stage']}”不是有效阶段")
        else:
            cleaned["stage"] = values["stage"]
    if values.get("stage_date"):
        stage_date = values["stage_date"]
        if isinstance(stage_date, str):
            try:
                stage_date = date.fromisoformat(stage_date)
            except ValueError:
                errors.append(f"{where}阶段变更日期:“{stage_date}”不是有效日期(如 2026-03-05)")
        cleaned["stage_date"] = stage_date
    for name in TEXT_FIELDS:
        if name in values:
            cleaned[name] = str(values[name] or "")[:255]
    return cleaned, errors


def _typed_fields(line: ReturnLine, project_stage: str) -> int:
    """Fields that differ from the prefilled value: the unit's typing burden for this line."""
    typed = sum(1 for name in AMOUNT_FIELDS if getattr(line, name) != Decimal(0))
    typed += int(line.stage != project_stage)
    typed += sum(1 for name in TEXT_FIELDS if getattr(line, name))
    typed += int(line.stage_date is not None)
    return typed


@action
def save_return(
    *, actor: User, unit_return: UnitReturn, lines: list[LineInput], note: str | None = None
) -> UnitReturn:
    """Save what the unit typed. All lines are validated first; any error changes nothing."""
    locked = UnitReturn.objects.lock_for_change(
        actor, unit_return.pk, denied="只能填报本单位的月报"
    )
    if locked.status not in (UnitReturn.Status.DRAFT, UnitReturn.Status.RETURNED):
        raise ValidationError({"status": f"月报{locked.get_status_display()},不能再修改"})
    if not locked.period.is_open:
        raise ValidationError({"period": f"{locked.period}填报期已截止,不能再修改"})
    by_project = {line.project_id: line for line in locked.lines.select_related("project")}
    errors: list[str] = []
    updates: list[tuple[ReturnLine, dict[str, Any]]] = []
    for number, item in enumerate(lines, start=1):
        line = by_project.get(item.project_id)
        if line is None:
            errors.append(f"第{number}行:项目(编号 {item.project_id})不属于本单位本期月报")
            continue
        cleaned, line_errors = _parse_line(item.values, f"第{number}行({line.project.name})")
        errors.extend(line_errors)
        stage = cleaned.get("stage", line.stage)
        if stage != line.project.stage and project_actions.is_backwards(line.project.stage, stage):
            reason = cleaned.get("stage_reason", line.stage_reason)
            if not reason.strip():
                errors.append(f"第{number}行({line.project.name}):阶段倒退必须填写阶段变更说明")
        updates.append((line, cleaned))
    if errors:
        raise ValidationError(errors)
    for line, cleaned in updates:
        for name, value in cleaned.items():
            setattr(line, name, value)
        line.save()
    if note is not None:
        locked.note = note
    locked.fields_typed = sum(
        _typed_fields(line, line.project.stage) for line in by_project.values()
    ) + int(bool(locked.note))
    locked.store_sums(by_project.values())
    locked.save()
    record_event(
        actor=actor,
        verb="return.saved",
        subject=locked,
        unit=locked.unit,
        summary=f"{locked.unit}{locked.period}月报已保存",
    )
    return locked


@action
def submit_return(
    *, actor: User, unit_return: UnitReturn, at: datetime | None = None
) -> UnitReturn:
    """Submit a return. ``at`` records when it was handed in when replaying a paper return
    (defaults to now); lateness is judged against that moment."""
    locked = UnitReturn.objects.lock_for_change(
        actor, unit_return.pk, denied="只能填报本单位的月报"
    )
    if locked.status not in (UnitReturn.Status.DRAFT, UnitReturn.Status.RETURNED):
        raise ValidationError({"status": f"月报{locked.get_status_display()},不能重复报送"})
    if not locked.period.is_open:
        raise ValidationError({"period": f"{locked.period}填报期已截止,不能再报送"})
    now = at or timezone.now()
    locked.status = UnitReturn.Status.SUBMITTED
    locked.submitted_at = now
    locked.submitted_by = actor
    locked.late = timezone.localdate(now) > locked.period.deadline
    locked.returned_reason = ""
    locked.save()
    record_event(
        actor=actor,
        verb="return.submitted",
        subject=locked,
        unit=locked.unit,
        summary=f"{locked.unit}报送{locked.period}月报" + ("(逾期)" if locked.late else ""),
    )
    return locked


@action
def save_and_submit_return(
    *, actor: User, unit_return: UnitReturn, lines: list[LineInput], note: str | None = None
) -> UnitReturn:
    """Save what was typed and submit, all or nothing (the form's 报送 button)."""
    save_return(actor=actor, unit_return=unit_return, lines=lines, note=note)
    return submit_return(actor=actor, unit_return=unit_return)


def _apply_stage_changes(actor: User, unit_return: UnitReturn) -> None:
    for line in unit_return.lines.select_related("project"):
        if line.stage != line.project.stage:
            project_actions.change_stage(
                actor=actor,
                project=line.project,
                to_stage=line.stage,
                on=line.stage_date or unit_return.period.period.last_day,
                reason=line.stage_reason or f"{unit_return.period}月报",
            )


@action
def verify_return(
    *, actor: User, unit_return: UnitReturn, at: datetime | None = None
) -> UnitReturn:
    """The bureau accepts a return: its stage changes enter the registry and it is locked."""
    require_role(actor, Role.BUREAU, message="只有招商局可以审核月报")
    locked = UnitReturn.objects.lock_for_change(
        actor, unit_return.pk, denied="不能审核本县区以外单位的月报"
    )
    if locked.status != UnitReturn.Status.SUBMITTED:
        raise ValidationError(
            {"status": f"月报{locked.get_status_display()},只有已报送的月报可以审核"}
        )
    _apply_stage_changes(actor, locked)
    locked.status = UnitReturn.Status.VERIFIED
    locked.verified_at = at or timezone.now()
    locked.verified_by = actor
    locked.save()
    record_event(
        actor=actor,
        verb="return.verified",
        subject=locked,
        unit=locked.unit,
        summary=f"审核通过{locked.unit}{locked.period}月报",
    )
    return locked


@action
def send_back_return(*, actor: User, unit_return: UnitReturn, reason: str) -> UnitReturn:
    require_role(actor, Role.BUREAU, message="只有招商局可以退回月报")
    locked = UnitReturn.objects.lock_for_change(
        actor, unit_return.pk, denied="不能退回本县区以外单位的月报"
    )
    if locked.status != UnitReturn.Status.SUBMITTED:
        raise ValidationError({"status": "只有已报送的月报可以退回"})
    if not reason.strip():
        raise ValidationError({"reason": "退回月报必须说明理由"})
    locked.status = UnitReturn.Status.RETURNED
    locked.returned_reason = reason.strip()[:255]
    locked.save()
    record_event(
        actor=actor,
        verb="return.sent_back",
        subject=locked,
        unit=locked.unit,
        summary=f"退回{locked.unit}{locked.period}月报:{reason}",
    )
    return locked


@action
def correct_return(
    *, actor: User, unit_return: UnitReturn, lines: list[LineInput], reason: str
) -> UnitReturn:
    """Change amounts of a verified return. Bureau only, with a reason; old and new are logged."""
    if not is_bureau(actor):
        raise PermissionDenied("已审核的月报只能由招商局更正")
    locked = UnitReturn.objects.lock_for_change(
        actor, unit_return.pk, denied="不能更正本县区以外单位的月报"
    )
    if locked.status != UnitReturn.Status.VERIFIED:
        raise ValidationError({"status": "只有已审核的月报需要走更正流程"})
    if not reason.strip():
        raise ValidationError({"reason": "更正已审核的月报必须说明理由"})
    by_project = {line.project_id: line for line in locked.lines.select_related("project")}
    errors: list[str] = []
    changes: list[dict[str, str]] = []
    pending: list[tuple[ReturnLine, dict[str, Any]]] = []
    for number, item in enumerate(lines, start=1):
        line = by_project.get(item.project_id)
        if line is None:
            errors.append(f"第{number}行:项目(编号 {item.project_id})不在该月报中")
            continue
        amounts = {k: v for k, v in item.values.items() if k in AMOUNT_FIELDS}
        cleaned, line_errors = _parse_line(amounts, f"第{number}行({line.project.name})")
        errors.extend(line_errors)
        pending.append((line, cleaned))
    if errors:
        raise ValidationError(errors)
    for line, cleaned in pending:
        for name, value in cleaned.items():
            old = getattr(line, name)
            if old != value:
                changes.append(
                    {
                        "project": line.project.name,
                        "field": AMOUNT_FIELDS[name],
                        "old": str(old),
                        "new": str(value),
                    }
                )
                setattr(line, name, value)
        line.save()
    locked.store_sums(by_project.values())
    locked.save()
    record_event(
        actor=actor,
        verb="return.corrected",
        subject=locked,
        unit=locked.unit,
        summary=f"更正{locked.unit}{locked.period}月报:{reason}",
        data={"reason": reason, "changes": changes},
    )
    return locked
