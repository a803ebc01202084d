"""Bulletins as official documents: the bureau's draft of a period, publish jobs, and the
frozen published versions with their files (SHA-256 recorded). A published row never changes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.periods import Period

FROZEN_MESSAGE = "已发布的通报不能修改"


class BulletinDraft(models.Model):
    """What the bureau sets before publishing: narrative edits, document number, signer, date."""

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    narrative = models.JSONField(
        _("正文段落"), default=list, blank=True, help_text=_("为空时使用自动生成的文字")
    )
    issuer = models.CharField(_("发文机关"), max_length=64)
    doc_number = models.CharField(_("发文字号"), max_length=32, blank=True)
    signer = models.CharField(_("签发人"), max_length=32, blank=True)
    issued_on = models.DateField(_("成文日期"), null=True, blank=True)
    copy_to = models.CharField(_("抄送"), max_length=255, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("通报草稿")
        verbose_name_plural = _("通报草稿")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "month"], name="one_draft"),
        ]

    def __str__(self) -> str:
        return f"{self.district} {self.year}年{self.month}月通报草稿"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)


class FrozenQuerySet(models.QuerySet[Any]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError(FROZEN_MESSAGE)


class Frozen(models.Model):
    """Rows written once, inside the publish transaction, and never again."""

    objects = FrozenQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(FROZEN_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(FROZEN_MESSAGE)


class PublishedBulletin(Frozen):
    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    version = models.PositiveSmallIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=64)
    doc_number = models.CharField(_("发文字号"), max_length=32)
    signer = models.CharField(_("签发人"), max_length=32)
    issued_on = models.DateField(_("成文日期"))
    document = models.JSONField(_("通报数据"))
    inputs = models.JSONField(_("数据来源"))
    corrections = models.JSONField(_("更正"), default=list, blank=True)
    corrects = models.ManyToManyField(
        "self", symmetrical=False, related_name="corrected_by", blank=True
    )
    fingerprint = models.CharField(_("内容指纹"), max_length=64)
    override_unverified = models.BooleanField(_("含未审核月报仍发布"), default=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)

    class Meta:
        ordering = ["-year", "-month", "-version"]
        verbose_name = _("已发布通报")
        verbose_name_plural = _("已发布通报")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "year", "month", "version"], name="one_version"
            ),
            models.UniqueConstraint(
                fields=["district", "year", "month", "fingerprint"], name="publish_once"
            ),
            models.UniqueConstraint(fields=["district", "doc_number"], name="doc_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.doc_number} {self.title}(第{self.version}版)"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)


class PublishedFile(Frozen):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    bulletin = models.ForeignKey(PublishedBulletin, on_delete=models.PROTECT, related_name="files")
    kind = models.CharField(_("格式"), max_length=8, choices=Kind.choices)
    path = models.CharField(_("文件路径"), max_length=255, help_text=_("相对 MEDIA_ROOT"))
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField(_("大小(字节)"))

    class Meta:
        ordering = ["kind"]
        verbose_name = _("通报文件")
        verbose_name_plural = _("通报文件")
        constraints = [models.UniqueConstraint(fields=["bulletin", "kind"], name="one_file_kind")]

    def __str__(self) -> str:
        return self.path

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]


class PublishJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("生成中")
        DONE = "done", _("已发布")
        FAILED = "failed", _("失败")

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    override_unverified = models.BooleanField(_("含未审核月报仍发布"), default=False)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    message = models.TextField(_("说明"), blank=True)
    result = models.ForeignKey(
        PublishedBulletin, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("发布任务")
        verbose_name_plural = _("发布任务")

    def __str__(self) -> str:
        return f"{self.district} {self.year}年{self.month}月发布任务({self.get_status_display()})"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
