"""API router: enterprise register and inspection filings (mounted at /api/v1/inspections).

Every write goes through inspections.actions; rows outside the caller's scope answer 404. The
public verification of codes is a portal page, not part of this API.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Path, Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, UnitRef, get_visible
from zhaoshang.inspections import actions, queries
from zhaoshang.inspections.models import Filing


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    address: str
    responsible_unit: UnitRef
    industry: str
    size: str
    foreign_invested: bool
    status: str


class FilingOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    department: UnitRef
    kind: str
    matter: str
    legal_basis: str
    items: str
    inspectors: list[str]
    planned_date: date
    status: str
    code: str | None
    joint_visit_id: int | None

    @staticmethod
    def resolve_enterprise_name(obj: Filing) -> str:
        return obj.enterprise.name


class FilingIn(Schema):
    uscc: str
    kind: str
    matter: str
    legal_basis: str
    items: str
    inspectors: list[str]
    planned_date: date


class FilingDecisionIn(Schema):
    note: str = ""


class InspectionMonthStat(Schema):
    department: int
    name: str
    filed: int
    pending: int
    merged: int
    refused: int
    rated: int
    avg_rating: float | None
    unfiled: int


def make_router() -> Router:
    router = Router(tags=["inspections"])

    @router.get(
        "/enterprises", response={200: list[EnterpriseOut], **READ_ERRORS}, summary="企业名录"
    )
    def enterprises(request: HttpRequest, q: str = "") -> Any:
        """Enterprises in the caller's scope, searched by name or USCC."""
        return queries.enterprises_for(request.auth, q)

    @router.get(
        "/enterprises/{enterprise_id}", response={200: EnterpriseOut, **READ_ERRORS}, summary="企业"
    )
    def enterprise(request: HttpRequest, enterprise_id: int) -> Any:
        return get_visible(queries.enterprises_for(request.auth), enterprise_id)

    @router.get("/filings", response={200: list[FilingOut], **READ_ERRORS}, summary="检查备案")
    def filings(request: HttpRequest, status: str = "") -> Any:
        rows = queries.filings_for(request.auth)
        return rows.filter(status=status) if status else rows

    @router.get(
        "/filings/{filing_id}", response={200: FilingOut, **READ_ERRORS}, summary="备案详情"
    )
    def filing(request: HttpRequest, filing_id: int) -> Any:
        return get_visible(queries.filings_for(request.auth), filing_id)

    @router.post("/filings", response={201: FilingOut, **WRITE_ERRORS}, summary="备案检查")
    def file_inspection(request: HttpRequest, payload: FilingIn) -> Any:
        """File in the caller's own unit's name; every broken rule comes back at once (422)."""
        user = request.auth
        if not queries.can_file(user):
            return 403, {"detail": "只有乡镇街道和区直部门可以备案检查"}
        data = payload.dict()
        enterprise = actions.enterprise_by_uscc(user, data.pop("uscc"))
        created = actions.file_inspection(
            actor=user, department=user.unit, enterprise=enterprise, **data
        )
        return 201, created

    @router.post(
        "/filings/{filing_id}/approve", response={200: FilingOut, **WRITE_ERRORS}, summary="同意"
    )
    def approve(request: HttpRequest, filing_id: int, payload: FilingDecisionIn) -> Any:
        row = get_visible(queries.filings_for(request.auth), filing_id)
        return actions.approve_filing(actor=request.auth, filing=row, note=payload.note)

    @router.post(
        "/filings/{filing_id}/refuse", response={200: FilingOut, **WRITE_ERRORS}, summary="不予同意"
    )
    def refuse(request: HttpRequest, filing_id: int, payload: FilingDecisionIn) -> Any:
        row = get_visible(queries.filings_for(request.auth), filing_id)
        return actions.refuse_filing(actor=request.auth, filing=row, note=payload.note)

    @router.get(
        "/stats/{year}/{month}",
        response={200: list[InspectionMonthStat], **READ_ERRORS},
        summary="月度统计(按部门)",
    )
    def stats(
        request: HttpRequest,
        year: int = Path(..., ge=1900, le=2100),  # 0/0 made a 500 (schemathesis)
        month: int = Path(..., ge=1, le=12),
    ) -> Any:
        return queries.monthly_by_department(request.auth, year, month)

    return router


router = make_router()
