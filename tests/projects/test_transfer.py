"""Changing a project's lead unit: bureau only, within its district, with a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.world import World, make_project
from zhaoshang.org.models import Role, User
from zhaoshang.projects.actions import transfer_project


@pytest.mark.django_db
class TestTransfer:
    def test_bureau_moves_a_project_to_another_unit_with_a_reason(self, world: World) -> None:
        project = make_project(world, world.xianggong)
        transfer_project(
            actor=world.bureau, project=project, to_unit=world.jiuqu, reason="属地调整"
        )
        project.refresh_from_db()
        assert project.lead_unit == world.jiuqu

    def test_a_transfer_without_a_reason_is_refused(self, world: World) -> None:
        project = make_project(world, world.xianggong)
        with pytest.raises(ValidationError, match="理由"):
            transfer_project(actor=world.bureau, project=project, to_unit=world.jiuqu, reason=" ")
        project.refresh_from_db()
        assert project.lead_unit == world.xianggong

    def test_a_reporter_cannot_move_a_project(self, world: World) -> None:
        project = make_project(world, world.xianggong)
        with pytest.raises(PermissionDenied):
            transfer_project(
                actor=world.township_reporter, project=project, to_unit=world.jiuqu, reason="x"
            )

    def test_another_districts_bureau_cannot_take_this_districts_project(
        self, world: World
    ) -> None:
        project = make_project(world, world.xianggong)
        their_bureau = User.objects.create_user(
            username="hx_bureau", password="x", role=Role.BUREAU, unit=world.other_unit
        )
        with pytest.raises(PermissionDenied):
            transfer_project(
                actor=their_bureau, project=project, to_unit=world.other_unit, reason="抢项目"
            )
        project.refresh_from_db()
        assert project.lead_unit == world.xianggong
