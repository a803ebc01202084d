"""The tick and the digest, with a frozen clock passed in."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from tests.casework.conftest import at
from tests.casework.helpers import register
from zhaoshang.casework.tasks import casework_tick, run_digest, run_tick
from zhaoshang.core.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(world):
    for person in (world.township_reporter, world.unit_leader, world.bureau):
        person.email = f"{person.username}@example.cn"
        person.save()


def test_tick_command_reports_what_it_did(world, cal):
    register(world.township_reporter)
    out = StringIO()
    call_command("casework", "tick", "--now", "2026-03-10T09:00", stdout=out)
    assert "新逾期 1 件,催办 1 件" in out.getvalue()


def test_tick_command_refuses_a_bad_time(world, cal):
    with pytest.raises(CommandError, match="--now"):
        call_command("casework", "tick", "--now", "tomorrow")


def test_the_tick_is_a_task_the_worker_can_run():
    assert casework_tick.name == "casework_tick"


def test_the_digest_is_one_mail_per_person_within_working_hours(world, cal, emails):
    register(world.township_reporter)
    run_tick(at(2026, 3, 10, 9))  # reminder notices to the owner and the unit head
    assert Notification.objects.filter(recipient=world.township_reporter).count() >= 1
    assert run_digest(at(2026, 3, 10, 20)) == 0  # evening: nothing sent
    assert run_digest(at(2026, 3, 14, 10)) == 0  # Saturday: nothing sent
    sent = run_digest(at(2026, 3, 11, 9, 30))
    assert sent == 2 and len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {"xg_reporter@example.cn", "xg_leader@example.cn"}
    assert "催办" in mail.outbox[0].body
    assert run_digest(at(2026, 3, 11, 10)) == 0  # nothing new


def test_notices_about_urgent_cases_are_mailed_at_once_even_at_night(world, cal, emails):
    from tests.casework.helpers import register as reg

    reg(
        world.township_reporter, category="urgent", title="厂区停水", now=at(2026, 3, 2, 16)
    )  # due the same day
    reg(world.township_reporter, category="business")
    counts = run_tick(at(2026, 3, 3, 21))  # evening: the urgent case is missed and reminded
    assert counts["reminded"] == 1 and counts["mailed"] == 2
    assert all("【紧急】" in m.subject for m in mail.outbox), [m.subject for m in mail.outbox]
    mail.outbox.clear()
    run_tick(at(2026, 3, 16, 20))  # the business case: reminder and supervision wait
    assert all("厂区停水" in m.subject for m in mail.outbox)  # only the urgent case's 督办
    assert run_digest(at(2026, 3, 17, 9)) == 3  # owner, unit head, bureau
