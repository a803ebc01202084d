"""Pages for publishing: the draft (narrative, number, signer, date), the publish button with
progress (htmx polling), the published versions with their files and 更正 notices."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhaoshang.bulletins import actions, publishing, queries
from zhaoshang.bulletins.models import PublishedBulletin, PublishedFile, PublishJob
from zhaoshang.bulletins.views import _district, _period
from zhaoshang.core.periods import Period
from zhaoshang.core.permissions import is_bureau
from zhaoshang.org.models import Unit


def _bureau_district(request: HttpRequest) -> Unit:
    if not is_bureau(request.user):
        raise PermissionDenied(_("只有招商局可以编辑和发布通报"))
    return _district(request)


def _versions(district: Unit, period: Period) -> Any:
    return PublishedBulletin.objects.filter(
        district=district, year=period.year, month=period.month
    ).prefetch_related("files", "corrected_by")


def _errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
    return {"form": [str(m) for m in exc.messages]}


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


@login_required
def draft(request: HttpRequest, year: int, month: int) -> HttpResponse:
    district = _bureau_district(request)
    period = _period(year, month)
    current = publishing.draft_for(district, period)
    errors: dict[str, list[str]] = {}
    values: dict[str, Any] = {}
    if request.method == "POST":
        values = request.POST.dict()
        issued_on = _parse_date(values.get("issued_on", ""))
        if values.get("issued_on") and issued_on is None:
            errors["issued_on"] = [_("成文日期格式不对,应为 2026-04-05")]
        else:
            text = values.get("narrative", "").replace("\r\n", "\n")
            try:
                actions.save_draft(
                    actor=request.user,  # type: ignore[arg-type]
                    district=district,
                    period=period,
                    narrative=[p for p in text.split("\n\n")] if text.strip() else None,
                    doc_number=values.get("doc_number", ""),
                    signer=values.get("signer", ""),
                    issued_on=issued_on,
                    issuer=values.get("issuer", ""),
                    copy_to=values.get("copy_to", ""),
                )
            except ValidationError as exc:
                errors = _errors(exc)
            else:
                return redirect("bulletins:draft", year=year, month=month)
    generated: list[str] = []
    try:
        generated = publishing.content_for(district, period, current, []).narrative
    except queries.NoBulletinData:  # no period opened: the form still shows, publishing refuses
        generated = []
    context = {
        "district": district,
        "period": period,
        "draft": current,
        "values": values,
        "narrative_text": values.get("narrative") or "\n\n".join(current.narrative or generated),
        "errors": errors,
        "versions": _versions(district, period),
        "jobs": PublishJob.objects.filter(district=district, year=period.year, month=period.month)[
            :5
        ],
        "unverified": publishing.unverified_returns(district, period),
    }
    return render(request, "bulletins/publish/draft.html", context, status=400 if errors else 200)


@login_required
@require_POST
def publish(request: HttpRequest, year: int, month: int) -> HttpResponse:
    district = _bureau_district(request)
    period = _period(year, month)
    try:
        job = actions.request_publish(
            actor=request.user,  # type: ignore[arg-type]
            district=district,
            period=period,
            override_unverified=request.POST.get("override_unverified") == "on",
        )
    except ValidationError as exc:
        context = {"errors": _errors(exc), "period": period}
        return render(request, "bulletins/publish/_publish_error.html", context, status=400)
    if request.htmx:
        return render(request, "bulletins/publish/_job.html", {"job": job})
    return redirect("bulletins:job", pk=job.pk)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    district = _bureau_district(request)
    found = get_object_or_404(PublishJob, pk=pk, district=district)
    template = "bulletins/publish/_job.html" if request.htmx else "bulletins/publish/job.html"
    return render(request, template, {"job": found})


def _published(request: HttpRequest, pk: int) -> PublishedBulletin:
    district = _district(request)
    return get_object_or_404(PublishedBulletin, pk=pk, district=district)


@login_required
def published(request: HttpRequest, pk: int) -> HttpResponse:
    item = _published(request, pk)
    context = {
        "item": item,
        "files": item.files.all(),
        "corrected_by": item.corrected_by.order_by("published_at"),
        "versions": _versions(item.district, item.period),
    }
    return render(request, "bulletins/publish/published.html", context)


@login_required
def download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    item = _published(request, pk)
    found = PublishedFile.objects.filter(bulletin=item, kind=kind).first()
    if found is None:
        raise Http404(_("没有这种格式的文件"))
    from django.conf import settings

    path = settings.MEDIA_ROOT / found.path
    if not path.exists():
        raise Http404(_("文件尚未生成完毕"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=found.file_name)
