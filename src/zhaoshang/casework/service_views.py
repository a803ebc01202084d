"""Staff pages for service commitments and the free agency service (帮办代办)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhaoshang.casework import actions, forms, queries
from zhaoshang.casework.models import ServiceCommitment
from zhaoshang.casework.views import _errors, _staff
from zhaoshang.org.models import Role
from zhaoshang.projects.models import Project


@login_required
@require_http_methods(["GET", "POST"])
def commitments(request: HttpRequest) -> HttpResponse:
    _staff(request)
    user = request.user
    may_publish = user.is_superuser or user.role in (Role.UNIT_LEADER,)  # type: ignore[union-attr]
    form = forms.CommitmentForm(request.POST or None)
    if request.method == "POST":
        if not may_publish:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.save_commitment(actor=user, unit=user.unit, **form.cleaned_data)  # type: ignore[union-attr]
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("服务承诺已发布"))
                return redirect("casework:commitments")
    rows = ServiceCommitment.objects.visible_to(user).select_related("unit")
    return render(
        request,
        "casework/commitments.html",
        {"rows": rows, "form": form, "may_publish": may_publish},
        status=422 if form.errors else 200,
    )


def _is_bureau(user: object) -> bool:
    return bool(getattr(user, "is_superuser", False)) or getattr(user, "role", "") in (
        Role.BUREAU,
        Role.ADMIN,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agency(request: HttpRequest) -> HttpResponse:
    _staff(request)
    user = request.user
    form = None
    if _is_bureau(user):
        form = forms.AssignForm(
            request.POST or None,
            projects=Project.objects.editable_by(user),
            agents=queries.agents_for(user),  # type: ignore[arg-type]
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                actions.assign_agent(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                _errors(form, exc)
            else:
                messages.success(request, _("已指派代办员"))
                return redirect("casework:agency")
    return render(
        request,
        "casework/agency.html",
        {"rows": queries.agency_assignments(user), "form": form},
        status=422 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = queries.agency_assignments(request.user).filter(pk=pk).first()
    if assignment is None:
        raise Http404
    user = request.user
    may_record = assignment.agent_id == user.pk or _is_bureau(user)
    form = forms.LedgerForm(request.POST or None)
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied
        if form.is_valid():
            try:
                record = actions.record_agency_service(
                    actor=user, assignment=assignment, **form.cleaned_data
                )
            except ValidationError as exc:
                _errors(form, exc)
            else:
                if record.breach:
                    messages.error(request, _("已记录:代办收费违反免费代办规定,已通知招商局"))
                else:
                    messages.success(request, _("已记录"))
                return redirect("casework:ledger", pk=pk)
    return render(
        request,
        "casework/ledger.html",
        {
            "assignment": assignment,
            "records": queries.agency_ledger(assignment),
            "form": form if may_record else None,
        },
        status=422 if form.errors else 200,
    )
