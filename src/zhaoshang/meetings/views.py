"""On-site meeting pages. Thin: parse, call the action or query, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.meetings import actions, queries, resolutions
from zhaoshang.meetings.forms import (
    AccountForm,
    CandidateFilter,
    CloseForm,
    MeetingForm,
    ProgressForm,
    ResolutionForm,
)
from zhaoshang.meetings.pack import pack_context, render_pack_pdf
from zhaoshang.projects.forms import CheckInForm
from zhaoshang.projects.models import Project


@login_required
@require_http_methods(["GET", "POST"])
def index(request: HttpRequest) -> HttpResponse:
    can_plan = queries.can_plan(request.user)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied(_("只有招商局可以筹备现场会"))
        if form.is_valid():
            try:
                meeting = actions.plan_meeting(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.take_action_error(exc)
            else:
                return redirect("meetings:detail", pk=meeting.pk)
    context = {
        "meetings": queries.meetings_for(request.user),
        "my_stops": queries.my_stops(request.user),
        "form": form if can_plan else None,
    }
    return render(request, "meetings/index.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_for(request.user, pk)
    can_edit = queries.Meeting.objects.editable_by(request.user).filter(pk=pk).exists()
    context = {
        "meeting": meeting,
        "stops": queries.stops_of(meeting),
        "can_edit": can_edit,
        "resolutions": resolutions.tracked(
            resolutions.resolutions_for(request.user).filter(meeting=meeting),
            timezone.localdate(),
        ),
    }
    if can_edit:
        context["resolution_form"] = ResolutionForm(units=queries.unit_choices(meeting))
        filters = CandidateFilter(request.GET or None, units=queries.unit_choices(meeting))
        context["filters"] = filters
        context["candidates"] = queries.candidates(request.user, meeting, **filters.values())[:100]
    return render(request, "meetings/detail.html", context)


@login_required
@require_POST
def add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.editable_meeting_for(request.user, pk)
    ids = [int(v) for v in request.POST.getlist("project") if v.isdigit()]
    by_id = Project.objects.visible_to(request.user).in_bulk(ids)
    try:
        actions.add_stops(
            actor=request.user, meeting=meeting, projects=[by_id[i] for i in ids if i in by_id]
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已加入路线"))
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_POST
def stop_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    stop = queries.stop_for(request.user, pk)
    if direction == "remove":
        actions.remove_stop(actor=request.user, stop=stop)
    else:
        actions.move_stop(actor=request.user, stop=stop, up=direction == "up")
    return redirect("meetings:detail", pk=stop.meeting_id)


@login_required
@require_GET
def pack(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_for(request.user, pk)
    return render(request, "meetings/pack.html", pack_context(meeting, for_pdf=False))


@login_required
@require_GET
def pack_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.meeting_for(request.user, pk)
    response = HttpResponse(render_pack_pdf(meeting), content_type="application/pdf")
    filename = f"meeting-{meeting.on:%Y%m%d}-{meeting.pk}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def stop_account(request: HttpRequest, pk: int) -> HttpResponse:
    stop = queries.stop_for(request.user, pk)
    form = AccountForm(request.POST or None, initial={"account": stop.account})
    if request.method == "POST" and form.is_valid():
        try:
            actions.write_account(actor=request.user, stop=stop, text=form.cleaned_data["account"])
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("经验介绍已保存"))
            return redirect("meetings:account", pk=stop.pk)
    status = 400 if form.errors else 200
    return render(request, "meetings/account.html", {"stop": stop, "form": form}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def stop_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    stop = queries.stop_for(request.user, pk)
    form = CheckInForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.check_in_stop(actor=request.user, stop=stop, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            flags = "、".join(done.flag_labels())
            if flags:
                messages.warning(request, _("已打卡,但有提示:%(flags)s") % {"flags": flags})
            else:
                messages.success(request, _("已打卡"))
            return redirect("meetings:detail", pk=stop.meeting_id)
    context = {"project": stop.project, "form": form, "stop": stop}
    status = 400 if form.errors else 200
    return render(request, "projects/checkin.html", context, status=status)


@login_required
@require_POST
def resolution_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = queries.editable_meeting_for(request.user, pk)
    form = ResolutionForm(request.POST, units=queries.unit_choices(meeting))
    if form.is_valid():
        try:
            resolutions.record_resolution(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            form.take_action_error(exc)
        else:
            messages.success(request, _("决议已登记"))
            return redirect("meetings:detail", pk=meeting.pk)
    for error in form.labelled_errors():
        messages.error(request, error)
    return redirect("meetings:detail", pk=meeting.pk)


@login_required
@require_GET
def resolution_list(request: HttpRequest) -> HttpResponse:
    """All resolutions the user sees; ``?status=open`` / ``overdue`` / ``closed`` narrows the list
    (the dashboard's open and overdue counts link here)."""
    today = timezone.localdate()
    shown = request.GET.get("status", "")
    found = resolutions.resolutions_for(request.user)
    if shown == "open":
        found = found.open()
    elif shown == "overdue":
        found = found.overdue(today)
    elif shown == "closed":
        found = found.filter(status=queries.Resolution.Status.CLOSED)
    else:
        shown = ""
    context = {
        "items": resolutions.tracked(found, today),
        "shown": shown,
        "filters": [
            ("", _("全部")),
            ("open", _("办理中")),
            ("overdue", _("已逾期")),
            ("closed", _("已销号")),
        ],
    }
    return render(request, "meetings/resolutions.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    found = resolutions.resolution_for(request.user, pk)
    can_report = queries.Resolution.objects.editable_by(request.user).filter(pk=pk).exists()
    form = ProgressForm(request.POST or None)
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied(_("只有责任单位或招商局可以报告进展"))
        if form.is_valid():
            try:
                resolutions.report_progress(
                    actor=request.user, resolution=found, text=form.cleaned_data["text"]
                )
            except ValidationError as exc:
                form.take_action_error(exc)
            else:
                return redirect("meetings:resolution", pk=found.pk)
    context = {
        "item": resolutions.tracked(
            resolutions.resolutions_for(request.user).filter(pk=pk), timezone.localdate()
        )[0],
        "reports": found.reports.select_related("actor"),
        "form": form if can_report and found.status == "open" else None,
        "close_form": CloseForm(initial={"on": timezone.localdate()})
        if can_report and queries.can_plan(request.user) and found.status == "open"
        else None,
    }
    return render(request, "meetings/resolution.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def resolution_close(request: HttpRequest, pk: int) -> HttpResponse:
    found = resolutions.resolution_for(request.user, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        for error in form.labelled_errors():
            messages.error(request, error)
        return redirect("meetings:resolution", pk=found.pk)
    try:
        resolutions.close_resolution(actor=request.user, resolution=found, **form.cleaned_data)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已销号"))
    return redirect("meetings:resolution", pk=found.pk)
