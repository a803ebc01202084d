"""The auditor reads and exports the audit log; nobody else may (the admin role included)."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from zhaoshang.audit.models import AuditRecord
from zhaoshang.org.models import Role


def is_auditor(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.has_role(Role.AUDITOR))


def _records(request: HttpRequest) -> QuerySet[AuditRecord]:
    if not is_auditor(request.user):
        raise PermissionDenied(_("只有审计员可以查看审计记录。"))
    records = AuditRecord.objects.order_by("-pk")
    if kind := request.GET.get("kind"):
        records = records.filter(kind=kind)
    if username := request.GET.get("username", "").strip():
        records = records.filter(username=username)
    if since := request.GET.get("since"):
        records = records.filter(at__date__gte=since)
    if until := request.GET.get("until"):
        records = records.filter(at__date__lte=until)
    return records


@login_required
@require_GET
def record_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(_records(request), 100).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/list.html",
        {"page": page, "kinds": AuditRecord.Kind.choices, "query": request.GET.urlencode()},
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
@require_GET
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    records = _records(request)
    writer = csv.writer(_Echo())
    header = [_("序号"), _("时间"), _("类别"), _("用户名"), "IP", _("方法"), _("路径"), _("详情")]
    header += [_("前一条哈希"), _("哈希")]

    def rows() -> Any:
        yield "\ufeff" + writer.writerow(header)  # BOM: Excel opens UTF-8 CSV correctly
        for r in records.order_by("pk").iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    r.pk,
                    r.at.isoformat(),
                    r.get_kind_display(),
                    r.username,
                    r.ip,
                    r.method,
                    r.path,
                    r.detail,
                    r.prev_hash,
                    r.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
