"""Units, groups and people in the Django admin (admins manage units, people, roles and
memberships: a person's unit is their membership). Row history where the model keeps it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.org.models import Unit, UnitGroup, User


@admin.register(UnitGroup)
class UnitGroupAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "sort_order")
    ordering = ("sort_order", "code")


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "kind", "parent", "group", "is_bureau", "active", "sort_order")
    list_filter = ("kind", "group", "active", "is_bureau", "parent")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("parent", "group")
    ordering = ("sort_order", "code")


class NewPersonForm(AdminUserCreationForm):
    """A new account's first password is the admin's choice: the person must replace it."""

    def save(self, commit: bool = True) -> User:
        person = super().save(commit=False)
        person.must_change_password = True
        if commit:
            person.save()
        return person


class ResetPasswordForm(AdminPasswordChangeForm):
    """An admin's reset: the person's sessions end and they must choose their own password."""

    def save(self, commit: bool = True) -> User:
        self.user.must_change_password = True
        self.user.session_epoch += 1
        return super().save(commit=commit)


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    add_form = NewPersonForm
    change_password_form = ResetPasswordForm
    list_display = ("username", "full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit__parent", "unit__group")
    search_fields = ("username", "full_name", "unit__name", "phone")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("招商角色与所属单位"), {"fields": ("full_name", "role", "unit", "phone")}),
    )
    readonly_fields = ("must_change_password",)
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("招商角色与所属单位"), {"fields": ("full_name", "role", "unit")}),
    )
