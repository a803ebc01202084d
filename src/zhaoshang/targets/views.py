"""Target pages: the list for a year, a target's versions, baseline and adjustment. Thin."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhaoshang.core.permissions import is_bureau
from zhaoshang.targets import actions, queries
from zhaoshang.targets.forms import AdjustForm, BaselineForm, TargetFilterForm
from zhaoshang.targets.models import Indicator, Issuer, Target


def _choice(data: Any) -> tuple[int, Indicator | None, str]:
    form = TargetFilterForm(data)
    cleaned = form.cleaned_data if form.is_valid() else {}
    year = cleaned.get("year") or timezone.localdate().year
    indicator = (
        cleaned.get("indicator")
        or Indicator.objects.filter(code=settings.ZHAOSHANG["FUNDS_INDICATOR"]).first()
        or Indicator.objects.first()
    )
    issuer = cleaned.get("issuer") or Issuer.DISTRICT
    return year, indicator, issuer


def _list_page(
    request: HttpRequest, data: Any, form: BaselineForm | None = None, status: int = 200
) -> HttpResponse:
    year, indicator, issuer = _choice(data)
    context: dict[str, Any] = {
        "year": year,
        "indicator": indicator,
        "issuer": issuer,
        "issuer_label": Issuer(issuer).label,
        "filter_form": TargetFilterForm(
            initial={"year": year, "indicator": indicator, "issuer": issuer}
        ),
        "indicators": Indicator.objects.all(),
        "issuers": Issuer.choices,
        "can_manage": is_bureau(request.user),
    }
    if indicator is not None:
        keys = {"year": year, "indicator": indicator, "issuer": issuer}
        context["targets"] = queries.targets_for(request.user, **keys)
        context["warnings"] = queries.over_allocations(request.user, **keys)
        if context["can_manage"]:
            context["form"] = form or BaselineForm(
                indicator=indicator, units=queries.baseline_units(request.user)
            )
    return render(request, "targets/list.html", context, status=status)


@login_required
@require_GET
def list(request: HttpRequest) -> HttpResponse:
    return _list_page(request, request.GET)


@login_required
@require_POST
def baseline(request: HttpRequest) -> HttpResponse:
    if not is_bureau(request.user):
        raise PermissionDenied(_("只有招商局可以下达目标"))
    year, indicator, issuer = _choice(request.POST)
    if indicator is None:
        raise PermissionDenied(_("尚未建立指标"))
    form = BaselineForm(
        request.POST, indicator=indicator, units=queries.baseline_units(request.user)
    )
    if form.is_valid():
        try:
            actions.set_baseline(
                actor=request.user,
                indicator=indicator,
                issuer=issuer,
                year=year,
                unit=form.cleaned_data["unit"],
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("目标已下达"))
            query = f"?year={year}&indicator={indicator.code}&issuer={issuer}"
            return redirect(reverse("targets:list") + query)
    return _list_page(request, request.POST, form=form, status=400)


def _detail_page(
    request: HttpRequest, target: Target, form: AdjustForm | None = None, status: int = 200
) -> HttpResponse:
    can_adjust = Target.objects.editable_by(request.user).filter(pk=target.pk).exists()
    context = {
        "target": target,
        "versions": queries.versions_of(target),
        "can_adjust": can_adjust,
        "form": form or (AdjustForm(indicator=target.indicator) if can_adjust else None),
    }
    return render(request, "targets/detail.html", context, status=status)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, queries.target_for(request.user, pk))


@login_required
@require_POST
def adjust(request: HttpRequest, pk: int) -> HttpResponse:
    target = queries.target_for(request.user, pk)
    if not Target.objects.editable_by(request.user).filter(pk=target.pk).exists():
        raise PermissionDenied(_("只有招商局可以调整目标"))
    form = AdjustForm(request.POST, indicator=target.indicator)
    if form.is_valid():
        try:
            actions.adjust_target(
                actor=request.user,
                target=target,
                value=form.cleaned_data["value"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("目标已调整"))
            return redirect("targets:detail", pk=target.pk)
    return _detail_page(request, target, form=form, status=400)
