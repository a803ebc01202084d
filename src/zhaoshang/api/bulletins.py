"""API router: bulletins. Authentication is set once on the NinjaAPI (api/urls.py) and inherited.

Until that lands the user is taken from ``request.auth`` when set, else ``request.user``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.org.models import User

router = Router(tags=["bulletins"])


class FundsBySource(Schema):
    within_province: str | None
    outside_province: str | None
    abroad: str | None


class UnitRowOut(Schema):
    unit: str
    code: str
    status: str
    rank: int | None
    outside_funds_wan_yuan: str | None
    target_wan_yuan: str | None
    completion_pct: str | None
    gap_pp: str | None
    funds_by_source_wan_yuan: FundsBySource
    month_funds_wan_yuan: str | None
    month_on_month_wan_yuan: str | None
    projects: int
    projects_new: int
    projects_continuing: int
    projects_negotiating: int
    projects_by_stage: dict[str, int]


class BulletinGroupOut(Schema):
    name: str
    code: str
    outside_funds_wan_yuan: str | None
    projects: int
    units: list[UnitRowOut]


class TotalsOut(Schema):
    projects: int
    projects_new: int
    projects_continuing: int
    projects_negotiating: int
    projects_by_stage: dict[str, int]
    outside_funds_wan_yuan: str | None
    funds_by_source_wan_yuan: FundsBySource
    month_funds_wan_yuan: str | None
    month_on_month_wan_yuan: str | None
    month_on_month_pct: str | None
    year_on_year_pct: str | None
    target_wan_yuan: str | None
    completion_pct: str | None
    time_progress_pct: str | None
    gap_pp: str | None
    city_rank: int | None
    monthly_funds_wan_yuan: list[str | None]
    trade: dict[str, Any] | None = None  # 外贸外资 (docs/trade.md); null without trade data


class ListsOut(Schema):
    fastest: list[str]
    no_results: list[str]
    negotiating_only: list[str]
    not_reported: list[str]
    behind: list[str]


class ServiceUnitOut(Schema):
    unit: str
    cases_received: int
    cases_completed: int
    cases_on_time_pct: str | None
    cases_satisfaction_pct: str | None
    cases_missed: int
    inspections_filed: int
    inspections_unfiled: int
    resolutions_open: int
    resolutions_overdue: int


class ServiceOut(Schema):
    """服务企业和督办落实情况, 1 January to the period's end (docs/bulletin.md)."""

    paragraph: str
    cases_received: int
    cases_completed: int
    cases_on_time_pct: str | None
    cases_satisfaction_pct: str | None
    cases_missed: int
    cases_escalated: int
    inspections_filed: int
    inspections_merged: int
    inspections_refused: int
    inspections_rated: int
    inspections_unfiled: int
    resolutions_decided: int
    resolutions_closed: int
    resolutions_closed_late: int
    resolutions_open: int
    resolutions_overdue: int
    units: list[ServiceUnitOut]


class BulletinOut(Schema):
    """The monthly bulletin (docs/bulletin.md): amounts in 万元 and percentages as strings with
    two decimals, rounded half-up; null where a figure does not apply."""

    period: str
    district: str
    totals: TotalsOut
    groups: list[BulletinGroupOut]
    lists: ListsOut
    narrative: list[str]
    service: ServiceOut | None = None  # null when there is nothing to report


class ErrorOut(Schema):
    detail: str


@router.get(
    "/{period}",
    response={200: BulletinOut, 404: ErrorOut},
    summary="某月通报",
)
def bulletin(request: HttpRequest, period: str) -> Any:
    """The bulletin of the caller's district for a period "YYYY-MM" (1–N月 year to date)."""
    user: User = request.auth  # set by the API's authentication (api/auth.py)
    try:
        parsed = Period.parse(period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    district = queries.district_for(user)
    if district is None:
        return 404, {"detail": "您所在单位不属于任何县区,没有可查看的通报"}
    try:
        data = queries.gather(district, parsed)
    except queries.NoBulletinData as exc:
        return 404, {"detail": str(exc)}
    return 200, build_document(compute(data))
