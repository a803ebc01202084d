"""Role checks shared by actions and views. Row scope lives on each model's queryset."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from zhaoshang.org.models import Role, User


def require_role(user: Any, *roles: str, message: str = "您没有执行此操作的权限") -> User:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        raise PermissionDenied(message)
    if user.is_superuser or user.role == Role.ADMIN or user.has_role(*roles):
        return user
    raise PermissionDenied(message)


def is_bureau(user: Any) -> bool:
    return (
        isinstance(user, User)
        and user.is_active
        and (user.role in {Role.BUREAU, Role.ADMIN} or user.is_superuser)
    )
