"""Indicators in the Django admin, with targets and their versions read-only (targets change
only through targets.actions, so every version keeps its author and reason)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from zhaoshang.targets.models import Indicator, Target, TargetVersion


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class TargetVersionInline(ReadOnlyInline):
    model = TargetVersion
    fields = ("number", "kind", "value", "reason", "author", "created_at")
    readonly_fields = fields


class TargetInline(ReadOnlyInline):
    model = Target
    fields = ("year", "issuer", "unit", "current_value")
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "measure", "valid_from", "valid_to", "successor")
    search_fields = ("code", "name")
    list_filter = ("measure",)
    inlines = [TargetInline]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ("year", "unit", "indicator", "issuer", "current_value")
    list_filter = ("year", "issuer", "indicator")
    search_fields = ("unit__name",)
    inlines = [TargetVersionInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
