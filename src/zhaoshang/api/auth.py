"""Who calls the API: a logged-in browser session (CSRF on unsafe methods) or a bearer token.
Either way ``request.auth`` is the User."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from zhaoshang.api.models import ApiToken, hash_key
from zhaoshang.org.models import User


class TokenAuth(HttpBearer):
    """``Authorization: Bearer zs_<prefix>_<secret>``; expired or revoked tokens give 401."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        row = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(token))
        found = row.first()
        if found is None:
            return None
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


class ActiveSessionAuth(SessionAuth):
    """Django's session, for the pages' own htmx calls and the docs page."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if isinstance(user, User) and user.is_authenticated and user.is_active:
            return user
        return None


AUTH = [TokenAuth(), ActiveSessionAuth()]
