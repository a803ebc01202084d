"""Bad input at a meeting stop's check-in (the phone page used during the visits): the same
refusals as a project check-in, the stop left without a check-in, and another unit's stop refused."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from PIL import Image

from tests.projects.checkin_helpers import jpeg, photo, place
from tests.world import World, make_project
from zhaoshang.meetings import actions
from zhaoshang.meetings.models import Stop
from zhaoshang.projects.models import SiteCheckIn

pytestmark = pytest.mark.django_db


def _stop(world: World) -> Stop:
    meeting = actions.plan_meeting(actor=world.bureau, title="现场观摩会", on=date(2026, 4, 10))
    project = place(make_project(world, world.xianggong, planned=Decimal("80000000")))
    return actions.add_stops(actor=world.bureau, meeting=meeting, projects=[project])[0]


def _post(client, stop: Stop, **overrides):
    data = {"latitude": "35.1001", "longitude": "118.36", "accuracy_m": "8", "photo": photo()}
    data.update(overrides)
    return client.post(reverse("meetings:checkin", args=[stop.pk]), data)


def _bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("overrides", "shown"),
    [
        ({"photo": photo(b"%PDF-1.4 not a photo", "plan.pdf")}, "不是照片"),
        ({"photo": photo(_bomb(), "huge.png")}, "像素过大"),
        ({"accuracy_m": ""}, "定位精度:"),
        ({"latitude": "", "longitude": ""}, "缺少位置"),
    ],
)
def test_the_stop_page_refuses_bad_input_naming_the_field(world, login, overrides, shown) -> None:
    stop = _stop(world)
    response = _post(login(world.township_reporter), stop, **overrides)
    assert response.status_code == 400
    assert shown in response.content.decode()
    stop.refresh_from_db()
    assert stop.checkin is None and not SiteCheckIn.objects.exists()


def test_another_units_stop_is_refused_by_the_action_and_not_found_on_the_page(
    world, login
) -> None:
    stop = _stop(world)
    for persona in ("dept_reporter", "outsider", "leader", "auditor"):
        with pytest.raises(PermissionDenied):
            actions.check_in_stop(
                actor=getattr(world, persona),
                stop=stop,
                latitude="35.1001",
                longitude="118.36",
                accuracy_m="8",
                photo=photo(),
            )
        assert _post(login(getattr(world, persona)), stop).status_code == 404
    assert not SiteCheckIn.objects.exists()


def test_the_lead_units_reporter_checks_in_at_its_stop(world, login) -> None:
    stop = _stop(world)
    response = _post(login(world.township_reporter), stop, photo=photo(jpeg(size=(2400, 1800))))
    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.checkin is not None and stop.checkin.flags == [] and stop.checkin.width == 1600


def test_a_missing_accuracy_is_refused_by_the_action_too(world) -> None:
    stop = _stop(world)
    with pytest.raises(ValidationError) as caught:
        actions.check_in_stop(
            actor=world.township_reporter,
            stop=stop,
            latitude="35.1001",
            longitude="118.36",
            accuracy_m="",
            photo=photo(),
        )
    assert "缺少定位精度" in caught.value.message_dict["accuracy_m"][0]
    stop.refresh_from_db()
    assert stop.checkin is None
