"""Indicators and targets. A target's value is a chain of versions: the baseline (托底数) and its
adjustments (调指标). Versions are only ever added; the original and the current value both stay."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.org.models import UnitScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhaoshang.org.models import User


class Measure(models.TextChoices):
    YUAN = "yuan", _("元")
    USD = "usd", _("美元")
    COUNT = "count", _("个")


class Indicator(models.Model):
    code = models.SlugField(_("代码"), max_length=64, unique=True)
    name = models.CharField(_("名称"), max_length=128)
    measure = models.CharField(_("计量单位"), max_length=8, choices=Measure.choices)
    valid_from = models.DateField(_("启用日期"))
    valid_to = models.DateField(_("停用日期"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("接续指标"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    description = models.TextField(_("口径说明"), blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return self.name


class Issuer(models.TextChoices):
    DISTRICT = "district", _("区定")
    CITY = "city", _("市定")
    PROVINCE = "province", _("省定")


class TargetQuerySet(UnitScopedQuerySet):
    unit_path = "unit"

    def editable_by(self, user: User | AnonymousUser) -> Self:
        """Targets are issued by the bureau: a unit cannot set its own."""
        from zhaoshang.core.permissions import is_bureau

        if not is_bureau(user):
            return self.none()
        return super().editable_by(user)


class Target(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="targets"
    )
    issuer = models.CharField(_("下达方"), max_length=16, choices=Issuer.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="targets"
    )
    # The latest version's value, kept in step by targets.actions in the same transaction.
    current_value = models.DecimalField(_("当前目标"), max_digits=18, decimal_places=2)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["year", "indicator", "unit__sort_order"]
        verbose_name = _("目标")
        verbose_name_plural = _("目标")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "issuer", "year", "unit"], name="target_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.unit} {self.indicator}({self.get_issuer_display()})"


class TargetVersion(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("托底数")
        ADJUSTMENT = "adjustment", _("调指标")

    target = models.ForeignKey(
        Target, verbose_name=_("目标"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("版本"))
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    value = models.DecimalField(_("目标值"), max_digits=18, decimal_places=2)
    reason = models.CharField(_("理由"), max_length=255)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("调整人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["target", "number"]
        verbose_name = _("目标版本")
        verbose_name_plural = _("目标版本")
        constraints = [
            models.UniqueConstraint(fields=["target", "number"], name="target_version_number"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.target} v{self.number}"
