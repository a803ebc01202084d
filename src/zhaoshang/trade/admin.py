from django.contrib import admin

from zhaoshang.trade.models import ForeignInvestment, TradeFigure, TradeProfile, UsdRate


@admin.register(UsdRate)
class UsdRateAdmin(admin.ModelAdmin):
    list_display = ("year", "yuan_per_usd", "note")


@admin.register(TradeFigure)
class TradeFigureAdmin(admin.ModelAdmin):
    """Read-only: figures change only through trade.actions (versions)."""

    list_display = ("enterprise", "year", "month", "source", "version", "total_usd", "is_current")
    list_filter = ("year", "source", "is_current")

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(TradeProfile)
admin.site.register(ForeignInvestment)
