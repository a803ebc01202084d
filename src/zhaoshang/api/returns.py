"""API router: returns. Authentication is set once on the NinjaAPI (api/urls.py) and inherited.

Every write goes through reporting.actions (prefill, save lines, submit, verify, send back)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from ninja import Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, UnitRef, get_visible, yuan
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.org.models import Unit
from zhaoshang.reporting import actions
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn

router = Router(tags=["returns"])

AMOUNTS = (
    "funds_within_province_yuan",
    "funds_outside_province_yuan",
    "funds_abroad_yuan",
    "investment_completed_yuan",
)
ZERO = Value(0, output_field=DecimalField(max_digits=18, decimal_places=2))


class ReturnOut(Schema):
    id: int
    period: str
    unit: UnitRef
    status: str
    late: bool
    submitted_at: datetime | None
    verified_at: datetime | None
    returned_reason: str
    fields_typed: int
    lines_count: int
    funds_total_yuan: str


class LineOut(Schema):
    project_id: int
    project_code: str
    project_name: str
    funds_within_province_yuan: str
    funds_outside_province_yuan: str
    funds_abroad_yuan: str
    investment_completed_yuan: str
    stage: str
    stage_date: date | None
    stage_reason: str
    note: str


class ReturnDetailOut(ReturnOut):
    note: str
    deadline: date
    period_open: bool
    lines: list[LineOut]


class LineIn(Schema):
    """Only the fields given change. Amounts are strings of yuan: "1200000", never "120万"."""

    project_id: int
    funds_within_province_yuan: str | None = None
    funds_outside_province_yuan: str | None = None
    funds_abroad_yuan: str | None = None
    investment_completed_yuan: str | None = None
    stage: str | None = None
    stage_date: date | None = None
    stage_reason: str | None = None
    note: str | None = None


class LinesIn(Schema):
    lines: list[LineIn]
    note: str | None = None


class PrefillIn(Schema):
    period: str
    unit_id: int


class SendBackIn(Schema):
    reason: str


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc


def _returns(request: HttpRequest) -> Any:
    funds = sum(
        (Coalesce(Sum(f"lines__{name}"), ZERO) for name in AMOUNTS[:3]),
        start=ZERO,
    )
    return (
        UnitReturn.objects.visible_to(request.auth)
        .select_related("unit", "period")
        .annotate(lines_count=Count("lines"), funds_total=funds)
    )


def _out(unit_return: UnitReturn) -> UnitReturn:
    unit_return.funds_total_yuan = yuan(unit_return.funds_total)
    unit_return.period_label = str(unit_return.period.period)
    return unit_return


def _detail(request: HttpRequest, return_id: int) -> dict[str, Any]:
    unit_return = _out(get_visible(_returns(request), return_id))
    lines = (
        ReturnLine.objects.filter(unit_return=unit_return)
        .annotate(project_code=F("project__code"), project_name=F("project__name"))
        .order_by("project__code")
    )
    return {
        **_summary(unit_return),
        "note": unit_return.note,
        "deadline": unit_return.period.deadline,
        "period_open": unit_return.period.is_open,
        "lines": [
            {
                "project_id": line.project_id,
                "project_code": line.project_code,
                "project_name": line.project_name,
                "stage": line.stage,
                "stage_date": line.stage_date,
                "stage_reason": line.stage_reason,
                "note": line.note,
                **{name: yuan(getattr(line, name)) for name in AMOUNTS},
            }
            for line in lines
        ],
    }


def _summary(unit_return: UnitReturn) -> dict[str, Any]:
    return {
        "id": unit_return.pk,
        "period": unit_return.period_label,
        "unit": unit_return.unit,
        "status": unit_return.status,
        "late": unit_return.late,
        "submitted_at": unit_return.submitted_at,
        "verified_at": unit_return.verified_at,
        "returned_reason": unit_return.returned_reason,
        "fields_typed": unit_return.fields_typed,
        "lines_count": unit_return.lines_count,
        "funds_total_yuan": unit_return.funds_total_yuan,
    }


@router.get("", response={200: list[ReturnOut], **READ_ERRORS}, summary="某期月报列表")
def list_returns(request: HttpRequest, period: str, unit: int | None = None) -> Any:
    """Visible returns of a period "YYYY-MM", with their line count and funds total (yuan)."""
    parsed = _period(period)
    returns = _returns(request).filter(period__year=parsed.year, period__month=parsed.month)
    if unit is not None:
        returns = returns.filter(unit_id=unit)
    return [_summary(_out(r)) for r in returns]


@router.get("/{return_id}", response={200: ReturnDetailOut, **READ_ERRORS}, summary="月报详情")
def return_detail(request: HttpRequest, return_id: int) -> Any:
    return _detail(request, return_id)


@router.post("", response={201: ReturnDetailOut, **WRITE_ERRORS}, summary="打开(预填)月报")
def prefill(request: HttpRequest, payload: PrefillIn) -> Any:
    """The unit's return for the period, created and prefilled from the registry on first call."""
    parsed = _period(payload.period)
    unit = get_visible(Unit.objects.visible_to(request.auth), payload.unit_id)
    period = (
        ReportingPeriod.objects.visible_to(request.auth)
        .filter(district_id=unit.parent_id, year=parsed.year, month=parsed.month)
        .first()
    )
    if period is None:
        raise ValidationError({"period": f"{parsed.year}年{parsed.month}月的填报期尚未开启"})
    unit_return = actions.prefill_return(actor=request.auth, period=period, unit=unit)
    return 201, _detail(request, unit_return.pk)


@router.put(
    "/{return_id}/lines", response={200: ReturnDetailOut, **WRITE_ERRORS}, summary="保存月报"
)
def save_lines(request: HttpRequest, return_id: int, payload: LinesIn) -> Any:
    """Save what changed this month; any bad line changes nothing."""
    unit_return = get_visible(_returns(request), return_id)
    lines = [
        actions.LineInput(
            project_id=item.project_id,
            values=item.dict(exclude_unset=True, exclude={"project_id"}),
        )
        for item in payload.lines
    ]
    actions.save_return(actor=request.auth, unit_return=unit_return, lines=lines, note=payload.note)
    return _detail(request, return_id)


@router.post("/{return_id}/submit", response={200: ReturnDetailOut, **WRITE_ERRORS}, summary="报送")
def submit(request: HttpRequest, return_id: int) -> Any:
    actions.submit_return(actor=request.auth, unit_return=get_visible(_returns(request), return_id))
    return _detail(request, return_id)


@router.post(
    "/{return_id}/verify", response={200: ReturnDetailOut, **WRITE_ERRORS}, summary="审核通过"
)
def verify(request: HttpRequest, return_id: int) -> Any:
    actions.verify_return(actor=request.auth, unit_return=get_visible(_returns(request), return_id))
    return _detail(request, return_id)


@router.post(
    "/{return_id}/send-back", response={200: ReturnDetailOut, **WRITE_ERRORS}, summary="退回"
)
def send_back(request: HttpRequest, return_id: int, payload: SendBackIn) -> Any:
    unit_return = get_visible(_returns(request), return_id)
    actions.send_back_return(actor=request.auth, unit_return=unit_return, reason=payload.reason)
    return _detail(request, return_id)
