"""Enterprise register, protection (挂牌保护), inspection filing (检查备案制) and what the public
sends back (ratings, reports of unfiled inspections)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.inspections import rules as pure
from zhaoshang.org.models import UnitScopedQuerySet
from zhaoshang.projects.models import Industry


class EnterpriseQuerySet(UnitScopedQuerySet):
    unit_path = "responsible_unit"


class Enterprise(models.Model):
    class Size(models.TextChoices):
        LARGE = "large", _("大型")
        MEDIUM = "medium", _("中型")
        SMALL = "small", _("小型")
        MICRO = "micro", _("微型")

    class Status(models.TextChoices):
        OPERATING = "operating", _("存续")
        SUSPENDED = "suspended", _("停业")
        DISSOLVED = "dissolved", _("注销")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True)
    name = models.CharField(_("企业名称"), max_length=128)
    address = models.CharField(_("地址"), max_length=255, blank=True)
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("属地/责任单位"),
        on_delete=models.PROTECT,
        related_name="enterprises",
    )
    industry = models.CharField(_("行业"), max_length=20, choices=Industry.choices)
    size = models.CharField(_("企业规模"), max_length=8, choices=Size.choices)
    foreign_invested = models.BooleanField(_("外商投资企业"), default=False)
    status = models.CharField(
        _("状态"), max_length=12, choices=Status.choices, default=Status.OPERATING
    )
    contact = models.CharField(_("联系人"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self) -> str:
        return self.name

    @property
    def dissolved(self) -> bool:
        return self.status == self.Status.DISSOLVED


# code, name, kind, threshold (yuan) — the same list the first migration writes.
DEFAULT_PROTECTION_RULES = [
    ("key_project", "区级以上重点项目", "key_project", None),
    ("investment_100m", "计划总投资1亿元以上", "investment_above", "100000000"),
    ("foreign_invested", "外商投资企业", "foreign_invested", None),
    ("decided", "经区政府研究确定", "decided", None),
]


class ProtectionRule(models.Model):
    """Why an enterprise or project may be listed: data, editable in the admin."""

    class Kind(models.TextChoices):
        KEY_PROJECT = "key_project", _("重点项目")
        INVESTMENT_ABOVE = "investment_above", _("投资额达到标准")
        FOREIGN_INVESTED = "foreign_invested", _("外商投资企业")
        DECIDED = "decided", _("经研究决定")

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    kind = models.CharField(_("判定方式"), max_length=20, choices=Kind.choices)
    threshold_yuan = models.DecimalField(
        _("投资额标准(元)"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("挂牌保护认定标准")
        verbose_name_plural = _("挂牌保护认定标准")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def by_code(cls, code: str) -> ProtectionRule:
        """A rule by its code; the defaults (written by the first migration) are put back if a
        database was emptied since (a restore, a flushed test database)."""
        found = cls.objects.filter(code=code).first()
        if found is not None:
            return found
        for key, name, kind, threshold in DEFAULT_PROTECTION_RULES:
            cls.objects.get_or_create(
                code=key, defaults={"name": name, "kind": kind, "threshold_yuan": threshold}
            )
        return cls.objects.get(code=code)


class ProtectionQuerySet(UnitScopedQuerySet):
    unit_path = "unit"

    def active_on(self, day: date) -> ProtectionQuerySet:
        return self.filter(status=Protection.Status.LISTED, starts_on__lte=day, ends_on__gte=day)


class Protection(models.Model):
    """One listing (挂牌) of an enterprise or a project, for a period."""

    class Status(models.TextChoices):
        LISTED = "listed", _("保护中")
        REMOVED = "removed", _("已摘牌")

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("企业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="protections",
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("责任单位"), on_delete=models.PROTECT, related_name="+"
    )
    rule = models.ForeignKey(
        ProtectionRule, verbose_name=_("认定标准"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("挂牌理由"), max_length=255)
    starts_on = models.DateField(_("保护起始日"))
    ends_on = models.DateField(_("保护截止日"))
    responsible_leader = models.CharField(_("联系领导"), max_length=64)
    contact_person = models.CharField(_("联系人"), max_length=64)
    contact_phone = models.CharField(_("联系电话"), max_length=32)
    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.LISTED
    )
    removed_reason = models.CharField(_("摘牌理由"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = ProtectionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "pk"]
        verbose_name = _("挂牌保护")
        verbose_name_plural = _("挂牌保护")
        constraints = [
            models.CheckConstraint(
                condition=(Q(enterprise__isnull=False, project__isnull=True))
                | Q(enterprise__isnull=True, project__isnull=False),
                name="protection_enterprise_xor_project",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="protection_period_order"
            ),
        ]

    def __str__(self) -> str:
        return str(self.enterprise or self.project)

    @property
    def subject_name(self) -> str:
        return str(self.enterprise or self.project)


class InspectionRules(models.Model):
    """The rules of filing as one row of data (DOMAIN.md §7 defaults); see ``rules.Rules``."""

    notice_working_days = models.PositiveSmallIntegerField(_("提前备案工作日数"), default=3)
    emergency_after_working_days = models.PositiveSmallIntegerField(
        _("紧急检查补报工作日数"), default=2
    )
    quiet_first_day = models.PositiveSmallIntegerField(_("安静期起始日(每月)"), default=1)
    quiet_last_day = models.PositiveSmallIntegerField(_("安静期截止日(每月)"), default=20)
    routine_per_year = models.PositiveSmallIntegerField(
        _("同一部门同一事项每年日常检查次数上限"), default=1
    )
    min_inspectors = models.PositiveSmallIntegerField(_("检查人员最少人数"), default=2)
    protected_needs_approval = models.BooleanField(_("挂牌保护企业检查须招商局审批"), default=True)
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("检查备案规则")
        verbose_name_plural = _("检查备案规则")

    def __str__(self) -> str:
        return str(_("检查备案规则"))

    @classmethod
    def current(cls) -> InspectionRules:
        row, _created = cls.objects.get_or_create(pk=1)
        return row

    def as_rules(self) -> pure.Rules:
        return pure.Rules(
            notice_working_days=self.notice_working_days,
            emergency_after_working_days=self.emergency_after_working_days,
            quiet_first_day=self.quiet_first_day,
            quiet_last_day=self.quiet_last_day,
            routine_per_year=self.routine_per_year,
            min_inspectors=self.min_inspectors,
            protected_needs_approval=self.protected_needs_approval,
        )


class FilingQuerySet(UnitScopedQuerySet):
    unit_path = "department"


class JointVisit(models.Model):
    """综合查一次: several departments' plans for one enterprise in one month, done together."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="joint_visits"
    )
    visit_date = models.DateField(_("联合检查日期"))
    lead_department = models.ForeignKey(
        "org.Unit", verbose_name=_("牵头部门"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-visit_date"]
        verbose_name = _("联合检查")
        verbose_name_plural = _("联合检查")

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visit_date.isoformat()}"


class Filing(models.Model):
    class Kind(models.TextChoices):
        ROUTINE = pure.ROUTINE, _("日常检查")
        COMPLAINT = pure.COMPLAINT, _("投诉举报")
        ACCIDENT = pure.ACCIDENT, _("事故调查")
        EMERGENCY = pure.EMERGENCY, _("紧急检查")

    class Status(models.TextChoices):
        PENDING = "pending", _("待招商局审批")
        FILED = "filed", _("已备案")
        REFUSED = "refused", _("不予同意")
        WITHDRAWN = "withdrawn", _("已撤回")

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT, related_name="filings"
    )
    department = models.ForeignKey(
        "org.Unit", verbose_name=_("检查部门"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("检查类型"), max_length=12, choices=Kind.choices)
    matter = models.CharField(_("检查事项"), max_length=64)
    legal_basis = models.CharField(_("检查依据"), max_length=255)
    items = models.TextField(_("检查内容"))
    inspectors = models.JSONField(_("检查人员"), default=list)
    planned_date = models.DateField(_("计划检查日期"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices)
    needs_approval = models.BooleanField(_("须审批(挂牌保护)"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_note = models.CharField(_("审批意见"), max_length=255, blank=True)
    code = models.CharField(_("核验码"), max_length=14, unique=True, null=True, blank=True)
    joint_visit = models.ForeignKey(
        JointVisit,
        verbose_name=_("联合检查"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="filings",
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_on = models.DateField(_("备案日期"))
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords(get_user=history_user)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-planned_date", "-pk"]
        verbose_name = _("检查备案")
        verbose_name_plural = _("检查备案")
        indexes = [
            models.Index(fields=["enterprise", "planned_date"]),
            models.Index(fields=["department", "planned_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.enterprise} · {self.planned_date.isoformat()}"

    @property
    def inspector_names(self) -> str:
        return "、".join(str(n) for n in self.inspectors)


class Rating(models.Model):
    """The enterprise's rating of a visit, given with the verification code (one per filing)."""

    filing = models.OneToOneField(
        Filing, verbose_name=_("检查备案"), on_delete=models.CASCADE, related_name="rating"
    )
    score = models.PositiveSmallIntegerField(_("评分(1–5)"))
    comment = models.CharField(_("意见"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("检查评价")
        verbose_name_plural = _("检查评价")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5), name="rating_score_1_to_5"
            )
        ]

    def __str__(self) -> str:
        return f"{self.filing} {self.score}"


class UnfiledReportQuerySet(UnitScopedQuerySet):
    unit_path = "department"


class UnfiledReport(models.Model):
    """An enterprise reports an inspection that was not filed; with a phone number in the contact
    it also becomes a complaint case to the bureau (``case_ref`` is its tracking code)."""

    enterprise_name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    enterprise = models.ForeignKey(
        Enterprise, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    department = models.ForeignKey(
        "org.Unit",
        verbose_name=_("检查部门"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    happened_on = models.DateField(_("检查日期"))
    description = models.TextField(_("情况说明"))
    contact = models.CharField(_("联系人及电话"), max_length=128)
    case_ref = models.CharField(_("关联诉求编号"), max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = UnfiledReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("未备案检查举报")
        verbose_name_plural = _("未备案检查举报")

    def __str__(self) -> str:
        return f"{self.enterprise_name} {self.happened_on.isoformat()}"
