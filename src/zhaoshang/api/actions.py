"""Creating and revoking API tokens. The secret is returned once and never stored."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from zhaoshang.api.models import ApiToken, hash_key
from zhaoshang.core.events import record_event
from zhaoshang.core.permissions import require_role
from zhaoshang.org.models import Role, User

MAX_DAYS = 366


def _may_manage(actor: User, owner: User) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied("无权管理接口令牌")
    if actor.pk != owner.pk:
        require_role(actor, Role.ADMIN, message="只能管理本人的接口令牌")


@transaction.atomic
def create_token(*, actor: User, user: User, name: str, days: int = 90) -> tuple[ApiToken, str]:
    """A new token for ``user``; returns the row and the secret key (shown only this once)."""
    _may_manage(actor, user)
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "令牌名称不能为空"
    if not 1 <= days <= MAX_DAYS:
        errors["days"] = f"有效天数应在1至{MAX_DAYS}之间"
    if not user.is_active:
        errors["user"] = "该用户已停用,不能创建令牌"
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    while ApiToken.objects.filter(prefix=prefix).exists():
        prefix = secrets.token_hex(4)
    key = f"zs_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:64],
        prefix=prefix,
        key_hash=hash_key(key),
        expires_at=timezone.now() + timedelta(days=days),
    )
    record_event(
        actor=actor,
        verb="api_token.created",
        subject=token,
        unit=user.unit,
        summary=f"为 {user.username} 创建接口令牌 {token.name}({prefix}),{days}天有效",
        data={"prefix": prefix, "days": days},
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    locked = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    _may_manage(actor, locked.user)
    if locked.revoked_at is not None:
        raise ValidationError({"prefix": f"令牌 {locked.prefix} 已于 {locked.revoked_at} 吊销"})
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    record_event(
        actor=actor,
        verb="api_token.revoked",
        subject=locked,
        unit=locked.user.unit,
        summary=f"吊销 {locked.user.username} 的接口令牌 {locked.name}({locked.prefix})",
    )
    return locked
