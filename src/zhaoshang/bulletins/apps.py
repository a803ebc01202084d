from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _finish_interrupted_publishing(sender: Any, **kwargs: Any) -> None:
    from zhaoshang.bulletins.publishing import finish_interrupted_publishing

    finish_interrupted_publishing()


def _retire_cached_bulletins(sender: Any, **kwargs: Any) -> None:
    from zhaoshang.bulletins import cache

    cache.invalidate(kwargs.get("using", "default"))


class BulletinsConfig(AppConfig):
    name = "zhaoshang.bulletins"
    label = "bulletins"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Housekeeping after a crash, not business logic: files of a committed publication.
        post_migrate.connect(
            _finish_interrupted_publishing, sender=self, dispatch_uid="bulletins.finish_publishing"
        )
        # The cached bulletins of the pages (bulletins.cache): retired by every change of the
        # rows they are computed from, and by every migrate (data migrations write around signals).
        from zhaoshang.bulletins import cache

        cache.connect()
        post_migrate.connect(
            _retire_cached_bulletins, sender=self, dispatch_uid="bulletins.cache.migrate"
        )
