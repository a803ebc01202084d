from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from zhaoshang.meetings.models import Meeting, Resolution, Stop


class StopInline(admin.TabularInline):
    model = Stop
    extra = 0
    raw_id_fields = ["project", "checkin"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["on", "title", "district", "status"]
    list_filter = ["status", "district"]
    inlines = [StopInline]


@admin.register(Resolution)
class ResolutionAdmin(SimpleHistoryAdmin):
    list_display = ["text", "owner_unit", "decided_on", "due", "status"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "owner_unit"]
