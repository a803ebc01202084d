"""Who may open and post to every registry URL, and who may not."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.projects.helpers import project_form
from tests.world import make_project
from zhaoshang.projects.models import Project

pytestmark = pytest.mark.django_db

READERS = ["township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"]


def test_anonymous_is_sent_to_login_from_every_registry_page(client, world):
    project = make_project(world, world.xianggong)
    for url in [
        reverse("projects:list"),
        reverse("projects:create"),
        reverse("projects:detail", args=[project.pk]),
        reverse("projects:edit", args=[project.pk]),
    ]:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    response = client.post(reverse("projects:stage", args=[project.pk]), {"stage": "dropped"})
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).stage == "signed"


def test_list_shows_each_persona_only_the_projects_in_their_scope(world, login):
    own = make_project(world, world.xianggong)
    other_dept = make_project(world, world.gongxiaoshe)
    foreign = make_project(world, world.other_unit, actor=world.admin)
    seen = {
        "township_reporter": {own.name},
        "unit_leader": {own.name},
        "dept_reporter": {other_dept.name},
        "bureau": {own.name, other_dept.name},
        "leader": {own.name, other_dept.name},
        "auditor": {own.name, other_dept.name},
        "outsider": {foreign.name},
    }
    for persona, names in seen.items():
        html = login(getattr(world, persona)).get(reverse("projects:list")).content.decode()
        for project in (own, other_dept, foreign):
            assert (project.name in html) == (project.name in names), (persona, project.name)


def test_detail_is_visible_in_scope_and_404_outside(world, login):
    project = make_project(world, world.xianggong)
    url = reverse("projects:detail", args=[project.pk])
    for persona in READERS:
        assert login(getattr(world, persona)).get(url).status_code == 200, persona
    for persona in ["dept_reporter", "outsider"]:
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_register_page_is_for_unit_people_and_bureau_not_leaders_or_auditors(world, login):
    url = reverse("projects:create")
    for persona in ["township_reporter", "dept_reporter", "unit_leader", "bureau", "admin"]:
        assert login(getattr(world, persona)).get(url).status_code == 200, persona
    for persona in ["leader", "auditor"]:
        client = login(getattr(world, persona))
        assert client.get(url).status_code == 403, persona
        assert client.post(url, project_form()).status_code == 403, persona
    assert not Project.objects.exists()


def test_reporter_registers_only_for_own_unit_even_when_posting_another(world, login):
    client = login(world.township_reporter)
    response = client.post(reverse("projects:create"), project_form(lead_unit=world.gongxiaoshe.pk))
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.lead_unit == world.xianggong
    assert project.planned_investment_yuan == Decimal("120005000")


def test_bureau_chooses_lead_unit_among_district_units_only(world, login):
    client = login(world.bureau)
    page = client.get(reverse("projects:create")).content.decode()
    assert "供销社" in page and "河西街道" not in page
    response = client.post(reverse("projects:create"), project_form(lead_unit=world.other_unit.pk))
    assert response.status_code == 400
    assert "牵头单位" in response.content.decode()
    assert not Project.objects.exists()
    response = client.post(reverse("projects:create"), project_form(lead_unit=world.guotu.pk))
    assert response.status_code == 302
    assert Project.objects.get().lead_unit == world.guotu


def test_edit_is_for_own_unit_and_bureau_only(world, login):
    project = make_project(world, world.xianggong)
    url = reverse("projects:edit", args=[project.pk])
    for persona in ["township_reporter", "unit_leader", "bureau", "admin"]:
        assert login(getattr(world, persona)).get(url).status_code == 200, persona
    for persona in ["dept_reporter", "outsider", "leader", "auditor"]:
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_reporter_posting_to_another_units_project_by_id_changes_nothing(world, login):
    project = make_project(world, world.gongxiaoshe)
    client = login(world.township_reporter)
    data = project_form(name="被篡改")
    assert client.post(reverse("projects:edit", args=[project.pk]), data).status_code == 404
    stage = {"stage": "construction", "stage_date": "2026-03-01", "reason": ""}
    assert client.post(reverse("projects:stage", args=[project.pk]), stage).status_code == 404
    project.refresh_from_db()
    assert project.name != "被篡改" and project.stage == "signed"
    assert project.stage_changes.count() == 1


def test_leaders_and_auditors_cannot_change_stage_or_upload(world, login):
    project = make_project(world, world.xianggong)
    for persona in ["leader", "auditor"]:
        client = login(getattr(world, persona))
        stage = {"stage": "construction", "stage_date": "2026-03-01"}
        assert client.post(reverse("projects:stage", args=[project.pk]), stage).status_code == 404
        page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
        assert "变更阶段" not in page and "上传材料" not in page
    assert Project.objects.get(pk=project.pk).stage == "signed"


def test_unit_leader_and_bureau_change_stage(world, login):
    project = make_project(world, world.xianggong)
    for persona, stage in [("unit_leader", "construction"), ("bureau", "completed")]:
        response = login(getattr(world, persona)).post(
            reverse("projects:stage", args=[project.pk]),
            {"stage": stage, "stage_date": "2026-03-01"},
        )
        assert response.status_code == 302, persona
    assert Project.objects.get(pk=project.pk).stage == "completed"
