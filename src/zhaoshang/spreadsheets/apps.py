from django.apps import AppConfig


class SpreadsheetsConfig(AppConfig):
    name = "zhaoshang.spreadsheets"
    label = "spreadsheets"
    default_auto_field = "django.db.models.BigAutoField"
