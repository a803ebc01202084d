"""A person whose password was chosen by someone else must choose their own first."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED = ("org:password_change", "logout")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith((settings.STATIC_URL or "/static/", "/i18n/"))
            and request.path not in {reverse(name) for name in ALLOWED}
        ):
            return redirect(f"{reverse('org:password_change')}?next={request.path}")
        return self.get_response(request)
