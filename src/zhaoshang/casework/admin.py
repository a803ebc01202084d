"""Casework in the Django admin: read mostly; changes go through the actions."""

from __future__ import annotations

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.casework.models import (
    AgencyAssignment,
    AgencyRecord,
    CallBack,
    Case,
    CaseStep,
    ServiceCommitment,
)


class StepInline(admin.TabularInline):
    model = CaseStep
    extra = 0
    can_delete = False
    readonly_fields = ("at", "kind", "actor", "from_unit", "to_unit", "reason", "public")

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(Case)
class CaseAdmin(SimpleHistoryAdmin):
    list_display = ("code", "title", "enterprise_name", "owner_unit", "status", "deadline", "light")
    list_filter = ("status", "light", "category", "channel")
    search_fields = ("code", "title", "enterprise_name", "uscc")
    readonly_fields = [f.name for f in Case._meta.fields]
    inlines = [StepInline]


@admin.register(ServiceCommitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = (
        "unit",
        "item",
        "statutory_days",
        "promised_days",
        "contact_hours",
        "fee_yuan",
        "active",
    )
    list_filter = ("unit", "active")


class RecordInline(admin.TabularInline):
    model = AgencyRecord
    extra = 0
    readonly_fields = ("on", "item", "outcome", "fee_yuan", "recorded_by")


@admin.register(AgencyAssignment)
class AgencyAdmin(SimpleHistoryAdmin):
    list_display = ("project", "agent", "assigned_on", "active")
    inlines = [RecordInline]


@admin.register(CallBack)
class CallBackAdmin(admin.ModelAdmin):
    list_display = ("case", "year", "month", "outcome", "satisfied", "reopened", "recorded_by")
    list_filter = ("year", "month", "outcome")
    readonly_fields = [f.name for f in CallBack._meta.fields]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False
