from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "zhaoshang.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from zhaoshang.audit import receivers

        receivers.connect()
