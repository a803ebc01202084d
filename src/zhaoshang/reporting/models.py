"""Reporting periods, each unit's monthly return, and its lines (one per project)."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit, UnitScopedQuerySet
from zhaoshang.projects.models import Stage

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhaoshang.org.models import User


class ReportingPeriodQuerySet(models.QuerySet["ReportingPeriod"]):
    def visible_to(self, user: User | AnonymousUser) -> ReportingPeriodQuerySet:
        """Periods of a district in which the user sees at least one unit (or the district)."""
        units = Unit.objects.visible_to(user)
        return self.filter(
            models.Q(district__in=units.values("pk"))
            | models.Q(district__in=units.values("parent_id"))
        )


class ReportingPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已截止")

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    deadline = models.DateField(_("截止日期"))
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default="open")
    city_rank = models.PositiveSmallIntegerField(
        _("全市排名"), null=True, blank=True, help_text=_("利用市外资金在全市的位次,由招商局录入")
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("开启时间"), auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    objects = ReportingPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month"]
        verbose_name = _("填报期")
        verbose_name_plural = _("填报期")
        constraints = [
            models.UniqueConstraint(fields=["district", "year", "month"], name="one_period"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="period_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.month}月"

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class UnitReturnQuerySet(UnitScopedQuerySet):
    unit_path = "unit"


class UnitReturn(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已报送")
        RETURNED = "returned", _("已退回")
        VERIFIED = "verified", _("已审核")

    period = models.ForeignKey(
        ReportingPeriod, verbose_name=_("填报期"), on_delete=models.PROTECT, related_name="returns"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="returns"
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    note = models.TextField(_("情况说明"), blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    late = models.BooleanField(_("逾期报送"), default=False)
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_reason = models.CharField(_("退回理由"), max_length=255, blank=True)
    fields_typed = models.PositiveIntegerField(
        _("填报字段数"), default=0, help_text=_("与预填值不同、由单位录入的字段数(填报负担)")
    )
    # The month's funds in place, summed over the lines by source, and kept equal to them by the
    # actions that change lines, in the same transaction (``store_sums``). Year-to-date totals —
    # the bulletin's and the province ranking's — read one row per unit and month from these
    # instead of every project's line: their cost follows the units, not the projects.
    sum_within_province_yuan = models.DecimalField(
        _("市外省内到位资金合计(元)"), max_digits=20, decimal_places=2, default=Decimal(0)
    )
    sum_outside_province_yuan = models.DecimalField(
        _("省外到位资金合计(元)"), max_digits=20, decimal_places=2, default=Decimal(0)
    )
    sum_abroad_yuan = models.DecimalField(
        _("境外到位资金合计(元)"), max_digits=20, decimal_places=2, default=Decimal(0)
    )
    history = HistoricalRecords(get_user=history_user)

    objects = UnitReturnQuerySet.as_manager()

    class Meta:
        ordering = ["period", "unit__sort_order"]
        verbose_name = _("月报")
        verbose_name_plural = _("月报")
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="one_return_per_unit")
        ]
        indexes = [
            models.Index(fields=["unit", "status"]),
            # Year-to-date funds of verified returns per period read from the index alone.
            models.Index(
                fields=[
                    "period",
                    "status",
                    "sum_within_province_yuan",
                    "sum_outside_province_yuan",
                    "sum_abroad_yuan",
                ],
                name="return_funds_cover",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.period}"

    def store_sums(self, lines: Iterable[ReturnLine]) -> None:
        """Set the month's sums from ``lines`` (all of this return's lines); the caller saves."""
        within = outside = abroad = Decimal(0)
        for line in lines:
            within += line.funds_within_province_yuan
            outside += line.funds_outside_province_yuan
            abroad += line.funds_abroad_yuan
        self.sum_within_province_yuan = within
        self.sum_outside_province_yuan = outside
        self.sum_abroad_yuan = abroad


class ReturnLine(models.Model):
    """One project's progress in one month: funds in place this month by source, investment done,
    and the stage at month end."""

    unit_return = models.ForeignKey(
        UnitReturn, verbose_name=_("月报"), on_delete=models.CASCADE, related_name="lines"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="return_lines",
    )
    funds_within_province_yuan = models.DecimalField(
        _("市外省内到位资金(元)"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    funds_outside_province_yuan = models.DecimalField(
        _("省外到位资金(元)"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    funds_abroad_yuan = models.DecimalField(
        _("境外到位资金(元)"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    investment_completed_yuan = models.DecimalField(
        _("本月完成投资(元)"), max_digits=18, decimal_places=2, default=Decimal(0)
    )
    stage = models.CharField(_("月末阶段"), max_length=16, choices=Stage.choices)
    stage_date = models.DateField(_("阶段变更日期"), null=True, blank=True)
    stage_reason = models.CharField(_("阶段变更说明"), max_length=255, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["unit_return", "project__code"]
        verbose_name = _("月报明细")
        verbose_name_plural = _("月报明细")
        constraints = [
            models.UniqueConstraint(fields=["unit_return", "project"], name="one_line_per_project"),
            models.CheckConstraint(
                condition=models.Q(
                    funds_within_province_yuan__gte=0,
                    funds_outside_province_yuan__gte=0,
                    funds_abroad_yuan__gte=0,
                    investment_completed_yuan__gte=0,
                ),
                name="return_line_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_return} {self.project}"

    @property
    def funds_total_yuan(self) -> Decimal:
        return (
            self.funds_within_province_yuan
            + self.funds_outside_province_yuan
            + self.funds_abroad_yuan
        )
