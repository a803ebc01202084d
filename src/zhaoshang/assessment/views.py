"""Assessment pages: schemes, runs (rankings and lists), score sheets, objections, the ledger."""

from __future__ import annotations

import contextlib
from typing import Any

import yaml
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhaoshang.assessment import actions, queries
from zhaoshang.assessment.forms import (
    DeductionForm,
    MeasureForm,
    ObjectionForm,
    ResolveForm,
    RunForm,
    SchemeForm,
)
from zhaoshang.assessment.models import AssessmentRun, Result, Scheme
from zhaoshang.assessment.scheme import SYSTEM_MEASURES
from zhaoshang.core.permissions import is_bureau
from zhaoshang.org.models import Role, Unit


def _district(request: HttpRequest) -> Unit:
    district_id = getattr(request.user, "district_id", None)
    if not is_bureau(request.user) or district_id is None:
        raise PermissionDenied(_("只有招商局工作人员可以进行考核操作"))
    return Unit.objects.get(pk=district_id)


def _index(
    request: HttpRequest, scheme_form: Any = None, run_form: Any = None, status: int = 200
) -> HttpResponse:
    schemes = queries.schemes_for(request.user)
    bureau = is_bureau(request.user)
    context = {
        "schemes": schemes,
        "runs": queries.runs_for(request.user),
        "can_manage": bureau,
        "scheme_form": scheme_form or (SchemeForm() if bureau else None),
        "run_form": run_form or (RunForm(schemes=schemes) if bureau else None),
    }
    return render(request, "assessment/index.html", context, status=status)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


@login_required
@require_POST
def save_scheme(request: HttpRequest) -> HttpResponse:
    district = _district(request)
    form = SchemeForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            scheme = actions.save_scheme(
                actor=request.user,
                district=district,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("考核方案已保存(第%(v)s版)") % {"v": scheme.version})
            return redirect("assessment:scheme", pk=scheme.pk)
    return _index(request, scheme_form=form, status=400)


@login_required
@require_GET
def scheme(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.scheme_for(request.user, pk)
    spec = row.spec
    context = {
        "scheme": row,
        "spec": spec,
        "versions": queries.schemes_for(request.user).filter(name=row.name, district=row.district),
        "yaml": yaml.safe_dump(row.body, allow_unicode=True, sort_keys=False),
        "measures": [
            (c, spec.measure_label(c)) for c in [*SYSTEM_MEASURES, *spec.external_measures]
        ],
    }
    return render(request, "assessment/scheme.html", context)


@login_required
@require_GET
def scheme_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.scheme_for(request.user, pk)
    response = HttpResponse(
        yaml.safe_dump(row.body, allow_unicode=True, sort_keys=False),
        content_type="application/yaml; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="scheme-{row.pk}-v{row.version}.yaml"'
    return response


@login_required
@require_POST
def run_scheme(request: HttpRequest) -> HttpResponse:
    _district(request)
    form = RunForm(request.POST, schemes=Scheme.objects.editable_by(request.user))
    if form.is_valid():
        try:
            run = actions.run_assessment(
                actor=request.user,
                scheme=form.cleaned_data["scheme"],
                period=form.cleaned_data["period"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("考核结果已计算并公示"))
            return redirect("assessment:run", pk=run.pk)
    return _index(request, run_form=form, status=400)


@login_required
@require_GET
def run(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.run_for(request.user, pk)
    context = {
        "run": row,
        "groups": queries.rankings(request.user, row),
        "objections": queries.objections_for(request.user, row),
        "can_manage": AssessmentRun.objects.editable_by(request.user).filter(pk=row.pk).exists(),
    }
    return render(request, "assessment/run.html", context)


@login_required
@require_POST
def finalise(request: HttpRequest, pk: int) -> HttpResponse:
    row = queries.run_for(request.user, pk)
    try:
        actions.finalise_run(actor=request.user, run=row)
    except ValidationError as exc:
        messages.error(request, ";".join(exc.messages))
    else:
        messages.success(request, _("考核结果已确定"))
    return redirect("assessment:run", pk=row.pk)


def _sheet(
    request: HttpRequest, result: Result, form: Any = None, status: int = 200
) -> HttpResponse:
    run = result.run
    may_object = (
        getattr(request.user, "role", "") in {Role.REPORTER, Role.UNIT_LEADER}
        and not run.is_final
        and timezone.localdate() <= run.objection_until
    )
    can_resolve = AssessmentRun.objects.editable_by(request.user).filter(pk=run.pk).exists()
    context = {
        "result": result,
        "run": run,
        "objections": result.objections.order_by("-filed_at"),
        "objection_form": form or (ObjectionForm() if may_object else None),
        "resolve_form": ResolveForm() if can_resolve and not run.is_final else None,
    }
    return render(request, "assessment/sheet.html", context, status=status)


@login_required
@require_GET
def sheet(request: HttpRequest, pk: int) -> HttpResponse:
    return _sheet(request, queries.result_for(request.user, pk))


@login_required
@require_POST
def object_(request: HttpRequest, pk: int) -> HttpResponse:
    result = queries.result_for(request.user, pk)
    form = ObjectionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.file_objection(
                actor=request.user,
                result=result,
                text=form.cleaned_data["text"],
                evidence=form.cleaned_data["evidence"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("异议已提交,等待招商局处理"))
            return redirect("assessment:sheet", pk=result.pk)
    return _sheet(request, result, form=form, status=400)


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = queries.objection_for(request.user, pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, ";".join(form.labelled_errors()))
    else:
        try:
            actions.resolve_objection(
                actor=request.user,
                objection=objection,
                upheld=form.cleaned_data["decision"] == "upheld",
                resolution=form.cleaned_data["resolution"],
            )
        except ValidationError as exc:
            messages.error(request, ";".join(exc.messages))
        else:
            messages.success(request, _("异议已处理"))
    return redirect("assessment:sheet", pk=objection.result_id)


def _ledger(
    request: HttpRequest, deduction_form: Any = None, measure_form: Any = None, status: int = 200
) -> HttpResponse:
    year = timezone.localdate().year
    with contextlib.suppress(ValueError):
        year = int(request.GET.get("year") or year)
    scheme = Scheme.objects.visible_to(request.user).filter(year=year).first()
    bureau = is_bureau(request.user) and scheme is not None
    rules = [(r.code, r.name) for r in scheme.spec.deductions] if scheme else []
    codes = list(scheme.spec.external_measures.items()) if scheme else []
    units = queries.assessed_units(request.user)
    context = {
        "year": year,
        "scheme": scheme,
        "deductions": queries.ledger_for(request.user, year),
        "entries": queries.measures_for(request.user, year),
        "deduction_form": deduction_form
        or (DeductionForm(units=units, rules=rules) if bureau else None),
        "measure_form": measure_form or (MeasureForm(units=units, codes=codes) if bureau else None),
    }
    return render(request, "assessment/ledger.html", context, status=status)


@login_required
@require_GET
def ledger(request: HttpRequest) -> HttpResponse:
    return _ledger(request)


def _ledger_scheme(request: HttpRequest) -> Scheme:
    _district(request)
    scheme = Scheme.objects.editable_by(request.user).filter(year=timezone.localdate().year).first()
    scheme = scheme or Scheme.objects.editable_by(request.user).first()
    if scheme is None:
        raise PermissionDenied(_("尚无考核方案"))
    return scheme


@login_required
@require_POST
def add_deduction(request: HttpRequest) -> HttpResponse:
    scheme = _ledger_scheme(request)
    rules = [(r.code, r.name) for r in scheme.spec.deductions]
    form = DeductionForm(
        request.POST, request.FILES, units=queries.assessed_units(request.user), rules=rules
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_deduction(
                actor=request.user,
                scheme=scheme,
                unit=data["unit"],
                rule=data["rule"],
                reason=data["reason"],
                on=data["on"],
                points=data["points"],
                evidence=data["evidence"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("扣分已记入台账"))
            return redirect("assessment:ledger")
    return _ledger(request, deduction_form=form, status=400)


@login_required
@require_POST
def add_measure(request: HttpRequest) -> HttpResponse:
    scheme = _ledger_scheme(request)
    codes = list(scheme.spec.external_measures.items())
    form = MeasureForm(
        request.POST, request.FILES, units=queries.assessed_units(request.user), codes=codes
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.enter_measure(
                actor=request.user,
                unit=data["unit"],
                year=scheme.year,
                month=data["month"],
                code=data["code"],
                value=data["value"],
                evidence=data["evidence"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("考核指标已录入"))
            return redirect("assessment:ledger")
    return _ledger(request, measure_form=form, status=400)
