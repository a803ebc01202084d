"""Public pages under /portal/inspections/: verify a code, rate the visit, report an unfiled
inspection, and (if the district chooses) the protection list.

Verification shows only: filed, which department, for what (matter and kind), the date. Wrong
codes all get one generic message, and an IP with too many failures is refused (429) for a while.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.core.ratelimit import FailureLimit
from zhaoshang.inspections import actions, queries
from zhaoshang.inspections.forms import RatingForm, UnfiledReportForm, VerifyForm

GENERIC_FAILURE = gettext_lazy(
    "未查询到该核验码对应的备案检查。请核对后重试;如检查人员无法出示有效核验码,可反映未备案检查。"
)


VERIFYING = FailureLimit("inspections.verify", "VERIFY_MAX_FAILURES", "VERIFY_WINDOW_SECONDS")


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "inspections/public/verify.html",
        {
            "form": VerifyForm(),
            "error": _("核验失败次数过多,请 %(m)d 分钟后再试。") % {"m": VERIFYING.minutes},
        },
        status=429,
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    raw = request.POST.get("code") if request.method == "POST" else request.GET.get("code")
    if raw is None:
        return render(request, "inspections/public/verify.html", {"form": VerifyForm()})
    if VERIFYING.blocked(request):
        return _too_many(request)
    filing = actions.verify(raw)
    if filing is None:
        return _unknown_code(request)
    context = {
        "f": filing,
        "rated": hasattr(filing, "rating"),
        "rating_form": RatingForm(initial={"code": filing.code}),
    }
    return render(request, "inspections/public/verified.html", context)


def _unknown_code(request: HttpRequest) -> HttpResponse:
    VERIFYING.failed(request)
    context = {"form": VerifyForm(), "error": GENERIC_FAILURE}
    return render(request, "inspections/public/verify.html", context, status=404)


@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    if VERIFYING.blocked(request):
        return _too_many(request)
    filing = actions.verify(request.POST.get("code", ""))
    if filing is None:
        return _unknown_code(request)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            actions.rate_visit(
                actor=request.user,
                code=filing.code or "",
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            return render(request, "inspections/public/thanks.html", {"what": _("感谢您的评价。")})
    context = {"f": filing, "rated": hasattr(filing, "rating"), "rating_form": form}
    return render(request, "inspections/public/verified.html", context, status=400)


@require_http_methods(["GET", "POST"])
def report(request: HttpRequest) -> HttpResponse:
    form = UnfiledReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.report_unfiled(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            return render(
                request,
                "inspections/public/thanks.html",
                {
                    "what": _("已收到您反映的未备案检查,我们将核实处理。"),
                    "case_ref": report.case_ref,
                },
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/public/report.html", {"form": form}, status=status)


@require_GET
def protected(request: HttpRequest) -> HttpResponse:
    if not settings.ZHAOSHANG["PUBLISH_PROTECTION_LIST"]:
        raise Http404
    rows = queries.public_protection_list(timezone.localdate())
    return render(request, "inspections/public/protected.html", {"rows": rows})
