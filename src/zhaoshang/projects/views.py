"""Registry pages: list, register, detail, edit, stage change, evidence. Thin: parse, call the
action or query, render. Scope comes from ``visible_to`` / ``editable_by``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_tables2 import RequestConfig

from zhaoshang.core.money import format_wan
from zhaoshang.projects import actions, queries
from zhaoshang.projects.filters import ProjectFilter
from zhaoshang.projects.forms import (
    CheckInForm,
    EvidenceForm,
    ProjectCreateForm,
    ProjectEditForm,
    StageForm,
)
from zhaoshang.projects.models import Project
from zhaoshang.projects.tables import ProjectTable

FIELD_MAP = {"planned_investment_yuan": "planned_investment_wan"}


def _year(raw: str | None) -> int:
    if raw and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
@require_GET
def list(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    filterset = ProjectFilter(
        request.GET or None, queryset=queries.projects_for(request.user, year), user=request.user
    )
    table = ProjectTable(filterset.qs)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    context = {
        "filter": filterset,
        "table": table,
        "year": year,
        "can_register": queries.can_register(request.user),
        "total": filterset.qs.count(),
        "filter_errors": [
            f"{filterset.form.fields[name].label}:{message}"
            for name, messages_ in filterset.form.errors.items()
            for message in messages_
        ],
    }
    return render(request, "projects/list.html", context)


def _create_form(request: HttpRequest, data: object = None) -> ProjectCreateForm:
    return ProjectCreateForm(
        data,
        units=queries.lead_unit_choices(request.user),
        fixed_unit=queries.fixed_unit_for(request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    if not queries.can_register(request.user):
        raise PermissionDenied(_("您没有登记项目的权限"))
    if request.method == "GET":
        form = _create_form(request)
        return render(request, "projects/form.html", {"form": form, "creating": True})
    form = _create_form(request, request.POST)
    if form.is_valid():
        try:
            project = actions.register_project_for_investor(
                actor=request.user, **form.action_kwargs()
            )
        except ValidationError as exc:
            form.take_action_error(exc, FIELD_MAP)
        else:
            messages.success(request, _("项目已登记"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "creating": True}, status=400)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.project_for(request.user, pk)
    return _detail_page(request, project)


def _detail_page(
    request: HttpRequest,
    project: Project,
    stage_form: StageForm | None = None,
    evidence_form: EvidenceForm | None = None,
    status: int = 200,
) -> HttpResponse:
    year = timezone.localdate().year
    context = {
        "project": project,
        "year": year,
        "is_new": project.is_new_in(year),
        "planned_wan": format_wan(project.planned_investment_yuan),
        "can_edit": queries.can_edit(request.user, project),
        "timeline": queries.stage_timeline(project),
        "evidence": queries.evidence_list(project),
        "history": queries.row_history(project),
        "events": queries.event_log(project),
        "checkins": queries.checkins_of(project),
        "stage_form": stage_form
        or StageForm(
            initial={"stage_date": timezone.localdate()}, checkins=queries.checkins_of(project)
        ),
        "evidence_form": evidence_form or EvidenceForm(initial={"stage": project.stage}),
    }
    return render(request, "projects/detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.editable_project_for(request.user, pk)
    initial = ProjectEditForm.initial_for(project)
    if request.method == "GET":
        form = ProjectEditForm(initial=initial)
        return render(request, "projects/form.html", {"form": form, "project": project})
    form = ProjectEditForm(request.POST, initial=initial)
    if form.is_valid():
        try:
            changes = form.changes()
            if changes:
                actions.update_project(actor=request.user, project=project, **changes)
        except ValidationError as exc:
            form.take_action_error(exc, FIELD_MAP)
        else:
            messages.success(request, _("项目已保存"))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project}, status=400)


@login_required
@require_POST
def stage(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.editable_project_for(request.user, pk)
    checkins = queries.checkins_of(project)
    form = StageForm(request.POST, checkins=checkins)
    if form.is_valid():
        chosen = form.cleaned_data["checkin"]
        try:
            actions.change_stage(
                actor=request.user,
                project=project,
                to_stage=form.cleaned_data["stage"],
                on=form.cleaned_data["stage_date"],
                reason=form.cleaned_data["reason"],
                checkin=checkins.get(pk=chosen) if chosen else None,
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("阶段已变更"))
            return redirect("projects:detail", pk=project.pk)
    return _detail_page(request, project, stage_form=form, status=400)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = queries.editable_project_for(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.add_evidence(
                actor=request.user,
                project=project,
                stage=form.cleaned_data["stage"],
                upload=form.cleaned_data["file"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("材料已上传"))
            return redirect("projects:detail", pk=project.pk)
    return _detail_page(request, project, evidence_form=form, status=400)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = queries.evidence_for(request.user, pk)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """The phone page: a photo from the camera and the browser's position with its accuracy."""
    project = queries.editable_project_for(request.user, pk)
    form = CheckInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.check_in(actor=request.user, project=project, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            flags = "、".join(done.flag_labels())
            if flags:
                messages.warning(request, _("已打卡,但有提示:%(flags)s") % {"flags": flags})
            else:
                messages.success(request, _("已打卡"))
            return redirect(f"{reverse('projects:detail', args=[project.pk])}#checkins")
    status = 400 if request.method == "POST" else 200
    context = {"project": project, "form": form}
    return render(request, "projects/checkin.html", context, status=status)


@login_required
@require_GET
def checkin_photo(request: HttpRequest, pk: int) -> FileResponse:
    found = queries.checkin_for(request.user, pk)
    response = FileResponse(found.photo.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response
