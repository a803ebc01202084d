"""Correcting an enterprise's register entry: who may, the USCC check digit, the row history and
the event, and a unit that cannot hand an enterprise out of its own scope."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from tests.inspections.helpers import make_enterprise, protect, seed_calendar
from tests.world import uscc
from zhaoshang.core.models import Event
from zhaoshang.inspections import actions
from zhaoshang.inspections.models import Enterprise, Protection

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _calendar(db):
    seed_calendar(2026)


def _data(e: Enterprise, **kw) -> dict:
    data = {
        "uscc": e.uscc,
        "name": e.name,
        "responsible_unit": e.responsible_unit_id,
        "industry": e.industry,
        "size": e.size,
        "address": e.address,
        "contact": e.contact,
        "phone": e.phone,
    }
    return data | kw


def test_the_responsible_unit_and_the_bureau_open_the_edit_page_and_nobody_else(world, login):
    e = make_enterprise(world, world.xianggong, name="相公机械有限公司")
    url = reverse("inspections:enterprise_edit", args=[e.pk])
    for persona in ("township_reporter", "unit_leader", "bureau", "admin"):
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200, persona
        assert "相公机械有限公司" in response.content.decode()
    for persona in ("dept_reporter", "leader", "auditor", "outsider"):
        assert login(getattr(world, persona)).get(url).status_code == 404, persona
        assert login(getattr(world, persona)).post(url, _data(e)).status_code == 404, persona
    assert "login" in Client().get(url)["Location"]
    page = login(world.township_reporter).get(reverse("inspections:enterprise", args=[e.pk]))
    assert url in page.content.decode()
    page = login(world.leader).get(reverse("inspections:enterprise", args=[e.pk]))
    assert url not in page.content.decode()


def test_an_edit_with_a_bad_check_digit_is_refused_with_the_reason_and_changes_nothing(
    world, login
):
    e = make_enterprise(world, name="原名有限公司")
    url = reverse("inspections:enterprise_edit", args=[e.pk])
    response = login(world.bureau).post(
        url, _data(e, uscc="91371300MA00000010", name="新名有限公司")
    )
    assert response.status_code == 400 and "校验位错误" in response.content.decode()
    e.refresh_from_db()
    assert e.name == "原名有限公司"
    taken = make_enterprise(world, name="另一家有限公司")
    response = login(world.bureau).post(url, _data(e, uscc=taken.uscc))
    assert response.status_code == 400 and "已由另一家企业登记" in response.content.decode()
    assert e.history.count() == 1  # only the registration


def test_an_edit_goes_through_the_action_with_row_history_and_an_event(world, login):
    e = make_enterprise(world, name="原名有限公司")
    new_code = uscc()
    response = login(world.township_reporter).post(
        reverse("inspections:enterprise_edit", args=[e.pk]),
        _data(e, uscc=new_code.lower(), name="新名有限公司", size="large", foreign_invested="on"),
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert (e.uscc, e.name, e.size, e.foreign_invested) == (new_code, "新名有限公司", "large", True)
    last = e.history.first()
    assert last.history_user == world.township_reporter and last.history_type == "~"
    event = Event.objects.get(verb="enterprise.updated")
    assert event.actor == world.township_reporter
    assert "企业名称 原名有限公司 → 新名有限公司" in event.summary
    assert "企业规模 中型 → 大型" in event.summary and "外商投资企业 否 → 是" in event.summary
    # Saving the same values again changes nothing and writes no event.
    same = {**_data(e), "responsible_unit": world.xianggong, "foreign_invested": True}
    actions.update_enterprise(actor=world.bureau, enterprise=e, **same)
    assert Event.objects.filter(verb="enterprise.updated").count() == 1


def test_a_township_cannot_hand_its_enterprise_to_another_unit_but_the_bureau_can(world, login):
    e = make_enterprise(world, world.xianggong)
    listed = protect(world, e, date(2026, 1, 1), date(2026, 12, 31))
    response = login(world.township_reporter).post(
        reverse("inspections:enterprise_edit", args=[e.pk]),
        _data(e, responsible_unit=world.jiuqu.pk),
    )
    assert response.status_code == 400  # the other unit is not offered
    with pytest.raises(PermissionDenied):
        actions.update_enterprise(
            actor=world.township_reporter,
            enterprise=e,
            **{**_data(e), "responsible_unit": world.jiuqu},
        )
    e.refresh_from_db()
    assert e.responsible_unit == world.xianggong
    response = login(world.bureau).post(
        reverse("inspections:enterprise_edit", args=[e.pk]),
        _data(e, responsible_unit=world.jiuqu.pk),
    )
    assert response.status_code == 302
    e.refresh_from_db()
    assert e.responsible_unit == world.jiuqu
    # The listing follows the enterprise to its new unit (and the old unit no longer sees it).
    assert Protection.objects.get(pk=listed.pk).unit == world.jiuqu
    assert not Enterprise.objects.visible_to(world.township_reporter).filter(pk=e.pk).exists()


def test_the_action_rejects_empty_names_and_unknown_choices_all_at_once(world):
    e = make_enterprise(world)
    with pytest.raises(ValidationError) as err:
        actions.update_enterprise(
            actor=world.bureau,
            enterprise=e,
            **{
                **_data(e),
                "name": " ",
                "industry": "nonsense",
                "size": "huge",
                "responsible_unit": world.xianggong,
            },
        )
    assert set(err.value.message_dict) == {"name", "industry", "size"}
