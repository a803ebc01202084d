from django.apps import AppConfig


class BulletinsConfig(AppConfig):
    name = "zhaoshang.bulletins"
    label = "bulletins"
    default_auto_field = "django.db.models.BigAutoField"
