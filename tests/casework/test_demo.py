"""The demo seed creates cases in every state through the actions."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tests.world import make_project
from zhaoshang.casework import demo
from zhaoshang.casework.models import AgencyRecord, Case, ServiceCommitment, Status

pytestmark = pytest.mark.django_db


def test_demo_seed_covers_every_state_overdue_and_escalated(world):
    make_project(world, world.xianggong)
    demo.seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 6, 10),
        rng=random.Random(7),
    )
    cases = Case.objects.all()
    assert cases.count() >= 20
    assert set(cases.values_list("status", flat=True)) == set(Status.values)
    assert cases.filter(missed_on__isnull=False).exists()
    assert cases.filter(escalated_at__isnull=False).count() >= 2
    assert cases.filter(reopens__gt=0).exists() and cases.filter(light="yellow").exists()
    assert cases.filter(follow_up_missed_on__isnull=False, status=Status.COMPLETED).exists()
    assert cases.filter(contact_missed_at__isnull=False).exists()
    assert ServiceCommitment.objects.filter(unit=world.guotu).count() == 3
    assert ServiceCommitment.objects.filter(unit=world.guotu, contact_hours=1).exists()
    assert any(r.breach for r in AgencyRecord.objects.all())


def test_every_demo_case_page_renders_for_the_bureau_and_its_unit(world, login):
    from django.urls import reverse

    demo.seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 6, 10),
        rng=random.Random(3),
    )
    bureau = login(world.bureau)
    assert bureau.get(reverse("casework:list") + "?status=open&light=red").status_code == 200
    stats = bureau.get(reverse("casework:stats") + "?start=2026-01-01&end=2026-12-31")
    assert stats.status_code == 200 and "%" in stats.content.decode()
    for case in Case.objects.all():
        assert bureau.get(reverse("casework:detail", args=[case.pk])).status_code == 200
    pending = Case.objects.filter(extensions__decision="pending").first()
    assert pending is not None
    head = login(world.unit_leader) if pending.owner_unit == world.xianggong else bureau
    page = head.get(reverse("casework:detail", args=[pending.pk])).content.decode()
    assert "延期申请:3 个工作日" in page
    assert bureau.get(reverse("casework:agency")).status_code == 200
