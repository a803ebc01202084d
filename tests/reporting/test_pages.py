"""The pages render what each persona needs, with the numbers in 万元."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from zhaoshang.reporting import actions
from zhaoshang.reporting.actions import LineInput


def test_reporter_sees_prefilled_return_with_last_months_figures(scene, login):
    client = login(scene.world.township_reporter)
    response = client.get(reverse("reporting:mine", args=[scene.march.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert scene.signed.name in page and scene.building.name in page
    assert scene.other_units.name not in page
    # February's 1,000,000 yuan from outside the province shows as 100 (万元) for reference.
    assert "上月 100" in page
    assert "本月无变化,确认报送" in page
    assert f'name="p{scene.signed.pk}-funds_outside_province"' in page


def test_bureau_status_board_counts_and_lists_every_reporting_unit(scene, login):
    scene.march_return()
    response = login(scene.world.bureau).get(reverse("reporting:board", args=[scene.march.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "已报送 0 / 5,逾期 0,未报 5" in page
    for unit in ("相公街道", "九曲街道", "供销社", "国土资源局", "招商局"):
        assert unit in page
    assert "河西街道" not in page


def test_board_headline_counts_submitted_and_average_burden(scene, login):
    r = scene.march_return()
    actions.save_return(
        actor=scene.world.township_reporter,
        unit_return=r,
        lines=[
            LineInput(
                scene.signed.pk,
                {"funds_abroad_yuan": Decimal("50000"), "investment_completed_yuan": "10"},
            )
        ],
    )
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    page = login(scene.world.leader).get(reverse("reporting:board", args=[scene.march.pk]))
    text = page.content.decode()
    assert "已报送 1 / 5,逾期 0,未报 4" in text
    assert 'id="burden">2.0<' in text


def test_home_page_shows_each_role_what_is_theirs_to_do(scene, login):
    w = scene.world
    scene.march_return()
    reporter = login(w.township_reporter).get(reverse("home")).content.decode()
    assert "填报月报" in reporter and reverse("reporting:mine", args=[scene.march.pk]) in reporter
    bureau = login(w.bureau).get(reverse("home")).content.decode()
    assert "待审核" in bureau and reverse("reporting:board", args=[scene.march.pk]) in bureau
    leader = login(w.leader).get(reverse("home")).content.decode()
    assert reverse("bulletins:latest") in leader
    assert reverse("reporting:board", args=[scene.march.pk]) in leader
    admin = login(w.admin).get(reverse("home")).content.decode()
    assert reverse("admin:index") in admin


def test_leader_and_auditor_read_returns_without_any_form(scene, login):
    r = scene.march_return()
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    for persona in (scene.world.leader, scene.world.auditor):
        client = login(persona)
        page = client.get(reverse("reporting:return", args=[r.pk])).content.decode()
        assert scene.signed.name in page
        assert "<input" not in page.split("<main>")[1]
        board = client.get(reverse("reporting:board", args=[scene.march.pk])).content.decode()
        assert "截止本期填报" not in board and "保存排名" not in board


def test_bureau_sees_review_buttons_only_on_a_submitted_return(scene, login):
    r = scene.march_return()
    client = login(scene.world.bureau)
    url = reverse("reporting:return", args=[r.pk])
    assert "审核通过" not in client.get(url).content.decode()
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    page = client.get(url).content.decode()
    assert "审核通过" in page and "退回修改" in page


def test_home_page_needs_login_and_shows_outsider_nothing_of_this_district(scene, login):
    from django.test import Client

    response = Client().get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    page = login(scene.world.outsider).get(reverse("home")).content.decode()
    assert "2026年3月" not in page
    assert "目前没有开放的填报期" in page


def test_home_page_tells_a_reporter_when_the_return_was_sent_back(scene, login):
    r = scene.march_return()
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    actions.send_back_return(actor=scene.world.bureau, unit_return=r, reason="缺回单")
    page = login(scene.world.unit_leader).get(reverse("home")).content.decode()
    assert "已退回" in page and "修改并重新报送" in page
