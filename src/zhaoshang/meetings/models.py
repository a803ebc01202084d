"""On-site meetings (现场会): the bureau plans a visit to project sites, orders the route, prints a
pack; each stop carries the lead unit's account and can be checked in."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.org.models import UnitScopedQuerySet


class MeetingQuerySet(UnitScopedQuerySet):
    # A meeting belongs to its district: the bureau plans it; leaders and auditors read it.
    unit_path = "district"


class Meeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("筹备中")
        HELD = "held", _("已召开")

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("会议名称"), max_length=128)
    on = models.DateField(_("会议日期"))
    place = models.CharField(_("集合地点"), max_length=128, blank=True)
    status = models.CharField(
        _("状态"), max_length=8, choices=Status.choices, default=Status.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name = _("现场会")
        verbose_name_plural = _("现场会")

    def __str__(self) -> str:
        return f"{self.on:%Y-%m-%d} {self.title}"


class StopQuerySet(UnitScopedQuerySet):
    # A stop is also the lead unit's: it writes the account (说经验) and may check in.
    unit_path = "project__lead_unit"


class Stop(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("现场会"), on_delete=models.CASCADE, related_name="stops"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="meeting_stops",
    )
    order = models.PositiveSmallIntegerField(_("顺序"))
    account = models.TextField(_("经验介绍"), blank=True, max_length=600)
    checkin = models.ForeignKey(
        "projects.SiteCheckIn",
        verbose_name=_("现场打卡"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_stops",
    )
    history = HistoricalRecords(get_user=history_user)

    objects = StopQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("观摩点")
        verbose_name_plural = _("观摩点")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "project"], name="stop_once_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} #{self.order} {self.project}"


class ResolutionQuerySet(UnitScopedQuerySet):
    # The owner unit reports on its resolutions; the bureau supervises; leaders read.
    unit_path = "owner_unit"

    def open(self) -> ResolutionQuerySet:
        return self.filter(status=Resolution.Status.OPEN)

    def overdue(self, today: date) -> ResolutionQuerySet:
        """Open and past their deadline on ``today``."""
        return self.open().filter(due__lt=today)


class Resolution(models.Model):
    """A decision taken at a meeting (执行决议): an owner unit, a deadline in working days counted
    on the district's calendar, progress reports, and closing (销号) by the bureau."""

    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED = "closed", _("已销号")

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会议"), on_delete=models.CASCADE, related_name="resolutions"
    )
    text = models.CharField(_("决议事项"), max_length=255)
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("决议日期"))
    limit_days = models.PositiveSmallIntegerField(_("办理时限(工作日)"))
    due = models.DateField(_("截止日期"))
    due_explanation = models.TextField(_("截止日期说明"), blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=Status.choices, default="open")
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closing_note = models.CharField(_("销号说明"), max_length=255, blank=True)
    # Set once by the background tick (``resolutions.tick``), so a second run sends nothing.
    reminded_at = models.DateTimeField(_("催办时间"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    objects = ResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due", "pk"]
        verbose_name = _("会议决议")
        verbose_name_plural = _("会议决议")

    def __str__(self) -> str:
        return self.text


class ResolutionReport(models.Model):
    resolution = models.ForeignKey(
        Resolution, verbose_name=_("决议"), on_delete=models.CASCADE, related_name="reports"
    )
    text = models.CharField(_("进展"), max_length=500)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("报告时间"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("决议进展")
        verbose_name_plural = _("决议进展")

    def __str__(self) -> str:
        return self.text
