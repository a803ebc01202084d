"""Download and upload of return workbooks. Thin: scope, call importer, render."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.reporting.models import UnitReturn
from zhaoshang.spreadsheets import importer, model_book, project_book, registry, target_book
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.spreadsheets.safety import max_upload_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(raw: str | None) -> int:
    if raw and raw.isdigit() and 2000 <= int(raw) <= 2100:
        return int(raw)
    return timezone.localdate().year


@login_required
@require_GET
def download_projects(request: HttpRequest) -> HttpResponse:
    """The project list as shown, with the same filters, as a workbook."""
    year = _year(request.GET.get("year"))
    projects = project_book.filtered_projects(request.user, request.GET, year)
    response = HttpResponse(project_book.write_projects(projects), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="projects-{year}.xlsx"'
    return response


@login_required
@require_GET
def download_targets(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"))
    response = HttpResponse(target_book.write_targets(request.user, year), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="targets-{year}.xlsx"'
    return response


@login_required
def download_return(request: HttpRequest, pk: int) -> HttpResponse:
    unit_return = get_object_or_404(UnitReturn.objects.visible_to(request.user), pk=pk)
    data = importer.export_return(actor=request.user, unit_return=unit_return)
    period = unit_return.period
    name = f"return-{unit_return.unit.code}-{period.year}-{period.month:02d}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload_return(request: HttpRequest, pk: int) -> HttpResponse:
    unit_return = get_object_or_404(UnitReturn.objects.visible_to(request.user), pk=pk)
    if not UnitReturn.objects.editable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied("只能导入本单位的月报")
    context = {"unit_return": unit_return, "outcome": None, "batch": None}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["errors"] = ["请选择要上传的Excel文件"]
            return render(request, "spreadsheets/upload.html", context, status=422)
        limit = max_upload_bytes()
        if upload.size > limit:
            context["errors"] = [f"文件过大,上限为 {limit // 1024 // 1024} MB"]
            return render(request, "spreadsheets/upload.html", context, status=422)
        data = upload.read()
        outcome = importer.import_return(
            actor=request.user,
            unit_return=unit_return,
            data=data,
            filename=upload.name,
            dry_run=True,
        )
        context["outcome"] = outcome
        if outcome.ok and not outcome.already:
            sha = hashlib.sha256(data).hexdigest()
            batch = ImportBatch(
                kind=importer.KIND_RETURN,
                filename=upload.name[:255],
                sha256=sha,
                uploaded_by=request.user,
                unit_return=unit_return,
                status=ImportBatch.Status.DRY_RUN,
                summary=outcome.summary(),
            )
            batch.file.save(f"{sha[:16]}-dry.xlsx", ContentFile(data), save=False)
            batch.save()
            context["batch"] = batch
        status = 422 if outcome.errors else 200
        return render(request, "spreadsheets/upload.html", context, status=status)
    return render(request, "spreadsheets/upload.html", context)


@login_required
@require_POST
def confirm_return(request: HttpRequest, pk: int, batch: int) -> HttpResponse:
    unit_return = get_object_or_404(UnitReturn.objects.editable_by(request.user), pk=pk)
    dry = get_object_or_404(
        ImportBatch,
        pk=batch,
        unit_return=unit_return,
        uploaded_by=request.user,
        status=ImportBatch.Status.DRY_RUN,
    )
    with dry.file.open("rb") as fh:
        data = fh.read()
    outcome = importer.import_return(
        actor=request.user,
        unit_return=unit_return,
        data=data,
        filename=dry.filename,
        dry_run=False,
    )
    if outcome.errors:
        context = {"unit_return": unit_return, "outcome": outcome, "batch": None}
        return render(request, "spreadsheets/upload.html", context, status=422)
    return redirect("reporting:return", pk=unit_return.pk)


# Registry workbooks (projects, targets, …): upload → dry run → confirm.
AFTER = {"projects": "projects:list", "targets": "targets:list", "units": "org:units"}


@login_required
@require_GET
def download_book(request: HttpRequest, kind: str) -> HttpResponse:
    """Units, people or investors (``?q=`` narrows like a search box)."""
    spec = model_book.SPECS.get(kind)
    if spec is None:
        raise Http404
    if not model_book.may_download(spec, request.user):
        raise PermissionDenied(f"您没有导出{spec.sheet}的权限")
    data = model_book.write_book(spec, request.user, request.GET.get("q", ""))
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{kind}.xlsx"'
    return response


def _book(request: HttpRequest, kind: str) -> registry.Book:
    try:
        book = registry.book_for(kind)
    except KeyError:
        raise Http404 from None
    if not book.may_upload(request.user):
        raise PermissionDenied(f"您没有导入{book.title}的权限")
    return book


@login_required
@require_http_methods(["GET", "POST"])
def upload_book(request: HttpRequest, kind: str) -> HttpResponse:
    book = _book(request, kind)
    context: dict[str, object] = {"book": book, "outcome": None, "batch": None, "errors": []}
    if request.method == "GET":
        return render(request, "spreadsheets/book_upload.html", context)
    upload = request.FILES.get("file")
    limit = max_upload_bytes()
    if upload is None or upload.size > limit:
        context["errors"] = [
            "请选择要上传的Excel文件"
            if upload is None
            else f"文件过大,上限为 {limit // 1048576} MB"
        ]
        return render(request, "spreadsheets/book_upload.html", context, status=422)
    data = upload.read()
    outcome = registry.run_import(
        kind=kind, actor=request.user, data=data, filename=upload.name or "", dry_run=True
    )
    context["outcome"] = outcome
    if outcome.ok and not outcome.already:
        context["batch"] = registry.archive(
            kind=kind,
            actor=request.user,
            data=data,
            filename=upload.name or "",
            outcome=outcome,
            status=ImportBatch.Status.DRY_RUN,
        )
    status = 422 if outcome.errors else 200
    return render(request, "spreadsheets/book_upload.html", context, status=status)


@login_required
@require_POST
def confirm_book(request: HttpRequest, kind: str, batch: int) -> HttpResponse:
    book = _book(request, kind)
    dry = get_object_or_404(
        ImportBatch,
        pk=batch,
        kind=kind,
        uploaded_by=request.user,
        status=ImportBatch.Status.DRY_RUN,
    )
    with dry.file.open("rb") as fh:
        data = fh.read()
    outcome = registry.run_import(
        kind=kind, actor=request.user, data=data, filename=dry.filename, dry_run=False, batch=dry
    )
    if outcome.errors or outcome.already:
        context = {"book": book, "outcome": outcome, "batch": None, "errors": []}
        return render(request, "spreadsheets/book_upload.html", context, status=422)
    messages.success(
        request,
        f"{book.title}已导入:新建 {len(outcome.created)} 条,更新 {len(outcome.updated)} 条,"
        f"不变 {len(outcome.unchanged)} 条",
    )
    if kind in AFTER:
        return redirect(AFTER[kind])
    return redirect("spreadsheets:book_upload", kind=kind)
