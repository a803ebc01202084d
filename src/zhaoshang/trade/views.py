"""Trade pages: the overview per unit, the bureau's entry/correction page and the import. Thin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.trade import actions, importer, queries
from zhaoshang.trade.forms import FigureForm, ImportForm


def _period(request: HttpRequest) -> Period:
    try:
        return Period.parse(request.GET.get("period", ""))
    except PeriodError:
        today = timezone.localdate()
        return Period(today.year, today.month)


def _bureau_only(request: HttpRequest) -> None:
    if not queries.can_enter(request.user):
        raise PermissionDenied(_("只有招商局(商务)工作人员可以录入和导入外贸数据"))


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    period = _period(request)
    rows, total = queries.unit_overview(request.user, period)
    context = {
        "period": period,
        "rows": rows,
        "total": total,
        "can_enter": queries.can_enter(request.user),
    }
    return render(request, "trade/overview.html", context)


@login_required
def figures(request: HttpRequest) -> HttpResponse:
    _bureau_only(request)
    period = _period(request)
    enterprises = queries.enterprises_for_entry(request.user)
    form = FigureForm(
        request.POST or None,
        enterprises=enterprises,
        initial={"year": period.year, "month": period.month},
    )
    if request.method == "POST" and form.is_valid():
        try:
            figure = actions.record_figure(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("已保存:%(f)s") % {"f": figure})
            return redirect(f"{request.path}?period={figure.year}-{figure.month:02d}")
    rows = queries.figures_for(request.user, year=period.year, month=period.month, history=True)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "trade/figures.html", {"period": period, "form": form, "rows": rows}, status=status
    )


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    _bureau_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        outcome = importer.import_figures(
            actor=request.user,
            data=form.cleaned_data["file"].read(),
            source=form.cleaned_data["source"],
            dry_run=form.cleaned_data["dry_run"],
        )
    status = 422 if outcome is not None and outcome.errors else 200
    return render(request, "trade/import.html", {"form": form, "outcome": outcome}, status=status)
