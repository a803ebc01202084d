"""Target pages: who sees and changes what, original vs current values, the warning."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from zhaoshang.targets import actions
from zhaoshang.targets.models import Target, TargetVersion

pytestmark = pytest.mark.django_db
YEAR = 2026
KEYS = {"year": YEAR, "indicator": "outside_funds", "issuer": "district"}


def _target(world, funds, unit, yuan):
    return actions.set_baseline(
        actor=world.bureau, indicator=funds, issuer="district", year=YEAR, unit=unit, value=yuan
    )


def test_list_shows_original_current_and_adjustment_count_in_wan(world, funds, login):
    target = _target(world, funds, world.xianggong, Decimal("30000000"))
    actions.adjust_target(
        actor=world.bureau, target=target, value=Decimal("35000000"), reason="年中调整"
    )
    html = login(world.bureau).get(reverse("targets:list"), KEYS).content.decode()
    row = html[html.index("相公街道") :]
    assert "3000</td>" in row and "3500</td>" in row and ">1</td>" in row


def test_each_persona_sees_only_targets_in_scope(world, funds, login):
    _target(world, funds, world.xianggong, Decimal("1000000"))
    _target(world, funds, world.gongxiaoshe, Decimal("2000000"))
    url = reverse("targets:list")
    expected = {
        "township_reporter": {"相公街道"},
        "unit_leader": {"相公街道"},
        "dept_reporter": {"供销社"},
        "bureau": {"相公街道", "供销社"},
        "leader": {"相公街道", "供销社"},
        "auditor": {"相公街道", "供销社"},
        "admin": {"相公街道", "供销社"},
        "outsider": set(),
    }
    for persona, units in expected.items():
        html = login(getattr(world, persona)).get(url, KEYS).content.decode()
        for name in ("相公街道", "供销社"):
            assert (f"<td>{name}</td>" in html) == (name in units), (persona, name)


def test_anonymous_is_sent_to_login(client, world, funds):
    target = _target(world, funds, world.xianggong, Decimal("1"))
    for url in [reverse("targets:list"), reverse("targets:detail", args=[target.pk])]:
        assert "login" in client.get(url)["Location"]
    response = client.post(
        reverse("targets:adjust", args=[target.pk]), {"value": "9", "reason": "x"}
    )
    assert response.status_code == 302
    assert Target.objects.get(pk=target.pk).current_value == Decimal("1")


def test_detail_lists_every_version_in_scope_and_404_outside(world, funds, login):
    target = _target(world, funds, world.xianggong, Decimal("10000000"))
    actions.adjust_target(
        actor=world.bureau, target=target, value=Decimal("12000000"), reason="追加任务"
    )
    url = reverse("targets:detail", args=[target.pk])
    for persona in ["township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"]:
        html = login(getattr(world, persona)).get(url).content.decode()
        assert "托底数" in html and "调指标" in html and "追加任务" in html and "招商局科员" in html
    for persona in ["dept_reporter", "outsider"]:
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_bureau_sets_baseline_in_wan(world, funds, login):
    data = {**KEYS, "unit": world.jiuqu.pk, "value": "2500", "reason": ""}
    response = login(world.bureau).post(reverse("targets:baseline"), data)
    assert response.status_code == 302
    target = Target.objects.get(unit=world.jiuqu)
    assert target.current_value == Decimal("25000000")
    assert target.versions.get().kind == TargetVersion.Kind.BASELINE


def test_only_bureau_sets_baselines_and_adjusts(world, funds, login):
    target = _target(world, funds, world.xianggong, Decimal("1000000"))
    for persona in ["township_reporter", "unit_leader", "leader", "auditor"]:
        client = login(getattr(world, persona))
        data = {**KEYS, "unit": world.xianggong.pk, "value": "1"}
        assert client.post(reverse("targets:baseline"), data).status_code == 403, persona
        response = client.post(
            reverse("targets:adjust", args=[target.pk]), {"value": "9", "reason": "x"}
        )
        assert response.status_code == 403, persona
        assert (
            "调指标</h2>"
            not in client.get(reverse("targets:detail", args=[target.pk])).content.decode()
        )
    for persona in ["dept_reporter", "outsider"]:
        client = login(getattr(world, persona))
        response = client.post(
            reverse("targets:adjust", args=[target.pk]), {"value": "9", "reason": "x"}
        )
        assert response.status_code == 404, persona
        data = {**KEYS, "unit": world.xianggong.pk, "value": "1"}
        assert client.post(reverse("targets:baseline"), data).status_code == 403, persona
    assert Target.objects.get().current_value == Decimal("1000000")
    assert TargetVersion.objects.count() == 1


def test_bureau_cannot_give_targets_to_another_district(world, funds, login):
    data = {**KEYS, "unit": world.other_unit.pk, "value": "10"}
    response = login(world.bureau).post(reverse("targets:baseline"), data)
    assert response.status_code == 400
    assert "单位:选项无效" in response.content.decode()
    assert not Target.objects.exists()


def test_adjustment_without_reason_is_refused(world, funds, login):
    target = _target(world, funds, world.xianggong, Decimal("1000000"))
    response = login(world.bureau).post(
        reverse("targets:adjust", args=[target.pk]), {"value": "200", "reason": "  "}
    )
    assert response.status_code == 400
    assert "调整理由:不能为空" in response.content.decode()
    assert Target.objects.get().current_value == Decimal("1000000")
    assert TargetVersion.objects.count() == 1


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("3万", "不要带“万”“亿”"),
        ("1亿", "不要带“万”“亿”"),
        ("-1", "不能为负数"),
        ("abc", "不是有效的数字"),
    ],
)
def test_bad_target_values_are_refused_naming_the_field(world, funds, login, value, words):
    target = _target(world, funds, world.xianggong, Decimal("1000000"))
    client = login(world.bureau)
    response = client.post(
        reverse("targets:adjust", args=[target.pk]), {"value": value, "reason": "调整"}
    )
    assert response.status_code == 400
    assert "调整后目标值(万元)" in response.content.decode() and words in response.content.decode()
    data = {**KEYS, "unit": world.jiuqu.pk, "value": value}
    response = client.post(reverse("targets:baseline"), data)
    assert response.status_code == 400
    assert "目标值(万元)" in response.content.decode() and words in response.content.decode()
    assert Target.objects.count() == 1 and TargetVersion.objects.count() == 1


def test_duplicate_baseline_is_refused(world, funds, login):
    _target(world, funds, world.xianggong, Decimal("1000000"))
    data = {**KEYS, "unit": world.xianggong.pk, "value": "5"}
    response = login(world.bureau).post(reverse("targets:baseline"), data)
    assert response.status_code == 400
    assert "已下达,请使用调指标" in response.content.decode()
    assert Target.objects.get().current_value == Decimal("1000000")


def test_over_allocation_is_a_warning_that_does_not_block(world, funds, login):
    _target(world, funds, world.district, Decimal("50000000"))
    _target(world, funds, world.xianggong, Decimal("30000000"))
    client = login(world.bureau)
    html = client.get(reverse("targets:list"), KEYS).content.decode()
    assert "超过全区目标" not in html
    data = {**KEYS, "unit": world.jiuqu.pk, "value": "3000"}
    assert client.post(reverse("targets:baseline"), data).status_code == 302
    html = client.get(reverse("targets:list"), KEYS).content.decode()
    assert "各单位目标合计 6000 万元,超过全区目标 5000 万元(多出 1000 万元)" in html
    assert "不影响保存" in html
    assert Target.objects.filter(unit=world.jiuqu).exists()
    leader_html = login(world.leader).get(reverse("targets:list"), KEYS).content.decode()
    assert "超过全区目标" in leader_html
    reporter_html = (
        login(world.township_reporter).get(reverse("targets:list"), KEYS).content.decode()
    )
    assert "超过全区目标" not in reporter_html
