"""Resolutions on the deadline engine: the background tick reminds (催办) the owner unit the next
working day after a missed deadline and escalates (督办) to the bureau and the unit's head after 5
working days, through the inbox; running it twice sends nothing twice. Frozen clock passed in."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.module_loading import import_string

from tests.world import World
from zhaoshang.casework.tasks import run_digest
from zhaoshang.core.calendar_data import seed
from zhaoshang.core.clock import JOBS
from zhaoshang.core.models import Event, Notification
from zhaoshang.meetings import actions, resolutions
from zhaoshang.meetings.models import Resolution
from zhaoshang.meetings.tasks import resolutions_tick, run_tick
from zhaoshang.org.models import Role, Unit, User

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10) -> datetime:
    return datetime(y, m, d, h, tzinfo=SHANGHAI)


@pytest.fixture(autouse=True)
def _calendar(db: None) -> None:
    seed(range(2026, 2027))


def _resolution(world: World, days: int = 3, text: str = "协调解决项目用电接入") -> Resolution:
    # Friday 3 April 2026; 4–6 April is 清明: 3 working days end on Thursday 9 April.
    meeting = actions.plan_meeting(actor=world.bureau, title="项目调度会", on=date(2026, 4, 3))
    return resolutions.record_resolution(
        actor=world.bureau, meeting=meeting, text=text, owner_unit=world.xianggong, limit_days=days
    )


def _notices(verb: str) -> set[str]:
    return set(Notification.objects.filter(verb=verb).values_list("recipient__username", flat=True))


def test_nothing_is_sent_before_or_on_the_deadline(world) -> None:
    found = _resolution(world)
    assert found.due == date(2026, 4, 9)
    assert run_tick(at(2026, 4, 9, 18)) == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.exists()


def test_the_owner_unit_is_reminded_the_next_working_day_once(world) -> None:
    found = _resolution(world)
    assert run_tick(at(2026, 4, 10, 9)) == {"reminded": 1, "escalated": 0}
    # The owner unit's reporter and head; not the bureau, not another unit.
    assert _notices("resolution.reminded") == {"xg_reporter", "xg_leader"}
    note = Notification.objects.filter(verb="resolution.reminded").first()
    assert "催办" in note.title and found.text in note.title and "2026-04-09" in note.title
    assert note.url == reverse("meetings:resolution", args=[found.pk])
    found.refresh_from_db()
    assert found.reminded_at == at(2026, 4, 10, 9) and found.escalated_at is None
    # Running again (the same day, the next days) sends nothing twice.
    assert run_tick(at(2026, 4, 10, 9)) == {"reminded": 0, "escalated": 0}
    assert run_tick(at(2026, 4, 15, 16)) == {"reminded": 0, "escalated": 0}
    assert Notification.objects.count() == 2
    assert Event.objects.filter(verb="resolution.reminded").count() == 1


def test_the_reminder_waits_over_the_weekend_for_the_next_working_day(world) -> None:
    found = _resolution(world, days=4)
    assert found.due == date(2026, 4, 10)  # a Friday
    assert run_tick(at(2026, 4, 11)) == {"reminded": 0, "escalated": 0}  # Saturday
    assert run_tick(at(2026, 4, 12)) == {"reminded": 0, "escalated": 0}  # Sunday
    assert resolutions.open_and_overdue(world.leader, date(2026, 4, 12)) == (1, 1)
    assert run_tick(at(2026, 4, 13, 8)) == {"reminded": 1, "escalated": 0}  # Monday


def test_after_five_working_days_the_bureau_and_the_units_head_supervise_once(world) -> None:
    found = _resolution(world)
    run_tick(at(2026, 4, 10))
    # 5 working days after Thursday 9 April: 10, 13, 14, 15, 16 April.
    assert run_tick(at(2026, 4, 15, 23)) == {"reminded": 0, "escalated": 0}
    assert run_tick(at(2026, 4, 16, 8)) == {"reminded": 0, "escalated": 1}
    assert _notices("resolution.escalated") == {"xg_leader", "bureau"}
    note = Notification.objects.filter(verb="resolution.escalated").first()
    assert "督办" in note.title and "相公街道" in note.title and "逾期 5 个工作日" in note.title
    found.refresh_from_db()
    assert found.escalated_at == at(2026, 4, 16, 8)
    assert run_tick(at(2026, 4, 16, 9)) == {"reminded": 0, "escalated": 0}
    assert run_tick(at(2026, 5, 20)) == {"reminded": 0, "escalated": 0}
    assert Notification.objects.filter(verb="resolution.escalated").count() == 2
    assert Event.objects.filter(verb="resolution.escalated", subject_id=str(found.pk)).count() == 1


def test_a_late_first_run_reminds_and_supervises_at_once(world) -> None:
    _resolution(world)
    assert run_tick(at(2026, 4, 20)) == {"reminded": 1, "escalated": 1}
    assert run_tick(at(2026, 4, 20)) == {"reminded": 0, "escalated": 0}


def test_the_bureau_of_another_district_and_inactive_people_hear_nothing(world) -> None:
    hexi_bureau = Unit.objects.create(
        code="X03",
        name="河西招商局",
        kind=Unit.Kind.UNIT,
        parent=world.other_district,
        is_bureau=True,
    )
    User.objects.create_user(username="hx_bureau", password="x", role=Role.BUREAU, unit=hexi_bureau)
    world.township_reporter.is_active = False
    world.township_reporter.save()
    _resolution(world)
    run_tick(at(2026, 4, 20))
    assert _notices("resolution.reminded") == {"xg_leader"}
    assert _notices("resolution.escalated") == {"xg_leader", "bureau"}


def test_closed_resolutions_are_left_alone(world) -> None:
    found = _resolution(world)
    resolutions.close_resolution(actor=world.bureau, resolution=found, on=date(2026, 4, 9), note="")
    assert run_tick(at(2026, 4, 20)) == {"reminded": 0, "escalated": 0}
    assert not Notification.objects.exists()


def test_a_deadline_beyond_the_calendar_is_skipped_not_crashed(world) -> None:
    found = _resolution(world)
    Resolution.objects.filter(pk=found.pk).update(due=date(2026, 12, 31))
    assert run_tick(at(2027, 1, 6)) == {"reminded": 0, "escalated": 0}


def test_notices_go_out_by_mail_with_the_daily_digest(world) -> None:
    for person in (world.township_reporter, world.unit_leader):
        person.email = f"{person.username}@example.cn"
        person.save()
    _resolution(world)
    run_tick(at(2026, 4, 10, 8))
    assert (
        run_digest(
            at(
                2026,
                4,
                10,
                9,
            )
        )
        == 2
    )
    assert {m.to[0] for m in mail.outbox} == {"xg_reporter@example.cn", "xg_leader@example.cn"}
    assert "催办" in mail.outbox[0].body and "协调解决项目用电接入" in mail.outbox[0].body


def test_the_tick_is_a_task_the_clock_schedules() -> None:
    assert resolutions_tick.name == "resolutions_tick"
    job = next(job for job in JOBS if job.name == "resolutions.tick")
    assert import_string(job.task) is resolutions_tick
    assert job.every is not None or job.daily_at is not None


def test_the_list_narrows_to_open_or_overdue_and_shows_the_follow_up(world, login) -> None:
    late = _resolution(world, text="办理施工许可")
    later = _resolution(world, days=30, text="完成土地征收")
    run_tick(at(2026, 4, 20))
    client = login(world.leader)
    url = reverse("meetings:resolutions")
    # The dashboard's counts use today's date; these pages too: make both overdue-or-not by date.
    overdue = client.get(url, {"status": "overdue"}).content.decode()
    assert late.text in overdue
    assert (later.due < date.today()) == (later.text in overdue)
    assert 'data-followup="escalated"' in overdue
    open_ = client.get(url, {"status": "open"}).content.decode()
    assert late.text in open_ and later.text in open_
    resolutions.close_resolution(actor=world.bureau, resolution=later, on=date(2026, 5, 1), note="")
    assert later.text not in client.get(url, {"status": "open"}).content.decode()
    assert later.text in client.get(url, {"status": "closed"}).content.decode()
    assert late.text not in client.get(url, {"status": "closed"}).content.decode()
    assert late.text in client.get(url, {"status": "bogus"}).content.decode()  # = all
    detail = client.get(reverse("meetings:resolution", args=[late.pk])).content.decode()
    assert 'data-followup="reminded"' in detail and 'data-followup="escalated"' in detail
