"""Bulletin pages: the whole bulletin for everyone logged in, drill-downs only within scope."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import Bulletin, compute
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.bulletins.narrative import paragraphs, service_paragraph
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.core.permissions import is_bureau
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


def context_for(district: Unit, period: Period) -> dict[str, Any]:
    bulletin = compute(queries.gather(district, period))
    return {
        "district": district,
        "bulletin": bulletin,
        "narrative": paragraphs(bulletin),
        "service_text": service_paragraph(bulletin.service),
        "chart": chart_data(bulletin),
    }


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
            context.update(context_for(district, period))
        except queries.NoBulletinData as exc:
            raise Http404(str(exc)) from exc
    return render(request, "bulletins/bulletin.html", context)


@login_required
def latest(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    return _page(request, district, queries.latest_period(district))


@login_required
def detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _page(request, _district(request), _period(year, month))


@login_required
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
