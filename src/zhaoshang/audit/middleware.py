"""Records every refused request (403) and every export or download (a response that is a file
attachment), whichever view served it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from zhaoshang.audit.log import append
from zhaoshang.audit.models import AuditRecord


def _attachment(response: HttpResponse) -> str | None:
    """The Content-Disposition of a download (not of an inline preview image or PDF)."""
    disposition = response.headers.get("Content-Disposition", "")
    return disposition if disposition.lower().startswith("attachment") else None


class AuditMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 403:
            append(AuditRecord.Kind.DENIED, request=request)
        elif response.status_code == 200 and (file := _attachment(response)) is not None:
            append(
                AuditRecord.Kind.DOWNLOAD,
                request=request,
                detail={"file": file[:300], "type": response.headers.get("Content-Type", "")},
            )
        return response
