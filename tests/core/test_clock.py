"""The clock: when periodic jobs are due, and that it hands them to the task worker."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from zhaoshang.core.clock import JOBS, Job, next_due

EVERY = Job("x", "t", every=timedelta(minutes=15))
DAILY = Job("y", "t", daily_at=time(9, 5))
NOW = datetime(2026, 3, 5, 10, 0)


def test_an_interval_job_runs_at_once_then_every_interval():
    assert next_due(EVERY, None, NOW) == NOW
    assert next_due(EVERY, NOW, NOW) == NOW + timedelta(minutes=15)


def test_a_daily_job_runs_once_a_day_at_its_time():
    assert next_due(DAILY, None, NOW) == datetime(2026, 3, 5, 9, 5)  # already due today
    assert next_due(DAILY, datetime(2026, 3, 5, 9, 6), NOW) == datetime(2026, 3, 6, 9, 5)
    early = datetime(2026, 3, 5, 7, 0)
    assert next_due(DAILY, datetime(2026, 3, 4, 9, 5), early) == datetime(2026, 3, 5, 9, 5)


@pytest.mark.django_db
def test_clock_once_enqueues_the_due_casework_jobs(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    from django.tasks import default_task_backend

    out = StringIO()
    call_command("clock", "--once", stdout=out)
    names = {result.task.name for result in default_task_backend.results}
    assert "casework_tick" in names
    assert "casework.tick" in out.getvalue()
    assert {job.name for job in JOBS} >= {"casework.tick", "casework.digest"}
