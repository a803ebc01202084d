"""A case's life through the actions: intake, routing, time limits, closing, escalation."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.casework.conftest import at
from tests.casework.helpers import register, submit
from zhaoshang.casework import actions
from zhaoshang.casework.models import (
    CODE_ALPHABET,
    CaseStep,
    Extension,
    Light,
    Satisfaction,
    Status,
)
from zhaoshang.core.events import events_for
from zhaoshang.core.models import Notification

pytestmark = pytest.mark.django_db

K = CaseStep.Kind


def kinds(case) -> list[str]:
    return list(case.steps.order_by("at", "pk").values_list("kind", flat=True))


def test_staff_registration_makes_the_person_and_unit_first_responder_with_an_explained_deadline(
    world, cal
):
    case = register(world.township_reporter)
    assert case.first_unit == case.owner_unit == world.xianggong
    assert case.first_person == case.owner_person == world.township_reporter
    assert case.status == Status.HANDLING and case.accepted_on_time is True
    assert case.deadline == date(2026, 3, 9)
    assert "办事" in case.deadline_explanation and "2026-03-09" in case.deadline_explanation
    assert kinds(case) == [K.REGISTERED]
    assert events_for(case).filter(verb="case.registered").exists()


def test_tracking_codes_are_long_and_from_the_safe_alphabet(world, cal):
    codes = {register(world.township_reporter).code for _ in range(5)}
    assert len(codes) == 5
    for code in codes:
        assert len(code) >= 10 and set(code) <= set(CODE_ALPHABET)


def test_a_deadline_across_national_day_counts_the_makeup_saturday_and_says_so(world, cal):
    case = register(world.township_reporter, now=at(2026, 9, 29))
    assert case.deadline == date(2026, 10, 12)
    assert "国庆节" in case.deadline_explanation
    assert "调休上班计入:2026-10-10" in case.deadline_explanation


def test_a_commitment_promised_limit_is_the_deadline(world, cal):
    commitment = actions.save_commitment(
        actor=world.unit_leader,
        unit=world.xianggong,
        item="企业开办指导",
        statutory_days=5,
        promised_days=2,
    )
    case = register(world.township_reporter, commitment=commitment)
    assert case.deadline == date(2026, 3, 4)
    assert "企业开办指导" in case.deadline_explanation


def test_bad_uscc_phone_and_category_are_refused_with_field_messages_and_nothing_written(
    world, cal
):
    with pytest.raises(ValidationError) as exc:
        register(world.township_reporter, uscc="91371300MA0000001X", phone="12", category="x")
    assert set(exc.value.message_dict) == {"uscc", "phone", "category"}
    assert world.xianggong.pk and not CaseStep.objects.exists()


def test_leaders_auditors_and_outsiders_without_a_unit_role_cannot_register(world, cal):
    for person in (world.leader, world.auditor):
        with pytest.raises(PermissionDenied):
            register(person)


def test_an_oversized_attachment_is_refused_and_nothing_is_written(world, cal, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "MAX_UPLOAD_BYTES": 1024}
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4" + b"0" * 2000)
    with pytest.raises(ValidationError, match="超过"):
        submit(world.gongxiaoshe, attachments=[big])
    assert not CaseStep.objects.exists()


def test_an_attachment_type_is_sniffed_from_its_content_not_its_name(world, cal):
    fake = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError, match="按文件内容判断"):
        submit(world.gongxiaoshe, attachments=[fake])
    good = SimpleUploadedFile("scan.png", b"\x89PNG\r\n\x1a\n" + b"1" * 50)
    case = submit(world.gongxiaoshe, attachments=[good])
    assert case.attachments.get().content_type == "image/png"


def test_a_portal_request_waits_for_acceptance_and_the_acceptor_becomes_first_responder(world, cal):
    case = submit(world.gongxiaoshe)
    assert case.status == Status.NEW and case.first_person is None
    assert Notification.objects.filter(recipient=world.dept_reporter).exists()
    case = actions.accept_case(actor=world.dept_reporter, case=case, now=at(2026, 3, 3))
    assert case.status == Status.HANDLING
    assert case.first_person == world.dept_reporter and case.accepted_on_time is True


def test_acceptance_after_one_working_day_is_late(world, cal):
    case = submit(world.gongxiaoshe, now=at(2026, 3, 6))  # Friday
    case = actions.accept_case(actor=world.dept_reporter, case=case, now=at(2026, 3, 10))
    assert case.accepted_on_time is False


def test_passing_on_needs_a_reason_and_another_unit(world, cal):
    case = register(world.township_reporter)
    with pytest.raises(ValidationError) as exc:
        actions.pass_on(
            now=at(2026, 3, 5),
            actor=world.township_reporter,
            case=case,
            to_unit=world.guotu,
            reason=" ",
        )
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError, match="不能转办给本单位"):
        actions.pass_on(
            now=at(2026, 3, 5),
            actor=world.township_reporter,
            case=case,
            to_unit=world.xianggong,
            reason="本单位",
        )
    with pytest.raises(ValidationError, match="本县区"):
        actions.pass_on(
            now=at(2026, 3, 5),
            actor=world.township_reporter,
            case=case,
            to_unit=world.other_unit,
            reason="外区",
        )


def test_pass_on_then_send_back_returns_the_case_and_counts_a_bounce(world, cal):
    case = register(world.township_reporter)
    case = actions.pass_on(
        now=at(2026, 3, 5),
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="属供销社职责",
    )
    assert (case.status, case.owner_unit, case.passes) == (Status.PASSED, world.gongxiaoshe, 1)
    with pytest.raises(PermissionDenied):
        actions.accept_case(now=at(2026, 3, 5), actor=world.township_reporter, case=case)
    case = actions.send_back(
        now=at(2026, 3, 5), actor=world.dept_reporter, case=case, reason="不属于本单位职责"
    )
    assert (case.status, case.owner_unit, case.bounces) == (Status.HANDLING, world.xianggong, 1)
    assert case.owner_person == world.township_reporter
    assert kinds(case) == [K.REGISTERED, K.PASSED, K.SENT_BACK]


def test_sending_back_needs_a_reason(world, cal):
    case = register(world.township_reporter)
    case = actions.pass_on(
        now=at(2026, 3, 5),
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="职责",
    )
    with pytest.raises(ValidationError, match="退回必须说明理由"):
        actions.send_back(now=at(2026, 3, 5), actor=world.dept_reporter, case=case, reason="")


def test_three_passes_escalate_to_the_bureau(world, cal):
    case = register(world.township_reporter)
    route = [
        (world.township_reporter, world.gongxiaoshe),
        (world.dept_reporter, world.jiuqu),
        (world.bureau, world.gongxiaoshe),
    ]
    for actor, to in route:
        if case.status == Status.PASSED:
            case = actions.accept_case(now=at(2026, 3, 5), actor=actor, case=case)
        case = actions.pass_on(
            now=at(2026, 3, 5), actor=actor, case=case, to_unit=to, reason="转交"
        )
    assert case.passes == 3 and case.escalated
    assert K.ESCALATED in kinds(case)
    assert Notification.objects.filter(recipient=world.bureau, verb="case.escalated").exists()


def test_closing_without_a_result_is_refused(world, cal):
    case = register(world.township_reporter)
    with pytest.raises(ValidationError, match="办理结果"):
        actions.complete_case(
            now=at(2026, 3, 5), actor=world.township_reporter, case=case, result="  "
        )
    assert kinds(case) == [K.REGISTERED]


def test_an_extension_asked_before_the_deadline_is_approved_by_the_unit_head(world, cal):
    case = register(world.township_reporter)
    ext = actions.ask_extension(
        actor=world.township_reporter, case=case, days=3, reason="需现场踏勘", now=at(2026, 3, 5)
    )
    assert ext.decision == Extension.Decision.PENDING
    with pytest.raises(PermissionDenied):
        actions.decide_extension(
            now=at(2026, 3, 5), actor=world.township_reporter, extension=ext, approve=True
        )
    ext = actions.decide_extension(
        actor=world.unit_leader, extension=ext, approve=True, now=at(2026, 3, 5)
    )
    case.refresh_from_db()
    assert ext.new_deadline == case.deadline == date(2026, 3, 12)
    assert "批准延期" in case.deadline_explanation


def test_an_extension_asked_after_the_deadline_is_refused_and_recorded(world, cal):
    case = register(world.township_reporter)
    ext = actions.ask_extension(
        actor=world.township_reporter, case=case, days=2, reason="来不及", now=at(2026, 3, 10)
    )
    assert ext.decision == Extension.Decision.LATE
    case.refresh_from_db()
    assert case.deadline == date(2026, 3, 9)
    assert K.EXTENSION_REFUSED_LATE in kinds(case)


def test_a_pause_stops_the_clock_and_is_recorded(world, cal):
    case = register(world.township_reporter)
    case = actions.pause_case(
        actor=world.township_reporter, case=case, reason="等待企业补充材料", now=at(2026, 3, 3)
    )
    assert case.status == Status.PAUSED
    case = actions.resume_case(actor=world.township_reporter, case=case, now=at(2026, 3, 6))
    assert case.deadline == date(2026, 3, 12)  # 3 working days stopped
    pause = case.pauses.get()
    assert (pause.started_on, pause.ended_on, pause.stopped_days) == (
        date(2026, 3, 3),
        date(2026, 3, 6),
        3,
    )
    assert "停止计时 3 个工作日" in case.deadline_explanation


def test_satisfied_follow_up_closes_the_case(world, cal):
    case = register(world.township_reporter)
    case = actions.complete_case(
        now=at(2026, 3, 5), actor=world.township_reporter, case=case, result="已告知所需材料"
    )
    assert case.completed_on_time is True
    case = actions.rate_case(
        now=at(2026, 3, 5), actor=None, case=case, satisfied=True, phone="138-0013-8000"
    )
    assert (case.status, case.satisfaction) == (Status.CLOSED, Satisfaction.SATISFIED)


def test_the_enterprise_with_a_wrong_phone_cannot_rate(world, cal):
    case = register(world.township_reporter)
    case = actions.complete_case(
        now=at(2026, 3, 5), actor=world.township_reporter, case=case, result="办结"
    )
    with pytest.raises(PermissionDenied):
        actions.rate_case(
            now=at(2026, 3, 5), actor=None, case=case, satisfied=True, phone="13900000000"
        )


def test_dissatisfied_reopens_with_the_same_first_responder_and_three_reopens_escalate(world, cal):
    case = register(world.township_reporter)
    case = actions.pass_on(
        now=at(2026, 3, 5),
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="职责",
    )
    case = actions.accept_case(now=at(2026, 3, 5), actor=world.dept_reporter, case=case)
    for n in range(1, 4):
        case = actions.complete_case(
            now=at(2026, 3, 5), actor=case.owner_person, case=case, result=f"第{n}次办结"
        )
        case = actions.rate_case(
            now=at(2026, 3, 5),
            actor=None,
            case=case,
            satisfied=False,
            comment="没解决",
            phone="13800138000",
        )
        assert case.owner_unit == world.xianggong and case.owner_person == world.township_reporter
        assert case.reopens == n and case.status == Status.HANDLING
    assert case.escalated and "重新办理 3 次" in case.escalation_reason


def test_withdrawn_by_the_enterprise(world, cal):
    case = submit(world.gongxiaoshe)
    case = actions.withdraw_case(
        now=at(2026, 3, 5), actor=None, case=case, reason="已自行解决", phone="13800138000"
    )
    assert case.status == Status.WITHDRAWN


def test_tick_turns_yellow_then_red_reminds_next_working_day_and_supervises_after_five(world, cal):
    case = register(world.township_reporter)  # due Monday 2026-03-09
    actions.tick(now=at(2026, 3, 2, 18))
    case.refresh_from_db()
    assert case.light == Light.GREEN
    actions.tick(now=at(2026, 3, 4, 9))
    case.refresh_from_db()
    assert case.light == Light.YELLOW
    counts = actions.tick(now=at(2026, 3, 10, 9))
    case.refresh_from_db()
    assert case.light == Light.RED and case.missed_on == date(2026, 3, 9)
    assert counts["missed"] == 1 and counts["reminded"] == 1
    assert case.reminded_on == date(2026, 3, 10)
    assert Notification.objects.filter(recipient=world.unit_leader, verb="case.reminded").exists()
    actions.tick(now=at(2026, 3, 13, 9))
    case.refresh_from_db()
    assert not case.escalated
    counts = actions.tick(now=at(2026, 3, 16, 9))
    case.refresh_from_db()
    assert case.escalated and counts["escalated"] == 1
    assert kinds(case).count(K.REMINDED) == 1
    # Running again changes nothing.
    assert actions.tick(now=at(2026, 3, 16, 10)) == {
        "lights": 0,
        "missed": 0,
        "reminded": 0,
        "escalated": 0,
        "contact_missed": 0,
        "follow_up_missed": 0,
    }


def test_red_stays_once_missed_even_after_an_extension(world, cal):
    case = register(world.township_reporter)
    actions.tick(now=at(2026, 3, 10, 9))
    case.refresh_from_db()
    case = actions.complete_case(
        actor=world.township_reporter, case=case, result="办结", now=at(2026, 3, 11)
    )
    assert case.light == Light.RED and case.completed_on_time is False


def test_out_of_scope_staff_cannot_act_on_a_case(world, cal):
    case = register(world.township_reporter)
    for person in (world.dept_reporter, world.outsider, world.leader, world.auditor):
        with pytest.raises(PermissionDenied):
            actions.complete_case(now=at(2026, 3, 5), actor=person, case=case, result="越权")


def test_agency_fee_is_flagged_as_a_breach_and_the_bureau_told(world, cal):
    from tests.world import make_project

    project = make_project(world, world.xianggong)
    assignment = actions.assign_agent(
        actor=world.bureau, project=project, agent=world.township_reporter, on=date(2026, 3, 2)
    )
    free = actions.record_agency_service(
        actor=world.township_reporter,
        assignment=assignment,
        on=date(2026, 3, 3),
        item="环评批复",
        outcome="已取得",
    )
    paid = actions.record_agency_service(
        actor=world.township_reporter,
        assignment=assignment,
        on=date(2026, 3, 4),
        item="规划许可",
        outcome="已取得",
        fee_yuan="200",
    )
    assert not free.breach and paid.breach
    assert Notification.objects.filter(recipient=world.bureau, verb="agency.breach").exists()
    with pytest.raises(PermissionDenied):
        actions.record_agency_service(
            actor=world.dept_reporter,
            assignment=assignment,
            on=date(2026, 3, 4),
            item="x",
            outcome="y",
        )
    with pytest.raises(PermissionDenied):
        actions.assign_agent(
            actor=world.unit_leader, project=project, agent=world.dept_reporter, on=date(2026, 3, 2)
        )


def test_a_promised_limit_longer_than_the_statutory_one_is_refused(world, cal):
    with pytest.raises(ValidationError) as exc:
        actions.save_commitment(
            actor=world.unit_leader,
            unit=world.xianggong,
            item="x",
            statutory_days=3,
            promised_days=5,
        )
    assert "promised_days" in exc.value.message_dict
