"""Units, groups and people in the Django admin (admins manage units, people, roles and
memberships: a person's unit is their membership). Row history where the model keeps it."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
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


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = ("username", "full_name", "role", "unit", "is_active", "last_login")
    list_filter = ("role", "is_active", "unit__parent", "unit__group")
    search_fields = ("username", "full_name", "unit__name", "phone")
    list_select_related = ("unit",)
    autocomplete_fields = ("unit",)
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        (_("招商角色与所属单位"), {"fields": ("full_name", "role", "unit", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("招商角色与所属单位"), {"fields": ("full_name", "role", "unit")}),
    )
