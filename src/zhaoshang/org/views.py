"""The unit tree page: city → district → units by group, scoped to what the user may see."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhaoshang.org.queries import unit_tree


@login_required
@require_GET
def units(request: HttpRequest) -> HttpResponse:
    return render(request, "org/units.html", {"tree": unit_tree(request.user)})
