"""The unit tree page and the admin pages for units, people and indicators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.world import PASSWORD
from zhaoshang.org.models import Role, Unit, User

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, world):
    response = client.get(reverse("org:units"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_reporters_see_only_their_own_unit(world, login):
    html = login(world.township_reporter).get(reverse("org:units")).content.decode()
    assert "相公街道" in html
    for name in ("九曲街道", "供销社", "河西街道"):
        assert name not in html


def test_district_people_see_their_district_by_group(world, login):
    for persona in ["bureau", "leader", "auditor"]:
        html = login(getattr(world, persona)).get(reverse("org:units")).content.decode()
        assert "临沂市 › 河东区" in html, persona
        assert html.index("乡镇街道") < html.index("相公街道") < html.index("区直部门")
        assert html.index("区直部门") < html.index("供销社")
        assert "河西街道" not in html, persona


def test_outsider_sees_only_the_other_district(world, login):
    html = login(world.outsider).get(reverse("org:units")).content.decode()
    assert "河西街道" in html and "相公街道" not in html


def _staff_admin(world) -> User:
    world.admin.is_staff = True
    world.admin.is_superuser = True
    world.admin.save()
    return world.admin


@pytest.mark.parametrize(
    "url_name",
    [
        "admin:org_unit_changelist",
        "admin:org_unitgroup_changelist",
        "admin:org_user_changelist",
        "admin:targets_indicator_changelist",
        "admin:targets_target_changelist",
        "admin:projects_project_changelist",
        "admin:projects_investor_changelist",
    ],
)
def test_admin_manages_units_people_indicators_and_projects(world, login, url_name):
    assert login(_staff_admin(world)).get(reverse(url_name)).status_code == 200
    response = login(world.bureau).get(reverse(url_name))
    assert response.status_code == 302 and "login" in response["Location"]


def test_admin_changes_a_persons_role_and_unit_with_history(world, login):
    client = login(_staff_admin(world))
    person = world.dept_reporter
    url = reverse("admin:org_user_change", args=[person.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data.update(
        {
            "username": person.username,
            "role": Role.UNIT_LEADER,
            "unit": world.guotu.pk,
            "full_name": "国土资源局负责人",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "is_active": "on",
        }
    )
    data.pop("groups", None)
    data.pop("user_permissions", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    person.refresh_from_db()
    assert person.role == Role.UNIT_LEADER and person.unit == world.guotu
    assert person.history.count() >= 2
    assert client.get(reverse("admin:org_user_history", args=[person.pk])).status_code == 200
    assert User.objects.get(pk=person.pk).check_password(PASSWORD)


def test_admin_unit_page_has_history(world, login):
    client = login(_staff_admin(world))
    url = reverse("admin:org_unit_history", args=[world.xianggong.pk])
    assert client.get(url).status_code == 200
    assert Unit.objects.filter(pk=world.xianggong.pk).exists()


def test_target_versions_are_read_only_in_admin(world, login):
    from datetime import date
    from decimal import Decimal

    from zhaoshang.targets import actions
    from zhaoshang.targets.models import Indicator

    indicator = Indicator.objects.create(
        code="outside_funds", name="到位市外资金", measure="yuan", valid_from=date(2020, 1, 1)
    )
    target = actions.set_baseline(
        actor=world.bureau,
        indicator=indicator,
        issuer="district",
        year=2026,
        unit=world.xianggong,
        value=Decimal("100"),
    )
    client = login(_staff_admin(world))
    html = client.get(reverse("admin:targets_target_change", args=[target.pk])).content.decode()
    assert "托底数" in html and 'name="versions-0-value"' not in html
    html = client.get(
        reverse("admin:targets_indicator_change", args=[indicator.pk])
    ).content.decode()
    assert "相公街道" in html and 'name="code"' in html
