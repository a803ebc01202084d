from django.apps import AppConfig


class TradeConfig(AppConfig):
    name = "zhaoshang.trade"
    label = "trade"
    default_auto_field = "django.db.models.BigAutoField"
