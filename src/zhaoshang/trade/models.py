"""Foreign trade and foreign investment: monthly figures per enterprise (versioned by source),
the enterprise's trade profile (customs code, export-rights registration), foreign-invested
enterprises and the yuan rate per year. Enterprises are the register's (inspections.Enterprise);
everything rolls up through the enterprise's responsible unit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.org.models import UnitScopedQuerySet
from zhaoshang.trade import figures as pure

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhaoshang.org.models import User

MONEY = {"max_digits": 18, "decimal_places": 2}


class BureauEditsQuerySet(UnitScopedQuerySet):
    """Read in the usual scope; trade data is entered and corrected by the bureau only."""

    unit_path = "enterprise__responsible_unit"

    def editable_by(self, user: User | AnonymousUser) -> Self:
        from zhaoshang.core.permissions import is_bureau

        if not is_bureau(user):
            return self.none()
        return super().editable_by(user)


class Source(models.TextChoices):
    FINAL = pure.FINAL, _("海关终值")
    FLASH = pure.FLASH, _("海关快报")
    UNIT_REPORT = pure.UNIT_REPORT, _("单位报送")


class TradeFigureQuerySet(BureauEditsQuerySet):
    def current(self) -> Self:
        return self.filter(is_current=True)


class TradeFigure(models.Model):
    """One version of an enterprise's figures for a month. Versions are only added: a customs
    final figure supersedes a flash one without deleting it. ``is_current`` marks the version that
    counts (highest source precedence, then latest), kept in step by trade.actions."""

    enterprise = models.ForeignKey(
        "inspections.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="trade_figures",
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    source = models.CharField(_("数据来源"), max_length=8, choices=Source.choices)
    version = models.PositiveSmallIntegerField(_("版本"))
    imports_usd = models.DecimalField(_("进口额(美元)"), **MONEY)
    exports_usd = models.DecimalField(_("出口额(美元)"), **MONEY)
    total_usd = models.DecimalField(_("进出口总额(美元)"), **MONEY)
    is_current = models.BooleanField(_("现行数"), default=True)
    reason = models.CharField(_("说明"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = TradeFigureQuerySet.as_manager()

    class Meta:
        ordering = ["year", "month", "enterprise__name", "version"]
        verbose_name = _("进出口数据")
        verbose_name_plural = _("进出口数据")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year", "month", "version"], name="trade_figure_version"
            ),
            models.UniqueConstraint(
                fields=["enterprise", "year", "month"],
                condition=Q(is_current=True),
                name="trade_figure_one_current",
            ),
            models.CheckConstraint(
                condition=Q(total_usd=F("imports_usd") + F("exports_usd")),
                name="trade_total_is_sum",
            ),
            models.CheckConstraint(
                condition=Q(imports_usd__gte=0, exports_usd__gte=0), name="trade_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="trade_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.year}年{self.month}月 v{self.version}"


class TradeProfile(models.Model):
    """What customs knows of an enterprise: its customs code (海关编码) and, before 2022-12-30,
    the date of its foreign-trade operator registration (对外贸易经营者备案登记)."""

    enterprise = models.OneToOneField(
        "inspections.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="trade_profile",
    )
    customs_code = models.CharField(
        _("海关编码"), max_length=10, unique=True, null=True, blank=True
    )
    export_rights_on = models.DateField(_("获得进出口经营权日期"), null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    objects = BureauEditsQuerySet.as_manager()

    class Meta:
        verbose_name = _("外贸企业信息")
        verbose_name_plural = _("外贸企业信息")

    def __str__(self) -> str:
        return str(self.enterprise)


class ForeignInvestment(models.Model):
    """A foreign-invested enterprise (外商投资企业): set up / approved, the investor's country or
    region, contracted and actually used foreign investment in US dollars."""

    enterprise = models.OneToOneField(
        "inspections.Enterprise",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="foreign_investment",
    )
    established_on = models.DateField(_("设立日期"))
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    investor_region = models.CharField(_("投资方国别(地区)"), max_length=64)
    contracted_usd = models.DecimalField(_("合同外资(美元)"), **MONEY, default=0)
    used_usd = models.DecimalField(_("实际使用外资(美元)"), **MONEY, default=0)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = BureauEditsQuerySet.as_manager()

    class Meta:
        ordering = ["-established_on"]
        verbose_name = _("外商投资企业")
        verbose_name_plural = _("外商投资企业")
        constraints = [
            models.CheckConstraint(
                condition=Q(contracted_usd__gte=0, used_usd__gte=0), name="fdi_not_negative"
            )
        ]

    def __str__(self) -> str:
        return str(self.enterprise)


class UsdRate(models.Model):
    """The yuan rate used for a year's conversions (configured data, edited in the admin)."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    yuan_per_usd = models.DecimalField(_("人民币/美元"), max_digits=10, decimal_places=4)
    note = models.CharField(_("依据"), max_length=128, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("美元折算汇率")
        verbose_name_plural = _("美元折算汇率")
        constraints = [
            models.CheckConstraint(condition=Q(yuan_per_usd__gt=0), name="usd_rate_positive")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.yuan_per_usd}"
