"""An archived import: the original file, its fingerprint, who sent it and what it did."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportBatch(models.Model):
    class Status(models.TextChoices):
        DRY_RUN = "dry_run", _("预检")
        APPLIED = "applied", _("已导入")
        REJECTED = "rejected", _("已拒绝")

    kind = models.CharField(_("类别"), max_length=20)
    file = models.FileField(_("原始文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    unit_return = models.ForeignKey(
        "reporting.UnitReturn", null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    summary = models.JSONField(_("摘要"), default=dict)

    class Meta:
        verbose_name = _("导入批次")
        verbose_name_plural = _("导入批次")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.filename}({self.get_status_display()})"
