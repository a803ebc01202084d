"""The lists page through their rows with filters kept; the monthly statistics show every
measure per department and per enterprise; the enterprise's timeline gathers what the other apps
know of it, each in the viewer's scope."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
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
from tests.world import make_project
from zhaoshang.casework import actions as casework_actions
from zhaoshang.inspections import actions, queries, views
from zhaoshang.trade import actions as trade_actions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(db, monkeypatch):
    today = timezone.localdate()
    seed_calendar(today.year, today.year + 1)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)


def _names(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


def _next_link(html: str) -> str:
    found = re.search(r'<a rel="next" href="([^"]+)"', html)
    assert found, "no link to the next page"
    return found.group(1).replace("&amp;", "&")


def test_the_enterprise_list_pages_and_keeps_its_filters_across_pages(world, login):
    for n in range(1, 6):
        make_enterprise(world, world.xianggong, name=f"A0{n}甲企业")
    make_enterprise(world, world.jiuqu, name="A00乙企业")
    for n in range(6, 8):
        e = make_enterprise(world, world.xianggong, name=f"A0{n}甲企业")
        actions.change_enterprise_status(
            actor=world.bureau, enterprise=e, status="dissolved", reason="已注销"
        )
    c = login(world.bureau)
    url = reverse("inspections:enterprises")
    query = {"unit": world.xianggong.pk, "status": "operating", "q": "甲"}
    html = c.get(url, query | {"page": 2}).content.decode()
    assert _names(html, r"A0\d.企业") == ["A03甲企业", "A04甲企业"]
    assert "共 5 家" in html and "第 2/3 页" in html
    link = _next_link(html)
    for kept in (f"unit={world.xianggong.pk}", "status=operating", "page=3"):
        assert kept in link, kept
    html = c.get(url + link).content.decode()
    assert _names(html, r"A0\d.企业") == ["A05甲企业"]
    # The filters are shown as chosen, and a bad filter value is ignored, not an error.
    assert 'value="operating" selected' in html
    html = c.get(url, {"status": "bogus", "unit": "999999", "page": "x"}).content.decode()
    assert "共 8 家" in html and "第 1/4 页" in html
    # Filters never widen the scope: the township's reporter asking for 九曲 finds nothing.
    html = login(world.township_reporter).get(url, {"unit": world.jiuqu.pk}).content.decode()
    assert "A00乙企业" not in html


def test_the_filing_list_pages_and_keeps_kind_department_and_search_across_pages(world, login):
    today = timezone.localdate()
    planned = routine_date_after(today)
    e = make_enterprise(world, name="检查对象有限公司")
    complaints = [
        file(world, e, planned, today, kind="complaint", matter=f"投诉事项{n}") for n in range(5)
    ]
    file(world, e, planned, today, matter="消防")
    file(world, e, planned, today, matter="土地", actor=guotu_reporter(world))
    c = login(world.bureau)
    url = reverse("inspections:filings")
    query = {"kind": "complaint", "unit": world.gongxiaoshe.pk, "q": "投诉"}
    html = c.get(url, query | {"page": 2}).content.decode().split('id="list"')[1]
    assert _names(html, r"投诉事项\d") == ["投诉事项2", "投诉事项1"]  # newest first
    assert "共 5 条" in html
    link = _next_link(html)
    assert "kind=complaint" in link and f"unit={world.gongxiaoshe.pk}" in link
    html = c.get(url + link).content.decode().split('id="list"')[1]
    assert _names(html, r"投诉事项\d") == ["投诉事项0"]
    assert "消防" not in html
    html = c.get(url, {"unit": world.guotu.pk}).content.decode()
    assert "共 1 条" in html and "土地" in html
    html = c.get(url, {"q": complaints[3].code}).content.decode()
    assert "共 1 条" in html and "投诉事项3" in html
    month = planned.strftime("%Y-%m")
    assert "共 7 条" in c.get(url, {"month": month}).content.decode()
    other = (planned.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    assert "共 0 条" in c.get(url, {"month": other}).content.decode()
    # The township sees none of the departments' filings, whatever it asks for.
    html = login(world.township_reporter).get(url, {"unit": world.gongxiaoshe.pk}).content
    assert "共 0 条" in html.decode()


def test_the_protection_list_pages_and_keeps_the_status_filter(world, login):
    today = timezone.localdate()
    rows = []
    for n in range(4):
        e = make_enterprise(world, name=f"保护{n}号有限公司")
        start = today - timedelta(days=10 * (n + 1))
        rows.append(protect(world, e, start, today + timedelta(days=100)))
    for p in rows[:3]:
        actions.remove_protection(actor=world.bureau, protection=p, reason="已投产")
    c = login(world.bureau)
    url = reverse("inspections:protections")
    html = c.get(url, {"status": "removed", "page": 2}).content.decode()
    assert _names(html, r"保护\d号") == ["保护2号"]  # latest start first: 0, 1 | 2
    html = c.get(url, {"status": "removed"}).content.decode()
    assert _names(html, r"保护\d号") == ["保护0号", "保护1号"]
    assert "status=removed" in _next_link(html)
    html = c.get(url, {"status": "active", "q": "保护3"}).content.decode()
    assert "共 1 条" in html and "保护3号" in html


def test_monthly_statistics_show_every_measure_per_department_and_per_enterprise(world, login):
    today = timezone.localdate()
    planned = routine_date_after(today)
    e = make_enterprise(world, name="统计对象有限公司")
    file(world, e, planned, today)
    for name, code in (("统计对象有限公司", e.uscc), ("未登记的小店", "")):
        actions.report_unfiled(
            actor=None,
            enterprise_name=name,
            uscc=code,
            department=world.gongxiaoshe,
            happened_on=today,
            description="未出示核验码",
            contact="王先生",
        )
    rows = {
        r["enterprise__name"]: r for r in queries.monthly_by_enterprise(world.bureau, *_ym(planned))
    }
    assert rows["统计对象有限公司"]["filed"] == 1
    if _ym(planned) == _ym(today):
        assert rows["统计对象有限公司"]["unfiled"] == 1
    now = {
        r["enterprise__name"]: r for r in queries.monthly_by_enterprise(world.bureau, *_ym(today))
    }
    assert now["未登记的小店"]["unfiled"] == 1 and now["未登记的小店"]["enterprise"] is None
    assert now["统计对象有限公司"]["unfiled"] == 1
    # The township sees neither: the reports concern a department's inspections.
    assert not queries.monthly_by_enterprise(world.township_reporter, *_ym(today))
    html = (
        login(world.bureau)
        .get(reverse("inspections:stats"), {"month": today.strftime("%Y-%m")})
        .content.decode()
    )
    for heading in ("已备案", "待审批", "合并", "不予同意", "已评价", "平均评分", "未备案举报"):
        assert html.count(f">{heading}<") == 2, heading  # in both tables
    assert "未登记的小店" in html and "(未登记)" in html
    before = (today.replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    after = (today.replace(day=28) + timedelta(days=5)).strftime("%Y-%m")
    assert f'href="?month={before}"' in html and f'href="?month={after}"' in html
    assert f'type="month" name="month" value="{today.strftime("%Y-%m")}"' in html


def _ym(day: date) -> tuple[int, int]:
    return day.year, day.month


def test_the_timeline_gathers_projects_cases_agency_trade_and_reports_in_scope(world, login):
    today = timezone.localdate()
    project = make_project(world, world.xianggong, planned=Decimal("200000000"))
    e = make_enterprise(world, world.xianggong, uscc=project.investor.uscc, name="时间线有限公司")
    casework_actions.submit_case(
        unit=world.gongxiaoshe,
        enterprise_name=e.name,
        uscc=e.uscc,
        contact="王经理",
        phone="0539-8123456",
        category="business",
        title="办理仓储许可",
        description="请协助办理",
    )
    assignment = casework_actions.assign_agent(
        actor=world.bureau, project=project, agent=world.township_reporter, on=today
    )
    casework_actions.record_agency_service(
        actor=world.township_reporter,
        assignment=assignment,
        on=today,
        item="施工许可",
        outcome="已取得",
    )
    trade_actions.record_figure(
        actor=world.bureau,
        enterprise=e,
        year=2025,
        month=3,
        source="final",
        imports_usd="100000",
        exports_usd="250000",
    )
    trade_actions.register_foreign_investment(
        actor=world.bureau,
        enterprise=e,
        established_on=date(2024, 5, 6),
        investor_region="新加坡",
        contracted_usd="5000000",
    )
    actions.report_unfiled(
        actor=None,
        enterprise_name=e.name,
        uscc=e.uscc,
        department=world.guotu,
        happened_on=today,
        description="未出示核验码",
        contact="王先生",
    )
    url = reverse("inspections:enterprise", args=[e.pk])
    html = login(world.bureau).get(url).content.decode()
    for text in (
        project.name,
        "办理仓储许可",
        "帮办代办:项目",
        "已办审批事项 1 件",
        "2025年3月进出口 35 万美元(出口 25 万美元)",
        "投资方:新加坡,合同外资 500 万美元",
        "反映 国土资源局 未备案检查",
    ):
        assert text in html, text
    assert reverse("casework:ledger", args=[assignment.pk]) in html
    # The township responsible for the enterprise: its project, agency and trade, but not the
    # case another unit handles nor the report about a department's inspection.
    html = login(world.township_reporter).get(url).content.decode()
    assert "帮办代办:项目" in html and "2025年3月进出口" in html
    assert "办理仓储许可" not in html and "未备案检查举报" not in html
