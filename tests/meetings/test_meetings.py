"""On-site meetings: planning, the route, the lead unit's account, check-ins at stops, the pack
(HTML and PDF), and who may do what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.projects.checkin_helpers import jpeg, photo, place
from tests.world import World, make_project
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.meetings import actions, queries
from zhaoshang.meetings.models import Meeting, Stop
from zhaoshang.projects.models import SiteCheckIn

pytestmark = pytest.mark.django_db


def _meeting(world: World) -> Meeting:
    return actions.plan_meeting(
        actor=world.bureau, title="一季度重点项目现场观摩会", on=date(2026, 4, 10), place="区政府"
    )


def _planned(world: World) -> tuple[Meeting, list]:
    meeting = _meeting(world)
    projects = [
        place(make_project(world, world.xianggong, planned=Decimal("80000000"))),
        make_project(world, world.gongxiaoshe, stage="construction"),
        make_project(world, world.jiuqu, planned=Decimal("3000000")),
    ]
    actions.add_stops(actor=world.bureau, meeting=meeting, projects=projects)
    return meeting, projects


# --- actions -------------------------------------------------------------------------------


def test_the_bureau_plans_a_meeting_and_adds_projects_in_route_order(world) -> None:
    meeting, projects = _planned(world)
    assert meeting.district == world.district
    assert [s.project for s in queries.stops_of(meeting)] == projects
    assert [s.order for s in queries.stops_of(meeting)] == [1, 2, 3]


@pytest.mark.parametrize("persona", ["township_reporter", "unit_leader", "leader", "auditor"])
def test_only_the_bureau_plans_meetings(world, persona) -> None:
    with pytest.raises(PermissionDenied):
        actions.plan_meeting(actor=getattr(world, persona), title="会", on=date(2026, 4, 1))


def test_a_project_of_another_district_cannot_join_the_route(world) -> None:
    meeting = _meeting(world)
    foreign = make_project(world, world.other_unit, actor=world.admin)
    with pytest.raises(PermissionDenied):
        actions.add_stops(actor=world.bureau, meeting=meeting, projects=[foreign])
    assert not Stop.objects.exists()


def test_a_project_already_on_the_route_is_refused_by_name(world) -> None:
    meeting, projects = _planned(world)
    with pytest.raises(ValidationError) as caught:
        actions.add_stops(actor=world.bureau, meeting=meeting, projects=[projects[0]])
    assert projects[0].name in caught.value.message_dict["projects"][0]


def test_the_route_is_reordered_and_renumbered_after_a_removal(world) -> None:
    meeting, projects = _planned(world)
    stops = list(queries.stops_of(meeting))
    actions.move_stop(actor=world.bureau, stop=stops[2], up=True)
    assert [s.project for s in queries.stops_of(meeting)] == [projects[0], projects[2], projects[1]]
    actions.remove_stop(actor=world.bureau, stop=stops[0])
    assert [(s.order, s.project) for s in queries.stops_of(meeting)] == [
        (1, projects[2]),
        (2, projects[1]),
    ]
    with pytest.raises(ValidationError):
        actions.set_route(actor=world.bureau, meeting=meeting, order=[stops[1].pk])


def test_the_lead_unit_writes_its_account_and_other_units_cannot(world) -> None:
    meeting, _ = _planned(world)
    stop = queries.stops_of(meeting).first()
    actions.write_account(
        actor=world.township_reporter, stop=stop, text="  专班推进,\n  一周一调度。 "
    )
    stop.refresh_from_db()
    assert stop.account == "专班推进, 一周一调度。"
    with pytest.raises(PermissionDenied):
        actions.write_account(actor=world.dept_reporter, stop=stop, text="x")
    with pytest.raises(ValidationError) as caught:
        actions.write_account(actor=world.township_reporter, stop=stop, text="字" * 601)
    assert "限 600 字" in caught.value.message_dict["account"][0]


def test_a_stop_is_checked_in_and_the_check_in_is_the_projects(world) -> None:
    meeting, projects = _planned(world)
    stop = queries.stops_of(meeting).first()
    done = actions.check_in_stop(
        actor=world.bureau,
        stop=stop,
        latitude="35.1001",
        longitude="118.36",
        accuracy_m="8",
        photo=photo(),
    )
    stop.refresh_from_db()
    assert stop.checkin == done and done.project == projects[0] and done.flags == []


def test_candidates_filter_by_unit_stage_and_size_and_leave_out_the_route(world) -> None:
    meeting = _meeting(world)
    big = make_project(world, world.xianggong, planned=Decimal("80000000"))
    small = make_project(world, world.xianggong, planned=Decimal("3000000"))
    built = make_project(world, world.gongxiaoshe, stage="construction")
    assert list(queries.candidates(world.bureau, meeting)) == [big, built, small]
    assert list(queries.candidates(world.bureau, meeting, unit=world.gongxiaoshe.pk)) == [built]
    assert list(queries.candidates(world.bureau, meeting, stage="construction")) == [built]
    assert list(queries.candidates(world.bureau, meeting, min_wan=Decimal(1000))) == [big, built]
    actions.add_stops(actor=world.bureau, meeting=meeting, projects=[big])
    assert big not in queries.candidates(world.bureau, meeting)


# --- pages and permissions -----------------------------------------------------------------

READ = ["bureau", "leader", "auditor", "admin"]
NO_READ = ["township_reporter", "dept_reporter", "unit_leader", "outsider"]


@pytest.mark.parametrize("persona", READ)
def test_bureau_leaders_auditors_and_admins_read_the_meeting_and_its_pack(
    world, login, persona
) -> None:
    meeting, _ = _planned(world)
    client = login(getattr(world, persona))
    assert meeting.title in client.get(reverse("meetings:index")).content.decode()
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 200
    pack = client.get(reverse("meetings:pack", args=[meeting.pk]))
    assert pack.status_code == 200
    assert "一、观摩路线" in pack.content.decode()


@pytest.mark.parametrize("persona", NO_READ)
def test_units_and_outsiders_do_not_see_the_meeting_pages(world, login, persona) -> None:
    meeting, _ = _planned(world)
    client = login(getattr(world, persona))
    response = client.get(reverse("meetings:index"))
    assert response.status_code == 200 and meeting.title not in _table(response)
    for name in ("detail", "pack", "pack_pdf"):
        assert client.get(reverse(f"meetings:{name}", args=[meeting.pk])).status_code == 404


def _table(response) -> str:
    html = response.content.decode()
    return html[html.index("<table") : html.index("</table>")]


def test_anonymous_visitors_are_sent_to_log_in(world) -> None:
    meeting, _ = _planned(world)
    stop = meeting.stops.first()
    for url in (
        reverse("meetings:index"),
        reverse("meetings:detail", args=[meeting.pk]),
        reverse("meetings:pack", args=[meeting.pk]),
        reverse("meetings:pack_pdf", args=[meeting.pk]),
        reverse("meetings:account", args=[stop.pk]),
        reverse("meetings:checkin", args=[stop.pk]),
    ):
        assert Client().get(url).status_code == 302


@pytest.mark.parametrize(
    "persona", ["township_reporter", "unit_leader", "leader", "auditor", "outsider"]
)
def test_only_the_bureau_creates_meetings_and_changes_routes(world, login, persona) -> None:
    meeting, projects = _planned(world)
    client = login(getattr(world, persona))
    response = client.post(reverse("meetings:index"), {"title": "会", "on": "2026-05-01"})
    assert response.status_code == 403
    extra = make_project(world, world.xianggong)
    assert client.post(
        reverse("meetings:add", args=[meeting.pk]), {"project": [extra.pk]}
    ).status_code in (403, 404)
    stop = meeting.stops.get(project=projects[1])
    assert client.post(reverse("meetings:move", args=[stop.pk, "up"])).status_code == 404
    assert Meeting.objects.count() == 1 and meeting.stops.count() == 3


def test_the_bureau_builds_a_meeting_through_the_pages(world, login) -> None:
    client = login(world.bureau)
    response = client.post(
        reverse("meetings:index"), {"title": "项目观摩会", "on": "2026-04-10", "place": "区政府"}
    )
    meeting = Meeting.objects.get()
    assert response["Location"] == reverse("meetings:detail", args=[meeting.pk])
    a = make_project(world, world.xianggong, planned=Decimal("90000000"))
    b = make_project(world, world.jiuqu)
    page = client.get(reverse("meetings:detail", args=[meeting.pk]), {"min_wan": "6000"})
    html = page.content.decode()
    assert a.name in html and b.name not in html
    client.post(reverse("meetings:add", args=[meeting.pk]), {"project": [a.pk, b.pk]})
    stop_b = meeting.stops.get(project=b)
    client.post(reverse("meetings:move", args=[stop_b.pk, "up"]))
    assert [s.project for s in queries.stops_of(meeting)] == [b, a]


def test_a_bad_meeting_form_names_the_field(world, login) -> None:
    response = login(world.bureau).post(reverse("meetings:index"), {"title": "", "on": "x"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "会议名称:不能为空" in html and "会议日期:" in html
    assert not Meeting.objects.exists()


def test_the_lead_unit_sees_its_stops_and_writes_the_account_on_the_page(world, login) -> None:
    meeting, _ = _planned(world)
    stop = meeting.stops.get(order=1)
    client = login(world.township_reporter)
    index = client.get(reverse("meetings:index")).content.decode()
    assert reverse("meetings:account", args=[stop.pk]) in index
    response = client.post(reverse("meetings:account", args=[stop.pk]), {"account": "一周一调度"})
    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.account == "一周一调度"
    for persona in ("dept_reporter", "leader", "auditor", "outsider"):
        other = login(getattr(world, persona))
        assert other.get(reverse("meetings:account", args=[stop.pk])).status_code == 404
        assert other.get(reverse("meetings:checkin", args=[stop.pk])).status_code == 404


def test_a_stop_is_checked_in_from_the_phone_page(world, login) -> None:
    meeting, _ = _planned(world)
    stop = meeting.stops.get(order=1)
    client = login(world.bureau)
    page = client.get(reverse("meetings:checkin", args=[stop.pk]))
    assert 'capture="environment"' in page.content.decode()
    response = client.post(
        reverse("meetings:checkin", args=[stop.pk]),
        {"latitude": "35.2", "longitude": "118.36", "accuracy_m": "9", "photo": photo()},
    )
    assert response.status_code == 302
    stop.refresh_from_db()
    assert stop.checkin is not None and stop.checkin.flags == ["far"]
    bad = client.post(
        reverse("meetings:checkin", args=[stop.pk]),
        {"latitude": "35.1", "longitude": "118.36", "accuracy_m": "9", "photo": photo(b"no")},
    )
    assert bad.status_code == 400 and SiteCheckIn.objects.count() == 1


def test_the_pack_has_the_agenda_a_card_per_stop_the_photo_account_and_bulletin(
    world, login
) -> None:
    meeting, _ = _planned(world)
    first = meeting.stops.get(order=1)
    actions.write_account(actor=world.bureau, stop=first, text="专班推进,一周一调度。")
    actions.check_in_stop(
        actor=world.bureau,
        stop=first,
        latitude="35.1",
        longitude="118.36",
        accuracy_m="5",
        photo=photo(jpeg()),
    )
    first.refresh_from_db()
    PublishedBulletin.objects.create(
        district=world.district,
        year=2026,
        month=3,
        version=1,
        title="关于2026年1-3月全区招商引资工作情况的通报",
        issuer="河东区招商局",
        doc_number="河招〔2026〕3号",
        signer="张三",
        issued_on=date(2026, 4, 5),
        document={"narrative": ["1-3月,全区共有各类招商引资项目86个。"]},
        inputs={},
        fingerprint="x" * 64,
        published_by=world.bureau,
    )
    html = login(world.leader).get(reverse("meetings:pack", args=[meeting.pk])).content.decode()
    assert html.count('class="project-card"') == 3
    assert "专班推进,一周一调度。" in html
    assert reverse("projects:checkin_photo", args=[first.checkin_id]) in html
    assert "全区共有各类招商引资项目86个" in html and "河招〔2026〕3号" in html
    assert "(牵头单位尚未填写)" in html


def test_the_pack_prints_as_a_pdf_with_the_photo_embedded(world, login) -> None:
    meeting, _ = _planned(world)
    first = meeting.stops.get(order=1)
    actions.check_in_stop(
        actor=world.bureau,
        stop=first,
        latitude="35.1",
        longitude="118.36",
        accuracy_m="5",
        photo=photo(),
    )
    first.refresh_from_db()
    assert queries.cards(meeting)[0].photo == first.checkin
    response = login(world.bureau).get(reverse("meetings:pack_pdf", args=[meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/Image" in response.content or b"/XObject" in response.content


def test_the_demo_seed_plans_a_meeting_of_five_projects_with_check_ins(world) -> None:
    import random

    from zhaoshang.meetings import demo

    for unit in (world.xianggong, world.jiuqu, world.gongxiaoshe, world.guotu, world.bureau_unit):
        make_project(world, unit)
    make_project(world, world.xianggong, stage="negotiating")
    demo.seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 4, 20),
        rng=random.Random(7),
    )
    meeting = Meeting.objects.get()
    stops = list(queries.stops_of(meeting))
    assert len(stops) == 5 and len({s.project.lead_unit_id for s in stops}) == 5
    assert all(s.account for s in stops)
    assert all(s.project.latitude is not None for s in stops)
    checkins = list(SiteCheckIn.objects.order_by("pk"))
    assert len(checkins) == 3
    assert [c.flags for c in checkins] == [[], [], ["far"]]
    assert meeting.on == date(2026, 4, 27)
