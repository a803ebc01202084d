"""The audit log in the admin: nobody adds, changes or deletes a record there (the admin role
included); only auditors may even read it."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from zhaoshang.audit.models import AuditRecord
from zhaoshang.audit.views import is_auditor


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "username", "ip", "method", "path")
    list_filter = ("kind",)
    search_fields = ("username", "path", "ip")
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return is_auditor(request.user)

    def has_module_permission(self, request: Any) -> bool:
        return is_auditor(request.user)
