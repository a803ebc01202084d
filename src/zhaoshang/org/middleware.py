"""A person whose password was chosen by someone else must choose their own first; a signed-in
session is renewed (idle timeout) at most once a minute."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

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


RENEWED = "_renewed"
RENEW_EVERY_SECONDS = 60


class SessionRenewalMiddleware:
    """The idle timeout (``SESSION_COOKIE_AGE``) counts from a person's last request, give or take
    a minute: a signed-in session is marked modified — so saved with a new expiry — when it was
    last renewed a minute or more ago, instead of being written on every request
    (``SESSION_SAVE_EVERY_REQUEST``), which made every page a write transaction."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(timezone.now().timestamp())
            if now - int(request.session.get(RENEWED, 0)) >= RENEW_EVERY_SECONDS:
                request.session[RENEWED] = now
        return self.get_response(request)
