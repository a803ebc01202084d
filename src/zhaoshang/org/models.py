"""Units (a generic tree: city → district → units), their groups, and people with one role each."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zhaoshang.core.actions import history_user

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Role(models.TextChoices):
    REPORTER = "reporter", _("单位填报员")
    UNIT_LEADER = "unit_leader", _("单位负责人")
    BUREAU = "bureau", _("招商局工作人员")
    LEADER = "leader", _("区领导")
    AUDITOR = "auditor", _("审计员")
    ADMIN = "admin", _("系统管理员")


UNIT_ROLES = {Role.REPORTER, Role.UNIT_LEADER}
DISTRICT_READ_ROLES = {Role.BUREAU, Role.LEADER, Role.AUDITOR}


class UnitGroup(models.Model):
    """A ranking group: towns/streets (township) and district departments (department)."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("单位分组")
        verbose_name_plural = _("单位分组")

    def __str__(self) -> str:
        return self.name


class UnitScopedQuerySet(models.QuerySet[Any]):
    """Rows that belong to a unit, scoped by the one rule (``unit_scope_q``). A subclass names the
    path from its model to the unit in ``unit_path`` ("" for units themselves)."""

    unit_path = ""

    def visible_to(self, user: User | AnonymousUser) -> Self:
        return self.filter(unit_scope_q(user, write=False, prefix=self.unit_path))

    def editable_by(self, user: User | AnonymousUser) -> Self:
        return self.filter(unit_scope_q(user, write=True, prefix=self.unit_path))

    def lock_for_change(self, user: User | AnonymousUser, pk: Any, *, denied: str) -> Any:
        """For actions: the row, locked until the transaction ends, if ``user`` may change it;
        otherwise ``PermissionDenied(denied)`` (a missing row is not told apart from a foreign one)."""
        row = self.editable_by(user).select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None:
            raise PermissionDenied(denied)
        return row


class UnitQuerySet(UnitScopedQuerySet):
    def reporting(self) -> UnitQuerySet:
        """Units that file monthly returns and are ranked: those with a group."""
        return self.filter(kind=Unit.Kind.UNIT, group__isnull=False, active=True)


class Unit(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("市")
        DISTRICT = "district", _("县区")
        UNIT = "unit", _("单位")

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(_("层级"), max_length=16, choices=Kind.choices, default=Kind.UNIT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.ForeignKey(
        UnitGroup,
        verbose_name=_("分组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    is_bureau = models.BooleanField(
        _("主管部门"), default=False, help_text=_("负责招商引资统筹与通报的部门(如招商局)")
    )
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("启用"), default=True)
    history = HistoricalRecords(get_user=history_user)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="unit") | Q(group__isnull=True),
                name="unit_group_only_on_units",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def district_id(self) -> int | None:
        """The district a unit belongs to (itself for a district)."""
        if self.kind == Unit.Kind.DISTRICT:
            return self.pk
        if self.kind == Unit.Kind.UNIT:
            return self.parent_id
        return None


class User(AbstractUser):
    """A person. One role and one unit: a reporter of 相公街道, a leader of 河东区…"""

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    phone = models.CharField(_("电话"), max_length=32, blank=True)
    # Set when someone else chose the password (a new account, an admin's reset): the person must
    # choose their own before doing anything else.
    must_change_password = models.BooleanField(_("须修改密码"), default=False)
    # Raised by "log out everywhere": part of the session hash, so every existing session ends.
    session_epoch = models.PositiveIntegerField(_("会话代次"), default=0, editable=False)
    history = HistoricalRecords(
        excluded_fields=["password", "last_login", "session_epoch"], get_user=history_user
    )

    objects = UserManager()

    class Meta:
        verbose_name = _("人员")
        verbose_name_plural = _("人员")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def district_id(self) -> int | None:
        return self.unit.district_id if self.unit_id and self.unit else None

    def has_role(self, *roles: str) -> bool:
        return self.is_active and self.role in roles

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        """Django ends a session whose stored hash no longer matches: that happens when the
        password changes and, here, also when ``session_epoch`` is raised (both the current and
        the fallback secrets' hashes go through this)."""
        return salted_hmac(
            "zhaoshang.org.User.session",
            f"{self.password}:{self.session_epoch}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()


class PasswordHistory(models.Model):
    """Hashes of a person's earlier passwords, so an old one is not chosen again."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("历史密码")
        verbose_name_plural = _("历史密码")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.set_at:%Y-%m-%d}"


def unit_scope_q(user: User | AnonymousUser, *, write: bool, prefix: str = "") -> Q:
    """The one rule of data scope, as a filter on units (``prefix`` reaches units through a FK).

    Reporters and unit leaders: their own unit. Bureau staff: every unit of their district (read
    and write). Leaders and auditors: read their district. Admins: everything. Nobody else: nothing.
    """
    nothing = Q(pk__in=[])
    if not user.is_authenticated or not user.is_active:
        return nothing
    assert isinstance(user, User)
    field = f"{prefix}__" if prefix else ""
    if user.role == Role.ADMIN or user.is_superuser:
        return Q()
    if user.unit_id is None:
        return nothing
    if user.role in UNIT_ROLES:
        return Q(**{prefix if prefix else f"{field}pk": user.unit_id})
    district = user.district_id
    if district is None:
        return nothing
    in_district = Q(**{f"{field}parent_id": district}) | Q(**{f"{field}pk": district})
    if user.role == Role.BUREAU:
        return in_district
    if user.role in {Role.LEADER, Role.AUDITOR} and not write:
        return in_district
    return nothing
