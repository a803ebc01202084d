"""Bulletin pages: the whole bulletin for everyone logged in, drill-downs only within scope."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass, replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import Bulletin
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.bulletins.narrative import paragraphs, service_paragraph
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.core.permissions import is_bureau
from zhaoshang.core.replica import reads_from_replica
from zhaoshang.org.models import Unit, User


def _district(request: HttpRequest) -> Unit:
    user = request.user
    assert isinstance(user, User)
    district = queries.district_for(user)
    if district is None:
        raise Http404(_("您所在单位不属于任何县区,没有可查看的通报"))
    return district


def _period(year: int, month: int) -> Period:
    try:
        return Period(year, month)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def chart_data(bulletin: Bulletin) -> dict[str, Any]:
    from zhaoshang.bulletins.document import pct, wan

    return {
        "months": [f"{m}月" for m in range(1, bulletin.period.month + 1)],
        "monthly": [wan(v) for v in bulletin.totals.monthly_funds],
        "groups": [
            {
                "name": group.name,
                "units": [row.name for row in group.units if row.completion_pct is not None],
                "completion": [
                    pct(row.completion_pct) for row in group.units if row.completion_pct is not None
                ],
            }
            for group in bulletin.groups
        ],
    }


def _context(bulletin: Bulletin) -> dict[str, Any]:
    return {
        "bulletin": bulletin,
        "narrative": paragraphs(bulletin),
        "service_text": service_paragraph(bulletin.service),
        "chart": chart_data(bulletin),
    }


def context_for(district: Unit, period: Period) -> dict[str, Any]:
    # Cached (bulletins.cache) for the pages; publishing and exports compute fresh.
    return {"district": district, **_context(bulletin_cache.bulletin_for(district, period))}


@dataclass(frozen=True)
class PageParts:
    """The page's bulletin: its rendered body, the charts' data, and the units in its tables."""

    body: str
    chart: dict[str, Any]
    unit_ids: frozenset[int]


def _body(context: dict[str, Any], visible: Set[int]) -> str:
    return render_to_string("bulletins/_body.html", {**context, "visible_units": visible})


def _shared_parts(computed: bulletin_cache.Computed) -> PageParts:
    """The parts as every reader who may open every unit's details sees them: the body differs
    between readers only in which rows link to their details."""
    context = _context(computed.bulletin)
    ids = frozenset(row.unit_id for group in computed.bulletin.groups for row in group.units)
    return PageParts(_body(context, ids), context["chart"], ids)


def page_parts(district: Unit, period: Period, visible: Set[int]) -> PageParts:
    parts = bulletin_cache.derived(district, period, "page", _shared_parts)
    if parts.unit_ids <= visible:
        return parts
    # A reader who may open only some units' details (a unit's reporter): their own links.
    return replace(parts, body=_body(context_for(district, period), visible))


def _page(request: HttpRequest, district: Unit, period: Period | None) -> HttpResponse:
    user = request.user
    visible = set(Unit.objects.visible_to(user).values_list("pk", flat=True))
    context: dict[str, Any] = {
        "district": district,
        "period": period,
        "periods": queries.periods_of(district),
        "visible_units": visible,
        "can_publish": is_bureau(user),
    }
    if period is not None:
        context["published_versions"] = PublishedBulletin.objects.filter(
            district=district, year=period.year, month=period.month
        ).prefetch_related("files", "corrected_by")
    if period is not None:
        try:
            parts = page_parts(district, period, visible)
        except queries.NoBulletinData as exc:
            raise Http404(str(exc)) from exc
        context.update(bulletin_body=parts.body, chart=parts.chart)
    return render(request, "bulletins/bulletin.html", context)


@login_required
@reads_from_replica
def latest(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    return _page(request, district, queries.latest_period(district))


@login_required
@reads_from_replica
def detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _page(request, _district(request), _period(year, month))


@login_required
@reads_from_replica
def unit_drilldown(request: HttpRequest, year: int, month: int, code: str) -> HttpResponse:
    """ "Why this number": the verified lines and the projects behind one unit's figures."""
    period = _period(year, month)
    unit = Unit.objects.visible_to(request.user).filter(code=code, kind=Unit.Kind.UNIT).first()
    if unit is None:
        raise PermissionDenied(_("您只能查看本单位(或本县区)的明细"))
    detail = queries.drilldown(unit, period)
    template = "bulletins/_drilldown.html" if request.htmx else "bulletins/drilldown.html"
    context = {"unit": unit, "period": period, "detail": detail}
    return render(request, template, context)
