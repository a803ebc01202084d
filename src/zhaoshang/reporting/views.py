"""Reporting periods: the list, opening and closing a period, the city rank, the status board.
Thin: parse, call the action or query, render. Scope comes from ``visible_to``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhaoshang.core.permissions import is_bureau
from zhaoshang.org.models import Unit
from zhaoshang.reporting import actions, queries
from zhaoshang.reporting.forms import (
    BoardFilterForm,
    CityRankForm,
    OpenPeriodForm,
    error_list,
    form_errors,
)


def _periods_page(
    request: HttpRequest, form: OpenPeriodForm | None = None, errors: list[str] | None = None
) -> HttpResponse:
    user = request.user
    context = {
        "periods": queries.periods_for(user),
        "can_open": is_bureau(user),
        "is_unit_person": queries.is_unit_person(user),
        "form": form or OpenPeriodForm(),
        "errors": errors or [],
    }
    return render(request, "reporting/periods.html", context, status=400 if errors else 200)


@login_required
@require_GET
def periods(request: HttpRequest) -> HttpResponse:
    return _periods_page(request)


@login_required
@require_POST
def period_open(request: HttpRequest) -> HttpResponse:
    if not is_bureau(request.user):
        raise PermissionDenied(_("只有招商局可以开启填报期"))
    form = OpenPeriodForm(request.POST)
    if not form.is_valid():
        return _periods_page(request, form, form_errors(form))
    district = Unit.objects.editable_by(request.user).filter(pk=request.user.district_id).first()
    if district is None or district.kind != Unit.Kind.DISTRICT:
        raise PermissionDenied(_("您不属于任何县区,不能开启填报期"))
    try:
        period = actions.open_period(actor=request.user, district=district, **form.cleaned_data)
    except ValidationError as exc:
        return _periods_page(request, form, error_list(exc))
    messages.success(request, _("已开启%(period)s填报") % {"period": period})
    return redirect("reporting:board", pk=period.pk)


@login_required
@require_GET
def board(request: HttpRequest, pk: int) -> HttpResponse:
    period = queries.period_for(request.user, pk)
    if queries.is_unit_person(request.user):
        return redirect("reporting:mine", pk=period.pk)
    if not queries.sees_board(request.user):
        raise PermissionDenied(_("您没有查看报送情况的权限"))
    filters = BoardFilterForm(request.GET or None, statuses=queries.BOARD_STATUSES)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    rows = queries.board(
        request.user,
        period,
        status=chosen.get("status", ""),
        group=chosen.get("group", ""),
        late=chosen.get("late", False),
    )
    context = {
        "period": period,
        "rows": rows,
        "counts": queries.board_counts(request.user, period),
        "filters": filters,
        "groups": queries.board_groups(request.user, period),
        "can_manage": is_bureau(request.user),
        "rank_form": CityRankForm(initial={"city_rank": period.city_rank}),
    }
    return render(request, "reporting/board.html", context)


@login_required
@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    period = queries.period_for(request.user, pk)
    try:
        actions.close_period(actor=request.user, period=period)
        messages.success(request, _("%(period)s填报期已截止") % {"period": period})
    except ValidationError as exc:
        for message in error_list(exc):
            messages.error(request, message)
    return redirect("reporting:board", pk=period.pk)


@login_required
@require_POST
def period_city_rank(request: HttpRequest, pk: int) -> HttpResponse:
    period = queries.period_for(request.user, pk)
    form = CityRankForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form_errors(form))
        actions.set_city_rank(
            actor=request.user, period=period, city_rank=form.cleaned_data["city_rank"]
        )
        messages.success(request, _("全市排名已保存"))
    except ValidationError as exc:
        for message in error_list(exc):
            messages.error(request, message)
    return redirect("reporting:board", pk=period.pk)


@login_required
@require_GET
def mine(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's person opens their return for the period: prefilled on first open."""
    period = queries.period_for(request.user, pk)
    if not queries.is_unit_person(request.user):
        raise PermissionDenied(_("只有单位填报员或负责人填报本单位月报"))
    unit_return = actions.prefill_return(actor=request.user, period=period, unit=request.user.unit)
    return redirect("reporting:return", pk=unit_return.pk)
