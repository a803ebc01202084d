"""What the registry pages show: derived new/continuing, timeline, row history, filters."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.projects.helpers import project_form
from tests.world import make_project

pytestmark = pytest.mark.django_db


def test_detail_derives_new_or_continuing_from_start_date(world, login):
    this_year = timezone.localdate().year
    new = make_project(world, world.xianggong, start=date(this_year, 1, 5))
    old = make_project(world, world.xianggong, start=date(this_year - 1, 6, 1))
    client = login(world.township_reporter)
    new_html = client.get(reverse("projects:detail", args=[new.pk])).content.decode()
    old_html = client.get(reverse("projects:detail", args=[old.pk])).content.decode()
    assert "<dd>新建</dd>" in new_html
    assert "<dd>续建</dd>" in old_html


def test_create_form_has_no_new_or_continuing_input(world, login):
    html = login(world.township_reporter).get(reverse("projects:create")).content.decode()
    assert 'name="is_new"' not in html and 'name="lead_unit"' not in html
    assert "相公街道(本单位)" in html


def test_row_history_shows_who_when_and_before_after(world, login):
    client = login(world.township_reporter)
    client.post(reverse("projects:create"), project_form(planned_investment_wan="100"))
    from zhaoshang.projects.models import Project

    project = Project.objects.get()
    data = project_form(name="智能装备产业园二期", planned_investment_wan="250")
    assert client.post(reverse("projects:edit", args=[project.pk]), data).status_code == 302
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "项目名称:智能装备产业园 → 智能装备产业园二期" in html
    assert "计划总投资(元):1000000.00 → 2500000.00" in html
    assert "相公填报员" in html
    assert "修改项目 智能装备产业园二期" in html  # the event log


def test_stage_timeline_lists_every_change_with_reason(world, login):
    project = make_project(world, world.xianggong, stage="construction")
    client = login(world.bureau)
    client.post(
        reverse("projects:stage", args=[project.pk]),
        {"stage": "signed", "stage_date": "2026-03-02", "reason": "资金未到位暂缓开工"},
    )
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "资金未到位暂缓开工" in html and "2026-03-02" in html and "登记" in html


def test_list_filters_by_stage_unit_key_text_and_new_or_continuing(world, login):
    a = make_project(world, world.xianggong, stage="signed", start=date(2026, 2, 1))
    b = make_project(world, world.jiuqu, stage="construction", start=date(2025, 5, 1))
    client = login(world.bureau)

    def names(**params):
        html = client.get(reverse("projects:list"), params).content.decode()
        return {p.name for p in (a, b) if f">{p.name}<" in html}

    assert names() == {a.name, b.name}
    assert names(stage="construction") == {b.name}
    assert names(lead_unit=world.xianggong.pk) == {a.name}
    assert names(q=b.investor.uscc) == {b.name}
    assert names(kind="new", year=2026) == {a.name}
    assert names(kind="continuing", year=2026) == {b.name}
    assert names(kind="new", year=2025) == {b.name}
    assert names(is_key="true") == set()


def test_list_unit_filter_offers_only_visible_units(world, login):
    html = login(world.township_reporter).get(reverse("projects:list")).content.decode()
    assert "九曲街道" not in html and "相公街道" in html


def test_bad_filter_value_is_explained_naming_the_filter(world, login):
    make_project(world, world.xianggong)
    response = login(world.bureau).get(reverse("projects:list"), {"stage": "flying"})
    html = response.content.decode()
    assert 'class="error"' in html and "阶段:" in html
