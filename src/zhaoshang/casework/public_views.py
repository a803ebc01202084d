"""Public pages under /portal/service/: the request form, tracking by code + phone (wrong pairs
get one generic message and are rate-limited per IP), the rating form, the commitments."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.casework import actions, forms, queries
from zhaoshang.casework.models import Case, Status
from zhaoshang.casework.views import _errors
from zhaoshang.core.ratelimit import FailureLimit

NOT_FOUND = gettext_lazy("查询码或联系电话不正确,请核对后重试。")


TRACKING = FailureLimit("casework.track", "TRACK_MAX_FAILURES", "TRACK_WINDOW_SECONDS")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "casework/public/track.html",
        {
            "form": forms.TrackForm(),
            "error": _("查询失败次数过多,请 %(m)d 分钟后再试。") % {"m": TRACKING.minutes},
        },
        status=429,
    )


@require_http_methods(["GET", "POST"])
def request_form(request: HttpRequest) -> HttpResponse:
    units = queries.intake_units()
    form = forms.PublicRequestForm(
        request.POST or None,
        request.FILES or None,
        units=units,
        commitments=queries.public_commitments(),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.submit_case(actor=None, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            return render(request, "casework/public/submitted.html", {"case": case}, status=201)
    return render(
        request, "casework/public/request.html", {"form": form}, status=422 if form.errors else 200
    )


def _show(request: HttpRequest, case: Case, phone: str, **extra: object) -> HttpResponse:
    rate_form = forms.PublicRateForm(initial={"code": case.code, "phone": phone})
    return render(
        request,
        "casework/public/case.html",
        {
            "case": case,
            "steps": queries.steps(case, public_only=True),
            "rate_form": rate_form if case.status == Status.COMPLETED else None,
            **extra,
        },
        status=int(str(extra.get("status", 200))),
    )


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return render(request, "casework/public/track.html", {"form": forms.TrackForm()})
    if TRACKING.blocked(request):
        return _too_many(request)
    form = forms.TrackForm(request.POST)
    case = None
    if form.is_valid():
        case = queries.for_enterprise(form.cleaned_data["code"], form.cleaned_data["phone"])
    if case is None:
        TRACKING.failed(request)
        return render(
            request, "casework/public/track.html", {"form": form, "error": NOT_FOUND}, status=404
        )
    return _show(request, case, form.cleaned_data["phone"])


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    if TRACKING.blocked(request):
        return _too_many(request)
    form = forms.PublicRateForm(request.POST)
    code, phone = request.POST.get("code", ""), request.POST.get("phone", "")
    case = queries.for_enterprise(code, phone)
    if case is None:
        TRACKING.failed(request)
        return render(
            request,
            "casework/public/track.html",
            {"form": forms.TrackForm(request.POST), "error": NOT_FOUND},
            status=404,
        )
    if not form.is_valid():
        return _show(request, case, phone, error=_("请选择满意或不满意"), status=422)
    try:
        case = actions.rate_case(
            actor=None,
            case=case,
            satisfied=form.cleaned_data["satisfied"],
            comment=form.cleaned_data["comment"],
            phone=phone,
        )
    except ValidationError as exc:
        return _show(request, case, phone, error=";".join(exc.messages), status=422)
    except PermissionDenied:
        return render(
            request,
            "casework/public/track.html",
            {"form": forms.TrackForm(), "error": NOT_FOUND},
            status=404,
        )
    return _show(request, case, phone, notice=_("感谢您的评价。"))


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    rows = queries.public_commitments()
    return render(request, "casework/public/commitments.html", {"rows": rows})
