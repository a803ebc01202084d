"""Investors, projects, their dated stage history and evidence files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.org.models import UnitScopedQuerySet

if TYPE_CHECKING:
    pass


class Origin(models.TextChoices):
    WITHIN_PROVINCE = "within_province", _("市外省内")
    OUTSIDE_PROVINCE = "outside_province", _("省外")
    ABROAD = "abroad", _("境外")


class Stage(models.TextChoices):
    NEGOTIATING = "negotiating", _("洽谈")
    SIGNED = "signed", _("签约")
    CONSTRUCTION = "construction", _("开工在建")
    COMPLETED = "completed", _("竣工")
    OPERATING = "operating", _("投产")
    DROPPED = "dropped", _("终止")


# Forward order of the stages; "dropped" can be reached from anywhere.
STAGE_ORDER = [
    Stage.NEGOTIATING,
    Stage.SIGNED,
    Stage.CONSTRUCTION,
    Stage.COMPLETED,
    Stage.OPERATING,
]
# Stages in which a project counts in the registry's totals (洽谈 is a lead, not yet a project).
COUNTED_STAGES = [Stage.SIGNED, Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING]
# Stages that mean construction has started (开工): a project reaching them has "started".
STARTED_STAGES = [Stage.CONSTRUCTION, Stage.COMPLETED, Stage.OPERATING]
FINISHED_STAGES = [Stage.COMPLETED, Stage.OPERATING, Stage.DROPPED]


def is_backwards(old: str, new: str) -> bool:
    if new == Stage.DROPPED or old == Stage.DROPPED:
        return old == Stage.DROPPED and new != Stage.DROPPED
    return STAGE_ORDER.index(Stage(new)) < STAGE_ORDER.index(Stage(old))


class Industry(models.TextChoices):
    MANUFACTURING = "manufacturing", _("先进制造业")
    HIGH_TECH = "high_tech", _("高新技术产业")
    AGRICULTURE = "agriculture", _("现代农业")
    LOGISTICS = "logistics", _("商贸物流")
    SERVICES = "services", _("现代服务业")
    TOURISM = "tourism", _("文化旅游")
    INFRASTRUCTURE = "infrastructure", _("基础设施")
    OTHER = "other", _("其他")


class Investor(models.Model):
    name = models.CharField(_("投资方名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    home_region = models.CharField(_("来源地"), max_length=64, blank=True)
    contact = models.CharField(_("联系人"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["name"]
        verbose_name = _("投资方")
        verbose_name_plural = _("投资方")

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(UnitScopedQuerySet):
    unit_path = "lead_unit"


class Project(models.Model):
    code = models.CharField(_("项目编号"), max_length=32)
    name = models.CharField(_("项目名称"), max_length=128)
    investor = models.ForeignKey(
        Investor, verbose_name=_("投资方"), on_delete=models.PROTECT, related_name="projects"
    )
    lead_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头单位"), on_delete=models.PROTECT, related_name="projects"
    )
    origin = models.CharField(_("资金来源地"), max_length=20, choices=Origin.choices)
    industry = models.CharField(_("产业类别"), max_length=20, choices=Industry.choices)
    planned_investment_yuan = models.DecimalField(
        _("计划总投资(元)"), max_digits=18, decimal_places=2
    )
    is_key = models.BooleanField(_("重点项目"), default=False)
    stage = models.CharField(
        _("当前阶段"), max_length=16, choices=Stage.choices, default=Stage.NEGOTIATING
    )
    start_date = models.DateField(
        _("立项日期"), help_text=_("项目纳入台账的日期;当年立项为新建,往年立项为续建")
    )
    location = models.CharField(_("建设地点"), max_length=128, blank=True)
    latitude = models.DecimalField(
        _("纬度"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        help_text=_("WGS-84 坐标(手机定位所用坐标系),用于现场打卡比对"),
    )
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    description = models.TextField(_("项目简介"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["lead_unit__sort_order", "code"]
        verbose_name = _("招商引资项目")
        verbose_name_plural = _("招商引资项目")
        constraints = [
            # A project counts once: the investor's USCC with the project's own code.
            models.UniqueConstraint(fields=["investor", "code"], name="project_counted_once"),
            models.CheckConstraint(
                condition=models.Q(planned_investment_yuan__gte=0),
                name="project_investment_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["lead_unit", "stage"])]

    def __str__(self) -> str:
        return self.name

    def is_new_in(self, year: int) -> bool:
        """New (新建) when registered in ``year``; continuing (续建) when carried over."""
        return self.start_date.year == year


class StageChange(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="stage_changes"
    )
    from_stage = models.CharField(_("原阶段"), max_length=16, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("新阶段"), max_length=16, choices=Stage.choices)
    on = models.DateField(_("日期"))
    reason = models.CharField(_("说明"), max_length=255, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    checkin = models.ForeignKey(
        "projects.SiteCheckIn",
        verbose_name=_("现场打卡佐证"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stage_changes",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("阶段变更")
        verbose_name_plural = _("阶段变更")
        indexes = [models.Index(fields=["project", "on"])]

    def __str__(self) -> str:
        return f"{self.project} {self.on} → {self.get_to_stage_display()}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evidence/{instance.project_id}/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="evidence"
    )
    stage = models.CharField(_("阶段"), max_length=16, choices=Stage.choices)
    file = models.FileField(_("文件"), upload_to=evidence_path)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=64)
    size = models.PositiveBigIntegerField(_("大小"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.original_name


class SiteCheckInQuerySet(UnitScopedQuerySet):
    unit_path = "project__lead_unit"


def checkin_path(instance: SiteCheckIn, filename: str) -> str:
    return f"checkins/{instance.project_id}/{instance.sha256[:2]}/{instance.sha256}.jpg"


class SiteCheckIn(models.Model):
    """A visit to the project's site from a phone: where the browser says it was (with its
    accuracy), a photo (stored resized, with hashes) and what the photo's own EXIF says."""

    project = models.ForeignKey(
        Project, verbose_name=_("项目"), on_delete=models.CASCADE, related_name="checkins"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("打卡人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("打卡时间"), default=timezone.now)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6)
    accuracy_m = models.DecimalField(_("定位精度(米)"), max_digits=9, decimal_places=1)
    distance_m = models.DecimalField(
        _("距项目地点(米)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    photo = models.FileField(_("照片"), upload_to=checkin_path)
    sha256 = models.CharField(_("存储照片 SHA-256"), max_length=64)
    original_sha256 = models.CharField(_("原始照片 SHA-256"), max_length=64)
    width = models.PositiveIntegerField(_("宽"))
    height = models.PositiveIntegerField(_("高"))
    exif_latitude = models.DecimalField(
        _("照片自带纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    exif_longitude = models.DecimalField(
        _("照片自带经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    exif_distance_m = models.DecimalField(
        _("照片位置与定位相距(米)"), max_digits=12, decimal_places=1, null=True, blank=True
    )
    exif_taken_at = models.DateTimeField(_("照片拍摄时间"), null=True, blank=True)
    flags = models.JSONField(_("提示"), default=list, blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)

    objects = SiteCheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("现场打卡")
        verbose_name_plural = _("现场打卡")
        indexes = [models.Index(fields=["project", "at"])]

    def __str__(self) -> str:
        return f"{self.project} {self.at:%Y-%m-%d %H:%M}"

    def flag_labels(self) -> list[str]:
        from zhaoshang.projects.geo import FLAG_LABELS

        return [FLAG_LABELS.get(flag, flag) for flag in self.flags]
