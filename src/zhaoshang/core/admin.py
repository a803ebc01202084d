from django.contrib import admin

from zhaoshang.core.models import WorkCalendarDay


@admin.register(WorkCalendarDay)
class WorkCalendarDayAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "is_workday", "name"]
    list_filter = ["kind", "is_workday"]
    list_editable = ["kind", "is_workday", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]
