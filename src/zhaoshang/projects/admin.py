"""Registry in the Django admin: investors and projects with their row history; stage changes,
evidence and site check-ins read-only (they change only through the registry's actions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.projects.models import Evidence, Investor, Project, SiteCheckIn, StageChange


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class StageChangeInline(ReadOnlyInline):
    model = StageChange
    fields = ("on", "from_stage", "to_stage", "reason", "actor")
    readonly_fields = fields


class SiteCheckInInline(ReadOnlyInline):
    model = SiteCheckIn
    fields = ("at", "actor", "latitude", "longitude", "accuracy_m", "distance_m")
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ("stage", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields


@admin.register(Investor)
class InvestorAdmin(SimpleHistoryAdmin):
    list_display = ("name", "uscc", "home_region", "contact")
    search_fields = ("name", "uscc")


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "lead_unit", "investor", "stage", "is_key", "start_date")
    list_filter = ("stage", "origin", "industry", "is_key", "lead_unit__group")
    search_fields = ("code", "name", "investor__name", "investor__uscc")
    autocomplete_fields = ("investor",)
    readonly_fields = ("stage", "lead_unit")
    inlines = [StageChangeInline, EvidenceInline, SiteCheckInInline]
