"""``zhaoshang demo``: what it loads, that a second run changes nothing, and that people can log in."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from zhaoshang.core.models import Event
from zhaoshang.demo.loader import PASSWORD, PERSONAS
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.org.uscc import normalize_uscc
from zhaoshang.projects.models import Investor, Project, StageChange
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.targets.models import Target, TargetVersion

pytestmark = pytest.mark.django_db


def _district() -> Unit:
    return Unit.objects.get(kind=Unit.Kind.DISTRICT, name="河东区")


def _snapshot() -> dict[str, int]:
    models = [Unit, User, Investor, Project, StageChange, Target, TargetVersion]
    models += [ReportingPeriod, UnitReturn, ReturnLine, Event]
    return {model.__name__: model.objects.count() for model in models}


def test_running_the_demo_twice_leaves_the_same_data(demo: str) -> None:
    before = _snapshot()
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert _snapshot() == before
    assert "演示数据已存在" in out.getvalue()
    assert "xg_reporter" in out.getvalue()


def test_command_prints_every_persona_with_the_one_password(demo: str) -> None:
    for persona in PERSONAS:
        assert persona.username in demo
        assert persona.unit in demo
    assert PASSWORD in demo
    assert "已载入演示数据" in demo


def test_district_has_82_units_10_towns_and_72_departments(demo: str) -> None:
    units = Unit.objects.filter(parent=_district()).reporting()
    assert units.count() == 82
    assert units.filter(group__code="township").count() == 10
    assert units.filter(group__code="department").count() == 72
    names = set(units.values_list("name", flat=True))
    assert {"相公街道", "九曲街道", "供销社", "国土资源局", "招商局", "发改局", "财政局"} <= names
    assert list(units.filter(is_bureau=True).values_list("name", flat=True)) == ["招商局"]


def test_district_sits_in_the_city_with_its_siblings(demo: str) -> None:
    district = _district()
    assert district.parent is not None and district.parent.name == "临沂市"
    siblings = Unit.objects.filter(parent=district.parent, kind=Unit.Kind.DISTRICT)
    assert siblings.count() >= 6


def test_every_unit_and_the_district_have_a_district_target(demo: str) -> None:
    district = _district()
    targets = Target.objects.filter(
        indicator__code="outside_funds", issuer="district", year=district_year()
    )
    assert targets.filter(unit__parent=district).count() == 82
    assert targets.filter(unit=district).count() == 1
    assert not targets.filter(current_value__lte=0).exists()
    assert TargetVersion.objects.filter(target__in=targets, kind="baseline").count() == 83


def district_year() -> int:
    return ReportingPeriod.objects.filter(month=3).get().year


def test_first_quarter_is_closed_with_city_rank_and_april_is_open_and_empty(demo: str) -> None:
    periods = {p.month: p for p in ReportingPeriod.objects.filter(district=_district())}
    assert sorted(periods) == [1, 2, 3, 4]
    for month in (1, 2, 3):
        assert periods[month].status == "closed"
        assert periods[month].returns.filter(status="verified").count() == 82
        assert periods[month].deadline.day == 10
        assert periods[month].deadline.month == month + 1
    assert periods[3].city_rank == 6
    assert periods[4].status == "open"
    assert not periods[4].returns.exists()


def test_returns_were_submitted_before_the_deadline_by_each_units_reporter(demo: str) -> None:
    returns = UnitReturn.objects.select_related("period", "submitted_by", "verified_by")
    assert not returns.filter(late=True).exists()
    for unit_return in returns:
        assert unit_return.submitted_by.role == Role.REPORTER
        assert unit_return.submitted_by.unit_id == unit_return.unit_id
        assert unit_return.verified_by.username == "bureau"
        assert unit_return.submitted_at.date() <= unit_return.period.deadline


def test_demo_data_carries_events_and_history_from_the_actions(demo: str) -> None:
    verbs = set(Event.objects.values_list("verb", flat=True))
    expected = {"project.registered", "project.stage_changed", "target.baseline_set"}
    expected |= {"period.opened", "period.closed", "return.submitted", "return.verified"}
    assert expected <= verbs
    assert Event.objects.filter(verb="return.verified").count() == 3 * 82
    assert Project.history.count() >= Project.objects.count()
    # Only what the public does on the portal and what the clock does (casework tick) has no actor.
    public = {"case.submitted", "case.rated", "case.reopened", "case.withdrawn"}
    public |= {"inspection.rated", "inspection.unfiled_reported"}
    clock = {"case.missed", "case.reminded", "case.escalated"}
    clock |= {"case.contact_missed", "case.follow_up_missed"}
    assert not Event.objects.filter(actor__isnull=True).exclude(verb__in=public | clock).exists()


def test_investors_have_valid_usccs(demo: str) -> None:
    for code in Investor.objects.values_list("uscc", flat=True):
        assert normalize_uscc(code) == code


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_every_persona_can_log_in(demo: str, persona) -> None:
    client = Client()
    assert client.login(username=persona.username, password=PASSWORD)
    user = User.objects.get(username=persona.username)
    assert user.role == persona.role
    assert user.unit is not None and user.unit.name == persona.unit


def test_other_units_reporters_can_log_in_too(demo: str) -> None:
    reporters = User.objects.filter(role=Role.REPORTER, unit__parent=_district())
    assert reporters.values("unit").distinct().count() == 82
    assert Client().login(username="hdt03", password=PASSWORD)


def test_admin_persona_reaches_the_django_admin(demo: str) -> None:
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    client = Client()
    client.login(username="admin", password=PASSWORD)
    assert client.get("/admin/").status_code == 200


def test_wrong_password_does_not_log_in(demo: str) -> None:
    assert not Client().login(username="bureau", password="wrong")
