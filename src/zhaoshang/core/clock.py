"""The periodic jobs ``zhaoshang clock`` hands to the task worker, and when each is next due (pure).

Every job is idempotent on its own (a casework tick twice in a row changes nothing the second
time), so a restarted clock that runs a job early or twice does no harm."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta


@dataclass(frozen=True)
class Job:
    name: str
    task: str  # dotted path of a django.tasks task
    every: timedelta | None = None  # run at this interval …
    daily_at: time | None = None  # … or once a day at this local time


JOBS = (
    Job("casework.tick", "zhaoshang.casework.tasks.casework_tick", every=timedelta(minutes=15)),
    Job("casework.digest", "zhaoshang.casework.tasks.casework_digest", daily_at=time(9, 5)),
    Job("resolutions.tick", "zhaoshang.meetings.tasks.resolutions_tick", every=timedelta(hours=1)),
)


def next_due(job: Job, last: datetime | None, now: datetime) -> datetime:
    """When ``job`` should next run, given when it last ran (``None``: never, since start)."""
    if job.every is not None:
        return now if last is None else last + job.every
    assert job.daily_at is not None
    today = now.replace(hour=job.daily_at.hour, minute=job.daily_at.minute, second=0, microsecond=0)
    if last is not None and last >= today:
        return today + timedelta(days=1)
    return today
