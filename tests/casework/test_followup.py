"""First contact within N working hours where promised, the follow-up within 1 working day after
completion (回访逾期), both watched by the tick with a frozen clock; a case's whole life in its
event log."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.casework.conftest import SHANGHAI, at
from tests.casework.helpers import intake, register, submit
from zhaoshang.casework import actions, queries, rules
from zhaoshang.casework.models import Case, CaseStep, Status
from zhaoshang.core.calendar_data import load_calendar, seed
from zhaoshang.core.models import Event, Notification

pytestmark = pytest.mark.django_db
K = CaseStep.Kind


def kinds(case: Case) -> list[str]:
    return list(case.steps.order_by("at", "pk").values_list("kind", flat=True))


def commitment(world, *, contact_hours: int | None, item: str = "企业开办咨询"):
    return actions.save_commitment(
        actor=world.unit_leader,
        unit=world.xianggong,
        item=item,
        statutory_days=5,
        promised_days=3,
        contact_hours=contact_hours,
    )


# --- first contact -------------------------------------------------------------------------


def test_an_urgent_portal_request_must_be_contacted_within_one_working_hour_across_a_weekend(
    world, cal
):
    # Friday 16:50: 40 minutes until 17:30, then Monday 09:00 + 20 minutes.
    case = submit(world.xianggong, category="urgent", now=at(2026, 3, 6, 16, 50))
    assert case.contact_due == datetime(2026, 3, 9, 9, 20, tzinfo=SHANGHAI)
    assert "“紧急”类诉求承诺收到后 1 个工作小时内联系企业" in case.contact_explanation
    assert "2026-03-07 周末" in case.contact_explanation
    assert "09:00–12:00、13:30–17:30" in case.contact_explanation
    assert case.contact_pending


def test_a_commitment_promising_contact_counts_working_hours_across_lunch(world, cal):
    promise = commitment(world, contact_hours=1)
    case = actions.register_case(
        actor=world.township_reporter,
        channel="letter",
        commitment=promise,
        now=at(2026, 3, 3, 11, 30),
        **intake(),
    )
    # 30 minutes before lunch, 30 minutes after 13:30.
    assert case.contact_due == datetime(2026, 3, 3, 14, 0, tzinfo=SHANGHAI)
    assert "按服务承诺“企业开办咨询”,收到后 1 个工作小时内首次联系企业" in case.contact_explanation


def test_contact_due_across_the_national_day_break_skips_the_holidays(world, cal):
    promise = commitment(world, contact_hours=2)
    case = submit(world.xianggong, commitment=promise, now=at(2026, 9, 30, 17, 0))
    assert case.contact_due == datetime(2026, 10, 8, 10, 30, tzinfo=SHANGHAI)
    assert "2026-10-01 法定节假日(国庆节)" in case.contact_explanation


def test_without_a_promise_there_is_no_contact_deadline(world, cal):
    case = submit(world.xianggong, category="business")
    assert case.contact_due is None and not case.contact_pending
    assert commitment(world, contact_hours=None).contact_hours is None


def test_a_request_taken_by_phone_is_contacted_at_registration(world, cal):
    case = register(world.township_reporter, category="urgent", now=at(2026, 3, 2, 16))
    assert case.contacted_at == at(2026, 3, 2, 16) and not case.contact_pending
    assert "电话登记时已与企业直接联系,视为首次联系" in case.contact_explanation
    counts = actions.tick(now=at(2026, 3, 3, 9))
    assert counts["contact_missed"] == 0


def test_a_contact_promise_out_of_range_is_refused_with_the_field(world, cal):
    with pytest.raises(ValidationError) as err:
        commitment(world, contact_hours=0)
    assert "contact_hours" in err.value.message_dict


def test_a_missed_contact_is_flagged_and_reminded_once_by_the_tick(world, cal):
    case = submit(world.xianggong, category="urgent", now=at(2026, 3, 6, 16, 50))
    assert actions.tick(now=at(2026, 3, 9, 9, 15))["contact_missed"] == 0  # not yet due
    counts = actions.tick(now=at(2026, 3, 9, 9, 30))
    assert counts["contact_missed"] == 1
    case.refresh_from_db()
    assert case.contact_missed_at == datetime(2026, 3, 9, 9, 20, tzinfo=SHANGHAI)
    assert kinds(case).count(K.CONTACT_MISSED) == 1
    notes = Notification.objects.filter(verb="case.contact_missed")
    # Nobody accepted it yet: the unit's staff and its head are told, each once.
    assert set(notes.values_list("recipient__username", flat=True)) == {
        "xg_reporter",
        "xg_leader",
    }
    assert all(n.urgent for n in notes)
    assert actions.tick(now=at(2026, 3, 9, 11))["contact_missed"] == 0  # idempotent
    assert notes.count() == 2
    # Contact made late: recorded, and the flag stays on the record.
    actions.accept_case(actor=world.township_reporter, case=case, now=at(2026, 3, 9, 10))
    case = actions.record_contact(
        actor=world.township_reporter, case=case, note="电话联系王经理", now=at(2026, 3, 9, 10, 5)
    )
    assert case.contacted_at == at(2026, 3, 9, 10, 5) and case.contact_missed_at is not None
    step = case.steps.get(kind=K.CONTACTED)
    assert (
        "已超过承诺联系期限 2026-03-09 09:20" in step.reason
        and step.actor == world.township_reporter
    )
    assert list(queries.case_list(world.bureau, flag="contact")) == [case]


def test_a_contact_on_time_is_not_flagged_and_only_recorded_once(world, cal):
    case = submit(world.xianggong, category="urgent", now=at(2026, 3, 6, 16, 50))
    actions.record_contact(
        actor=world.township_reporter, case=case, note="已电话联系", now=at(2026, 3, 6, 17)
    )
    assert actions.tick(now=at(2026, 3, 10, 9))["contact_missed"] == 0
    case.refresh_from_db()
    assert case.contact_missed_at is None and not case.contact_pending
    with pytest.raises(ValidationError, match="已于 2026-03-06 17:00 记录首次联系企业"):
        actions.record_contact(
            actor=world.township_reporter, case=case, note="再次联系", now=at(2026, 3, 9)
        )
    with pytest.raises(ValidationError, match="请填写联系情况"):
        other = submit(world.xianggong, category="urgent")
        actions.record_contact(actor=world.township_reporter, case=other, note=" ")


def test_only_the_owner_unit_may_record_the_contact(world, cal):
    case = submit(world.xianggong, category="urgent")
    for person in (world.dept_reporter, world.leader, world.outsider):
        with pytest.raises(PermissionDenied):
            actions.record_contact(actor=person, case=case, note="联系过了")
    case.refresh_from_db()
    assert case.contacted_at is None


def test_the_contact_is_recorded_on_the_case_page_and_its_deadline_explained(world, login, cal):
    case = submit(world.xianggong, category="urgent", now=at(2026, 3, 6, 16, 50))
    actions.tick(now=at(2026, 3, 9, 9, 30))
    client = login(world.township_reporter)
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "首次联系期限" in page and "2026-03-09 09:20" in page and "联系逾期" in page
    assert 'id="contact-form"' in page
    listing = client.get(reverse("casework:list") + "?flag=contact").content.decode()
    assert case.code in listing and "flag-contact" in listing
    url = reverse("casework:act", args=[case.pk, "contact"])
    refused = client.post(url, {"note": ""}, headers={"HX-Request": "true"})
    assert refused["X-Refused"] == "1" and "请填写联系情况" in refused.content.decode()
    done = client.post(url, {"note": "电话联系王经理,约定明日上门"}, headers={"HX-Request": "true"})
    assert done["X-Refused"] == "0" and 'id="contact-form"' not in done.content.decode()
    # Another unit's reporter cannot even see the case.
    assert login(world.dept_reporter).post(url, {"note": "x"}).status_code == 404


# --- follow-up after completion ------------------------------------------------------------


def test_completion_sets_a_follow_up_due_the_next_working_day_and_explains_it(world, cal):
    case = register(world.township_reporter)
    case = actions.complete_case(
        actor=world.township_reporter, case=case, result="已办结", now=at(2026, 3, 6, 15)
    )
    assert case.follow_up_due == date(2026, 3, 9)
    assert "2026-03-06 办结,须在 1 个工作日内回访企业,即 2026-03-09 下班前" in (
        case.follow_up_explanation
    )
    assert "2026-03-07 周末" in case.follow_up_explanation
    note = Notification.objects.get(verb="case.completed", recipient=world.township_reporter)
    assert "请于 2026-03-09 前回访企业" in note.title


def test_follow_up_across_national_day_is_due_after_the_break(world, cal):
    case = register(world.township_reporter, now=at(2026, 9, 28))
    case = actions.complete_case(
        actor=world.township_reporter, case=case, result="已办结", now=at(2026, 9, 30, 16)
    )
    assert case.follow_up_due == date(2026, 10, 8)
    assert "国庆节" in case.follow_up_explanation


def test_a_follow_up_not_recorded_within_one_working_day_is_flagged_and_reminded_once(world, cal):
    case = register(world.township_reporter)
    actions.pass_on(
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="供销社职责",
        now=at(2026, 3, 3),
    )
    actions.accept_case(actor=world.dept_reporter, case=case, now=at(2026, 3, 3, 11))
    actions.complete_case(
        actor=world.dept_reporter, case=case, result="已办结", now=at(2026, 3, 6, 15)
    )
    assert actions.tick(now=at(2026, 3, 9, 17, 45))["follow_up_missed"] == 0  # still due day
    counts = actions.tick(now=at(2026, 3, 10, 9))
    assert counts["follow_up_missed"] == 1
    case.refresh_from_db()
    assert case.follow_up_missed_on == date(2026, 3, 9)
    step = case.steps.get(kind=K.FOLLOW_UP_MISSED)
    assert "应于 2026-03-09 前回访企业" in step.reason and not step.public
    # The first responder follows up: its person and its head are reminded, not the handler.
    reminded = Notification.objects.filter(verb="case.follow_up_missed")
    assert set(reminded.values_list("recipient__username", flat=True)) == {
        "xg_reporter",
        "xg_leader",
    }
    assert actions.tick(now=at(2026, 3, 11, 9))["follow_up_missed"] == 0
    assert reminded.count() == 2
    assert list(queries.case_list(world.unit_leader, flag="follow_up")) == [case]
    # Followed up late: closed; it is no longer listed as waiting, the record keeps the miss.
    actions.rate_case(
        actor=world.township_reporter, case=case, satisfied=True, now=at(2026, 3, 11, 10)
    )
    case.refresh_from_db()
    assert case.status == Status.CLOSED and case.follow_up_missed_on == date(2026, 3, 9)
    assert list(queries.case_list(world.unit_leader, flag="follow_up")) == []


def test_a_reopened_case_completed_again_gets_a_new_follow_up_period(world, cal):
    case = register(world.township_reporter)
    actions.complete_case(
        actor=world.township_reporter, case=case, result="已办结", now=at(2026, 3, 3)
    )
    actions.tick(now=at(2026, 3, 5, 9))
    case.refresh_from_db()
    assert case.follow_up_missed_on == date(2026, 3, 4)
    actions.rate_case(
        actor=None,
        case=case,
        satisfied=False,
        comment="没解决",
        phone=case.phone,
        now=at(2026, 3, 5),
    )
    case = actions.complete_case(
        actor=world.township_reporter, case=case, result="再次办结", now=at(2026, 3, 9)
    )
    assert case.follow_up_due == date(2026, 3, 10) and case.follow_up_missed_on is None
    assert actions.tick(now=at(2026, 3, 10, 12))["follow_up_missed"] == 0


def test_the_overdue_follow_up_is_shown_on_the_case_page_and_in_the_list(world, login, cal):
    case = register(world.township_reporter)
    actions.complete_case(
        actor=world.township_reporter, case=case, result="已办结", now=at(2026, 3, 3)
    )
    actions.tick(now=at(2026, 3, 5, 9))
    client = login(world.unit_leader)
    page = client.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "回访期限" in page and "2026-03-04" in page and "flag-follow-up" in page
    assert "须在 1 个工作日内回访企业" in page
    listing = client.get(reverse("casework:list") + "?flag=follow_up").content.decode()
    assert case.code in listing and "回访逾期" in listing


def test_the_tick_command_reports_contacts_and_follow_ups(world, cal):
    from io import StringIO

    from django.core.management import call_command

    submit(world.xianggong, category="urgent", now=at(2026, 3, 6, 16, 50))
    out = StringIO()
    call_command("casework", "tick", "--now", "2026-03-09T10:00", stdout=out)
    assert "联系逾期 1 件,回访逾期 0 件" in out.getvalue()


# --- the whole life in the event log; calendar edges through cases ---------------------------


def test_a_cases_whole_life_is_in_its_steps_and_the_event_log(world, cal):
    case = submit(world.xianggong, category="urgent", now=at(2026, 3, 2, 9))
    actions.accept_case(actor=world.township_reporter, case=case, now=at(2026, 3, 2, 9, 30))
    actions.record_contact(
        actor=world.township_reporter, case=case, note="已电话联系", now=at(2026, 3, 2, 9, 40)
    )
    actions.pass_on(
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="供销社职责",
        now=at(2026, 3, 2, 10),
    )
    actions.accept_case(actor=world.dept_reporter, case=case, now=at(2026, 3, 2, 11))
    actions.complete_case(
        actor=world.dept_reporter, case=case, result="已恢复供水", now=at(2026, 3, 2, 15)
    )
    actions.tick(now=at(2026, 3, 4, 9))  # follow-up missed
    actions.rate_case(
        actor=None,
        case=case,
        satisfied=False,
        comment="又停了",
        phone=case.phone,
        now=at(2026, 3, 4, 10),
    )
    actions.complete_case(
        actor=world.township_reporter, case=case, result="已彻底修复", now=at(2026, 3, 4, 16)
    )
    actions.rate_case(actor=None, case=case, satisfied=True, phone=case.phone, now=at(2026, 3, 5))
    steps = list(case.steps.order_by("at", "pk"))
    assert [s.kind for s in steps] == [
        K.SUBMITTED,
        K.ACCEPTED,
        K.CONTACTED,
        K.PASSED,
        K.ACCEPTED,
        K.COMPLETED,
        K.FOLLOW_UP_MISSED,
        K.RATED,
        K.REOPENED,
        K.COMPLETED,
        K.RATED,
    ]
    events = Event.objects.filter(subject_type="casework.case", subject_id=str(case.pk))
    assert list(events.order_by("pk").values_list("verb", flat=True)) == [
        f"case.{s.kind}" for s in steps
    ]


def test_a_deadline_across_the_year_end_and_one_falling_on_a_makeup_workday(world, db):
    seed(range(2025, 2027))
    # Received Thursday 2025-12-25: 5 working days end on Sunday 2026-01-04, a make-up day.
    case = register(world.township_reporter, now=at(2025, 12, 25))
    assert case.deadline == date(2026, 1, 4)
    assert "2026-01-01 法定节假日(元旦)" in case.deadline_explanation
    assert "调休上班计入:2026-01-04" in case.deadline_explanation
    # The light counts the make-up Sunday as a working day.
    assert rules.light(load_calendar(), date(2025, 12, 31), case.deadline) == "yellow"
    complaint = register(world.township_reporter, category="complaint", now=at(2025, 12, 29))
    assert complaint.deadline == date(2026, 1, 16)


def test_a_pause_spanning_the_national_day_break_moves_the_deadline_by_working_days(world, cal):
    # Received 09-24: Mid-Autumn (09-25) and the weekend are skipped; due 2026-10-09.
    case = register(world.township_reporter, now=at(2026, 9, 24))
    assert case.deadline == date(2026, 10, 9)
    actions.pause_case(
        actor=world.township_reporter, case=case, reason="等待企业补材料", now=at(2026, 9, 29)
    )
    case = actions.resume_case(actor=world.township_reporter, case=case, now=at(2026, 10, 9))
    # Stopped 2026-09-30, 10-08, 10-09 (3 working days; the break is not counted).
    assert case.pauses.get().stopped_days == 3
    # 10-09 + 3: the make-up Saturday 10-10, then 10-12 and 10-13.
    assert case.deadline == date(2026, 10, 13)
    assert "停止计时 3 个工作日" in case.deadline_explanation


def test_the_contact_promise_is_published_with_the_commitment(world, login, cal):
    from django.test import Client

    client = login(world.unit_leader)
    response = client.post(
        reverse("casework:commitments"),
        {
            "item": "企业开办指导",
            "statutory_days": 5,
            "promised_days": 2,
            "contact_hours": 1,
            "fee_yuan": "0",
        },
    )
    assert response.status_code == 302
    staff = client.get(reverse("casework:commitments")).content.decode()
    public = Client().get(reverse("service:commitments")).content.decode()
    assert "1 个工作小时内" in staff and "1 个工作小时内" in public
    refused = client.post(
        reverse("casework:commitments"),
        {"item": "x", "statutory_days": 5, "promised_days": 2, "contact_hours": 0, "fee_yuan": "0"},
    )
    assert refused.status_code == 422
