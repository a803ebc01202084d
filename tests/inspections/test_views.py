"""Who may open and post to every inspections URL, and who may not; the public pages show only
what verification shows; wrong codes are rate-limited."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.inspections.helpers import (
    file,
    guotu_reporter,
    make_enterprise,
    protect,
    routine_date_after,
    seed_calendar,
)
from tests.world import uscc
from zhaoshang.inspections.models import Enterprise, Filing, Protection, Rating, UnfiledReport

pytestmark = pytest.mark.django_db

PERSONAS = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
]


@pytest.fixture(autouse=True)
def _setup(db):
    today = timezone.localdate()
    seed_calendar(today.year, today.year + 1)
    cache.clear()


@pytest.fixture
def planned():
    return routine_date_after(timezone.localdate())


def test_anonymous_is_sent_to_login_from_every_staff_page(client, world):
    e = make_enterprise(world)
    urls = [
        reverse("inspections:enterprises"),
        reverse("inspections:enterprise_new"),
        reverse("inspections:enterprise", args=[e.pk]),
        reverse("inspections:protections"),
        reverse("inspections:filings"),
        reverse("inspections:filing_new"),
        reverse("inspections:stats"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url
    for name in ("merge",):
        assert client.post(reverse(f"inspections:{name}")).status_code == 302


def test_the_enterprise_list_shows_each_persona_only_its_scope(world, login):
    own = make_enterprise(world, world.xianggong, name="相公企业")
    dept = make_enterprise(world, world.gongxiaoshe, name="供销企业")
    seen = {
        "township_reporter": {own},
        "unit_leader": {own},
        "dept_reporter": {dept},
        "bureau": {own, dept},
        "leader": {own, dept},
        "auditor": {own, dept},
        "admin": {own, dept},
        "outsider": set(),
    }
    for persona, rows in seen.items():
        html = (
            login(getattr(world, persona)).get(reverse("inspections:enterprises")).content.decode()
        )
        for e in (own, dept):
            assert (e.name in html) == (e in rows), (persona, e.name)
    html = (
        login(world.bureau).get(reverse("inspections:enterprises"), {"q": "供销"}).content.decode()
    )
    assert "供销企业" in html and "相公企业" not in html


def test_the_enterprise_page_is_404_outside_scope_and_shows_one_timeline(world, login, planned):
    e = make_enterprise(world)
    file(world, e, planned, timezone.localdate())
    url = reverse("inspections:enterprise", args=[e.pk])
    for persona in ("township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"):
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200, persona
    html = login(world.bureau).get(url).content.decode()
    assert "企业时间线" in html and "供销社 日常检查:安全生产" in html
    for persona in ("dept_reporter", "outsider"):
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_registering_an_enterprise_with_a_bad_uscc_shows_the_reason_and_writes_nothing(
    world, login
):
    c = login(world.bureau)
    data = {
        "uscc": "91371300MA00000010",
        "name": "甲",
        "responsible_unit": world.xianggong.pk,
        "industry": "services",
        "size": "small",
    }
    response = c.post(reverse("inspections:enterprise_new"), data)
    assert response.status_code == 400 and "校验位错误" in response.content.decode()
    assert not Enterprise.objects.exists()
    data["uscc"] = uscc()
    assert c.post(reverse("inspections:enterprise_new"), data).status_code == 302
    assert login(world.leader).get(reverse("inspections:enterprise_new")).status_code == 403
    # A township reporter cannot pick another unit: the choice is not offered.
    data |= {"uscc": uscc(), "responsible_unit": world.jiuqu.pk}
    assert (
        login(world.township_reporter).post(reverse("inspections:enterprise_new"), data).status_code
        == 400
    )
    assert Enterprise.objects.count() == 1


def test_a_department_files_in_its_own_name_from_the_page(world, login, planned):
    e = make_enterprise(world)
    data = {
        "uscc": e.uscc,
        "kind": "routine",
        "matter": "安全生产",
        "legal_basis": "安全生产法",
        "items": "台账",
        "inspectors": "张三、李四",
        "planned_date": planned.isoformat(),
        "department": world.guotu.pk,
    }
    response = login(world.dept_reporter).post(reverse("inspections:filing_new"), data)
    assert response.status_code == 302
    f = Filing.objects.get()
    assert f.department == world.gongxiaoshe and f.inspectors == ["张三", "李四"]
    for persona in ("bureau", "leader", "auditor"):
        page = login(getattr(world, persona)).get(reverse("inspections:filing_new"))
        assert page.status_code == 403, persona
    # The outsider's unit may file, but only on enterprises of its own district.
    response = login(world.outsider).post(reverse("inspections:filing_new"), data)
    assert response.status_code == 400 and "本区企业名录中没有" in response.content.decode()
    assert Filing.objects.count() == 1


def test_a_bad_filing_lists_every_reason_on_the_page(world, login):
    e = make_enterprise(world)
    data = {
        "uscc": e.uscc,
        "kind": "routine",
        "matter": "安全生产",
        "legal_basis": "安全生产法",
        "items": "台账",
        "inspectors": "张三",
        "planned_date": "2020-01-02",
    }
    response = login(world.dept_reporter).post(reverse("inspections:filing_new"), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "已过" in html and "不少于 2 人" in html and "安静期" in html
    data["uscc"] = "91371300MA00000010"
    html = login(world.dept_reporter).post(reverse("inspections:filing_new"), data).content.decode()
    assert "校验位错误" in html
    assert not Filing.objects.exists()


def test_filings_are_visible_to_their_department_and_the_district_only(world, login, planned):
    e = make_enterprise(world)
    f = file(world, e, planned, timezone.localdate())
    url = reverse("inspections:filing", args=[f.pk])
    for persona in ("dept_reporter", "bureau", "leader", "auditor", "admin"):
        html = login(getattr(world, persona)).get(url).content.decode()
        assert f.code in html and "<svg" in html, persona
    for persona in ("township_reporter", "unit_leader", "outsider"):
        assert login(getattr(world, persona)).get(url).status_code == 404, persona
        assert (
            f.code
            not in login(getattr(world, persona))
            .get(reverse("inspections:filings"))
            .content.decode()
        )


def test_only_the_bureau_approves_or_refuses_from_the_page(world, login, planned):
    e = make_enterprise(world)
    today = timezone.localdate()
    protect(world, e, today, planned.replace(day=28))
    f = file(world, e, planned, today)
    assert f.status == "pending"
    for persona in ("dept_reporter", "leader", "auditor", "township_reporter", "outsider"):
        response = login(getattr(world, persona)).post(reverse("inspections:approve", args=[f.pk]))
        assert response.status_code in (403, 404), persona
    assert Filing.objects.get().status == "pending"
    pending = login(world.bureau).get(reverse("inspections:filings")).content.decode()
    assert e.name in pending
    response = login(world.bureau).post(
        reverse("inspections:approve", args=[f.pk]), {"note": "同意"}
    )
    assert response.status_code == 302
    assert Filing.objects.get().status == "filed" and Filing.objects.get().code


def test_protection_pages_show_scope_and_only_the_bureau_lists(world, login):
    e = make_enterprise(world)
    data = {
        "uscc": e.uscc,
        "rule": 4,
        "reason": "重点企业",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "responsible_leader": "王",
        "contact_person": "李",
        "contact_phone": "1",
    }
    from zhaoshang.inspections.models import ProtectionRule

    data["rule"] = ProtectionRule.by_code("decided").pk
    for persona in ("dept_reporter", "leader", "auditor", "township_reporter"):
        assert (
            login(getattr(world, persona))
            .post(reverse("inspections:protections"), data)
            .status_code
            == 403
        ), persona
    assert login(world.bureau).post(reverse("inspections:protections"), data).status_code == 302
    p = Protection.objects.get()
    for persona in ("township_reporter", "bureau", "leader"):
        assert (
            e.name
            in login(getattr(world, persona))
            .get(reverse("inspections:protections"))
            .content.decode()
        )
    assert (
        e.name
        not in login(world.dept_reporter).get(reverse("inspections:protections")).content.decode()
    )
    assert (
        login(world.leader)
        .post(reverse("inspections:protection_remove", args=[p.pk]), {"reason": "x"})
        .status_code
        == 403
    )
    login(world.bureau).post(
        reverse("inspections:protection_remove", args=[p.pk]), {"reason": "已搬迁"}
    )
    assert Protection.objects.get().status == "removed"


def test_the_bureau_merges_a_proposal_from_the_filings_page(world, login, planned):
    e = make_enterprise(world)
    today = timezone.localdate()
    a = file(world, e, planned, today)
    b = file(world, e, planned, today, actor=guotu_reporter(world), matter="用地")
    html = login(world.bureau).get(reverse("inspections:filings")).content.decode()
    assert "建议合并" in html and f"{a.pk},{b.pk}" in html
    data = {
        "filings": f"{a.pk},{b.pk}",
        "visit_date": planned.isoformat(),
        "lead_department": world.guotu.pk,
    }
    assert login(world.dept_reporter).post(reverse("inspections:merge"), data).status_code == 403
    assert login(world.bureau).post(reverse("inspections:merge"), data).status_code == 302
    assert Filing.objects.filter(joint_visit__isnull=False).count() == 2


def test_the_stats_page_counts_in_scope(world, login, planned):
    e = make_enterprise(world)
    file(world, e, planned, timezone.localdate())
    month = planned.strftime("%Y-%m")
    html = login(world.bureau).get(reverse("inspections:stats"), {"month": month}).content.decode()
    assert "供销社" in html
    html = (
        login(world.township_reporter)
        .get(reverse("inspections:stats"), {"month": month})
        .content.decode()
    )
    assert "供销社" not in html
    assert (
        login(world.leader).get(reverse("inspections:stats"), {"month": "bad"}).status_code == 200
    )


# --- The public ----------------------------------------------------------------------------


def test_the_public_verifies_a_code_and_sees_only_department_matter_and_date(world, planned):
    e = make_enterprise(world, name="保密科技有限公司")
    f = file(world, e, planned, timezone.localdate(), inspectors=["张三", "李四"])
    html = Client().get(reverse("verify:check"), {"code": f.code}).content.decode()
    assert "该检查已备案" in html and "供销社" in html and "安全生产" in html
    assert planned.isoformat() in html
    for secret in ("张三", "保密科技", e.uscc, "安全生产法", "台账"):
        assert secret not in html, secret


def test_a_pending_or_refused_filing_does_not_verify(world, planned):
    e = make_enterprise(world)
    protect(world, e, timezone.localdate(), planned.replace(day=28))
    file(world, e, planned, timezone.localdate())
    response = Client().post(reverse("verify:check"), {"code": "ABCD-EFGH-JKMN"})
    assert response.status_code == 404 and "未查询到" in response.content.decode()


def test_wrong_codes_get_one_generic_message_and_are_rate_limited_per_ip(world, planned, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "VERIFY_MAX_FAILURES": 3}
    e = make_enterprise(world)
    f = file(world, e, planned, timezone.localdate())
    c = Client(REMOTE_ADDR="10.0.0.1")
    forged = f.code[:-1] + ("2" if f.code[-1] != "2" else "3")
    answers = set()
    for code in ("ABCD-EFGH-JKMN", "QQQQ", forged):
        response = c.post(reverse("verify:check"), {"code": code})
        html = response.content.decode()
        answers.add((response.status_code, re.search(r'<p class="error".*?</p>', html).group(0)))
        assert code not in html
    assert len(answers) == 1 and next(iter(answers))[0] == 404
    blocked = c.post(reverse("verify:check"), {"code": f.code})
    assert blocked.status_code == 429 and "失败次数过多" in blocked.content.decode()
    assert c.post(reverse("verify:rate"), {"code": f.code, "score": 5}).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.2")
    assert other.get(reverse("verify:check"), {"code": f.code}).status_code == 200


def test_the_public_rates_a_verified_visit_once(world, planned):
    e = make_enterprise(world)
    f = file(world, e, planned, timezone.localdate())
    c = Client()
    assert c.post(reverse("verify:rate"), {"code": f.code, "score": 9}).status_code == 400
    response = c.post(reverse("verify:rate"), {"code": f.code, "score": 5, "comment": "规范"})
    assert response.status_code == 200 and "感谢" in response.content.decode()
    assert c.post(reverse("verify:rate"), {"code": f.code, "score": 1}).status_code == 400
    assert Rating.objects.get().score == 5
    assert c.post(reverse("verify:rate"), {"code": "ZZZZ-ZZZZ-ZZZZ", "score": 1}).status_code == 404


def test_the_public_reports_an_unfiled_inspection(world):
    c = Client()
    assert c.get(reverse("verify:report")).status_code == 200
    bad = c.post(reverse("verify:report"), {"enterprise_name": "甲", "uscc": "123"})
    assert bad.status_code == 400 and "18位" in bad.content.decode()
    ok = c.post(
        reverse("verify:report"),
        {
            "enterprise_name": "甲公司",
            "uscc": "",
            "department": world.gongxiaoshe.pk,
            "happened_on": timezone.localdate().isoformat(),
            "description": "未出示核验码",
            "contact": "王 138",
        },
    )
    assert ok.status_code == 200 and UnfiledReport.objects.count() == 1


def test_the_public_protection_list_follows_the_setting(world, settings):
    e = make_enterprise(world, name="挂牌企业有限公司")
    today = timezone.localdate()
    protect(world, e, today, today.replace(year=today.year + 1, day=1))
    url = reverse("verify:protected")
    assert Client().get(url).status_code == 404
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "PUBLISH_PROTECTION_LIST": True}
    assert "挂牌企业有限公司" in Client().get(url).content.decode()


def test_anonymous_cannot_post_to_any_staff_action(client, world, planned):
    e = make_enterprise(world)
    p = protect(world, e, timezone.localdate(), planned.replace(day=28))
    f = file(world, e, planned, timezone.localdate())
    for url in (
        reverse("inspections:approve", args=[f.pk]),
        reverse("inspections:refuse", args=[f.pk]),
        reverse("inspections:protection_renew", args=[p.pk]),
        reverse("inspections:protection_remove", args=[p.pk]),
        reverse("inspections:protections"),
        reverse("inspections:filing_new"),
        reverse("inspections:enterprise_new"),
    ):
        response = client.post(url, {"reason": "x", "note": "x"})
        assert response.status_code == 302 and "login" in response["Location"], url
    assert Filing.objects.get().status == "pending" and Protection.objects.get().status == "listed"


def test_only_the_bureau_refuses_and_renews_from_the_page(world, login, planned):
    e = make_enterprise(world)
    today = timezone.localdate()
    p = protect(world, e, today, planned.replace(day=28))
    f = file(world, e, planned, today)
    new_end = planned.replace(year=planned.year + 1).isoformat()
    for persona in ("dept_reporter", "leader", "auditor", "unit_leader", "outsider"):
        c = login(getattr(world, persona))
        refused = c.post(reverse("inspections:refuse", args=[f.pk]), {"note": "不同意"})
        renewed = c.post(
            reverse("inspections:protection_renew", args=[p.pk]),
            {"reason": "续", "ends_on": new_end},
        )
        assert refused.status_code == 403 and renewed.status_code == 403, persona
    c = login(world.bureau)
    c.post(reverse("inspections:refuse", args=[f.pk]), {"note": "本月已安排联合检查"})
    c.post(
        reverse("inspections:protection_renew", args=[p.pk]),
        {"reason": "建设期延长", "ends_on": new_end},
    )
    assert Filing.objects.get().status == "refused"
    assert Protection.objects.get().ends_on.isoformat() == new_end


def test_the_public_pages_need_no_login_and_refuse_other_methods(world):
    c = Client()
    assert c.get(reverse("verify:check")).status_code == 200
    assert c.get(reverse("verify:report")).status_code == 200
    assert c.get(reverse("verify:rate")).status_code == 405
    assert c.post(reverse("verify:protected")).status_code == 405


def test_only_editors_of_the_enterprise_change_its_status_and_a_reason_is_required(world, login):
    e = make_enterprise(world)
    url = reverse("inspections:enterprise_status", args=[e.pk])
    for persona in ("dept_reporter", "outsider", "leader", "auditor"):
        assert (
            login(getattr(world, persona))
            .post(url, {"status": "dissolved", "reason": "注销"})
            .status_code
            == 404
        ), persona
    c = login(world.township_reporter)
    assert c.post(url, {"status": "dissolved", "reason": ""}).status_code == 400
    assert c.post(url, {"status": "dissolved", "reason": "已注销登记"}).status_code == 302
    assert Enterprise.objects.get().status == "dissolved"
    assert "已注销登记" in c.get(reverse("inspections:enterprise", args=[e.pk])).content.decode()


def test_the_bureau_lists_a_key_project_from_the_page(world, login):
    from tests.world import make_project
    from zhaoshang.inspections.models import ProtectionRule

    project = make_project(world, world.jiuqu)
    project.is_key = True
    project.save()
    data = {
        "project": project.pk,
        "rule": ProtectionRule.by_code("key_project").pk,
        "reason": "区级重点项目",
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "responsible_leader": "王",
        "contact_person": "李",
        "contact_phone": "1",
    }
    c = login(world.bureau)
    assert project.name in c.get(reverse("inspections:protections")).content.decode()
    assert c.post(reverse("inspections:protections"), data).status_code == 302
    assert Protection.objects.get().project == project
