"""Public pages under /portal/service/: the request form, tracking by code + phone (wrong pairs
get one generic message and are rate-limited per IP), the rating form, the commitments."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.casework import actions, forms, queries
from zhaoshang.casework.models import Case, Status
from zhaoshang.casework.views import _errors

NOT_FOUND = "查询码或联系电话不正确,请核对后重试。"


def _limits() -> tuple[int, int]:
    conf = settings.ZHAOSHANG
    return int(conf.get("TRACK_MAX_FAILURES", 10)), int(conf.get("TRACK_WINDOW_SECONDS", 900))


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(request: HttpRequest) -> str:
    return f"casework:track-failures:{_client_ip(request)}"


def _blocked(request: HttpRequest) -> bool:
    return int(cache.get(_key(request), 0)) >= _limits()[0]


def _failed(request: HttpRequest) -> None:
    key, window = _key(request), _limits()[1]
    if not cache.add(key, 1, window):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)


def _too_many(request: HttpRequest) -> HttpResponse:
    minutes = _limits()[1] // 60
    return render(
        request,
        "casework/public/track.html",
        {
            "form": forms.TrackForm(),
            "error": _("查询失败次数过多,请 %(m)d 分钟后再试。") % {"m": minutes},
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
    if _blocked(request):
        return _too_many(request)
    form = forms.TrackForm(request.POST)
    case = None
    if form.is_valid():
        case = queries.for_enterprise(form.cleaned_data["code"], form.cleaned_data["phone"])
    if case is None:
        _failed(request)
        return render(
            request, "casework/public/track.html", {"form": form, "error": _(NOT_FOUND)}, status=404
        )
    return _show(request, case, form.cleaned_data["phone"])


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    if _blocked(request):
        return _too_many(request)
    form = forms.PublicRateForm(request.POST)
    code, phone = request.POST.get("code", ""), request.POST.get("phone", "")
    case = queries.for_enterprise(code, phone)
    if case is None:
        _failed(request)
        return render(
            request,
            "casework/public/track.html",
            {"form": forms.TrackForm(request.POST), "error": _(NOT_FOUND)},
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
            {"form": forms.TrackForm(), "error": _(NOT_FOUND)},
            status=404,
        )
    return _show(request, case, phone, notice=_("感谢您的评价。"))


@require_GET
def commitments(request: HttpRequest) -> HttpResponse:
    rows = queries.public_commitments()
    return render(request, "casework/public/commitments.html", {"rows": rows})
