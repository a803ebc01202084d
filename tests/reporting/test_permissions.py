"""Who may and who may not, for every reporting URL: each persona and the anonymous visitor.
Denied requests change nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from zhaoshang.reporting import actions
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn

PERSONAS = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
    "anonymous",
]
LATER = (date.today() + timedelta(days=10)).isoformat()


def client_for(scene, login, persona: str) -> Client:
    if persona == "anonymous":
        return Client()
    return login(getattr(scene.world, persona))


def assert_status(response, expected) -> None:
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected, response.content.decode()[:500]


def submitted(scene) -> UnitReturn:
    r = scene.march_return()
    return actions.submit_return(actor=scene.world.township_reporter, unit_return=r)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [(p, 200) for p in PERSONAS[:-1]] + [("anonymous", "login")],
)
def test_periods_list_is_for_signed_in_people_of_the_district(scene, login, persona, expected):
    response = client_for(scene, login, persona).get(reverse("reporting:periods"))
    assert_status(response, expected)
    if expected == 200:
        listed = "2026年3月" in response.content.decode()
        assert listed == (persona != "outsider")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("township_reporter", 403),
        ("dept_reporter", 403),
        ("unit_leader", 403),
        ("bureau", 302),
        ("leader", 403),
        ("auditor", 403),
        ("admin", 302),
        ("outsider", 403),
        ("anonymous", "login"),
    ],
)
def test_only_bureau_opens_a_period(scene, login, persona, expected):
    data = {"year": 2026, "month": 4, "deadline": LATER}
    response = client_for(scene, login, persona).post(reverse("reporting:open"), data)
    assert_status(response, expected)
    opened = ReportingPeriod.objects.filter(year=2026, month=4).exists()
    assert opened == (expected == 302)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("township_reporter", 302),
        ("dept_reporter", 302),
        ("unit_leader", 302),
        ("bureau", 200),
        ("leader", 200),
        ("auditor", 200),
        ("admin", 200),
        ("outsider", 404),
        ("anonymous", "login"),
    ],
)
def test_status_board_is_for_bureau_leaders_and_auditors(scene, login, persona, expected):
    response = client_for(scene, login, persona).get(
        reverse("reporting:board", args=[scene.march.pk])
    )
    assert_status(response, expected)
    if expected == 302:  # a unit's people are sent to their own return
        assert response["Location"] == reverse("reporting:mine", args=[scene.march.pk])


BUREAU_ONLY = [
    ("township_reporter", 403),
    ("dept_reporter", 403),
    ("unit_leader", 403),
    ("bureau", 302),
    ("leader", 403),
    ("auditor", 403),
    ("admin", 302),
    ("outsider", 404),
    ("anonymous", "login"),
]


@pytest.mark.parametrize(("persona", "expected"), BUREAU_ONLY)
def test_only_bureau_closes_a_period(scene, login, persona, expected):
    url = reverse("reporting:close", args=[scene.march.pk])
    assert_status(client_for(scene, login, persona).post(url), expected)
    scene.march.refresh_from_db()
    assert scene.march.is_open == (expected != 302)


@pytest.mark.parametrize(("persona", "expected"), BUREAU_ONLY)
def test_only_bureau_sets_the_city_rank(scene, login, persona, expected):
    url = reverse("reporting:city_rank", args=[scene.march.pk])
    assert_status(client_for(scene, login, persona).post(url, {"city_rank": 6}), expected)
    scene.march.refresh_from_db()
    assert scene.march.city_rank == (6 if expected == 302 else None)


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("township_reporter", 302),
        ("dept_reporter", 302),
        ("unit_leader", 302),
        ("bureau", 403),
        ("leader", 403),
        ("auditor", 403),
        ("admin", 403),
        ("outsider", 404),
        ("anonymous", "login"),
    ],
)
def test_unit_people_open_their_own_prefilled_return(scene, login, persona, expected):
    url = reverse("reporting:mine", args=[scene.march.pk])
    response = client_for(scene, login, persona).get(url)
    assert_status(response, expected)
    returns = UnitReturn.objects.filter(period=scene.march)
    if expected == 302:
        mine = returns.get(unit=getattr(scene.world, persona).unit)
        assert response["Location"] == reverse("reporting:return", args=[mine.pk])
    else:
        assert not returns.exists()


READ_RETURN = [
    ("township_reporter", 200),
    ("dept_reporter", 404),
    ("unit_leader", 200),
    ("bureau", 200),
    ("leader", 200),
    ("auditor", 200),
    ("admin", 200),
    ("outsider", 404),
    ("anonymous", "login"),
]


@pytest.mark.parametrize(("persona", "expected"), READ_RETURN)
def test_a_return_is_read_by_its_unit_and_the_district(scene, login, persona, expected):
    r = scene.march_return()
    response = client_for(scene, login, persona).get(reverse("reporting:return", args=[r.pk]))
    assert_status(response, expected)


UNIT_WRITE = [
    ("township_reporter", 302),
    ("dept_reporter", 404),
    ("unit_leader", 302),
    ("bureau", 403),
    ("leader", 403),
    ("auditor", 403),
    ("admin", 403),
    ("outsider", 404),
    ("anonymous", "login"),
]


@pytest.mark.parametrize(("persona", "expected"), UNIT_WRITE)
def test_only_the_units_people_save_and_submit_its_return(scene, login, persona, expected):
    r = scene.march_return()
    data = {f"p{scene.signed.pk}-funds_abroad": "12", "action": "submit"}
    url = reverse("reporting:return", args=[r.pk])
    assert_status(client_for(scene, login, persona).post(url, data), expected)
    r.refresh_from_db()
    line = r.lines.get(project=scene.signed)
    if expected == 302:
        assert r.status == UnitReturn.Status.SUBMITTED
        assert line.funds_abroad_yuan == 120000
    else:
        assert r.status == UnitReturn.Status.DRAFT
        assert line.funds_abroad_yuan == 0


@pytest.mark.parametrize(("persona", "expected"), UNIT_WRITE)
def test_only_the_units_people_confirm_an_unchanged_return(scene, login, persona, expected):
    r = scene.march_return()
    url = reverse("reporting:confirm", args=[r.pk])
    assert_status(client_for(scene, login, persona).post(url), expected)
    r.refresh_from_db()
    assert (r.status == UnitReturn.Status.SUBMITTED) == (expected == 302)


REVIEW = [
    ("township_reporter", 403),
    ("dept_reporter", 404),
    ("unit_leader", 403),
    ("bureau", 302),
    ("leader", 403),
    ("auditor", 403),
    ("admin", 302),
    ("outsider", 404),
    ("anonymous", "login"),
]


@pytest.mark.parametrize(("persona", "expected"), REVIEW)
def test_only_bureau_verifies_a_return(scene, login, persona, expected):
    r = submitted(scene)
    url = reverse("reporting:verify", args=[r.pk])
    assert_status(client_for(scene, login, persona).post(url), expected)
    r.refresh_from_db()
    assert (r.status == UnitReturn.Status.VERIFIED) == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), REVIEW)
def test_only_bureau_sends_a_return_back(scene, login, persona, expected):
    r = submitted(scene)
    url = reverse("reporting:send_back", args=[r.pk])
    response = client_for(scene, login, persona).post(url, {"reason": "数据有误"})
    assert_status(response, expected)
    r.refresh_from_db()
    assert (r.status == UnitReturn.Status.RETURNED) == (expected == 302)


@pytest.mark.parametrize(("persona", "expected"), REVIEW)
def test_only_bureau_corrects_a_verified_return(scene, login, persona, expected):
    r = scene.feb_return
    url = reverse("reporting:correct", args=[r.pk])
    data = {f"p{scene.signed.pk}-funds_outside_province": "90", "reason": "银行回单更正"}
    assert_status(client_for(scene, login, persona).post(url, data), expected)
    line = r.lines.get(project=scene.signed)
    assert line.funds_outside_province_yuan == (900000 if expected == 302 else 1000000)


def test_outsider_bureau_cannot_close_another_districts_period(scene, login):
    """The action re-checks the district even if a view forgot to."""
    from django.core.exceptions import PermissionDenied

    from zhaoshang.org.models import Role, User

    other_bureau = User.objects.create_user(
        username="hx_bureau", role=Role.BUREAU, unit=scene.world.other_unit
    )
    with pytest.raises(PermissionDenied):
        actions.close_period(actor=other_bureau, period=scene.march)
    scene.march.refresh_from_db()
    assert scene.march.is_open
