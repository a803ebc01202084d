"""Shared steps for the publishing tests: settings for immediate tasks, a saved draft."""

from __future__ import annotations

from datetime import date

from tests.world import World
from zhaoshang.bulletins import actions
from zhaoshang.bulletins.models import BulletinDraft
from zhaoshang.core.periods import Period

MARCH = Period(2026, 3)
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def draft(world: World, number: int = 3, period: Period = MARCH, **extra: object) -> BulletinDraft:
    values: dict[str, object] = {
        "narrative": None,
        "doc_number": f"河招〔2026〕{number}号",
        "signer": "张三",
        "issued_on": date(2026, 4, 5),
        "copy_to": "区委办公室,区政府办公室",
    }
    values.update(extra)
    return actions.save_draft(
        actor=world.bureau,
        district=world.district,
        period=period,
        **values,  # type: ignore[arg-type]
    )


def publish(world: World, captured, period: Period = MARCH, **extra: object):  # type: ignore[no-untyped-def]
    with captured(execute=True):
        return actions.publish_bulletin(
            actor=world.bureau,
            district=world.district,
            period=period,
            **extra,  # type: ignore[arg-type]
        )
