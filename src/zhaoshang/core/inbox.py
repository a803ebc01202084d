"""The in-app inbox: a person's notifications, newest first; marking them read."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from zhaoshang.core import notifications


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("id") if i.isdigit()]
        notifications.mark_read(request.user, ids or None)  # type: ignore[arg-type]
        return redirect(request.path)
    rows = notifications.inbox(request.user)  # type: ignore[arg-type]
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    unread = rows.filter(read_at__isnull=True).count()
    return render(request, "core/inbox.html", {"page": page, "unread": unread})
