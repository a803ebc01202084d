"""API router: enterprise requests (企业诉求). Reads start from the caller's scope; every write
goes through casework.actions; cases outside the caller's scope answer 404."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, UnitRef, get_visible
from zhaoshang.casework import actions, queries
from zhaoshang.casework.models import Case
from zhaoshang.org.models import Unit

router = Router(tags=["casework"])


class CaseOut(Schema):
    id: int
    code: str
    title: str
    enterprise_name: str
    category: str
    channel: str
    status: str
    first_unit: UnitRef
    owner_unit: UnitRef
    received_at: datetime
    deadline: date
    light: str
    passes: int
    reopens: int
    escalated: bool


class StepOut(Schema):
    kind: str
    at: datetime
    from_unit_id: int | None
    to_unit_id: int | None
    reason: str


class CaseDetailOut(CaseOut):
    description: str
    deadline_explanation: str
    result: str
    satisfaction: str
    steps: list[StepOut]


class CaseIn(Schema):
    enterprise_name: str
    uscc: str = ""
    contact: str
    phone: str
    category: str
    channel: str = "phone"
    title: str
    description: str


class PassIn(Schema):
    to_unit_id: int
    reason: str


class ResultIn(Schema):
    result: str


class _Detail(CaseDetailOut):
    @staticmethod
    def resolve_steps(obj: Case) -> list[Any]:
        return list(queries.steps(obj))


@router.get("", response={200: list[CaseOut], **READ_ERRORS}, summary="诉求列表")
def list_cases(
    request: HttpRequest, status: str = "", light: str = "", unit: int | None = None
) -> Any:
    """Cases in the caller's scope; ``status=open`` for all not yet completed."""
    return queries.case_list(request.auth, status=status, light=light, unit=unit)


@router.get("/{case_id}", response={200: _Detail, **READ_ERRORS}, summary="诉求详情")
def case_detail(request: HttpRequest, case_id: int) -> Any:
    """A case with its deadline explained and every step of its life."""
    return get_visible(queries.visible_cases(request.auth), case_id)


@router.post("", response={201: _Detail, **WRITE_ERRORS}, summary="登记诉求")
def register_case(request: HttpRequest, payload: CaseIn) -> Any:
    """Register a request received by phone, visit or letter; the caller is first responder."""
    return 201, actions.register_case(actor=request.auth, **payload.dict())


@router.post("/{case_id}/accept", response={200: _Detail, **WRITE_ERRORS}, summary="受理")
def accept(request: HttpRequest, case_id: int) -> Any:
    case = get_visible(queries.visible_cases(request.auth), case_id)
    return actions.accept_case(actor=request.auth, case=case, now=timezone.now())


@router.post("/{case_id}/pass", response={200: _Detail, **WRITE_ERRORS}, summary="转办")
def pass_on(request: HttpRequest, case_id: int, payload: PassIn) -> Any:
    """Pass to another unit of the district, with a reason (never to the owner unit itself)."""
    case = get_visible(queries.visible_cases(request.auth), case_id)
    to_unit = get_visible(Unit.objects.all(), payload.to_unit_id)
    return actions.pass_on(actor=request.auth, case=case, to_unit=to_unit, reason=payload.reason)


@router.post("/{case_id}/complete", response={200: _Detail, **WRITE_ERRORS}, summary="办结")
def complete(request: HttpRequest, case_id: int, payload: ResultIn) -> Any:
    """Complete with a result (refused without one)."""
    case = get_visible(queries.visible_cases(request.auth), case_id)
    return actions.complete_case(actor=request.auth, case=case, result=payload.result)
