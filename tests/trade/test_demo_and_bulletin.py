"""The demo's first quarter says exactly the speech's trade figures; the bulletin carries the trade
section in JSON and words; a correction after publication becomes one 更正 line."""

from __future__ import annotations

import random
from datetime import date

from zhaoshang.bulletins import publishing
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.bulletins.queries import gather
from zhaoshang.core.periods import Period
from zhaoshang.reporting.models import ReportingPeriod
from zhaoshang.trade import actions
from zhaoshang.trade.demo import seed
from zhaoshang.trade.models import TradeFigure

SPEECH = "全区完成进出口总额3770万美元,其中出口3502万美元;新增有进出口实绩企业12家,新设立外商投资企业2家。"


def _periods(world, *months):
    for month in months or (1, 2, 3, 4):
        ReportingPeriod.objects.get_or_create(
            district=world.district,
            year=2026,
            month=month,
            defaults={"deadline": date(2026, month, 25), "opened_by": world.bureau},
        )


def _publish(world, period):
    document = _document(world, period)
    return PublishedBulletin.objects.create(
        district=world.district,
        year=period.year,
        month=period.month,
        version=1,
        title="通报",
        issuer="河东区招商局",
        doc_number="河招〔2026〕3号",
        signer="张三",
        issued_on=date(2026, 4, 5),
        document=document,
        inputs={},
        fingerprint="x" * 64,
        published_by=world.bureau,
    )


MARCH = Period(2026, 3)


def _document(world, period=MARCH):
    _periods(world)
    return build_document(compute(gather(world.district, period)))


def _seed(world):
    seed(
        district=world.district,
        bureau=world.bureau,
        year=2026,
        today=date(2026, 4, 20),
        rng=random.Random(7),
    )


def test_the_demo_first_quarter_bulletin_says_the_speechs_trade_figures(world):
    _seed(world)
    document = _document(world)
    trade = document["totals"]["trade"]
    assert trade["total_wan_usd"] == "3770.00"
    assert trade["exports_wan_usd"] == "3502.00"
    assert (trade["new_traders"]["name"], trade["new_traders"]["count"]) == (
        "新增有进出口实绩企业",
        12,
    )
    assert (trade["new_fies"]["name"], trade["new_fies"]["count"]) == ("新设立外商投资企业", 2)
    # Part of the overall situation: the first paragraph ends with it.
    assert document["narrative"][0].endswith("。" + SPEECH)
    # March had a flash figure first; the final one counts and the flash one is kept.
    assert TradeFigure.objects.filter(year=2026, month=3, source="flash", is_current=False).exists()


def test_the_demo_is_repeatable_and_keeps_the_totals(world):
    _seed(world)
    _seed(world)
    assert _document(world)["totals"]["trade"]["total_wan_usd"] == "3770.00"


def test_a_bulletin_without_trade_data_has_no_trade_section(world):
    document = _document(world)
    assert document["totals"]["trade"] is None
    assert not any("进出口" in p for p in document["narrative"])


def test_a_flash_to_final_correction_after_publication_gives_exactly_one_correction_line(world):
    from tests.trade.conftest import make_enterprise

    enterprise = make_enterprise(world)
    actions.record_figure(
        actor=world.bureau,
        enterprise=enterprise,
        year=2026,
        month=3,
        source="flash",
        imports_usd="100000",
        exports_usd="900000",
    )
    period = Period(2026, 3)
    before = publishing.figures(_document(world))
    assert before[("", "trade_total_wan_usd")] == "100.00"
    _publish(world, period)
    actions.record_figure(
        actor=world.bureau,
        enterprise=enterprise,
        year=2026,
        month=3,
        source="final",
        imports_usd="150000",
        exports_usd="900000",
        reason="海关终值",
    )
    lines, _ = publishing.corrections(world.district, Period(2026, 4))
    trade_lines = [c for c in lines if c["key"].startswith("trade")]
    assert [(c["period"], c["figure"], c["old"], c["new"], c["reason"]) for c in trade_lines] == [
        ("2026-03", "进出口总额(万美元)", "100.00", "105.00", "海关终值"),
    ]
