"""The bureau's forms: opening a period, the city rank, sending back and correcting a return,
and the status board's filters. Bad input is named in Chinese and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from zhaoshang.core.models import Event
from zhaoshang.reporting import actions
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn

LATER = (date.today() + timedelta(days=10)).isoformat()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2026, "month": 13, "deadline": LATER}, "月份:"),
        ({"year": "二〇二六", "month": 4, "deadline": LATER}, "年度:"),
        ({"year": 2026, "month": 4, "deadline": "下周五"}, "截止日期:"),
        ({"year": 2026, "month": 4, "deadline": "2026-03-01"}, "截止日期:截止日期不能早于所报月份"),
        ({"year": 2026, "month": 3, "deadline": LATER}, "2026年3月的填报期已开启"),
    ],
)
def test_opening_a_period_with_bad_input_names_the_field(scene, login, data, message):
    before = ReportingPeriod.objects.count()
    response = login(scene.world.bureau).post(reverse("reporting:open"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert ReportingPeriod.objects.count() == before


def test_bureau_opens_a_period_for_its_own_district(scene, login):
    response = login(scene.world.bureau).post(
        reverse("reporting:open"), {"year": 2026, "month": 4, "deadline": LATER}
    )
    period = ReportingPeriod.objects.get(year=2026, month=4)
    assert response["Location"] == reverse("reporting:board", args=[period.pk])
    assert period.district == scene.world.district and period.is_open
    assert Event.objects.filter(verb="period.opened", subject_id=str(period.pk)).exists()


@pytest.mark.parametrize("rank", ["0", "第六", "-3"])
def test_bad_city_rank_is_refused_with_its_name(scene, login, rank):
    url = reverse("reporting:city_rank", args=[scene.march.pk])
    response = login(scene.world.bureau).post(url, {"city_rank": rank}, follow=True)
    assert "全市排名:" in response.content.decode()
    scene.march.refresh_from_db()
    assert scene.march.city_rank is None


def test_closing_twice_says_it_is_already_closed(scene, login):
    client = login(scene.world.bureau)
    url = reverse("reporting:close", args=[scene.march.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "2026年3月填报期已截止" in response.content.decode()


def test_send_back_needs_a_reason(scene, login):
    r = scene.march_return()
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    url = reverse("reporting:send_back", args=[r.pk])
    response = login(scene.world.bureau).post(url, {"reason": "  "}, follow=True)
    assert "退回理由:" in response.content.decode()
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.SUBMITTED


def test_verifying_a_draft_is_refused(scene, login):
    r = scene.march_return()
    url = reverse("reporting:verify", args=[r.pk])
    response = login(scene.world.bureau).post(url, follow=True)
    assert "只有已报送的月报可以审核" in response.content.decode()
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.DRAFT


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "95", "reason": ""}, "更正理由:"),
        ({"amount": "9.5亿", "reason": "回单更正"}, "省外到位资金(万元):请只填写数字"),
        ({"amount": "-1", "reason": "回单更正"}, "省外到位资金(万元):不能为负数"),
    ],
)
def test_correcting_a_verified_return_needs_a_reason_and_plain_numbers(scene, login, data, message):
    r = scene.feb_return
    url = reverse("reporting:correct", args=[r.pk])
    post = {f"p{scene.signed.pk}-funds_outside_province": data["amount"], "reason": data["reason"]}
    response = login(scene.world.bureau).post(url, post)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert r.lines.get(project=scene.signed).funds_outside_province_yuan == 1000000
    assert not Event.objects.filter(verb="return.corrected").exists()


def test_correction_leaves_a_trace_with_old_and_new_values(scene, login):
    r = scene.feb_return
    url = reverse("reporting:correct", args=[r.pk])
    post = {f"p{scene.signed.pk}-funds_outside_province": "95", "reason": "银行回单金额为95万元"}
    client = login(scene.world.bureau)
    client.post(url, post)
    event = Event.objects.get(verb="return.corrected")
    assert event.data["reason"] == "银行回单金额为95万元"
    assert event.data["changes"][0]["old"] == "1000000.00"
    assert event.data["changes"][0]["new"] == "950000.00"
    page = client.get(reverse("reporting:return", args=[r.pk])).content.decode()
    assert "银行回单金额为95万元" in page and "1000000.00 → 950000.00" in page


def test_board_filters_by_status_group_and_lateness(scene, login):
    w = scene.world
    r = scene.march_return()
    actions.submit_return(actor=w.township_reporter, unit_return=r)
    client = login(w.bureau)
    url = reverse("reporting:board", args=[scene.march.pk])

    def units(**params) -> set[str]:
        page = client.get(url, params).content.decode()
        table = page[page.index('id="board"') :]
        names = ("相公街道", "九曲街道", "供销社", "国土资源局", "招商局")
        return {n for n in names if f"<td>{n}</td>" in table}

    assert units(status="submitted") == {"相公街道"}
    assert units(status="missing") == {"九曲街道", "供销社", "国土资源局", "招商局"}
    assert units(group="township") == {"相公街道", "九曲街道"}
    assert units(late="on") == set()
    # once the deadline has passed, units that have not submitted are flagged late
    ReportingPeriod.objects.filter(pk=scene.march.pk).update(deadline=date(2026, 4, 10))
    assert units(late="on") == {"九曲街道", "供销社", "国土资源局", "招商局"}
    assert "逾期 4,未报 4" in client.get(url).content.decode()
    # an unknown status is ignored rather than hiding everything
    assert len(units(status="bogus")) == 5
