"""Staff pages under /casework/: list, register, a case's page and its action forms (htmx),
statistics, commitments and the free agency service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.casework import actions, forms, queries, rules
from zhaoshang.casework.models import Case, Extension, Status
from zhaoshang.org.models import Role, Unit


def _errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _staff(request: HttpRequest) -> None:
    if not getattr(request.user, "role", "") and not request.user.is_superuser:
        raise PermissionDenied


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    _staff(request)
    units = Unit.objects.visible_to(request.user).filter(kind=Unit.Kind.UNIT)
    form = forms.FilterForm(request.GET or None, units=units)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = queries.case_list(
        request.user,
        status=filters.get("status") or "",
        light=filters.get("light") or "",
        unit=filters["unit"].pk if filters.get("unit") else None,
        flag=filters.get("flag") or "",
    )
    page = Paginator(cases, 30).get_page(request.GET.get("page"))
    return render(request, "casework/list.html", {"form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    user = request.user
    unit = getattr(user, "unit", None)
    if not user.has_role(*actions.STAFF_ROLES) or unit is None or unit.kind != Unit.Kind.UNIT:  # type: ignore[union-attr]
        raise PermissionDenied
    form = forms.RegisterForm(request.POST or None, request.FILES or None, unit=user.unit)  # type: ignore[union-attr]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.register_case(actor=user, **data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("已登记,查询码 %(code)s") % {"code": case.code})
            return redirect("casework:detail", pk=case.pk)
    return render(
        request, "casework/register.html", {"form": form}, status=422 if form.errors else 200
    )


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = queries.case_page(request.user, pk)
    if case is None:
        raise Http404
    return case


def _context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    can_change = queries.can_change(request.user, case)
    pending = case.extensions.filter(decision=Extension.Decision.PENDING).first()
    user = request.user
    can_decide = can_change and (
        user.is_superuser or user.role in (Role.UNIT_LEADER, Role.BUREAU, Role.ADMIN)  # type: ignore[union-attr]
    )
    can_follow_up = user.unit_id == case.first_unit_id or can_change  # type: ignore[union-attr]
    context = {
        "case": case,
        "steps": queries.steps(case),
        "attachments": case.attachments.all(),
        "extensions": case.extensions.all(),
        "can_change": can_change,
        "can_decide": can_decide and pending is not None,
        "pending": pending,
        "can_follow_up": can_follow_up and case.status == Status.COMPLETED,
        "can_escalate": can_change
        and (user.is_superuser or user.role in (Role.BUREAU, Role.ADMIN))  # type: ignore[union-attr]
        and case.is_open,
        "pass_form": forms.PassForm(units=queries.transfer_targets(case)),
        "reason_form": forms.ReasonForm(),
        "extension_form": forms.ExtensionForm(),
        "decide_form": forms.DecideForm(),
        "complete_form": forms.CompleteForm(),
        "rate_form": forms.StaffRateForm(),
        "can_contact": can_change and case.contact_pending,
        "contact_form": forms.ContactForm(),
    }
    context.update(extra)
    return context


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    return render(request, "casework/detail.html", _context(request, case))


def _run(request: HttpRequest, case: Case, verb: str) -> tuple[Any, str]:
    """Parse the verb's form and call its action; returns (form, success message)."""
    user, post, now = request.user, request.POST, timezone.now()
    simple: dict[str, Callable[..., Any]] = {
        "pause": actions.pause_case,
        "send-back": actions.send_back,
        "withdraw": actions.withdraw_case,
        "escalate": actions.escalate_case,
    }
    if verb == "accept":
        actions.accept_case(actor=user, case=case, now=now)
        return None, _("已受理")
    if verb == "resume":
        actions.resume_case(actor=user, case=case, now=now)
        return None, _("已恢复办理,期限已顺延")
    if verb in simple:
        form: Any = forms.ReasonForm(post)
        form.is_valid()
        simple[verb](actor=user, case=case, reason=form.cleaned_data.get("reason", ""), now=now)
        return form, _("已办理")
    if verb == "pass":
        form = forms.PassForm(post, units=queries.transfer_targets(case))
        if not form.is_valid():
            if "to_unit" in form.errors:
                raise ValidationError({"to_unit": _("不能转办给本单位,请选择其他单位")})
            raise ValidationError(form.errors)
        actions.pass_on(actor=user, case=case, now=now, **form.cleaned_data)
        return form, _("已转办")
    if verb == "extension":
        form = forms.ExtensionForm(post)
        if not form.is_valid():
            raise ValidationError({"days": _("延长天数应为 1–30 个工作日")})
        ext = actions.ask_extension(actor=user, case=case, now=now, **form.cleaned_data)
        if ext.decision == Extension.Decision.LATE:
            raise ValidationError({"days": _("已超过办理期限,不能再申请延期(已记录)")})
        return form, _("延期申请已提交")
    if verb == "decide":
        form = forms.DecideForm(post)
        pending = case.extensions.filter(decision=Extension.Decision.PENDING).first()
        if pending is None or not form.is_valid():
            raise ValidationError({"decision": _("没有待审批的延期申请")})
        actions.decide_extension(actor=user, extension=pending, now=now, **form.cleaned_data)
        return form, _("已审批")
    if verb == "complete":
        form = forms.CompleteForm(post)
        form.is_valid()
        actions.complete_case(actor=user, case=case, result=form.cleaned_data["result"], now=now)
        return form, _("已办结")
    if verb == "contact":
        form = forms.ContactForm(post)
        form.is_valid()
        actions.record_contact(actor=user, case=case, note=form.cleaned_data["note"], now=now)
        return form, _("已记录首次联系")
    if verb == "rate":
        form = forms.StaffRateForm(post)
        if not form.is_valid():
            raise ValidationError({"satisfied": _("请选择回访结果")})
        actions.rate_case(actor=user, case=case, now=now, **form.cleaned_data)
        return form, _("回访结果已记录")
    raise Http404


@login_required
@require_POST
def act(request: HttpRequest, pk: int, verb: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    status = 200
    try:
        _, done = _run(request, case, verb)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
        status = 422
    else:
        messages.success(request, done)
    case = _case_or_404(request, pk)  # routed units keep seeing the case after passing it on
    if request.htmx:  # type: ignore[attr-defined]
        # htmx 2 does not swap 4xx answers: the refusal is shown in the fragment, marked by a
        # header for scripts and tests.
        response = render(request, "casework/_case_body.html", _context(request, case))
        response["X-Refused"] = "1" if status == 422 else "0"
        return response
    return redirect("casework:detail", pk=case.pk)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """An attachment, to those who may see its case; served as a download, never inline."""
    case = _case_or_404(request, pk)
    row = case.attachments.filter(pk=attachment_id).first()
    if row is None:
        raise Http404
    response = FileResponse(
        row.file.open("rb"),
        as_attachment=True,
        filename=row.original_name,
        content_type=row.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    _staff(request)
    today = timezone.localdate()
    form = forms.StatsForm(request.GET or {"start": date(today.year, 1, 1), "end": today})
    rows = []
    if form.is_valid():
        rows = queries.unit_stats(
            request.user, form.cleaned_data["start"], form.cleaned_data["end"]
        )
    return render(request, "casework/stats.html", {"form": form, "rows": rows})


# --- The monthly call-back of withdrawn requests (回访抽样) -----------------------------------


def _last_month() -> str:
    first = timezone.localdate().replace(day=1)
    previous = date.fromordinal(first.toordinal() - 1)
    return f"{previous:%Y-%m}"


@login_required
@require_GET
def callbacks(request: HttpRequest) -> HttpResponse:
    if not queries.may_read_callbacks(request.user):
        raise PermissionDenied
    form = forms.MonthForm(request.GET if "month" in request.GET else {"month": _last_month()})
    rows: list[queries.CallBackRow] = []
    year = month = 0
    if form.is_valid():
        year, month = form.year_month()
        rows = queries.callback_rows(request.user, year, month)
    return render(
        request,
        "casework/callbacks.html",
        {
            "form": form,
            "rows": rows,
            "year": year,
            "month": month,
            "month_value": form.data.get("month", ""),
            "may_record": actions.may_call_back(request.user),
            "callback_form": forms.CallBackForm(auto_id=False),
            "size": rules.SAMPLE_SIZE,
        },
        status=200 if form.is_valid() else 422,
    )


@login_required
@require_POST
def callback_record(request: HttpRequest, pk: int) -> HttpResponse:
    """Record one sampled case's call-back (the bureau), then back to the month's list."""
    if not actions.may_call_back(request.user):
        raise PermissionDenied
    case = _case_or_404(request, pk)
    form = forms.CallBackForm(request.POST)
    valid = form.is_valid()
    back = reverse("casework:callbacks")
    if "month" not in form.errors:
        back += "?month=" + form.cleaned_data["month"]
    if not valid:
        errors = ";".join(
            f"{form.fields[f].label or f}:{' '.join(e)}" for f, e in form.errors.items()
        )
        messages.error(
            request,
            _("诉求 %(code)s 的回访未记录:%(errors)s") % {"code": case.code, "errors": errors},
        )
        return redirect(back)
    year, month = form.year_month()
    data = form.cleaned_data
    try:
        callback = actions.record_callback(
            actor=request.user,
            case=case,
            year=year,
            month=month,
            reached=data["reached"],
            satisfied=data["satisfied"],
            view=data["view"],
            note=data["note"],
            now=timezone.now(),
        )
    except ValidationError as exc:
        messages.error(
            request,
            _("诉求 %(code)s 的回访未记录:%(errors)s")
            % {"code": case.code, "errors": ";".join(exc.messages)},
        )
        return redirect(back)
    if callback.reopened:
        messages.warning(
            request,
            _("已记录回访;企业不满意,诉求 %(code)s 已由首问单位重新办理") % {"code": case.code},
        )
    else:
        messages.success(request, _("已记录诉求 %(code)s 的回访") % {"code": case.code})
    return redirect(back)
