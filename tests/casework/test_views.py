"""Who may open and use each staff page (every persona, both ways)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.casework.conftest import at
from tests.casework.helpers import intake, register
from zhaoshang.casework import actions
from zhaoshang.casework.models import Case, Status

pytestmark = pytest.mark.django_db

ALL = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
]


def client_for(world, login, persona: str) -> Client:
    return Client() if persona == "anonymous" else login(getattr(world, persona))


def expect(world, login, url: str, expected: dict[str, int], method: str = "get", data=None):
    for persona, status in expected.items():
        response = getattr(client_for(world, login, persona), method)(url, data or {})
        assert response.status_code == status, (persona, url, response.status_code)


def test_case_list_is_for_staff_and_shows_only_cases_in_scope(world, login, cal):
    case = register(world.township_reporter)
    url = reverse("casework:list")
    expect(world, login, url, {p: 200 for p in ALL} | {"anonymous": 302})
    for persona, sees in {
        "township_reporter": True,
        "unit_leader": True,
        "bureau": True,
        "leader": True,
        "auditor": True,
        "admin": True,
        "dept_reporter": False,
        "outsider": False,
    }.items():
        body = login(getattr(world, persona)).get(url).content.decode()
        assert (case.code in body) is sees, persona


def test_case_page_is_visible_to_first_unit_routed_units_district_readers_only(world, login, cal):
    case = register(world.township_reporter)
    url = reverse("casework:detail", args=[case.pk])
    readers = {"township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"}
    expect(
        world,
        login,
        url,
        {p: 200 if p in readers else 404 for p in ALL} | {"anonymous": 302},
    )
    page = login(world.township_reporter).get(url).content.decode()
    assert "2026-03-09" in page and "按“办事”类诉求默认时限 5 个工作日计算" in page
    actions.pass_on(
        actor=world.township_reporter,
        case=case,
        to_unit=world.gongxiaoshe,
        reason="职责",
        now=at(2026, 3, 3),
    )
    assert login(world.dept_reporter).get(url).status_code == 200
    assert login(world.township_reporter).get(url).status_code == 200  # first responder tracks


def test_only_the_owner_unit_and_bureau_may_act_on_a_case(world, login, cal):
    for persona, status in {
        "dept_reporter": 404,
        "outsider": 404,
        "leader": 403,
        "auditor": 403,
        "anonymous": 302,
        "unit_leader": 302,
    }.items():
        case = register(world.township_reporter)
        url = reverse("casework:act", args=[case.pk, "complete"])
        response = client_for(world, login, persona).post(url, {"result": "办结"})
        assert response.status_code == status, persona
        case.refresh_from_db()
        assert (case.status == Status.COMPLETED) is (status == 302 and persona != "anonymous")
    for persona in ("bureau", "admin", "township_reporter"):
        case = register(world.township_reporter)
        url = reverse("casework:act", args=[case.pk, "complete"])
        assert client_for(world, login, persona).post(url, {"result": "已办"}).status_code == 302
        case.refresh_from_db()
        assert case.status == Status.COMPLETED, persona


def test_completing_without_a_result_shows_the_reason_and_changes_nothing(world, login, cal):
    case = register(world.township_reporter)
    client = login(world.township_reporter)
    url = reverse("casework:act", args=[case.pk, "complete"])
    response = client.post(url, {"result": ""}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and response["X-Refused"] == "1"
    assert "办结必须填写办理结果" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.HANDLING


def test_passing_to_the_same_unit_is_refused_on_the_page(world, login, cal):
    case = register(world.township_reporter)
    url = reverse("casework:act", args=[case.pk, "pass"])
    response = login(world.township_reporter).post(
        url, {"to_unit": world.xianggong.pk, "reason": "x"}, headers={"HX-Request": "true"}
    )
    assert response["X-Refused"] == "1" and "不能转办给本单位" in response.content.decode()
    case.refresh_from_db()
    assert case.passes == 0


def test_pass_accept_and_complete_through_the_pages_with_htmx(world, login, cal):
    case = register(world.township_reporter)
    a, b = login(world.township_reporter), login(world.dept_reporter)
    r = a.post(
        reverse("casework:act", args=[case.pk, "pass"]),
        {"to_unit": world.gongxiaoshe.pk, "reason": "属供销社职责"},
        headers={"HX-Request": "true"},
    )
    assert r.status_code == 200 and "转办待接收" in r.content.decode()
    b.post(reverse("casework:act", args=[case.pk, "accept"]))
    b.post(reverse("casework:act", args=[case.pk, "complete"]), {"result": "已协调解决"})
    case.refresh_from_db()
    assert case.status == Status.COMPLETED and case.owner_unit == world.gongxiaoshe
    page = a.get(reverse("casework:detail", args=[case.pk])).content.decode()
    assert "属供销社职责" in page and "已协调解决" in page


def test_an_extension_after_the_deadline_is_refused_on_the_page_and_recorded(world, login, cal):
    case = register(world.township_reporter, now=at(2026, 1, 5))
    url = reverse("casework:act", args=[case.pk, "extension"])
    response = login(world.township_reporter).post(url, {"days": 2, "reason": "需要时间"})
    assert response.status_code == 302
    assert case.extensions.get().decision == "late"


def test_register_page_is_for_unit_staff(world, login, cal):
    url = reverse("casework:register")
    expect(
        world,
        login,
        url,
        {
            "township_reporter": 200,
            "dept_reporter": 200,
            "unit_leader": 200,
            "bureau": 200,
            "outsider": 200,
            "leader": 403,
            "auditor": 403,
            "admin": 403,
            "anonymous": 302,
        },
    )
    response = login(world.dept_reporter).post(url, {**intake(), "channel": "visit"})
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.first_unit == world.gongxiaoshe and case.channel == "visit"


def test_register_page_shows_field_errors_in_chinese(world, login, cal):
    response = login(world.dept_reporter).post(
        reverse("casework:register"), {**intake(uscc="123"), "channel": "visit"}
    )
    assert response.status_code == 422
    assert "统一社会信用代码应为18位" in response.content.decode()
    assert not Case.objects.exists()


def test_stats_page_for_staff_only(world, login, cal):
    register(world.township_reporter)
    url = reverse("casework:stats") + "?start=2026-01-01&end=2026-12-31"
    expect(world, login, url, {p: 200 for p in ALL} | {"anonymous": 302})
    assert "相公街道" in login(world.bureau).get(url).content.decode()
    assert "相公街道" not in login(world.outsider).get(url).content.decode()


def test_inbox_shows_only_ones_own_notices(world, login, cal):
    from zhaoshang.core.notifications import notify

    notify([world.dept_reporter], verb="x", title="供销社的待办")
    url = reverse("casework:inbox")
    expect(world, login, url, {p: 200 for p in ALL} | {"anonymous": 302})
    assert "供销社的待办" in login(world.dept_reporter).get(url).content.decode()
    assert "供销社的待办" not in login(world.township_reporter).get(url).content.decode()
    login(world.dept_reporter).post(url, {})
    assert not world.dept_reporter.notifications.filter(read_at__isnull=True).exists()


def test_commitments_page_publishing_is_for_unit_heads(world, login, cal):
    url = reverse("casework:commitments")
    expect(world, login, url, {p: 200 for p in ALL} | {"anonymous": 302})
    data = {"item": "招商项目用地咨询", "statutory_days": 10, "promised_days": 3, "fee_yuan": 0}
    for persona in ("township_reporter", "bureau", "leader", "auditor", "outsider"):
        assert client_for(world, login, persona).post(url, data).status_code == 403, persona
    assert login(world.unit_leader).post(url, data).status_code == 302
    assert world.xianggong.commitments.get().promised_days == 3


def test_agency_pages_assignment_by_the_bureau_and_ledger_by_the_agent(world, login, cal):
    from tests.world import make_project

    project = make_project(world, world.xianggong)
    url = reverse("casework:agency")
    expect(world, login, url, {p: 200 for p in ALL} | {"anonymous": 302})
    post = {"project": project.pk, "agent": world.township_reporter.pk, "on": "2026-03-02"}
    for persona in ("township_reporter", "unit_leader", "leader", "auditor", "outsider"):
        assert client_for(world, login, persona).post(url, post).status_code == 403, persona
    assert login(world.bureau).post(url, post).status_code == 302
    assignment = project.agency_assignments.get()
    ledger = reverse("casework:ledger", args=[assignment.pk])
    expect(
        world,
        login,
        ledger,
        {
            "township_reporter": 200,
            "unit_leader": 200,
            "bureau": 200,
            "leader": 200,
            "auditor": 200,
            "admin": 200,
            "dept_reporter": 404,
            "outsider": 404,
            "anonymous": 302,
        },
    )
    record = {"on": "2026-03-03", "item": "施工许可", "outcome": "已取得", "fee_yuan": "500"}
    assert login(world.unit_leader).post(ledger, record).status_code == 403
    assert login(world.township_reporter).post(ledger, record).status_code == 302
    page = login(world.bureau).get(ledger).content.decode()
    assert "违反免费代办规定" in page


VERBS = {
    "accept": {},
    "pass": {"to_unit": "guotu", "reason": "职责"},
    "send-back": {"reason": "x"},
    "extension": {"days": 2, "reason": "x"},
    "pause": {"reason": "x"},
    "resume": {},
    "complete": {"result": "x"},
    "rate": {"satisfied": "1"},
    "withdraw": {"reason": "x"},
    "escalate": {"reason": "x"},
}


@pytest.mark.parametrize("verb", sorted(VERBS))
def test_no_action_is_open_to_units_outside_the_case_or_to_read_only_roles(world, login, cal, verb):
    case = register(world.township_reporter)
    data = dict(VERBS[verb])
    if "to_unit" in data:
        data["to_unit"] = world.guotu.pk
    url = reverse("casework:act", args=[case.pk, verb])
    for persona, status in {"dept_reporter": 404, "outsider": 404, "anonymous": 302}.items():
        assert client_for(world, login, persona).post(url, data).status_code == status, persona
    for persona in ("leader", "auditor"):
        response = login(getattr(world, persona)).post(url, data)
        assert response.status_code == 403, persona
    steps_before = case.steps.count()
    case.refresh_from_db()
    assert case.status == Status.HANDLING and case.steps.count() == steps_before == 1


def test_an_unknown_verb_is_not_found(world, login, cal):
    case = register(world.township_reporter)
    url = reverse("casework:act", args=[case.pk, "delete"])
    assert login(world.township_reporter).post(url).status_code == 404


def test_attachments_are_downloaded_only_by_those_who_see_the_case(world, login, cal):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("营业执照.pdf", b"%PDF-1.4 test")
    case = register(world.township_reporter, attachments=[pdf])
    a = case.attachments.get()
    url = reverse("casework:attachment", args=[case.pk, a.pk])
    readers = {"township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"}
    expect(world, login, url, {p: 200 if p in readers else 404 for p in ALL} | {"anonymous": 302})
    response = login(world.bureau).get(url)
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"
    assert "attachment" in response["Content-Disposition"]
