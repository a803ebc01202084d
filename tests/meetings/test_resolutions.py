"""Meeting resolutions (执行决议): a deadline in working days on the district calendar, lights
from the casework engine, progress by the owner unit, closing (销号) by the bureau; who may."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.world import World
from zhaoshang.core.calendar_data import load_calendar, seed
from zhaoshang.meetings import actions, resolutions
from zhaoshang.meetings.models import Meeting, Resolution

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar(db: None) -> None:
    seed(range(2026, 2027))


def _meeting(world: World, on: date = date(2026, 4, 3)) -> Meeting:
    return actions.plan_meeting(actor=world.bureau, title="项目调度会", on=on)


def _resolution(world: World, days: int = 3) -> Resolution:
    return resolutions.record_resolution(
        actor=world.bureau,
        meeting=_meeting(world),
        text="协调解决项目用电接入",
        owner_unit=world.xianggong,
        limit_days=days,
    )


def test_the_deadline_counts_working_days_and_skips_the_qingming_holiday(world) -> None:
    found = _resolution(world)
    # Friday 3 April 2026; 4–6 April is 清明 (Saturday to Monday): days 1–3 are 7, 8 and 9 April.
    assert found.due == date(2026, 4, 9)
    assert "清明" in found.due_explanation


def test_lights_follow_the_casework_engine_and_a_late_close_stays_red(world) -> None:
    found = _resolution(world, days=10)
    cal = load_calendar()
    assert resolutions.light_of(cal, found, date(2026, 4, 3)) == "green"
    assert resolutions.light_of(cal, found, found.due) == "yellow"
    assert resolutions.light_of(cal, found, date(2026, 5, 30)) == "red"
    closed = resolutions.close_resolution(
        actor=world.bureau, resolution=found, on=date(2026, 6, 1), note="已通电"
    )
    assert resolutions.light_of(cal, closed, date(2026, 6, 2)) == "red"


def test_only_the_bureau_records_and_closes_and_the_owner_unit_must_be_in_the_district(
    world,
) -> None:
    meeting = _meeting(world)
    with pytest.raises(PermissionDenied):
        resolutions.record_resolution(
            actor=world.leader, meeting=meeting, text="x", owner_unit=world.jiuqu, limit_days=3
        )
    with pytest.raises(ValidationError) as caught:
        resolutions.record_resolution(
            actor=world.bureau, meeting=meeting, text="", owner_unit=world.other_unit, limit_days=0
        )
    assert set(caught.value.message_dict) == {"text", "owner_unit", "limit_days"}
    found = _resolution(world)
    with pytest.raises(PermissionDenied):
        resolutions.close_resolution(
            actor=world.township_reporter, resolution=found, on=date(2026, 4, 8), note=""
        )


def test_the_owner_unit_reports_progress_and_others_cannot(world) -> None:
    found = _resolution(world)
    resolutions.report_progress(
        actor=world.township_reporter, resolution=found, text="已对接供电公司"
    )
    assert found.reports.count() == 1
    for persona in ("dept_reporter", "leader", "outsider"):
        with pytest.raises(PermissionDenied):
            resolutions.report_progress(actor=getattr(world, persona), resolution=found, text="x")
    resolutions.close_resolution(actor=world.bureau, resolution=found, on=date(2026, 4, 8), note="")
    with pytest.raises(ValidationError):
        resolutions.report_progress(actor=world.township_reporter, resolution=found, text="再报")


def test_open_and_overdue_counts_for_the_dashboard(world) -> None:
    _resolution(world)
    assert resolutions.open_and_overdue(world.leader, date(2026, 4, 8)) == (1, 0)
    assert resolutions.open_and_overdue(world.leader, date(2026, 4, 10)) == (1, 1)
    assert resolutions.open_and_overdue(world.dept_reporter, date(2026, 4, 10)) == (0, 0)


SEE = ["township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"]
NOT_SEE = ["dept_reporter", "outsider"]


@pytest.mark.parametrize("persona", SEE)
def test_the_owner_unit_the_bureau_and_readers_see_the_resolution(world, login, persona) -> None:
    found = _resolution(world)
    client = login(getattr(world, persona))
    assert found.text in client.get(reverse("meetings:resolutions")).content.decode()
    assert client.get(reverse("meetings:resolution", args=[found.pk])).status_code == 200


@pytest.mark.parametrize("persona", NOT_SEE)
def test_other_units_do_not_see_the_resolution(world, login, persona) -> None:
    found = _resolution(world)
    client = login(getattr(world, persona))
    assert found.text not in client.get(reverse("meetings:resolutions")).content.decode()
    assert client.get(reverse("meetings:resolution", args=[found.pk])).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(world) -> None:
    found = _resolution(world)
    for url in (
        reverse("meetings:resolutions"),
        reverse("meetings:resolution", args=[found.pk]),
    ):
        assert Client().get(url).status_code == 302
    assert Client().post(reverse("meetings:resolution_close", args=[found.pk])).status_code == 302


def test_the_pages_record_report_and_close_a_resolution(world, login) -> None:
    meeting = _meeting(world)
    bureau = login(world.bureau)
    bureau.post(
        reverse("meetings:resolution_add", args=[meeting.pk]),
        {"text": "加快办理施工许可", "owner_unit": world.xianggong.pk, "limit_days": "5"},
    )
    found = Resolution.objects.get()
    assert found.due == date(2026, 4, 13)
    reporter = login(world.township_reporter)
    response = reporter.post(reverse("meetings:resolution", args=[found.pk]), {"text": "已受理"})
    assert response.status_code == 302
    assert (
        reporter.post(
            reverse("meetings:resolution_close", args=[found.pk]), {"on": "2026-04-09"}
        ).status_code
        == 403
    )
    found.refresh_from_db()
    assert found.status == "open"  # the reporter's 销号 was refused
    bureau.post(reverse("meetings:resolution_close", args=[found.pk]), {"on": "2026-04-09"})
    found.refresh_from_db()
    assert found.status == "closed" and found.closed_on == date(2026, 4, 9)


@pytest.mark.parametrize("persona", ["leader", "auditor", "dept_reporter", "township_reporter"])
def test_only_the_bureau_records_resolutions_through_the_page(world, login, persona) -> None:
    meeting = _meeting(world)
    response = login(getattr(world, persona)).post(
        reverse("meetings:resolution_add", args=[meeting.pk]),
        {"text": "x", "owner_unit": world.xianggong.pk, "limit_days": "5"},
    )
    assert response.status_code == 404
    assert not Resolution.objects.exists()
