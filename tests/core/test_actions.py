"""``@action``: one transaction, and the actor is the author of the row history it writes."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.world import World, make_project
from zhaoshang.projects.actions import change_stage, register_project
from zhaoshang.projects.models import Project


@pytest.mark.django_db
def test_row_history_names_the_actor_even_without_a_request(world: World) -> None:
    project = make_project(world, world.xianggong, actor=world.bureau)
    from datetime import date

    change_stage(
        actor=world.township_reporter,
        project=project,
        to_stage="construction",
        on=date(2026, 3, 1),
    )
    authors = [h.history_user for h in project.history.order_by("history_date")]
    assert authors == [world.bureau, world.township_reporter]


@pytest.mark.django_db
def test_a_failing_action_leaves_nothing_behind(world: World) -> None:
    project = make_project(world, world.xianggong)
    before = Project.objects.count()
    with pytest.raises(ValidationError):
        register_project(
            actor=world.bureau,
            lead_unit=world.xianggong,
            investor=project.investor,
            code=project.code,
            name="重复",
            origin="abroad",
            industry="other",
            planned_investment_yuan="1",
            start_date=project.start_date,
        )
    assert Project.objects.count() == before
