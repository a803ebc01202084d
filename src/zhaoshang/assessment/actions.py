"""Every change to assessment data: schemes, measures, the deduction ledger, runs, objections,
finalisation. Keyword-only, explicit actor, one transaction, scope re-checked, an event written."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from zhaoshang.assessment import measures
from zhaoshang.assessment.models import (
    AssessmentRun,
    Deduction,
    MeasureEntry,
    Objection,
    Result,
    Scheme,
    validate_body,
)
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.assessment.scheme import AUTOMATIC, step_points
from zhaoshang.assessment.scoring import UnitResult, score
from zhaoshang.casework import queries as casework_queries
from zhaoshang.core.actions import action
from zhaoshang.core.calendar import OutsideCalendar, WorkCalendar, add_working_days
from zhaoshang.core.calendar_data import load_calendar
from zhaoshang.core.events import record_event
from zhaoshang.core.periods import PeriodError
from zhaoshang.core.permissions import require_role
from zhaoshang.inspections import queries as inspections_queries
from zhaoshang.org.models import Role, Unit, User

OBJECTION_WORKING_DAYS = 5
EVIDENCE_TYPES = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"PK\x03\x04")
BUREAU_ONLY = "只有招商局工作人员可以进行考核操作"


def load_body(text_or_dict: Any) -> dict[str, Any]:
    """A scheme body from YAML text (``yaml.safe_load`` only) or an already parsed dict."""
    if isinstance(text_or_dict, dict):
        return text_or_dict
    try:
        body = yaml.safe_load(text_or_dict)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f"第{where.line + 1}行" if where is not None else ""
        raise ValidationError({"body": f"YAML 格式错误{line}:{exc}"}) from exc
    if not isinstance(body, dict):
        raise ValidationError({"body": "考核方案应为键值结构(YAML 映射)"})
    return body


def _bureau_of(actor: User, district: Unit) -> User:
    require_role(actor, Role.BUREAU, message=BUREAU_ONLY)
    if not (actor.is_superuser or actor.role == Role.ADMIN) and actor.district_id != district.pk:
        raise PermissionDenied("不能操作本区以外的考核")
    return actor


def _evidence(file: UploadedFile | None, field: str = "evidence") -> UploadedFile | None:
    if file is None:
        return None
    limit = int(settings.ZHAOSHANG.get("MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
    if file.size and file.size > limit:
        raise ValidationError({field: f"证明材料“{file.name}”超过大小限制"})
    head = file.read(8)
    file.seek(0)
    if not head.startswith(EVIDENCE_TYPES):
        raise ValidationError({field: f"证明材料“{file.name}”应为 PDF、图片或 Office 文件"})
    return file


@action
def save_scheme(*, actor: User, district: Unit, body: Any, note: str = "") -> Scheme:
    """Save a scheme: the first version, or a new version of an existing name (never overwritten)."""
    _bureau_of(actor, district)
    data = load_body(body)
    spec = validate_body(data)
    latest = Scheme.objects.filter(district=district, name=spec.name).order_by("-version").first()
    scheme = Scheme.objects.create(
        district=district,
        year=spec.year,
        name=spec.name,
        version=(latest.version + 1) if latest else 1,
        body=data,
        note=note,
        created_by=actor,
    )
    record_event(
        actor=actor,
        verb="assessment.scheme_saved",
        subject=scheme,
        unit=district,
        summary=f"保存考核方案“{scheme.name}”第{scheme.version}版",
    )
    return scheme


def _unit_for(actor: User, unit: Unit) -> Unit:
    require_role(actor, Role.BUREAU, message=BUREAU_ONLY)
    if not Unit.objects.editable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("不能为本区以外的单位录入考核数据")
    return unit


@action
def enter_measure(
    *,
    actor: User,
    unit: Unit,
    year: int,
    month: int,
    code: str,
    value: Any,
    evidence: UploadedFile | None = None,
    note: str = "",
) -> MeasureEntry:
    _unit_for(actor, unit)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", code or ""):
        raise ValidationError({"code": f"指标代码“{code}”无效"})
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValidationError({"value": f"数值“{value}”不是有效的数字"}) from exc
    if not number.is_finite():
        raise ValidationError({"value": f"数值“{value}”不是有效的数字"})
    if not 1 <= month <= 12:
        raise ValidationError({"month": "月份应在1至12之间"})
    entry = MeasureEntry.objects.create(
        unit=unit,
        year=year,
        month=month,
        code=code,
        value=number,
        evidence=_evidence(evidence),
        note=note,
        entered_by=actor,
    )
    record_event(
        actor=actor,
        verb="assessment.measure_entered",
        subject=entry,
        unit=unit,
        summary=f"{unit} {code}={number}",
    )
    return entry


def _next_points(unit: Unit, rule: str, year: int, steps: tuple[Decimal, ...]) -> Decimal:
    count = Deduction.objects.filter(unit=unit, rule=rule, year=year, cancelled=False).count()
    return step_points(steps, count + 1)


@action
def record_deduction(
    *,
    actor: User,
    scheme: Scheme,
    unit: Unit,
    rule: str,
    reason: str,
    on: date,
    points: Any = None,
    evidence: UploadedFile | None = None,
) -> Deduction:
    """One event in the ledger; points default to the rule's escalating step for this event."""
    _unit_for(actor, unit)
    rules = {r.code: r for r in scheme.spec.deductions}
    if rule not in rules:
        raise ValidationError({"rule": f"考核方案中没有扣分规则“{rule}”"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写扣分事由"})
    if points in (None, ""):
        amount = _next_points(unit, rule, on.year, rules[rule].steps)
    else:
        try:
            amount = Decimal(str(points))
        except InvalidOperation as exc:
            raise ValidationError({"points": f"扣分“{points}”不是有效的数字"}) from exc
        if amount <= 0:
            raise ValidationError({"points": "扣分应大于0"})
    entry = Deduction.objects.create(
        unit=unit,
        year=on.year,
        month=on.month,
        rule=rule,
        rule_name=rules[rule].name,
        points=amount,
        reason=reason.strip(),
        evidence=_evidence(evidence),
        on=on,
        author=actor,
    )
    record_event(
        actor=actor,
        verb="assessment.deduction_recorded",
        subject=entry,
        unit=unit,
        summary=f"{unit} {entry.rule_name} 扣{amount}分",
    )
    return entry


@action
def cancel_deduction(*, actor: User, deduction: Deduction, reason: str) -> Deduction:
    row = Deduction.objects.lock_for_change(actor, deduction.pk, denied="不能撤销本区以外的扣分")
    require_role(actor, Role.BUREAU, message=BUREAU_ONLY)
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤销理由"})
    row.cancelled = True
    row.cancel_reason = reason.strip()
    row.save(update_fields=["cancelled", "cancel_reason"])
    record_event(
        actor=actor,
        verb="assessment.deduction_cancelled",
        subject=row,
        unit=row.unit,
        summary=f"撤销扣分:{row.rule_name}({reason.strip()})",
    )
    return row


@dataclass(frozen=True)
class _Event:
    """Something the system itself saw that a rule with ``auto:`` turns into one ledger row."""

    unit_id: int
    source: str  # unique per unit and rule: the same event is never entered twice
    month: int
    on: date
    reason: str


def _automatic_events(auto: str, district: Unit, period: AssessmentPeriod) -> list[_Event]:
    start, end = date(period.year, 1, 1), period.end.last_day
    if auto == "returns_missed":
        return [
            _Event(
                unit_id,
                f"return:{period.year}-{month:02d}",
                month,
                date(period.year, month, 1),
                f"{period.year}年{month}月月报未报送",
            )
            for unit_id, months in measures.missed_returns(district, period).items()
            for month in months
        ]
    if auto == "cases_overdue":
        return [
            _Event(
                case.owner_unit_id,
                f"case:{case.code}",
                case.missed_on.month,
                case.missed_on,
                f"企业诉求“{case.title}”({case.code}){case.missed_on}逾期未办结",
            )
            for case in casework_queries.missed_in(district, start, end)
            if case.missed_on is not None
        ]
    if auto == "inspections_unfiled":
        return [
            _Event(
                report.department_id,
                f"unfiled:{report.pk}",
                report.happened_on.month,
                report.happened_on,
                f"企业反映{report.happened_on}对{report.enterprise_name}的检查未备案",
            )
            for report in inspections_queries.unfiled_in(district, start, end)
        ]
    return []


def record_automatic_deductions(
    *, actor: User, scheme: Scheme, period: AssessmentPeriod
) -> list[Deduction]:
    """Ledger rows for what the system saw itself (rules with ``auto:``): missed monthly returns,
    requests whose deadline was missed, inspections reported as unfiled — once each (the bureau
    cancels a row with a reason if, e.g., an unfiled report proves unfounded)."""
    created: list[Deduction] = []
    for rule in scheme.spec.deductions:
        if rule.auto not in AUTOMATIC:
            continue
        for event in _automatic_events(rule.auto, scheme.district, period):
            if Deduction.objects.filter(
                unit_id=event.unit_id, rule=rule.code, source=event.source
            ).exists():
                continue
            unit = Unit.objects.get(pk=event.unit_id)
            entry = Deduction.objects.create(
                unit=unit,
                year=period.year,
                month=event.month,
                rule=rule.code,
                rule_name=rule.name,
                points=_next_points(unit, rule.code, period.year, rule.steps),
                reason=event.reason,
                on=event.on,
                automatic=True,
                source=event.source,
            )
            record_event(
                actor=actor,
                verb="assessment.deduction_recorded",
                subject=entry,
                unit=unit,
                summary=f"{unit} {entry.reason},扣{entry.points}分(系统生成)",
            )
            created.append(entry)
    return created


def _objection_until(start: date) -> date:
    try:
        return add_working_days(load_calendar(), start, OBJECTION_WORKING_DAYS).end
    except OutsideCalendar:
        weekdays = WorkCalendar(first_year=start.year, last_year=start.year + 1)
        return add_working_days(weekdays, start, OBJECTION_WORKING_DAYS).end


def sheet_json(result: UnitResult) -> dict[str, Any]:
    return {
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "weight": str(i.weight),
                "cap": str(i.cap),
                "score": None if i.score is None else str(i.score),
                "explanation": i.explanation,
            }
            for i in result.items
        ],
        "deductions": [
            {"code": d.code, "name": d.name, "points": str(d.points), "explanation": d.explanation}
            for d in result.deductions
        ],
        "bonuses": [
            {"code": b.code, "name": b.name, "points": str(b.points), "explanation": b.explanation}
            for b in result.bonuses
        ],
        "rescale": str(result.rescale),
        "unrounded_total": str(result.unrounded_total),
        "veto_reasons": list(result.veto_reasons),
    }


def _compute(actor: User, run: AssessmentRun) -> list[UnitResult]:
    period = AssessmentPeriod.parse(run.period)
    record_automatic_deductions(actor=actor, scheme=run.scheme, period=period)
    spec = run.scheme.spec
    try:
        units = measures.gather(run.district, spec, period)
    except measures.NoMeasures as exc:
        raise ValidationError({"period": str(exc)}) from exc
    results = score(spec, units, month=period.month, period_kind=period.kind)
    for result in results:
        Result.objects.update_or_create(
            run=run,
            unit_id=int(result.key),
            defaults={
                "group_code": result.group,
                "total": result.total,
                "rank": result.rank,
                "vetoed": result.vetoed,
                "list_kind": result.list,
                "sheet": sheet_json(result),
            },
        )
    return results


@action
def run_assessment(*, actor: User, scheme: Scheme, period: str) -> AssessmentRun:
    """Score every unit for the period and publish the results with an objection window. Running
    again before the results are final recomputes them (the revision is counted)."""
    _bureau_of(actor, scheme.district)
    try:
        parsed = AssessmentPeriod.parse(period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    spec = scheme.spec
    if parsed.kind not in spec.periods:
        raise ValidationError({"period": f"考核方案“{scheme.name}”不适用于{parsed.label()}"})
    if parsed.year != scheme.year:
        raise ValidationError({"period": f"考核方案为{scheme.year}年度,不能用于{parsed.label()}"})
    run = AssessmentRun.objects.filter(scheme=scheme, period=str(parsed)).first()
    if run is not None:
        run = AssessmentRun.objects.lock_for_change(actor, run.pk, denied=BUREAU_ONLY)
        if run.is_final:
            raise ValidationError({"period": "该期考核结果已确定,不能重新计算"})
        run.revision += 1
        run.save(update_fields=["revision", "computed_at"])
    else:
        run = AssessmentRun.objects.create(
            scheme=scheme,
            district=scheme.district,
            period=str(parsed),
            year=parsed.year,
            month=parsed.month,
            kind=parsed.kind,
            objection_until=_objection_until(timezone.localdate()),
            created_by=actor,
        )
    results = _compute(actor, run)
    record_event(
        actor=actor,
        verb="assessment.run",
        subject=run,
        unit=scheme.district,
        summary=f"{scheme.name} {parsed.label()}考核结果已计算(第{run.revision}次)",
        data={"totals": {r.key: str(r.total) for r in results}},
    )
    return run


@action
def file_objection(
    *, actor: User, result: Result, text: str, evidence: UploadedFile | None = None
) -> Objection:
    if not (isinstance(actor, User) and actor.has_role(Role.REPORTER, Role.UNIT_LEADER)):
        raise PermissionDenied("只有被考核单位可以提出异议")
    row = Result.objects.lock_for_change(actor, result.pk, denied="只能对本单位的考核结果提出异议")
    run = row.run
    if run.is_final:
        raise ValidationError({"text": "考核结果已确定,不能再提出异议"})
    if timezone.localdate() > run.objection_until:
        raise ValidationError({"text": f"异议期已于{run.objection_until:%Y年%m月%d日}截止"})
    if not text.strip():
        raise ValidationError({"text": "请写明异议的内容和理由"})
    objection = Objection.objects.create(
        result=row,
        unit=row.unit,
        text=text.strip(),
        evidence=_evidence(evidence),
        filed_by=actor,
    )
    record_event(
        actor=actor,
        verb="assessment.objection_filed",
        subject=objection,
        unit=row.unit,
        summary=f"{row.unit}对{run}提出异议",
    )
    return objection


@action
def resolve_objection(
    *, actor: User, objection: Objection, upheld: bool, resolution: str
) -> Objection:
    """Upheld: the run is recomputed from the corrected data and the unit's totals before and
    after are recorded. Rejected: with the reason."""
    row = Objection.objects.lock_for_change(actor, objection.pk, denied="不能处理本区以外的异议")
    _bureau_of(actor, row.result.run.district)
    if row.status != Objection.Status.OPEN:
        raise ValidationError({"resolution": "该异议已处理"})
    if row.result.run.is_final:
        raise ValidationError({"resolution": "考核结果已确定"})
    if not resolution.strip():
        raise ValidationError(
            {"resolution": "请填写处理意见" + ("" if upheld else "(不予采纳的理由)")}
        )
    row.total_before = row.result.total
    if upheld:
        run = row.result.run
        run.revision += 1
        run.save(update_fields=["revision", "computed_at"])
        _compute(actor, run)
        row.total_after = Result.objects.get(pk=row.result_id).total
    row.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    row.resolution = resolution.strip()
    row.resolved_by = actor
    row.resolved_at = timezone.now()
    row.save()
    record_event(
        actor=actor,
        verb="assessment.objection_resolved",
        subject=row,
        unit=row.unit,
        summary=f"{row.unit}的异议{row.get_status_display()}:{row.resolution}",
        data={
            "upheld": upheld,
            "total_before": str(row.total_before),
            "total_after": None if row.total_after is None else str(row.total_after),
        },
    )
    return row


def canonical_results(run: AssessmentRun) -> dict[str, Any]:
    return {
        "scheme": {"name": run.scheme.name, "version": run.scheme.version, "body": run.scheme.body},
        "period": run.period,
        "results": [
            {
                "unit": r.unit.code,
                "name": r.unit.name,
                "group": r.group_code,
                "total": str(r.total),
                "rank": r.rank,
                "vetoed": r.vetoed,
                "list": r.list_kind,
                "sheet": r.sheet,
            }
            for r in run.results.select_related("unit").order_by("group_code", "unit__code")
        ],
    }


def digest_of(run: AssessmentRun) -> str:
    data = json.dumps(
        canonical_results(run), ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )
    return hashlib.sha256(data.encode()).hexdigest()


@action
def finalise_run(*, actor: User, run: AssessmentRun) -> AssessmentRun:
    """Results become final and frozen (SHA-256 recorded); open objections must be resolved first."""
    row = AssessmentRun.objects.lock_for_change(actor, run.pk, denied=BUREAU_ONLY)
    _bureau_of(actor, row.district)
    if row.is_final:
        raise ValidationError({"status": "考核结果已确定"})
    open_count = Objection.objects.filter(result__run=row, status=Objection.Status.OPEN).count()
    if open_count:
        raise ValidationError({"status": f"还有{open_count}件异议未处理,不能确定结果"})
    row.status = AssessmentRun.Status.FINAL
    row.finalised_by = actor
    row.finalised_at = timezone.now()
    row.digest = digest_of(row)
    row.save(update_fields=["status", "finalised_by", "finalised_at", "digest"])
    record_event(
        actor=actor,
        verb="assessment.finalised",
        subject=row,
        unit=row.district,
        summary=f"{row}考核结果已确定",
        data={"sha256": row.digest},
    )
    return row
