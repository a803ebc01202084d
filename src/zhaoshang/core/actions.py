"""The shape every business operation shares: ``@action`` runs it in one transaction and makes its
``actor`` the author of the row history written meanwhile (from the web, the CLI or the demo)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.db import transaction

_actor: ContextVar[Any] = ContextVar("zhaoshang_actor", default=None)


def action[**P, R](func: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _actor.set(kwargs.get("actor"))
        try:
            with transaction.atomic():
                return func(*args, **kwargs)
        finally:
            _actor.reset(token)

    return wrapper


def current_actor() -> Any:
    return _actor.get()


def history_user(instance: Any = None, request: Any = None, **kwargs: Any) -> Any:
    """django-simple-history's ``get_user``: the acting person, else the request's user."""
    actor = _actor.get()
    if actor is not None and getattr(actor, "pk", None):
        return actor
    user = getattr(request, "user", None)
    return user if getattr(user, "is_authenticated", False) else None
