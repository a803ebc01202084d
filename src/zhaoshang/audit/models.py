"""The security audit log: append-only records, hash-chained (see chain.py)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Audit records are never changed or deleted."""


class AuditQuerySet(models.QuerySet["AuditRecord"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnly("审计记录不可修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnly("审计记录不可删除")


class AuditRecord(models.Model):
    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGOUT = "logout", _("退出")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOCKOUT = "lockout", _("账号锁定")
        DENIED = "denied", _("拒绝访问")
        DOWNLOAD = "download", _("导出/下载")
        PERSON = "person", _("人员与角色变更")

    at = models.DateTimeField(_("时间"), db_index=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices, db_index=True)
    username = models.CharField(_("用户名"), max_length=150, blank=True, db_index=True)
    # A plain number, not a foreign key: deleting a person must not touch the log.
    user_id = models.BigIntegerField(_("用户ID"), null=True, blank=True)
    ip = models.CharField(_("IP 地址"), max_length=64, blank=True)
    method = models.CharField(_("方法"), max_length=8, blank=True)
    path = models.CharField(_("路径"), max_length=512, blank=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    prev_hash = models.CharField(_("前一条哈希"), max_length=64)
    hash = models.CharField(_("哈希"), max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.get_kind_display()} {self.username}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnly("审计记录不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnly("审计记录不可删除")

    def payload(self) -> dict[str, Any]:
        return {
            "at": self.at.isoformat(),
            "kind": self.kind,
            "username": self.username,
            "user_id": self.user_id,
            "ip": self.ip,
            "method": self.method,
            "path": self.path,
            "detail": self.detail,
        }


class AuditHead(models.Model):
    """One row: the hash of the newest record. Locking it orders concurrent appends."""

    last_hash = models.CharField(max_length=64)
    count = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("审计链头")

    def __str__(self) -> str:
        return f"{self.count} · {self.last_hash[:12]}"
