"""The demo seed on the test world, and the monthly statistics it feeds."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tests.inspections.helpers import file, guotu_reporter, make_enterprise, seed_calendar
from tests.world import make_project
from zhaoshang.inspections import actions, queries
from zhaoshang.inspections.demo import seed
from zhaoshang.inspections.models import Enterprise, Filing, Protection, Rating, UnfiledReport
from zhaoshang.org.uscc import normalize_uscc

pytestmark = pytest.mark.django_db


def test_monthly_statistics_count_filed_merged_refused_rated_and_unfiled_per_department(world):
    seed_calendar(2026)
    today = date(2026, 6, 1)
    e1, e2 = make_enterprise(world), make_enterprise(world)
    a = file(world, e1, date(2026, 6, 22), today)
    b = file(world, e1, date(2026, 6, 23), today, actor=guotu_reporter(world), matter="用地")
    file(world, e2, date(2026, 6, 24), today)
    file(world, e2, date(2026, 7, 22), today, matter="消防")  # another month
    actions.merge_filings(
        actor=world.bureau,
        filings=[a, b],
        visit_date=date(2026, 6, 23),
        lead_department=world.guotu,
    )
    actions.rate_visit(actor=None, code=a.code, score=5)
    actions.rate_visit(
        actor=None, code=Filing.objects.get(enterprise=e2, planned_date__month=6).code, score=2
    )
    actions.report_unfiled(
        actor=None,
        enterprise_name="某公司",
        department=world.gongxiaoshe,
        happened_on=date(2026, 6, 2),
        description="未出示",
        contact="王",
        today=date(2026, 6, 3),
    )
    rows = {r["name"]: r for r in queries.monthly_by_department(world.bureau, 2026, 6)}
    gx = rows["供销社"]
    assert (gx["filed"], gx["merged"], gx["refused"], gx["rated"], gx["unfiled"]) == (2, 1, 0, 2, 1)
    assert gx["avg_rating"] == pytest.approx(3.5)
    assert rows["国土资源局"]["merged"] == 1 and rows["国土资源局"]["avg_rating"] is None
    by_e = {r["enterprise"]: r for r in queries.monthly_by_enterprise(world.bureau, 2026, 6)}
    assert by_e[e1.pk]["departments"] == 2 and by_e[e1.pk]["merged"] == 2
    assert queries.monthly_by_department(world.township_reporter, 2026, 6) == []


def test_the_demo_seed_makes_a_district_worth_looking_at(world):
    guotu_reporter(world)
    for n in range(4):
        project = make_project(world, world.xianggong if n % 2 else world.jiuqu)
        if n == 0:
            project.is_key = True
            project.save()
    seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 11, 29),
        rng=random.Random(7),
    )
    assert Enterprise.objects.count() == 60
    for e in Enterprise.objects.all():
        assert normalize_uscc(e.uscc) == e.uscc
    assert Enterprise.objects.filter(status="dissolved").count() == 1
    assert Protection.objects.filter(status="listed").count() == 8
    assert Protection.objects.filter(project__isnull=False).count() == 1
    assert 25 <= Filing.objects.count() <= 30
    assert Filing.objects.filter(joint_visit__isnull=False).count() == 2
    assert len(queries.merge_proposals(world.bureau)) >= 1
    assert Rating.objects.exists() and UnfiledReport.objects.count() == 0  # one reporting dept.
    assert not Filing.objects.filter(status="filed", code__isnull=True).exists()
