"""Background work for casework, runnable by the django.tasks worker (``serve`` runs it) or from
``zhaoshang casework tick|digest`` (cron / a systemd timer every 15 minutes and once a morning)."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task
from django.utils import timezone

from zhaoshang.casework import actions
from zhaoshang.core import notifications
from zhaoshang.core.calendar_data import load_calendar


def run_tick(now: datetime | None = None) -> dict[str, int]:
    """Lights, misses, reminders and supervision; then urgent notices by mail (working hours)."""
    now = now or timezone.now()
    counts = actions.tick(now=now)
    counts["mailed"] = notifications.send_digests(load_calendar(), now=now, urgent_only=True)
    return counts


def run_digest(now: datetime | None = None) -> int:
    """One mail per person with everything not yet mailed (only within working hours)."""
    return notifications.send_digests(load_calendar(), now=now or timezone.now())


@task()
def casework_tick() -> dict[str, int]:
    return run_tick()


@task()
def casework_digest() -> int:
    return run_digest()
