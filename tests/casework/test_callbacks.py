"""The monthly call-back of withdrawn requests (回访抽样): the sample, the bureau's record (once
per case and month, in the case's log), reopening on dissatisfaction, and who sees the page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.casework.conftest import at
from tests.casework.helpers import submit
from zhaoshang.casework import actions, queries
from zhaoshang.casework.models import CallBack, Case, CaseStep, Status
from zhaoshang.core.models import Event, Notification

pytestmark = pytest.mark.django_db
K = CaseStep.Kind


def withdrawn(unit, *, received=None, on=None, **extra) -> Case:
    case = submit(unit, now=received or at(2026, 3, 2), **extra)
    return actions.withdraw_case(
        actor=None, case=case, reason="问题已自行解决", phone=case.phone, now=on or at(2026, 3, 9)
    )


def call_back(world, case, **extra):
    data = {"reached": True, "satisfied": True, "view": "确系自行解决", "now": at(2026, 4, 2)}
    data.update(extra)
    return actions.record_callback(actor=world.bureau, case=case, year=2026, month=3, **data)


def test_the_sample_takes_requests_by_the_month_they_were_withdrawn(world, cal):
    february = withdrawn(world.xianggong, received=at(2026, 2, 25), on=at(2026, 3, 2))
    april = withdrawn(world.xianggong, received=at(2026, 3, 20), on=at(2026, 4, 1))
    neighbour = withdrawn(world.other_unit)
    assert queries.withdrawn_sample(world.bureau, 2026, 3) == [february]
    assert queries.withdrawn_sample(world.bureau, 2026, 2) == []
    assert queries.withdrawn_sample(world.bureau, 2026, 4) == [april]
    assert queries.withdrawn_sample(world.outsider, 2026, 3) == [neighbour]
    assert set(queries.withdrawn_sample(world.admin, 2026, 3)) == {february, neighbour}


def test_the_draw_is_the_districts_and_a_recorded_call_back_never_leaves_it(world, cal):
    cases = [withdrawn(world.xianggong if i % 2 else world.gongxiaoshe) for i in range(7)]
    drawn = queries.withdrawn_sample(world.bureau, 2026, 3)
    assert len(drawn) == 5 and drawn == queries.withdrawn_sample(world.bureau, 2026, 3)
    # A unit head sees exactly the district draw's cases of its own unit.
    assert queries.withdrawn_sample(world.unit_leader, 2026, 3) == [
        c for c in drawn if c.first_unit_id == world.xianggong.pk
    ]
    left_out = next(c for c in cases if c not in drawn)
    with pytest.raises(
        ValidationError, match=f"诉求 {left_out.code} 不在 2026 年 3 月的撤回回访抽样中"
    ):
        call_back(world, left_out)
    call_back(world, drawn[0])
    for _ in range(10):  # more withdrawals later in the month may change the draw …
        withdrawn(world.jiuqu, on=at(2026, 3, 30))
    assert drawn[0] in queries.withdrawn_sample(world.bureau, 2026, 3)  # … but not this one


def test_the_bureau_records_a_call_back_once_and_it_is_in_the_cases_log(world, cal):
    case = withdrawn(world.xianggong)
    callback = call_back(world, case, note="电话 0539-1234567")
    assert callback.outcome == CallBack.Outcome.REACHED and callback.satisfied is True
    assert not callback.reopened and callback.recorded_by == world.bureau
    step = case.steps.get(kind=K.CALLED_BACK)
    assert step.actor == world.bureau and not step.public
    assert "2026 年 3 月撤回回访:已联系上企业,满意。企业意见:确系自行解决" in step.reason
    assert Event.objects.filter(
        verb="case.called_back", subject_type="casework.case", subject_id=str(case.pk)
    ).exists()
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    with pytest.raises(
        ValidationError, match="已于 2026-04-02 10:00 由 招商局科员 记录,不能重复记录"
    ):
        call_back(world, case, now=at(2026, 4, 3))
    assert CallBack.objects.count() == 1 and case.steps.filter(kind=K.CALLED_BACK).count() == 1


def test_dissatisfied_on_call_back_reopens_the_case_with_the_same_first_responder(world, cal):
    case = submit(world.xianggong, now=at(2026, 3, 2))
    actions.accept_case(actor=world.township_reporter, case=case, now=at(2026, 3, 2, 11))
    actions.pass_on(
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="供销社职责",
        now=at(2026, 3, 3),
    )
    actions.accept_case(actor=world.dept_reporter, case=case, now=at(2026, 3, 3, 11))
    actions.withdraw_case(
        actor=None, case=case, reason="不办了", phone=case.phone, now=at(2026, 3, 5)
    )
    callback = call_back(world, case, satisfied=False, view="被要求撤回,问题没有解决")
    assert callback.reopened
    case.refresh_from_db()
    assert case.status == Status.HANDLING and case.reopens == 1
    assert (case.owner_unit, case.owner_person) == (world.xianggong, world.township_reporter)
    assert case.deadline == date(2026, 4, 10)  # 5 working days from the call-back (清明 skipped)
    assert "重新办理(第 1 次),自 2026-04-02 起重新计算" in case.deadline_explanation
    reopened = case.steps.get(kind=K.REOPENED)
    assert (reopened.from_unit, reopened.to_unit) == (world.gongxiaoshe, world.xianggong)
    assert "撤回回访中企业表示不满意" in reopened.reason and reopened.public
    assert Notification.objects.filter(
        recipient=world.township_reporter, verb="case.assigned", title__contains="重新办理"
    ).exists()
    rows = queries.callback_rows(world.bureau, 2026, 3)  # still in March's sample, with its record
    assert [(r.case, r.callback) for r in rows] == [(case, callback)]


def test_call_back_input_is_checked_field_by_field(world, cal):
    case = withdrawn(world.xianggong)
    for extra, field in (
        ({"view": ""}, "view"),
        ({"satisfied": None}, "satisfied"),
        ({"reached": False, "note": ""}, "note"),
    ):
        with pytest.raises(ValidationError) as err:
            call_back(world, case, **extra)
        assert field in err.value.message_dict, extra
    callback = call_back(world, case, reached=False, satisfied=True, view="x", note="3 次未接通")
    assert callback.outcome == CallBack.Outcome.NOT_REACHED
    assert callback.satisfied is None and callback.view == "" and not callback.reopened


def test_only_the_bureau_records_and_only_withdrawn_cases(world, cal):
    case = withdrawn(world.xianggong)
    for person in (world.unit_leader, world.township_reporter, world.leader, world.auditor):
        with pytest.raises(PermissionDenied):
            actions.record_callback(
                actor=person, case=case, year=2026, month=3, reached=False, note="x"
            )
    open_case = submit(world.xianggong)
    with pytest.raises(ValidationError, match="只有已撤回的诉求可以做撤回回访"):
        call_back(world, open_case)
    with pytest.raises(ValidationError, match="不在 2026 年 2 月的撤回回访抽样中"):
        actions.record_callback(
            actor=world.bureau, case=case, year=2026, month=2, reached=False, note="x"
        )
    assert actions.record_callback(
        actor=world.admin, case=case, year=2026, month=3, reached=False, note="未接通"
    )


# --- the page -------------------------------------------------------------------------------


def _client(world, login, persona: str) -> Client:
    return Client() if persona == "anonymous" else login(getattr(world, persona))


def test_the_call_back_page_is_for_the_bureau_unit_heads_and_district_readers(world, login, cal):
    case = withdrawn(world.xianggong)
    url = reverse("casework:callbacks") + "?month=2026-03"
    readers = {"bureau": 200, "admin": 200, "unit_leader": 200, "leader": 200, "auditor": 200}
    refused = {"township_reporter": 403, "dept_reporter": 403, "outsider": 403}
    for persona, status in (readers | refused | {"anonymous": 302}).items():
        assert _client(world, login, persona).get(url).status_code == status, persona
    post = reverse("casework:callback_record", args=[case.pk])
    data = {"month": "2026-03", "reached": "0", "note": "未接通"}
    for persona in ("unit_leader", "leader", "auditor", *refused):
        response = _client(world, login, persona).post(post, data)
        assert response.status_code in (403, 404), persona
    assert Client().post(post, data).status_code == 302  # to the login page
    assert not CallBack.objects.exists()


def test_a_unit_head_sees_its_units_part_of_the_sample_without_the_form(world, login, cal):
    mine = withdrawn(world.xianggong)
    theirs = withdrawn(world.gongxiaoshe)
    url = reverse("casework:callbacks") + "?month=2026-03"
    head = login(world.unit_leader).get(url).content.decode()
    assert mine.code in head and theirs.code not in head
    assert "callback-form" not in head and "待招商局回访" in head
    bureau = login(world.bureau).get(url).content.decode()
    assert mine.code in bureau and theirs.code in bureau and "callback-form" in bureau
    assert "问题已自行解决" in bureau and mine.phone in bureau


def test_recording_on_the_page_then_a_second_attempt_is_a_clear_error(world, login, cal):
    case = withdrawn(world.xianggong)
    client = login(world.bureau)
    post = reverse("casework:callback_record", args=[case.pk])
    data = {"month": "2026-03", "reached": "1", "satisfied": "1", "view": "确系自行解决"}
    response = client.post(post, data, follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?month=2026-03")
    assert f"已记录诉求 {case.code} 的回访" in page and "已联系上" in page
    again = client.post(post, data, follow=True).content.decode()
    assert "不能重复记录" in again and case.code in again
    missing = client.post(post, {"month": "2026-03"}, follow=True).content.decode()
    assert "回访未记录" in missing and "回访结果" in missing
    assert CallBack.objects.count() == 1


def test_a_dissatisfied_call_back_on_the_page_says_the_case_is_reopened(world, login, cal):
    case = withdrawn(world.xianggong)
    page = (
        login(world.bureau)
        .post(
            reverse("casework:callback_record", args=[case.pk]),
            {"month": "2026-03", "reached": "1", "satisfied": "0", "view": "问题没解决"},
            follow=True,
        )
        .content.decode()
    )
    assert "已由首问单位重新办理" in page
    case.refresh_from_db()
    assert case.status == Status.HANDLING


def test_a_bad_month_is_refused_with_the_expected_format(world, login, cal):
    client = login(world.bureau)
    response = client.get(reverse("casework:callbacks") + "?month=2026-13")
    assert response.status_code == 422 and "月份格式应为 YYYY-MM" in response.content.decode()
    assert client.get(reverse("casework:callbacks")).status_code == 200  # last month by default
