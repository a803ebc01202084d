"""Public pages of the library (no login) and the bureau's upload and withdraw forms."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from zhaoshang.core.permissions import is_bureau
from zhaoshang.portal import actions, files, queries
from zhaoshang.portal.forms import UploadForm, WithdrawForm
from zhaoshang.portal.models import Document

PAGE_SIZE = 20


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(queries.public_documents(search), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/list.html",
        {"page": page, "q": search, "can_upload": is_bureau(request.user)},
    )


def _public_or_404(public_id: str) -> Document:
    document = queries.document_page(public_id)
    if document is None or not document.is_public:
        raise Http404
    return document


@require_GET
def document_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    document = queries.document_page(public_id)
    if document is None:
        raise Http404
    if not document.is_public:
        # Decided: a withdrawn document keeps its permanent page (410 Gone) saying so and why.
        return render(request, "portal/withdrawn.html", {"doc": document}, status=410)
    pages = range(1, min(files.preview_pages(), document.page_count or 0) + 1)
    if not document.is_pdf and not actions.converted_pdf_path(document.sha256).exists():
        pages = range(0)
    return render(
        request,
        "portal/detail.html",
        {
            "doc": document,
            "corrections": queries.corrections_of(document),
            "pages": pages,
            "can_withdraw": is_bureau(request.user),
            "withdraw_form": WithdrawForm(),
        },
    )


@require_GET
def download(request: HttpRequest, public_id: str) -> FileResponse:
    document = _public_or_404(public_id)
    ext = ".pdf" if document.is_pdf else ".docx"
    name = (
        document.original_name
        if document.original_name.endswith(ext)
        else f"{document.public_id}{ext}"
    )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def preview(request: HttpRequest, public_id: str, page: int) -> FileResponse:
    document = _public_or_404(public_id)
    if page < 1 or page > min(files.preview_pages(), document.page_count or 0):
        raise Http404
    if document.is_pdf:
        cached = files.preview_path(document.sha256, page)
        if not cached.exists():
            with document.file.open("rb") as fh:
                files.render_preview(fh.read(), document.sha256, page)
    else:
        converted = actions.converted_pdf_path(document.sha256)
        if not converted.exists():
            raise Http404
        cached = files.render_preview(converted.read_bytes(), document.sha256, page)
    response = FileResponse(cached.open("rb"), content_type="image/png")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    if not is_bureau(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload_file = data["file"]
        if upload_file.size > files.max_upload_bytes():
            form.add_error(
                "file",
                _("文件过大:不能超过 %(mb)d MB")
                % {"mb": files.max_upload_bytes() // (1024 * 1024)},
            )
        else:
            try:
                document = actions.register_document(
                    actor=request.user,
                    title=data["title"],
                    issuer=data["issuer"],
                    doc_number=data["doc_number"],
                    issued_on=data["issued_on"],
                    kind=data["kind"],
                    file_name=upload_file.name,
                    content=upload_file.read(),
                    period=data["period"] or None,
                    source="upload",
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("已发布:%(id)s") % {"id": document.public_id})
                return redirect("portal:detail", public_id=document.public_id)
    return render(request, "portal/upload.html", {"form": form}, status=422 if form.errors else 200)


@login_required
@require_POST
def withdraw(request: HttpRequest, public_id: str) -> HttpResponse:
    if not is_bureau(request.user):
        raise PermissionDenied
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("撤回原因:请填写撤回原因"))
        return redirect("portal:detail", public_id=public_id)
    if queries.document_page(public_id) is None:
        raise Http404
    try:
        actions.withdraw_document(
            actor=request.user, public_id=public_id, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    return redirect("portal:detail", public_id=public_id)
