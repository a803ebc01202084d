"""One unit's return: the unit fills it in (save, submit, confirm unchanged); the bureau verifies,
sends it back or corrects it. Thin: parse, call the action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from zhaoshang.core.events import events_for
from zhaoshang.core.permissions import is_bureau, require_role
from zhaoshang.org.models import Role
from zhaoshang.projects.models import Stage
from zhaoshang.reporting import actions, queries
from zhaoshang.reporting.forms import (
    ReasonForm,
    ReturnEntry,
    error_list,
    form_errors,
    parse_return,
    return_rows,
)
from zhaoshang.reporting.models import UnitReturn

EDITABLE = (UnitReturn.Status.DRAFT, UnitReturn.Status.RETURNED)


def _can_edit(request: HttpRequest, unit_return: UnitReturn) -> bool:
    return (
        queries.is_unit_person(request.user)
        and unit_return.status in EDITABLE
        and unit_return.period.is_open
        and UnitReturn.objects.editable_by(request.user).filter(pk=unit_return.pk).exists()
    )


def _page(
    request: HttpRequest,
    unit_return: UnitReturn,
    entry: ReturnEntry | None = None,
    errors: list[str] | None = None,
    fragment: bool = False,
    saved: bool = False,
) -> HttpResponse:
    views = queries.return_lines(request.user, unit_return)
    errors = (entry.errors if entry else []) + (errors or [])
    reviewer = is_bureau(request.user)
    context = {
        "r": unit_return,
        "rows": return_rows(views, entry),
        "errors": errors,
        "note": entry.note if entry and entry.note is not None else unit_return.note,
        "totals": queries.return_totals(unit_return),
        "can_edit": _can_edit(request, unit_return),
        "can_review": reviewer and unit_return.status == UnitReturn.Status.SUBMITTED,
        "can_correct": reviewer and unit_return.status == UnitReturn.Status.VERIFIED,
        "events": events_for(unit_return)[:20],
        "stages": Stage.choices,
        "saved": saved,
        "is_unit_person": queries.is_unit_person(request.user),
    }
    template = "reporting/_return_form.html" if fragment else "reporting/return.html"
    status = 200 if fragment or not errors else 400
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def unit_return(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the return. POST (htmx or plain): save, or save and submit (``action=submit``)."""
    obj = queries.return_for(request.user, pk)
    if request.method == "GET":
        return _page(request, obj)
    if not queries.is_unit_person(request.user):
        raise PermissionDenied(_("只有本单位填报员或负责人可以填报月报"))
    if not UnitReturn.objects.editable_by(request.user).filter(pk=obj.pk).exists():
        raise PermissionDenied(_("只能填报本单位的月报"))
    fragment = bool(request.htmx)
    entry = parse_return(request.POST, list(obj.lines.select_related("project")))
    if not entry.ok:
        return _page(request, obj, entry, fragment=fragment)
    submit = request.POST.get("action") == "submit"
    do = actions.save_and_submit_return if submit else actions.save_return
    try:
        obj = do(actor=request.user, unit_return=obj, lines=entry.lines, note=entry.note)
    except ValidationError as exc:
        return _page(request, obj, entry, error_list(exc), fragment=fragment)
    if submit:
        messages.success(request, _("月报已报送,等待招商局审核"))
        url = reverse("reporting:return", args=[obj.pk])
        return HttpResponseClientRedirect(url) if fragment else redirect(url)
    if fragment:
        return _page(request, obj, fragment=True, saved=True)
    messages.success(request, _("已保存"))
    return redirect("reporting:return", pk=obj.pk)


@login_required
@require_POST
def confirm_unchanged(request: HttpRequest, pk: int) -> HttpResponse:
    """本月无变化,确认报送: submit the prefilled return as it is, in one click."""
    obj = queries.return_for(request.user, pk)
    if not queries.is_unit_person(request.user):
        raise PermissionDenied(_("只有本单位填报员或负责人可以报送月报"))
    if obj.fields_typed:
        messages.error(request, _("本月已填写变化内容,请核对后点击“保存并报送”"))
        return redirect("reporting:return", pk=obj.pk)
    try:
        actions.submit_return(actor=request.user, unit_return=obj)
        messages.success(request, _("已确认本月无变化并报送"))
    except ValidationError as exc:
        for message in error_list(exc):
            messages.error(request, message)
    return redirect("reporting:return", pk=obj.pk)


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    obj = queries.return_for(request.user, pk)
    try:
        actions.verify_return(actor=request.user, unit_return=obj)
        messages.success(request, _("已审核通过%(unit)s的月报") % {"unit": obj.unit})
    except ValidationError as exc:
        for message in error_list(exc):
            messages.error(request, message)
        return redirect("reporting:return", pk=obj.pk)
    return redirect("reporting:board", pk=obj.period_id)


@login_required
@require_POST
def send_back(request: HttpRequest, pk: int) -> HttpResponse:
    obj = queries.return_for(request.user, pk)
    form = ReasonForm(request.POST, label=_("退回理由"))
    try:
        if not form.is_valid():
            require_role(request.user, Role.BUREAU, message=_("只有招商局可以退回月报"))
            raise ValidationError(form_errors(form))
        actions.send_back_return(
            actor=request.user, unit_return=obj, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        for message in error_list(exc):
            messages.error(request, message)
        return redirect("reporting:return", pk=obj.pk)
    messages.success(request, _("已退回%(unit)s的月报") % {"unit": obj.unit})
    return redirect("reporting:board", pk=obj.period_id)


@login_required
@require_POST
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    """The bureau corrects a verified return's amounts, with a reason (the trace is kept)."""
    obj = queries.return_for(request.user, pk)
    if not is_bureau(request.user):
        raise PermissionDenied(_("已审核的月报只能由招商局更正"))
    form = ReasonForm(request.POST, label=_("更正理由"))
    entry = parse_return(request.POST, list(obj.lines.select_related("project")), amounts_only=True)
    errors = [] if form.is_valid() else form_errors(form)
    if errors or not entry.ok:
        return _page(request, obj, entry, errors)
    try:
        actions.correct_return(
            actor=request.user,
            unit_return=obj,
            lines=entry.lines,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as exc:
        return _page(request, obj, entry, error_list(exc))
    messages.success(request, _("月报已更正,更正记录已留痕"))
    return redirect("reporting:return", pk=obj.pk)
