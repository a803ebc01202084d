"""Staff pages: enterprise register, protection list, filings, approvals, merging, statistics.
Thin: parse, call the action or query, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.core.events import events_for
from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections import actions, queries
from zhaoshang.inspections.forms import (
    DecisionForm,
    EnterpriseEditForm,
    EnterpriseFilterForm,
    EnterpriseForm,
    EnterpriseStatusForm,
    FilingFilterForm,
    FilingForm,
    MergeForm,
    ProtectionFilterForm,
    ProtectionForm,
    ReasonForm,
)
from zhaoshang.inspections.qr import qr_svg


def _bureau_only(request: HttpRequest) -> None:
    if not is_bureau(request.user):
        raise PermissionDenied(_("只有招商局可以执行此操作"))


PAGE_SIZE = 50  # rows per page of the enterprise, protection and filing lists


def _page(request: HttpRequest, rows: Any) -> Page:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
@require_GET
def enterprises(request: HttpRequest) -> HttpResponse:
    form = EnterpriseFilterForm(request.GET, units=queries.filter_units(request.user))
    f = form.filters()
    rows = queries.enterprises_for(
        request.user, f.get("q", ""), unit=f.get("unit"), status=f.get("status", "")
    )
    context = {
        "page": _page(request, rows),
        "filter_form": form,
        "can_register": queries.can_register_enterprise(request.user),
    }
    return render(request, "inspections/enterprises.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_new(request: HttpRequest) -> HttpResponse:
    if not queries.can_register_enterprise(request.user):
        raise PermissionDenied(_("您没有登记企业的权限"))
    units = queries.responsible_unit_choices(request.user)
    form = EnterpriseForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            e = actions.register_enterprise(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("企业已登记"))
            return redirect("inspections:enterprise", pk=e.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "inspections/form.html", {"form": form, "title": _("登记企业")}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    e = queries.editable_enterprise_for(request.user, pk)
    units = queries.responsible_unit_choices(request.user)
    form = EnterpriseEditForm(
        request.POST or None, units=units, initial=EnterpriseEditForm.initial_for(e)
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_enterprise(actor=request.user, enterprise=e, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("企业信息已修改"))
            return redirect("inspections:enterprise", pk=e.pk)
    status = 400 if request.method == "POST" else 200
    title = _("修改企业信息:%(name)s") % {"name": e.name}
    return render(request, "inspections/form.html", {"form": form, "title": title}, status=status)


@login_required
@require_GET
def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    e = queries.enterprise_for(request.user, pk)
    return _enterprise_page(request, e)


def _enterprise_page(
    request: HttpRequest, e: Any, form: EnterpriseStatusForm | None = None, status: int = 200
) -> HttpResponse:
    context = {
        "e": e,
        "timeline": queries.timeline(request.user, e),
        "can_edit": queries.can_edit_enterprise(request.user, e),
        "status_form": form or EnterpriseStatusForm(initial={"status": e.status}),
        "events": events_for(e).order_by("-pk")[:50],
    }
    return render(request, "inspections/enterprise.html", context, status=status)


@login_required
@require_POST
def enterprise_status(request: HttpRequest, pk: int) -> HttpResponse:
    e = queries.editable_enterprise_for(request.user, pk)
    form = EnterpriseStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_enterprise_status(actor=request.user, enterprise=e, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("企业状态已变更"))
            return redirect("inspections:enterprise", pk=e.pk)
    return _enterprise_page(request, e, form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def protections(request: HttpRequest) -> HttpResponse:
    form = ProtectionForm(request.POST or None, projects=queries.protectable_projects(request.user))
    status = 200
    if request.method == "POST":
        _bureau_only(request)
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            uscc = data.pop("uscc")
            try:
                data["enterprise"] = (
                    queries.enterprises_for(request.user).filter(uscc=uscc).first()
                    if uscc
                    else None
                )
                if uscc and data["enterprise"] is None:
                    raise ValidationError({"uscc": _("企业名录中没有该统一社会信用代码")})
                actions.list_protection(actor=request.user, **data)
            except ValidationError as exc:
                form.take_action_error(exc)
            else:
                messages.success(request, _("已挂牌保护"))
                return redirect("inspections:protections")
    today = timezone.localdate()
    filter_form = ProtectionFilterForm(request.GET)
    f = filter_form.filters()
    rows = queries.protection_list(
        request.user, q=f.get("q", ""), status=f.get("status", ""), today=today
    )
    context = {
        "page": _page(request, rows),
        "filter_form": filter_form,
        "form": form,
        "can_manage": is_bureau(request.user),
        "today": today,
    }
    return render(request, "inspections/protections.html", context, status=status)


@login_required
@require_POST
def protection_change(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    _bureau_only(request)
    protection = queries.protection_for(request.user, pk)
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.labelled_errors())
        reason = form.cleaned_data["reason"]
        if op == "renew":
            ends_on = form.cleaned_data["ends_on"]
            if ends_on is None:
                raise ValidationError(_("请填写新的截止日"))
            actions.renew_protection(
                actor=request.user, protection=protection, ends_on=ends_on, reason=reason
            )
        else:
            actions.remove_protection(actor=request.user, protection=protection, reason=reason)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("已续期") if op == "renew" else _("已摘牌"))
    return redirect("inspections:protections")


@login_required
@require_GET
def filings(request: HttpRequest) -> HttpResponse:
    form = FilingFilterForm(request.GET, units=queries.filter_units(request.user))
    f = form.filters()
    rows = queries.filing_list(
        request.user,
        q=f.get("q", ""),
        status=f.get("status", ""),
        kind=f.get("kind", ""),
        department=f.get("unit"),
        month=f.get("month"),
    )
    context = {
        "page": _page(request, rows),
        "filter_form": form,
        "pending": queries.pending_approvals(request.user),
        "proposals": queries.merge_proposals(request.user),
        "can_file": queries.can_file(request.user),
        "is_bureau": is_bureau(request.user),
    }
    return render(request, "inspections/filings.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def filing_new(request: HttpRequest) -> HttpResponse:
    if not queries.can_file(request.user):
        raise PermissionDenied(_("只有乡镇街道和区直部门可以备案检查"))
    form = FilingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = actions.file_inspection(
                actor=request.user,
                department=request.user.unit,
                enterprise=actions.enterprise_by_uscc(request.user, data["uscc"]),
                kind=data["kind"],
                matter=data["matter"],
                legal_basis=data["legal_basis"],
                items=data["items"],
                inspectors=form.inspector_list(),
                planned_date=data["planned_date"],
            )
        except ValidationError as exc:
            form.take_action_error(exc, {"enterprise": "uscc"})
        else:
            messages.success(request, _("检查已备案") if filing.code else _("已提交,待招商局审批"))
            return redirect("inspections:filing", pk=filing.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": _("检查备案"), "rules": actions.InspectionRules.current()}
    return render(request, "inspections/form.html", context, status=status)


@login_required
@require_GET
def filing(request: HttpRequest, pk: int) -> HttpResponse:
    f = queries.filing_for(request.user, pk)
    link = ""
    if f.code:
        link = request.build_absolute_uri(reverse("verify:check") + f"?code={f.code}")
    context = {
        "f": f,
        "link": link,
        "qr": qr_svg(link) if link else "",
        "can_decide": is_bureau(request.user) and f.status == f.Status.PENDING,
        "decision_form": DecisionForm(),
        "events": events_for(f).order_by("-pk"),
    }
    return render(request, "inspections/filing.html", context)


@login_required
@require_POST
def filing_decide(request: HttpRequest, pk: int, op: str) -> HttpResponse:
    _bureau_only(request)
    f = queries.filing_for(request.user, pk)
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if op == "approve":
            actions.approve_filing(actor=request.user, filing=f, note=note)
        else:
            actions.refuse_filing(actor=request.user, filing=f, note=note)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("已同意,核验码已生成") if op == "approve" else _("已不予同意"))
    return redirect("inspections:filing", pk=pk)


@login_required
@require_POST
def merge(request: HttpRequest) -> HttpResponse:
    _bureau_only(request)
    form = MergeForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.labelled_errors())
        rows = list(queries.filings_for(request.user).filter(pk__in=form.filing_ids()))
        actions.merge_filings(
            actor=request.user,
            filings=rows,
            visit_date=form.cleaned_data["visit_date"],
            lead_department=form.cleaned_data["lead_department"],
        )
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("已合并为综合查一次"))
    return redirect("inspections:filings")


@login_required
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    raw = request.GET.get("month", "")
    try:
        year, month = (int(x) for x in raw.split("-"))
        if not 1 <= month <= 12 or not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        year, month = today.year, today.month
    before = (year - 1, 12) if month == 1 else (year, month - 1)
    after = (year + 1, 1) if month == 12 else (year, month + 1)
    context = {
        "year": year,
        "month": month,
        "month_value": f"{year:04d}-{month:02d}",
        "previous_month": f"{before[0]:04d}-{before[1]:02d}",
        "next_month": f"{after[0]:04d}-{after[1]:02d}",
        "departments": queries.monthly_by_department(request.user, year, month),
        "enterprises": queries.monthly_by_enterprise(request.user, year, month),
    }
    return render(request, "inspections/stats.html", context)
