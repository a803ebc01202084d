"""Background work for meeting resolutions, run by the django.tasks worker on ``zhaoshang clock``'s
schedule (``core.clock.JOBS``). Mail goes out with the daily digest (``casework.digest``), which
sends every notice not yet mailed."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from zhaoshang.meetings import resolutions


def run_tick(now: datetime | None = None) -> dict[str, int]:
    """Reminders (催办) and supervision (督办) of overdue resolutions; idempotent."""
    return resolutions.tick(now=now)


@task()
def resolutions_tick() -> dict[str, int]:
    return run_tick()
