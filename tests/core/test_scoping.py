"""The one rule of data scope (org.models.unit_scope_q), seen through each persona."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from tests.world import World, make_project
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project


def _names(qs) -> set[str]:
    return set(qs.values_list("name", flat=True))


@pytest.mark.django_db
class TestUnitScope:
    def test_reporter_sees_and_edits_only_their_own_unit(self, world: World) -> None:
        assert _names(Unit.objects.visible_to(world.township_reporter)) == {"相公街道"}
        assert _names(Unit.objects.editable_by(world.township_reporter)) == {"相公街道"}

    def test_bureau_edits_every_unit_of_its_district_and_nothing_beyond(self, world: World) -> None:
        names = _names(Unit.objects.editable_by(world.bureau))
        assert {"河东区", "相公街道", "九曲街道", "供销社", "国土资源局", "招商局"} == names

    @pytest.mark.parametrize("persona", ["leader", "auditor"])
    def test_leaders_and_auditors_read_the_district_but_write_nothing(
        self, world: World, persona: str
    ) -> None:
        user = getattr(world, persona)
        assert "九曲街道" in _names(Unit.objects.visible_to(user))
        assert "河西街道" not in _names(Unit.objects.visible_to(user))
        assert not Unit.objects.editable_by(user).exists()

    def test_admin_sees_everything(self, world: World) -> None:
        assert Unit.objects.visible_to(world.admin).count() == Unit.objects.count()

    def test_anonymous_and_inactive_people_see_nothing(self, world: World) -> None:
        assert not Unit.objects.visible_to(AnonymousUser()).exists()
        world.bureau.is_active = False
        assert not Unit.objects.visible_to(world.bureau).exists()

    def test_projects_follow_their_lead_units_scope(self, world: World) -> None:
        mine = make_project(world, world.xianggong)
        theirs = make_project(world, world.jiuqu)
        assert set(Project.objects.visible_to(world.township_reporter)) == {mine}
        assert set(Project.objects.visible_to(world.leader)) == {mine, theirs}
        assert not Project.objects.visible_to(world.outsider).exists()
