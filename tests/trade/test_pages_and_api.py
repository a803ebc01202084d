"""Who may see and do what on every trade URL and endpoint, the import's messages and atomicity."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import Workbook

from zhaoshang.trade import actions, importer
from zhaoshang.trade.models import TradeFigure

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
ENTERERS = {"bureau", "admin"}


def _figure(trade, enterprise=None, month=3, exports="900000"):
    return actions.record_figure(
        actor=trade.world.bureau,
        enterprise=enterprise or trade.xg,
        year=2026,
        month=month,
        source="final",
        imports_usd="100000",
        exports_usd=exports,
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_overview_shows_each_persona_only_their_scope(trade, login, persona):
    _figure(trade, trade.xg)
    _figure(trade, trade.jq)
    response = login(getattr(trade.world, persona)).get("/trade/?period=2026-03")
    assert response.status_code == 200
    body = response.content.decode()
    sees_xg = persona in {
        "township_reporter",
        "unit_leader",
        "bureau",
        "leader",
        "auditor",
        "admin",
    }
    sees_jq = persona in {"bureau", "leader", "auditor", "admin"}
    assert ("相公街道" in body) == sees_xg
    assert ("九曲街道" in body) == sees_jq


@pytest.mark.parametrize("url", ["/trade/", "/trade/figures/", "/trade/import/"])
def test_anonymous_visitors_are_sent_to_log_in(db, url):
    response = Client().get(url)
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ["/trade/figures/", "/trade/import/"])
def test_only_the_bureau_opens_the_entry_and_import_pages(trade, login, persona, url):
    response = login(getattr(trade.world, persona)).get(url)
    assert response.status_code == (200 if persona in ENTERERS else 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_bureau_records_a_figure_on_the_page(trade, login, persona):
    response = login(getattr(trade.world, persona)).post(
        "/trade/figures/",
        {
            "enterprise": trade.xg.pk,
            "year": 2026,
            "month": 3,
            "source": "flash",
            "imports_usd": "10",
            "exports_usd": "20",
            "total_usd": "30",
        },
    )
    assert response.status_code == (302 if persona in ENTERERS else 403)
    assert TradeFigure.objects.exists() == (persona in ENTERERS)


def test_the_entry_page_refuses_a_total_that_does_not_add_up_and_writes_nothing(trade, login):
    response = login(trade.world.bureau).post(
        "/trade/figures/",
        {
            "enterprise": trade.xg.pk,
            "year": 2026,
            "month": 3,
            "source": "flash",
            "imports_usd": "10",
            "exports_usd": "20",
            "total_usd": "31",
        },
    )
    assert response.status_code == 422
    assert "不等于进口额" in response.content.decode()
    assert not TradeFigure.objects.exists()


def _api(client: Client, method: str, url: str, body=None):
    if method == "get":
        return client.get(url)
    return client.post(url, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_api_lists_figures_in_scope_and_only_the_bureau_records(trade, login, persona):
    _figure(trade, trade.xg)
    client = login(getattr(trade.world, persona))
    listed = _api(client, "get", "/api/v1/trade/figures?year=2026")
    assert listed.status_code == 200
    visible = persona in {
        "township_reporter",
        "unit_leader",
        "bureau",
        "leader",
        "auditor",
        "admin",
    }
    assert len(listed.json()) == (1 if visible else 0)
    units = _api(client, "get", "/api/v1/trade/units?period=2026-03")
    assert units.status_code == 200 and len(units.json()) == (1 if visible else 0)
    created = _api(
        client,
        "post",
        "/api/v1/trade/figures",
        {
            "enterprise_id": trade.xg.pk,
            "year": 2026,
            "month": 4,
            "source": "flash",
            "imports_usd": "1",
            "exports_usd": "2",
        },
    )
    expected = 201 if persona in ENTERERS else (404 if not visible else 403)
    assert created.status_code == expected
    if expected == 201:
        assert created.json()["total_usd"] == "3.00"


@pytest.mark.parametrize(
    "url", ["/api/v1/trade/figures?year=2026", "/api/v1/trade/units?period=2026-03"]
)
def test_the_api_refuses_anonymous_callers(db, url):
    assert Client().get(url).status_code == 401


def _book(
    rows,
    headers=(
        "企业名称",
        "统一社会信用代码",
        "月份",
        "进口额(美元)",
        "出口额(美元)",
        "进出口总额(美元)",
    ),
):
    book = Workbook()
    sheet = book.active
    sheet.title = "海关数据"
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_import_dry_run_writes_nothing_and_applying_twice_changes_nothing_the_second_time(trade):
    data = _book(
        [
            ("鲁东", trade.xg.uscc, "2026-01", 100, 900, 1000),
            ("九曲", trade.jq.uscc, "2026年2月", 50.5, 49.5, None),
        ]
    )
    dry = importer.import_figures(actor=trade.world.bureau, data=data, source="flash", dry_run=True)
    assert dry.ok and len(dry.created) == 2 and not TradeFigure.objects.exists()
    applied = importer.import_figures(
        actor=trade.world.bureau, data=data, source="flash", dry_run=False
    )
    assert applied.applied and TradeFigure.objects.count() == 2
    assert TradeFigure.objects.get(enterprise=trade.jq).total_usd == Decimal("100")
    again = importer.import_figures(
        actor=trade.world.bureau, data=data, source="flash", dry_run=False
    )
    assert again.already and not again.applied and TradeFigure.objects.count() == 2


def test_an_import_finds_enterprises_by_customs_code(trade):
    actions.set_trade_profile(
        actor=trade.world.bureau, enterprise=trade.xg, customs_code="3713960001"
    )
    data = _book(
        [("鲁东", "3713960001", "2026-03", 1, 2)],
        headers=("企业名称", "海关编码", "月份", "进口额(美元)", "出口额(美元)"),
    )
    outcome = importer.import_figures(
        actor=trade.world.bureau, data=data, source="final", dry_run=False
    )
    assert outcome.applied and TradeFigure.objects.get().enterprise == trade.xg


def test_every_bad_row_is_reported_with_sheet_row_and_column_and_nothing_is_written(trade):
    from tests.world import uscc

    data = _book(
        [
            ("鲁东", trade.xg.uscc, "2026-01", 100, 900, 1000),  # fine
            ("无名", uscc(), "2026-01", 1, 1, 2),  # unknown enterprise
            ("鲁东", trade.xg.uscc, "2026-02", "¥100", 900, None),  # yuan sign in USD
            ("鲁东", trade.xg.uscc, "2026-01", 100, 900, 1000),  # duplicate month
            ("九曲", trade.jq.uscc, "2026-03", -5, 10, 5),  # negative imports
            ("九曲", trade.jq.uscc, "2026-04", 10, 10, 21),  # total mismatch
        ]
    )
    outcome = importer.import_figures(
        actor=trade.world.bureau, data=data, source="flash", dry_run=False
    )
    assert not outcome.applied and not TradeFigure.objects.exists()
    errors = outcome.errors
    assert len(errors) == 5
    assert (
        errors[0].startswith("工作表“海关数据”第3行B列(统一社会信用代码)")
        and "本区企业名录中没有该企业" in errors[0]
    )
    assert "第4行D列(进口额(美元))值“¥100”" in errors[1] and "人民币符号" in errors[1]
    assert "第5行C列(月份)" in errors[2] and "与第2行重复" in errors[2]
    assert "第6行D列" in errors[3] and "不能为负数" in errors[3]
    assert "第7行F列" in errors[4] and "不等于进口额" in errors[4]


def test_a_file_that_is_not_a_workbook_is_refused(trade):
    outcome = importer.import_figures(
        actor=trade.world.bureau, data=b"a,b,c\n", source="flash", dry_run=True
    )
    assert outcome.errors and "不是Excel工作簿" in outcome.errors[0]


@pytest.mark.parametrize("persona", ["township_reporter", "leader", "auditor", "outsider"])
def test_only_the_bureau_imports(trade, persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importer.import_figures(
            actor=getattr(trade.world, persona), data=_book([]), source="flash", dry_run=True
        )


def test_the_import_page_reports_problems_in_chinese(trade, login):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = _book([("鲁东", trade.xg.uscc, "2026-01", "¥1", 1, None)])
    response = login(trade.world.bureau).post(
        "/trade/import/",
        {
            "file": SimpleUploadedFile("t.xlsx", data),
            "source": "flash",
            "dry_run": "",
        },
    )
    assert response.status_code == 422
    assert "人民币符号" in response.content.decode() and not TradeFigure.objects.exists()
