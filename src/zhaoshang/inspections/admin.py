"""Admin: the rules (filing rules, protection criteria) are edited here; rows people create go
through the actions and are read-only here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.inspections.models import (
    Enterprise,
    Filing,
    InspectionRules,
    Protection,
    ProtectionRule,
    UnfiledReport,
)


@admin.register(InspectionRules)
class InspectionRulesAdmin(SimpleHistoryAdmin):
    list_display = (
        "notice_working_days",
        "emergency_after_working_days",
        "quiet_first_day",
        "quiet_last_day",
        "routine_per_year",
        "min_inspectors",
        "protected_needs_approval",
    )


@admin.register(ProtectionRule)
class ProtectionRuleAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "threshold_yuan", "active")


class ReadOnly(SimpleHistoryAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnly):
    list_display = ("name", "uscc", "responsible_unit", "status")
    search_fields = ("name", "uscc")


@admin.register(Protection)
class ProtectionAdmin(ReadOnly):
    list_display = ("__str__", "unit", "rule", "starts_on", "ends_on", "status")


@admin.register(Filing)
class FilingAdmin(ReadOnly):
    list_display = ("enterprise", "department", "kind", "planned_date", "status")
    list_filter = ("status", "kind")


@admin.register(UnfiledReport)
class UnfiledReportAdmin(admin.ModelAdmin):
    list_display = ("enterprise_name", "department", "happened_on", "created_at")

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False
