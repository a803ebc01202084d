"""API router: foreign trade. Reading follows the pages' scope (current figures of the caller's
units or district); recording a figure is for the bureau only (trade.actions decides). Amounts are
decimal strings in US dollars."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, get_visible, yuan
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.inspections.models import Enterprise
from zhaoshang.trade import actions, queries

router = Router(tags=["trade"])


class FigureOut(Schema):
    id: int
    enterprise_uscc: str
    enterprise: str
    unit: str
    year: int
    month: int
    source: str
    version: int
    is_current: bool
    imports_usd: str
    exports_usd: str
    total_usd: str

    @staticmethod
    def resolve_enterprise_uscc(obj: Any) -> str:
        return obj.enterprise.uscc

    @staticmethod
    def resolve_enterprise(obj: Any) -> str:
        return obj.enterprise.name

    @staticmethod
    def resolve_unit(obj: Any) -> str:
        return obj.enterprise.responsible_unit.name

    @staticmethod
    def resolve_imports_usd(obj: Any) -> str | None:
        return yuan(obj.imports_usd)

    @staticmethod
    def resolve_exports_usd(obj: Any) -> str | None:
        return yuan(obj.exports_usd)

    @staticmethod
    def resolve_total_usd(obj: Any) -> str | None:
        return yuan(obj.total_usd)


class FigureIn(Schema):
    enterprise_id: int
    year: int
    month: int
    source: str = Field(description="final(海关终值)/flash(海关快报)/unit(单位报送)")
    imports_usd: str
    exports_usd: str
    total_usd: str | None = None
    reason: str = ""


class UnitTradeOut(Schema):
    unit: str
    code: str
    enterprises: int
    imports_usd: str
    exports_usd: str
    total_usd: str


@router.get("/figures", response={200: list[FigureOut], **READ_ERRORS}, summary="进出口数据")
def list_figures(
    request: HttpRequest, year: int, month: int | None = None, history: bool = False
) -> Any:
    """Current figures (``history=true``: every version) of the caller's scope."""
    return queries.figures_for(request.auth, year=year, month=month, history=history)


@router.post("/figures", response={201: FigureOut, **WRITE_ERRORS}, summary="录入或更正进出口数据")
def record_figure(request: HttpRequest, payload: FigureIn) -> Any:
    enterprise = get_visible(Enterprise.objects.visible_to(request.auth), payload.enterprise_id)
    figure = actions.record_figure(
        actor=request.auth,
        enterprise=enterprise,
        year=payload.year,
        month=payload.month,
        source=payload.source,
        imports_usd=payload.imports_usd,
        exports_usd=payload.exports_usd,
        total_usd=payload.total_usd,
        reason=payload.reason,
    )
    return 201, queries.figures_for(request.auth, year=figure.year, history=True).get(pk=figure.pk)


@router.get(
    "/units", response={200: list[UnitTradeOut], **READ_ERRORS}, summary="分单位进出口(年初至今)"
)
def by_unit(request: HttpRequest, period: str) -> Any:
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        from django.core.exceptions import ValidationError

        raise ValidationError({"period": str(exc)}) from exc
    rows, _total = queries.unit_overview(request.auth, parsed)
    return [
        {
            "unit": r.unit,
            "code": r.code,
            "enterprises": r.enterprises,
            "imports_usd": yuan(r.imports_usd),
            "exports_usd": yuan(r.exports_usd),
            "total_usd": yuan(r.total_usd),
        }
        for r in rows
    ]
