"""Assessment (考核): schemes as versioned data, bureau-entered measures, the deduction ledger,
runs with per-unit results, objections, and finalisation (frozen, with a SHA-256 digest)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.assessment.scheme import Scheme as SchemeSpec
from zhaoshang.assessment.scheme import SchemeError, parse_scheme
from zhaoshang.core.actions import history_user
from zhaoshang.org.models import Role, Unit, UnitScopedQuerySet

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhaoshang.org.models import User

FROZEN_MESSAGE = "考核结果已确定,不能修改"


class DistrictQuerySet(models.QuerySet[Any]):
    """Rows that belong to a district: seen by everyone who sees a unit of it; changed by its
    bureau staff (and admins)."""

    def visible_to(self, user: User | AnonymousUser) -> Self:
        units = Unit.objects.visible_to(user)
        return self.filter(
            models.Q(district__in=units.values("pk"))
            | models.Q(district__in=units.values("parent_id"))
        )

    def editable_by(self, user: User | AnonymousUser) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser or getattr(user, "role", "") == Role.ADMIN:
            return self.all()
        if getattr(user, "role", "") != Role.BUREAU:
            return self.none()
        return self.filter(district_id=getattr(user, "district_id", None))

    def lock_for_change(self, user: User | AnonymousUser, pk: Any, *, denied: str) -> Any:
        from django.core.exceptions import PermissionDenied

        row = self.editable_by(user).select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None:
            raise PermissionDenied(denied)
        return row


class UnitRowQuerySet(UnitScopedQuerySet):
    unit_path = "unit"


def validate_body(body: Any) -> SchemeSpec:
    try:
        return parse_scheme(body)
    except SchemeError as exc:
        raise ValidationError({"body": exc.messages}) from exc


class Scheme(models.Model):
    """One version of a scheme. Editing makes a new version; a saved version never changes."""

    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    name = models.CharField(_("名称"), max_length=128)
    version = models.PositiveIntegerField(_("版本"), default=1)
    body = models.JSONField(_("方案内容"))
    note = models.CharField(_("修订说明"), max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "name", "-version"]
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name", "version"], name="assessment_scheme_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}(第{self.version}版)"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("考核方案的已保存版本不能修改,请另存为新版本"))
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        """The body must be a valid scheme; a new version takes its name and year from it."""
        spec = validate_body(self.body)
        if self._state.adding:
            self.name, self.year = spec.name, spec.year

    @property
    def spec(self) -> SchemeSpec:
        return parse_scheme(self.body)


class MeasureEntry(models.Model):
    """A measure from outside the system (e.g. a province-verified figure), with its evidence.
    The latest entry of the year up to a period's month applies."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("截至月份"))
    code = models.CharField(_("指标代码"), max_length=64)
    value = models.DecimalField(_("数值"), max_digits=18, decimal_places=4)
    evidence = models.FileField(_("证明材料"), upload_to="assessment/evidence/", blank=True)
    note = models.CharField(_("说明"), max_length=255, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords(get_user=history_user)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "code", "-year", "-month", "-pk"]
        verbose_name = _("考核指标录入")
        verbose_name_plural = _("考核指标录入")

    def __str__(self) -> str:
        return f"{self.unit} {self.code}={self.value}"


class Deduction(models.Model):
    """The deduction ledger: one row per event (a missed return, a fabricated project…)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("月份"))
    rule = models.CharField(_("扣分规则"), max_length=64)
    rule_name = models.CharField(_("规则名称"), max_length=128)
    points = models.DecimalField(_("扣分"), max_digits=8, decimal_places=2)
    reason = models.CharField(_("事由"), max_length=255)
    evidence = models.FileField(_("证明材料"), upload_to="assessment/evidence/", blank=True)
    on = models.DateField(_("日期"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    automatic = models.BooleanField(_("系统生成"), default=False)
    source = models.CharField(_("来源"), max_length=64, blank=True)
    cancelled = models.BooleanField(_("已撤销"), default=False)
    cancel_reason = models.CharField(_("撤销理由"), max_length=255, blank=True)
    history = HistoricalRecords(get_user=history_user)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        ordering = ["unit", "rule", "on", "pk"]
        verbose_name = _("扣分台账")
        verbose_name_plural = _("扣分台账")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "rule", "source"],
                condition=~models.Q(source=""),
                name="assessment_deduction_source_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.rule_name} −{self.points}"


class AssessmentRun(models.Model):
    class Status(models.TextChoices):
        OBJECTION = "objection", _("公示中(可提出异议)")
        FINAL = "final", _("已确定")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs"
    )
    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("考核期间"), max_length=16)
    year = models.PositiveSmallIntegerField(_("年度"))
    month = models.PositiveSmallIntegerField(_("截至月份"))
    kind = models.CharField(_("期间类型"), max_length=16)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.OBJECTION
    )
    revision = models.PositiveIntegerField(_("计算次数"), default=1)
    objection_until = models.DateField(_("异议截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    finalised_at = models.DateTimeField(_("确定时间"), null=True, blank=True)
    digest = models.CharField(_("SHA-256"), max_length=64, blank=True)

    objects = DistrictQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-month", "-pk"]
        verbose_name = _("考核结果")
        verbose_name_plural = _("考核结果")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "period"], name="assessment_run_once")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.name} {self.period_label}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    @property
    def period_label(self) -> str:
        from zhaoshang.assessment.periods import AssessmentPeriod

        return AssessmentPeriod.parse(self.period).label()


class Result(models.Model):
    """One unit's score sheet in a run."""

    class ListKind(models.TextChoices):
        NONE = "", _("—")
        RED = "red", _("红榜")
        BLACK = "black", _("黑榜")

    run = models.ForeignKey(
        AssessmentRun, verbose_name=_("考核结果"), on_delete=models.CASCADE, related_name="results"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    group_code = models.CharField(_("分组"), max_length=32)
    total = models.DecimalField(_("总分"), max_digits=10, decimal_places=2)
    rank = models.PositiveIntegerField(_("组内名次"), null=True, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    list_kind = models.CharField(
        _("红黑榜"), max_length=8, choices=ListKind.choices, default="", blank=True
    )
    sheet = models.JSONField(_("得分明细"), default=dict)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        ordering = ["run", "group_code", "rank", "unit__sort_order"]
        verbose_name = _("单位得分")
        verbose_name_plural = _("单位得分")
        constraints = [
            models.UniqueConstraint(fields=["run", "unit"], name="assessment_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.total}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.run.is_final:
            raise PermissionError(FROZEN_MESSAGE)
        super().save(*args, **kwargs)


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("不予采纳")

    result = models.ForeignKey(
        Result, verbose_name=_("单位得分"), on_delete=models.CASCADE, related_name="objections"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(_("异议内容"))
    evidence = models.FileField(_("证明材料"), upload_to="assessment/objections/", blank=True)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default="open")
    resolution = models.TextField(_("处理意见"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    total_before = models.DecimalField(
        _("复核前总分"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    total_after = models.DecimalField(
        _("复核后总分"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    history = HistoricalRecords(get_user=history_user)

    objects = UnitRowQuerySet.as_manager()

    class Meta:
        ordering = ["-filed_at", "-pk"]
        verbose_name = _("考核异议")
        verbose_name_plural = _("考核异议")

    def __str__(self) -> str:
        return f"{self.unit} 异议 {self.get_status_display()}"
