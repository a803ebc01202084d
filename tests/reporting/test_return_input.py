"""Bad input on the return form gets a clear Chinese message naming the row and the field, and
changes nothing; good input is saved in yuan from 万元, exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhaoshang.reporting import actions
from zhaoshang.reporting.models import ReturnLine, UnitReturn


def post_return(client, r, data, htmx=False):
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(reverse("reporting:return", args=[r.pk]), data, headers=headers)


def snapshot(r: UnitReturn) -> list[tuple]:
    return list(
        ReturnLine.objects.filter(unit_return=r)
        .order_by("pk")
        .values_list(
            "funds_within_province_yuan",
            "funds_outside_province_yuan",
            "funds_abroad_yuan",
            "investment_completed_yuan",
            "stage",
            "stage_reason",
            "note",
        )
    )


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5", "第1行(%s)省外到位资金(万元):不能为负数"),
        ("abc", "第1行(%s)省外到位资金(万元):“abc” 不是有效的数字"),
        ("3万", "第1行(%s)省外到位资金(万元):请只填写数字"),
        ("1.1234567", "第1行(%s)省外到位资金(万元):以万元为单位最多保留6位小数"),
    ],
)
def test_bad_amount_is_refused_by_row_and_field_and_nothing_changes(scene, login, typed, message):
    r = scene.march_return()
    before = snapshot(r)
    client = login(scene.world.township_reporter)
    data = {
        f"p{scene.signed.pk}-funds_outside_province": typed,
        f"p{scene.building.pk}-funds_abroad": "10",
        "action": "submit",
    }
    response = post_return(client, r, data)
    assert response.status_code == 400
    assert message % scene.signed.name in response.content.decode()
    assert snapshot(r) == before
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.DRAFT


def test_htmx_save_with_error_returns_the_form_fragment_with_the_error_inline(scene, login):
    r = scene.march_return()
    client = login(scene.world.township_reporter)
    data = {f"p{scene.signed.pk}-funds_abroad": "3万", "action": "save"}
    response = post_return(client, r, data, htmx=True)
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and 'id="return-form"' in page
    assert 'value="3万"' in page  # what was typed is shown again for correction
    assert "境外到位资金(万元):请只填写数字" in page
    assert snapshot(r)[0][2] == 0


def test_htmx_save_converts_wan_to_yuan_and_counts_fields_typed(scene, login):
    r = scene.march_return()
    client = login(scene.world.township_reporter)
    data = {
        f"p{scene.signed.pk}-funds_within_province": "1,250.5",
        f"p{scene.signed.pk}-investment_completed": "0.0001",
        f"p{scene.signed.pk}-stage": "construction",
        f"p{scene.signed.pk}-stage_date": "2026-03-05",
        "note": "本月新开工一个项目",
        "action": "save",
    }
    response = post_return(client, r, data, htmx=True)
    assert response.status_code == 200
    assert "已保存" in response.content.decode()
    line = r.lines.get(project=scene.signed)
    assert line.funds_within_province_yuan == Decimal("12505000.00")
    assert line.investment_completed_yuan == Decimal("1.00")
    assert line.stage == "construction"
    r.refresh_from_db()
    # two amounts, the stage, its date and the return's note
    assert r.fields_typed == 5
    assert r.status == UnitReturn.Status.DRAFT


def test_reporter_cannot_post_to_another_units_project_by_id(scene, login):
    r = scene.march_return()
    before = snapshot(r)
    client = login(scene.world.township_reporter)
    data = {
        f"p{scene.signed.pk}-funds_abroad": "5",
        f"p{scene.other_units.pk}-funds_abroad": "99",
        "action": "save",
    }
    response = post_return(client, r, data)
    assert response.status_code == 400
    assert f"项目(编号 {scene.other_units.pk})不属于本单位本期月报" in response.content.decode()
    assert snapshot(r) == before
    assert not ReturnLine.objects.filter(project=scene.other_units).exists()


def test_stage_going_backwards_needs_a_reason(scene, login):
    r = scene.march_return()
    before = snapshot(r)
    client = login(scene.world.township_reporter)
    data = {f"p{scene.building.pk}-stage": "signed", "action": "save"}
    response = post_return(client, r, data)
    assert response.status_code == 400
    assert f"第2行({scene.building.name})阶段变更说明" in response.content.decode()
    assert "必须说明理由" in response.content.decode()
    assert snapshot(r) == before
    data[f"p{scene.building.pk}-stage_reason"] = "施工许可被撤销,退回签约"
    assert post_return(client, r, data).status_code == 302
    assert r.lines.get(project=scene.building).stage == "signed"


def test_bad_stage_and_bad_date_are_named(scene, login):
    r = scene.march_return()
    client = login(scene.world.township_reporter)
    data = {
        f"p{scene.signed.pk}-stage": "flying",
        f"p{scene.signed.pk}-stage_date": "2026-02-30",
        "action": "save",
    }
    page = post_return(client, r, data).content.decode()
    assert f"第1行({scene.signed.name})月末阶段:“flying”不是有效阶段" in page
    assert "阶段变更日期:“2026-02-30”不是有效日期" in page


def test_submit_after_the_period_is_closed_is_refused(scene, login):
    r = scene.march_return()
    actions.close_period(actor=scene.world.bureau, period=scene.march)
    client = login(scene.world.township_reporter)
    data = {f"p{scene.signed.pk}-funds_abroad": "5", "action": "submit"}
    response = post_return(client, r, data)
    assert response.status_code == 400
    assert "2026年3月填报期已截止" in response.content.decode()
    response = client.post(reverse("reporting:confirm", args=[r.pk]), follow=True)
    assert "2026年3月填报期已截止,不能再报送" in response.content.decode()
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.DRAFT
    assert snapshot(r)[0][2] == 0


def test_submitted_return_is_read_only(scene, login):
    r = scene.march_return()
    client = login(scene.world.township_reporter)
    client.post(reverse("reporting:confirm", args=[r.pk]))
    page = client.get(reverse("reporting:return", args=[r.pk])).content.decode()
    assert '<input class="num"' not in page and "保存并报送" not in page
    response = post_return(client, r, {f"p{scene.signed.pk}-funds_abroad": "5"})
    assert response.status_code == 400
    assert "月报已报送,不能再修改" in response.content.decode()
    assert snapshot(r)[0][2] == 0


def test_returned_return_shows_the_reason_and_is_editable_again(scene, login):
    r = scene.march_return()
    actions.submit_return(actor=scene.world.township_reporter, unit_return=r)
    actions.send_back_return(actor=scene.world.bureau, unit_return=r, reason="到位资金缺银行回单")
    client = login(scene.world.unit_leader)
    page = client.get(reverse("reporting:return", args=[r.pk])).content.decode()
    assert "到位资金缺银行回单" in page and "保存并报送" in page
    data = {f"p{scene.signed.pk}-funds_abroad": "5", "action": "submit"}
    assert post_return(client, r, data).status_code == 302
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.SUBMITTED and r.returned_reason == ""


def test_confirm_unchanged_is_refused_once_something_was_typed(scene, login):
    r = scene.march_return()
    client = login(scene.world.township_reporter)
    post_return(client, r, {f"p{scene.signed.pk}-funds_abroad": "5", "action": "save"})
    response = client.post(reverse("reporting:confirm", args=[r.pk]), follow=True)
    assert "本月已填写变化内容" in response.content.decode()
    r.refresh_from_db()
    assert r.status == UnitReturn.Status.DRAFT
