"""On the demo district: the dashboard equals the bulletin for every demo period, the meetings
seed runs on it without changing a figure, and the leader's dashboard page answers on it (its
server time is a benchmark: benchmarks/bench_dashboard.py)."""

from __future__ import annotations

import random
from dataclasses import replace
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from zhaoshang.bulletins import queries as bulletin_queries
from zhaoshang.bulletins.views import context_for
from zhaoshang.dashboard import queries
from zhaoshang.demo.loader import PASSWORD as DEMO_PASSWORD
from zhaoshang.meetings import demo as meetings_demo
from zhaoshang.meetings.models import Meeting
from zhaoshang.org.models import User

pytestmark = pytest.mark.django_db


def test_dashboard_equals_bulletin_for_every_demo_period_and_the_meeting_seed_keeps_it() -> None:
    call_command("demo", stdout=StringIO())
    leader = User.objects.get(username="leader")
    bureau = User.objects.get(username="bureau")
    district = bulletin_queries.district_for(leader)
    assert district is not None
    periods = bulletin_queries.periods_of(district)
    before = {p: context_for(district, p)["bulletin"] for p in periods}
    meetings_demo.seed(
        district=district,
        bureau=bureau,
        year=timezone.localdate().year,
        today=timezone.localdate(),
        rng=random.Random(10),
    )
    meeting = Meeting.objects.latest("pk")  # the demo seeds one meeting already; this is another
    assert meeting.stops.count() == 5
    assert sum(1 for s in meeting.stops.all() if s.checkin_id) == 3
    for period in periods:
        board = queries.dashboard(leader, period)
        assert board is not None
        after = context_for(district, period)["bulletin"]
        assert board.bulletin == after
        # Check-ins change no figure; the seed's scheduling meeting adds resolutions, which only
        # the service section counts.
        assert replace(board.bulletin, service=None) == replace(before[period], service=None)

    client = Client()
    assert client.login(username="leader", password=DEMO_PASSWORD)
    response = client.get("/dashboard/")
    assert response.status_code == 200
