"""Enterprise requests (企业诉求): cases, their steps, attachments, extensions and pauses;
service commitments per unit; free agency service (帮办代办) and its ledger."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user
from zhaoshang.org.models import UNIT_ROLES, UnitScopedQuerySet, unit_scope_q

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from zhaoshang.org.models import User

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B: easy to read over the phone, 31^12 ≈ 7.9e17 codes.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 12


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Category(models.TextChoices):
    URGENT = "urgent", _("紧急")
    ENQUIRY = "enquiry", _("咨询")
    BUSINESS = "business", _("办事")
    COMPLAINT = "complaint", _("投诉")


class Channel(models.TextChoices):
    PORTAL = "portal", _("网上提交")
    PHONE = "phone", _("电话")
    VISIT = "visit", _("来访")
    LETTER = "letter", _("来信")


class Status(models.TextChoices):
    NEW = "new", _("待受理")
    HANDLING = "handling", _("办理中")
    PASSED = "passed", _("转办待接收")
    PAUSED = "paused", _("暂停(等待企业)")
    COMPLETED = "completed", _("已办结待回访")
    CLOSED = "closed", _("已关闭")
    WITHDRAWN = "withdrawn", _("已撤回")


OPEN_STATUSES = (Status.NEW, Status.HANDLING, Status.PASSED, Status.PAUSED)


class Light(models.TextChoices):
    GREEN = "green", _("绿灯")
    YELLOW = "yellow", _("黄灯")
    RED = "red", _("红灯")


class Satisfaction(models.TextChoices):
    NONE = "", _("未评价")
    SATISFIED = "satisfied", _("满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class CaseQuerySet(UnitScopedQuerySet):
    """A unit sees cases it first received, owns now, or was routed (passed to or from);
    the bureau sees its district's; leaders and auditors read them; admins see all.
    Changing a case belongs to its current owner unit (and the district's bureau)."""

    unit_path = "owner_unit"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        if not unit_scope_q(user, write=False):  # an empty Q: everything (admins)
            return self.all()
        if not user.is_authenticated or user.role not in UNIT_ROLES:
            # Bureau, leaders, auditors: a case never leaves its district, so the district
            # decides (one indexed condition; the OR over units below defeats PostgreSQL's planner).
            return self.filter(unit_scope_q(user, write=False, prefix="district"))
        routed = CaseStep.objects.filter(
            unit_scope_q(user, write=False, prefix="to_unit")
            | unit_scope_q(user, write=False, prefix="from_unit")
        ).values("case_id")
        return self.filter(
            unit_scope_q(user, write=False, prefix="district")
            | unit_scope_q(user, write=False, prefix="first_unit")
            | unit_scope_q(user, write=False, prefix="owner_unit")
            | Q(pk__in=routed)
        )

    def open(self) -> Self:
        return self.filter(status__in=OPEN_STATUSES)


class CommitmentQuerySet(UnitScopedQuerySet):
    unit_path = "unit"


class ServiceCommitment(models.Model):
    """服务承诺: what a unit promises for one item (the promised limit is a case's deadline)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("单位"), on_delete=models.PROTECT, related_name="commitments"
    )
    item = models.CharField(_("事项"), max_length=128)
    statutory_days = models.PositiveSmallIntegerField(_("法定时限(工作日)"))
    promised_days = models.PositiveSmallIntegerField(_("承诺时限(工作日)"))
    contact_hours = models.PositiveSmallIntegerField(
        _("承诺联系时限(工作小时)"),
        null=True,
        blank=True,
        help_text=_("收到诉求后多少个工作小时内首次联系企业;留空表示不作承诺"),
    )
    fee_yuan = models.DecimalField(_("收费(元)"), max_digits=18, decimal_places=2, default=0)
    fee_note = models.CharField(_("收费说明"), max_length=128, blank=True)
    documents = models.TextField(_("所需材料"), blank=True)
    active = models.BooleanField(_("有效"), default=True)
    history = HistoricalRecords(get_user=history_user)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["unit__sort_order", "item"]
        verbose_name = _("服务承诺")
        verbose_name_plural = _("服务承诺")
        constraints = [
            models.UniqueConstraint(fields=["unit", "item"], name="commitment_unique_item"),
            models.CheckConstraint(
                condition=Q(promised_days__lte=models.F("statutory_days")),
                name="commitment_promise_within_statute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.item}"


class Case(models.Model):
    code = models.CharField(_("查询码"), max_length=16, unique=True, default=new_tracking_code)
    district = models.ForeignKey(
        "org.Unit", verbose_name=_("县区"), on_delete=models.PROTECT, related_name="+"
    )
    enterprise_name = models.CharField(_("企业名称"), max_length=128)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    contact = models.CharField(_("联系人"), max_length=64)
    phone = models.CharField(_("联系电话"), max_length=32)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("诉求标题"), max_length=128)
    description = models.TextField(_("诉求内容"))
    commitment = models.ForeignKey(
        ServiceCommitment,
        verbose_name=_("承诺事项"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    first_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("首问单位"), on_delete=models.PROTECT, related_name="+"
    )
    first_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("首问责任人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "org.Unit", verbose_name=_("承办单位"), on_delete=models.PROTECT, related_name="+"
    )
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    received_at = models.DateTimeField(_("收到时间"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    accepted_on_time = models.BooleanField(_("按时受理"), null=True)
    deadline = models.DateField(_("办理期限"))
    deadline_explanation = models.TextField(_("期限说明"), blank=True)
    light = models.CharField(_("信号灯"), max_length=8, choices=Light.choices, default=Light.GREEN)
    missed_on = models.DateField(_("逾期日期"), null=True, blank=True)
    reminded_on = models.DateField(_("催办日期"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("督办时间"), null=True, blank=True)
    escalation_reason = models.CharField(_("督办原因"), max_length=255, blank=True)
    paused_since = models.DateField(_("暂停自"), null=True, blank=True)
    # First contact with the enterprise, where a commitment or the category promises it.
    contact_due = models.DateTimeField(_("首次联系期限"), null=True, blank=True)
    contact_explanation = models.TextField(_("联系期限说明"), blank=True)
    contacted_at = models.DateTimeField(_("首次联系时间"), null=True, blank=True)
    contact_missed_at = models.DateTimeField(_("联系逾期"), null=True, blank=True)
    passes = models.PositiveSmallIntegerField(_("转办次数"), default=0)
    bounces = models.PositiveSmallIntegerField(_("退回次数"), default=0)
    reopens = models.PositiveSmallIntegerField(_("重办次数"), default=0)
    result = models.TextField(_("办理结果"), blank=True)
    completed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    completed_on_time = models.BooleanField(_("按时办结"), null=True)
    # The follow-up (回访) is due within 1 working day after completion.
    follow_up_due = models.DateField(_("回访期限"), null=True, blank=True)
    follow_up_explanation = models.TextField(_("回访期限说明"), blank=True)
    follow_up_missed_on = models.DateField(_("回访逾期"), null=True, blank=True)
    satisfaction = models.CharField(
        _("满意度"), max_length=16, choices=Satisfaction.choices, blank=True, default=""
    )
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    history = HistoricalRecords(get_user=history_user)

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("企业诉求")
        verbose_name_plural = _("企业诉求")
        indexes = [
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["owner_unit", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def escalated(self) -> bool:
        return self.escalated_at is not None

    @property
    def contact_pending(self) -> bool:
        """A first contact is promised and not yet recorded."""
        return self.contact_due is not None and self.contacted_at is None and self.is_open


class CaseStep(models.Model):
    """One step of a case's life: every routing, decision, reminder and rating, in order."""

    class Kind(models.TextChoices):
        REGISTERED = "registered", _("登记")
        SUBMITTED = "submitted", _("网上提交")
        ACCEPTED = "accepted", _("受理")
        PASSED = "passed", _("转办")
        SENT_BACK = "sent_back", _("退回")
        EXTENSION_ASKED = "extension_asked", _("申请延期")
        EXTENSION_REFUSED_LATE = "extension_late", _("延期申请被拒(已过期限)")
        EXTENSION_APPROVED = "extension_approved", _("批准延期")
        EXTENSION_REFUSED = "extension_refused", _("不予延期")
        PAUSED = "paused", _("暂停")
        RESUMED = "resumed", _("恢复办理")
        COMPLETED = "completed", _("办结")
        RATED = "rated", _("回访评价")
        REOPENED = "reopened", _("重新办理")
        WITHDRAWN = "withdrawn", _("撤回")
        MISSED = "missed", _("逾期")
        REMINDED = "reminded", _("催办")
        ESCALATED = "escalated", _("督办")
        CONTACTED = "contacted", _("首次联系企业")
        CONTACT_MISSED = "contact_missed", _("联系逾期")
        FOLLOW_UP_MISSED = "follow_up_missed", _("回访逾期")
        CALLED_BACK = "called_back", _("撤回回访")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("环节"), max_length=24, choices=Kind.choices)
    at = models.DateTimeField(_("时间"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("从"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("理由/说明"), blank=True)
    public = models.BooleanField(_("企业可见"), default=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")

    def __str__(self) -> str:
        return f"{self.case.code} {self.get_kind_display()}"


class CallBack(models.Model):
    """回访抽样: the bureau calls back a withdrawn request drawn in a month's sample, once."""

    class Outcome(models.TextChoices):
        REACHED = "reached", _("已联系上")
        NOT_REACHED = "not_reached", _("未联系上")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="callbacks")
    year = models.PositiveSmallIntegerField(_("抽样年份"))
    month = models.PositiveSmallIntegerField(_("抽样月份"))
    outcome = models.CharField(_("回访结果"), max_length=16, choices=Outcome.choices)
    view = models.TextField(_("企业意见"), blank=True)
    satisfied = models.BooleanField(_("是否满意"), null=True)
    note = models.TextField(_("备注"), blank=True)
    reopened = models.BooleanField(_("已重新办理"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("回访人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("回访时间"))

    class Meta:
        ordering = ["-year", "-month", "case_id"]
        verbose_name = _("撤回诉求回访")
        verbose_name_plural = _("撤回诉求回访")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "year", "month"], name="callback_once_per_case_and_month"
            ),
            models.CheckConstraint(
                condition=Q(month__gte=1, month__lte=12), name="callback_month_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.year}-{self.month:02d}"


def attachment_path(instance: CaseAttachment, filename: str) -> str:
    return f"casework/{instance.case.code}/{filename}"


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    original_name = models.CharField(_("文件名"), max_length=255)
    content_type = models.CharField(_("类型"), max_length=64)
    size = models.PositiveIntegerField(_("大小(字节)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("诉求附件")
        verbose_name_plural = _("诉求附件")

    def __str__(self) -> str:
        return self.original_name


class Extension(models.Model):
    class Decision(models.TextChoices):
        PENDING = "pending", _("待审批")
        APPROVED = "approved", _("已批准")
        REFUSED = "refused", _("不予批准")
        LATE = "late", _("已过期限,不予受理")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("延长工作日"))
    reason = models.TextField(_("理由"))
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    asked_at = models.DateTimeField(_("申请时间"))
    decision = models.CharField(_("审批"), max_length=16, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    old_deadline = models.DateField(_("原期限"))
    new_deadline = models.DateField(_("新期限"), null=True, blank=True)

    class Meta:
        ordering = ["asked_at", "pk"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"{self.case_id} +{self.days}"


class Pause(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("暂停日期"))
    ended_on = models.DateField(_("恢复日期"), null=True, blank=True)
    reason = models.TextField(_("原因"))
    stopped_days = models.PositiveSmallIntegerField(_("停止计时工作日"), default=0)

    class Meta:
        ordering = ["started_on", "pk"]
        verbose_name = _("暂停记录")
        verbose_name_plural = _("暂停记录")

    def __str__(self) -> str:
        return f"{self.case_id} {self.started_on}"


class AgencyQuerySet(UnitScopedQuerySet):
    unit_path = "project__lead_unit"

    def visible_to(self, user: User | AnonymousUser) -> Self:
        scope = unit_scope_q(user, write=False, prefix="project__lead_unit")
        if not scope:  # an empty Q: everything (admins)
            return self.all()
        return self.filter(scope | Q(agent_id=user.pk) if user.pk else scope)


class AgencyAssignment(models.Model):
    """帮办代办: the bureau assigns an agent to an eligible project; the service is free."""

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("项目"),
        on_delete=models.PROTECT,
        related_name="agency_assignments",
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("代办员"),
        on_delete=models.PROTECT,
        related_name="agency_assignments",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_on = models.DateField(_("指派日期"))
    active = models.BooleanField(_("在办"), default=True)
    history = HistoricalRecords(get_user=history_user)

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["-assigned_on", "-pk"]
        verbose_name = _("帮办代办指派")
        verbose_name_plural = _("帮办代办指派")

    def __str__(self) -> str:
        return f"{self.project} · {self.agent}"


class AgencyRecord(models.Model):
    """One approval handled for the investor. Any fee is a breach of the free-service rule."""

    assignment = models.ForeignKey(
        AgencyAssignment, on_delete=models.CASCADE, related_name="records"
    )
    on = models.DateField(_("日期"))
    item = models.CharField(_("审批事项"), max_length=128)
    outcome = models.CharField(_("办理结果"), max_length=255)
    fee_yuan = models.DecimalField(_("收费(元)"), max_digits=18, decimal_places=2, default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords(get_user=history_user)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("代办台账")
        verbose_name_plural = _("代办台账")

    def __str__(self) -> str:
        return f"{self.on} {self.item}"

    @property
    def breach(self) -> bool:
        return self.fee_yuan > 0
