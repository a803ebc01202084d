"""API router: Excel workbooks. Authentication is set once on the NinjaAPI (api/urls.py).

Downloads answer the workbook itself (xlsx). An upload is always a dry run first: it answers what
would be created/updated/unchanged and a ``batch_id``; confirming the batch writes it, through the
same importers (and so the same rules and permissions) as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from ninja import File, Form, Router, Schema
from ninja.files import UploadedFile

from zhaoshang.api.schemas import WRITE_ERRORS, get_visible
from zhaoshang.reporting.models import UnitReturn
from zhaoshang.spreadsheets import importer, project_book, registry, target_book
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.spreadsheets.safety import max_upload_bytes
from zhaoshang.spreadsheets.sheets import Outcome

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KINDS = ("return", "projects", "targets")


class ImportOut(Schema):
    batch_id: int | None
    kind: str
    status: str
    already: bool
    created: list[str]
    updated: list[str]
    unchanged_count: int


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _year(raw: Any) -> int:
    from zhaoshang.spreadsheets.views import _year as page_year

    return page_year(str(raw) if raw is not None else None)


def _raise_errors(errors: list[str]) -> None:
    if errors:
        raise ValidationError({"file": errors})


def _out(outcome: Any, kind: str, batch: ImportBatch | None, status: str) -> dict[str, Any]:
    created = list(getattr(outcome, "created", []))
    return {
        "batch_id": batch.pk if batch else None,
        "kind": kind,
        "status": status,
        "already": outcome.already,
        "created": created[:200],
        "updated": list(outcome.updated)[:200],
        "unchanged_count": len(outcome.unchanged),
    }


def _return_for(request: HttpRequest, return_id: int | None) -> UnitReturn:
    if return_id is None:
        raise ValidationError({"return_id": "导入月报须指定 return_id"})
    unit_return = get_visible(UnitReturn.objects.visible_to(request.auth), return_id)
    if not UnitReturn.objects.editable_by(request.auth).filter(pk=unit_return.pk).exists():
        raise PermissionDenied("只能导入本单位的月报")
    return unit_return


def _run(
    request: HttpRequest,
    *,
    kind: str,
    data: bytes,
    filename: str,
    dry_run: bool,
    unit_return: UnitReturn | None,
    batch: ImportBatch | None = None,
) -> Any:
    if kind == "return":
        assert unit_return is not None
        return importer.import_return(
            actor=request.auth,
            unit_return=unit_return,
            data=data,
            filename=filename,
            dry_run=dry_run,
        )
    try:
        return registry.run_import(
            kind=kind,
            actor=request.auth,
            data=data,
            filename=filename,
            dry_run=dry_run,
            batch=batch,
        )
    except KeyError:
        raise Http404 from None


def build_router() -> Router:
    """A fresh router (api/urls.py mounts one; the tests mount their own)."""
    router = Router(tags=["spreadsheets"])

    @router.get(
        "/returns/{return_id}/workbook",
        summary="下载月报Excel模板",
    )
    def return_workbook(request: HttpRequest, return_id: int) -> Any:
        unit_return = get_visible(UnitReturn.objects.visible_to(request.auth), return_id)
        data = importer.export_return(actor=request.auth, unit_return=unit_return)
        period = unit_return.period
        name = f"return-{unit_return.unit.code}-{period.year}-{period.month:02d}.xlsx"
        return _xlsx(data, name)

    @router.get(
        "/projects/workbook",
        summary="下载项目台账Excel(与项目台账页相同的筛选参数)",
    )
    def projects_workbook(request: HttpRequest) -> Any:
        year = _year(request.GET.get("year"))
        projects = project_book.filtered_projects(request.auth, request.GET, year)
        return _xlsx(project_book.write_projects(projects), f"projects-{year}.xlsx")

    @router.get("/targets/workbook", summary="下载目标Excel")
    def targets_workbook(request: HttpRequest, year: int | None = None) -> Any:
        year_ = _year(year)
        return _xlsx(target_book.write_targets(request.auth, year_), f"targets-{year_}.xlsx")

    @router.post(
        "/imports",
        response={200: ImportOut, **WRITE_ERRORS},
        summary="上传工作簿预检(不保存;返回 batch_id 供确认)",
    )
    def dry_run(
        request: HttpRequest,
        file: File[UploadedFile],
        kind: Form[str],
        return_id: Form[int | None] = None,
    ) -> Any:
        if kind not in KINDS:
            raise ValidationError({"kind": f"kind 应为 {'、'.join(KINDS)} 之一"})
        unit_return = _return_for(request, return_id) if kind == "return" else None
        if kind != "return" and not registry.book_for(kind).may_upload(request.auth):
            raise PermissionDenied(f"您没有导入{registry.book_for(kind).title}的权限")
        if (file.size or 0) > max_upload_bytes():
            raise ValidationError({"file": f"文件过大,上限为 {max_upload_bytes() // 1048576} MB"})
        data = file.read()
        name = file.name or "upload.xlsx"
        outcome = _run(
            request, kind=kind, data=data, filename=name, dry_run=True, unit_return=unit_return
        )
        _raise_errors(outcome.errors)
        batch = None
        if not outcome.already:
            summary = Outcome(
                created=list(getattr(outcome, "created", [])),
                updated=list(outcome.updated),
                unchanged=list(outcome.unchanged),
            )
            batch = registry.archive(
                kind=kind,
                actor=request.auth,
                data=data,
                filename=name,
                outcome=summary,
                status=ImportBatch.Status.DRY_RUN,
            )
            if unit_return is not None:
                batch.unit_return = unit_return
                batch.save(update_fields=["unit_return"])
        return _out(outcome, kind, batch, "dry_run")

    @router.post(
        "/imports/{batch_id}/confirm",
        response={200: ImportOut, **WRITE_ERRORS},
        summary="确认导入预检过的工作簿(全部或全不)",
    )
    def confirm(request: HttpRequest, batch_id: int) -> Any:
        dry = get_object_or_404(
            ImportBatch,
            pk=batch_id,
            uploaded_by=request.auth,
            status=ImportBatch.Status.DRY_RUN,
        )
        unit_return = None
        if dry.kind == "return":
            unit_return = _return_for(request, dry.unit_return_id)
        with dry.file.open("rb") as fh:
            data = fh.read()
        outcome = _run(
            request,
            kind=dry.kind,
            data=data,
            filename=dry.filename,
            dry_run=False,
            unit_return=unit_return,
            batch=dry,
        )
        _raise_errors(outcome.errors)
        if dry.kind == "return":
            applied = ImportBatch.objects.filter(
                kind="return", sha256=dry.sha256, status=ImportBatch.Status.APPLIED
            ).first()
            return _out(outcome, dry.kind, applied, "applied")
        dry.refresh_from_db()
        return _out(outcome, dry.kind, dry, dry.status)

    return router


router = build_router()
