"""Who calls the API: a logged-in browser session (CSRF on unsafe methods) or a bearer token.
Either way ``request.auth`` is the User. Every call is counted against a rate limit
(``zhaoshang.api.ratelimit``): per token, per person for session calls, per IP address for calls
that authenticate as nobody."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhaoshang.api import ratelimit
from zhaoshang.api.models import ApiToken, hash_key
from zhaoshang.org.models import User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer zs_<prefix>_<secret>``; expired or revoked tokens give 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        row = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(token))
        found = row.first()
        if found is None:
            return None
        ratelimit.count_token(found.pk)
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class ActiveSessionAuth(SessionAuth):
    """Django's session, for the pages' own htmx calls and the docs page."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if _signed_in(request) is None:
            return None  # no session to protect from cross-site requests: on to the 401
        return super()._get_key(request)  # the CSRF check for unsafe methods

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = _signed_in(request)
        if user is not None:
            ratelimit.count_person(user.pk)
        return user


def _signed_in(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated and user.is_active:
        return user
    return None


class AnonymousLimit:
    """Last in the list: reached only when no token and no session authenticated the call (401
    follows); counts the call against the IP address's limit. Not a security scheme of its own."""

    def __call__(self, request: HttpRequest) -> None:
        ratelimit.count_anonymous(request)
        return None


AUTH = [TokenAuth(), ActiveSessionAuth(), AnonymousLimit()]
