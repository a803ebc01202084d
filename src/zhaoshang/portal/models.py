"""The public document library: bulletins and other documents the bureau publishes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentQuerySet(models.QuerySet[Any]):
    def public(self) -> DocumentQuerySet:
        """What anonymous visitors may see: public documents only."""
        return self.filter(is_public=True)


class Document(models.Model):
    class Kind(models.TextChoices):
        BULLETIN = "bulletin", _("通报")
        SPEECH = "speech", _("讲话")
        POLICY = "policy", _("政策")
        COMMITMENT = "commitment", _("服务承诺")
        OTHER = "other", _("其他")

    public_id = models.CharField(_("文档编号"), max_length=20, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文单位"), max_length=100)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    issued_on = models.DateField(_("成文日期"))
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    period = models.CharField(_("期间"), max_length=7, blank=True)
    file = models.FileField(_("文件"), upload_to="portal/files/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小(字节)"))
    page_count = models.PositiveIntegerField(_("页数"), null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, unique=True)
    text = models.TextField(_("全文"), blank=True)
    source = models.CharField(_("来源"), max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    is_public = models.BooleanField(_("公开"), default=True)
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=255, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        verbose_name = _("公开文档")
        verbose_name_plural = _("公开文档")

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"
