"""Write the event log from inside actions (never from signals)."""

from __future__ import annotations

from typing import Any

from django.db import models

from zhaoshang.core.models import Event


def record_event(
    *,
    actor: Any,
    verb: str,
    subject: models.Model,
    unit: Any = None,
    summary: str = "",
    data: dict[str, Any] | None = None,
) -> Event:
    return Event.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        verb=verb,
        unit=unit,
        subject_type=subject._meta.label_lower,
        subject_id=str(subject.pk),
        summary=summary[:255],
        data=data or {},
    )


def events_for(subject: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(
        subject_type=subject._meta.label_lower, subject_id=str(subject.pk)
    ).select_related("actor")
