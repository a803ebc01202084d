"""Trade figures: totals checked, versions by source, roll-up, conversion, indicator definitions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from tests.trade.conftest import make_enterprise
from zhaoshang.core.models import Event
from zhaoshang.core.periods import Period
from zhaoshang.targets.models import Indicator
from zhaoshang.trade import actions, queries
from zhaoshang.trade import figures as pure
from zhaoshang.trade import indicators as ind
from zhaoshang.trade.models import TradeFigure


def record(t, enterprise=None, month=3, source="flash", imports="100000", exports="900000", **kw):
    return actions.record_figure(
        actor=t.world.bureau,
        enterprise=enterprise or t.xg,
        year=2026,
        month=month,
        source=source,
        imports_usd=imports,
        exports_usd=exports,
        **kw,
    )


def test_a_figure_whose_total_is_not_imports_plus_exports_is_refused(trade):
    with pytest.raises(ValidationError) as exc:
        record(trade, total_usd="1000001")
    assert "不等于进口额" in exc.value.message_dict["total_usd"][0]
    assert not TradeFigure.objects.exists()


def test_the_database_refuses_a_row_whose_total_does_not_add_up(trade):
    figure = record(trade)
    with pytest.raises(IntegrityError), transaction.atomic():
        TradeFigure.objects.filter(pk=figure.pk).update(total_usd=Decimal(1))


def test_negative_imports_and_yuan_signs_are_refused_with_the_field_named(trade):
    with pytest.raises(ValidationError) as exc:
        record(trade, imports="-5", exports="¥100")
    errors = exc.value.message_dict
    assert "不能为负数" in errors["imports_usd"][0]
    assert "人民币符号" in errors["exports_usd"][0]
    assert not TradeFigure.objects.exists()


def test_a_final_figure_supersedes_the_flash_without_deleting_it(trade):
    flash = record(trade, source="flash", exports="900000")
    final = record(trade, source="final", exports="950000", reason="海关终值")
    flash.refresh_from_db()
    assert not flash.is_current and final.is_current
    assert final.version == 2 and final.total_usd == Decimal("1050000")
    assert TradeFigure.objects.filter(enterprise=trade.xg).count() == 2
    # A later flash does not outrank the final figure.
    late = record(trade, source="flash", exports="1")
    late.refresh_from_db()
    assert not late.is_current
    assert TradeFigure.objects.current().get(enterprise=trade.xg).pk == final.pk
    assert Event.objects.filter(verb="trade.figure_corrected").count() == 2
    assert final.history.first().history_user == trade.world.bureau


def test_recording_the_same_values_again_adds_nothing(trade):
    first = record(trade)
    assert record(trade).pk == first.pk
    assert TradeFigure.objects.count() == 1


@pytest.mark.parametrize(
    "persona",
    ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"],
)
def test_only_the_bureau_enters_trade_figures(trade, persona):
    with pytest.raises(PermissionDenied):
        actions.record_figure(
            actor=getattr(trade.world, persona),
            enterprise=trade.xg,
            year=2026,
            month=3,
            source="flash",
            imports_usd="1",
            exports_usd="1",
        )
    assert not TradeFigure.objects.exists()


def test_figures_roll_up_to_the_responsible_unit_and_the_district(trade):
    record(trade, trade.xg, month=1, imports="100", exports="200")
    record(trade, trade.xg, month=2, imports="0", exports="300")
    record(trade, trade.jq, month=2, imports="50", exports="50")
    rows, total = queries.unit_overview(trade.world.bureau, Period(2026, 3))
    by_unit = {r.unit: r for r in rows}
    assert by_unit["相公街道"].total_usd == Decimal("600")
    assert by_unit["相公街道"].enterprises == 1
    assert by_unit["九曲街道"].exports_usd == Decimal("50")
    assert total.total_usd == Decimal("700")
    # A reporter sees only their unit.
    mine, _ = queries.unit_overview(trade.world.township_reporter, Period(2026, 3))
    assert [r.unit for r in mine] == ["相公街道"]
    section = queries.district_section(trade.world.district, Period(2026, 3))
    assert section.total_usd == Decimal("700") and section.exports_usd == Decimal("550")


def test_currency_conversion_uses_the_configured_years_rate_and_rounds_half_up(trade):
    actions.set_usd_rate(actor=trade.world.bureau, year=2025, yuan_per_usd="7.1884")
    actions.set_usd_rate(actor=trade.world.bureau, year=2026, yuan_per_usd="6.25")
    # 0.02 × 6.25 = 0.125 yuan → 0.13 (half-up, not banker's 0.12), with 2026's rate.
    assert queries.to_yuan(Decimal("0.02"), 2026) == Decimal("0.13")
    assert pure.to_yuan(Decimal("0.125"), Decimal(1)) == Decimal("0.13")
    assert queries.to_yuan(Decimal("10000"), 2025) == Decimal("71884.00")
    with pytest.raises(LookupError, match="2024年美元折算汇率"):
        queries.to_yuan(Decimal(1), 2024)


def test_the_catalogue_holds_the_trade_indicators_with_validity_and_successors(db):
    rights = Indicator.objects.get(code=ind.EXPORT_RIGHTS)
    assert rights.valid_to == date(2022, 12, 29)
    assert rights.successor.code == ind.FIRST_RECORD
    assert Indicator.objects.get(code=ind.FIE_APPROVED).successor.code == ind.FIE_ESTABLISHED


def _fie(t, enterprise, established, approved=None):
    return actions.register_foreign_investment(
        actor=t.world.bureau,
        enterprise=enterprise,
        established_on=established,
        approved_on=approved,
        investor_region="中国香港",
        contracted_usd="5000000",
        used_usd="1200000",
    )


def test_a_2026_period_uses_the_successor_definitions_and_names_them(trade):
    record(trade, trade.xg, month=2)
    _fie(trade, trade.jq, date(2026, 3, 2))
    section = queries.district_section(trade.world.district, Period(2026, 3))
    assert (section.new_traders.name, section.new_traders.count) == ("新增有进出口实绩企业", 1)
    assert (section.new_fies.name, section.new_fies.count) == ("新设立外商投资企业", 1)


def test_a_2022_period_uses_the_export_rights_definition(trade):
    actions.set_trade_profile(
        actor=trade.world.bureau, enterprise=trade.xg, export_rights_on=date(2022, 2, 10)
    )
    section = queries.district_section(trade.world.district, Period(2022, 3))
    assert (section.new_traders.name, section.new_traders.count) == ("新增自营出口获权企业", 1)
    # The Foreign Investment Law took effect on 2020-01-01: 2022 counts establishments.
    assert section.new_fies.name == "新设立外商投资企业"


def test_a_2019_period_gets_the_speechs_own_names_from_the_same_data_model(trade):
    actions.set_trade_profile(
        actor=trade.world.bureau, enterprise=trade.xg, export_rights_on=date(2019, 1, 20)
    )
    _fie(trade, trade.jq, date(2019, 3, 1), approved=date(2019, 2, 25))
    section = queries.district_section(trade.world.district, Period(2019, 3))
    assert (section.new_traders.name, section.new_traders.count) == ("新增自营出口获权企业", 1)
    assert (section.new_fies.name, section.new_fies.count) == ("新批利用外资企业", 1)


def test_a_definition_change_mid_year_splits_the_series_and_labels_it(trade):
    Indicator.objects.filter(code=ind.EXPORT_RIGHTS).update(valid_to=date(2026, 2, 28))
    Indicator.objects.filter(code=ind.FIRST_RECORD).update(valid_from=date(2026, 3, 1))
    actions.set_trade_profile(
        actor=trade.world.bureau, enterprise=trade.xg, export_rights_on=date(2026, 1, 5)
    )
    record(trade, trade.jq, month=3)
    counted = queries.district_section(trade.world.district, Period(2026, 4)).new_traders
    series = [(str(p.period), p.name, p.value, p.changed) for p in counted.series]
    assert series == [
        ("2026-01", "新增自营出口获权企业", 1, False),
        ("2026-02", "新增自营出口获权企业", 0, False),
        ("2026-03", "新增有进出口实绩企业", 1, True),
        ("2026-04", "新增有进出口实绩企业", 0, False),
    ]
    assert [str(p.period) for p in counted.changes] == ["2026-03"]
    assert counted.name == "新增有进出口实绩企业"


def test_an_enterprise_already_trading_last_year_is_not_a_new_trader(trade):
    actions.record_figure(
        actor=trade.world.bureau,
        enterprise=trade.xg,
        year=2025,
        month=11,
        source="final",
        imports_usd="1",
        exports_usd="1",
    )
    record(trade, trade.xg, month=1)
    record(trade, trade.jq, month=2)
    section = queries.district_section(trade.world.district, Period(2026, 3))
    assert section.new_traders.count == 1


def test_registering_a_foreign_investment_marks_the_enterprise_foreign_invested(trade):
    fie = _fie(trade, trade.xg, date(2026, 1, 8))
    trade.xg.refresh_from_db()
    assert trade.xg.foreign_invested and fie.used_usd == Decimal("1200000")
    with pytest.raises(ValidationError) as exc:
        actions.register_foreign_investment(
            actor=trade.world.bureau,
            enterprise=make_enterprise(trade.world),
            established_on=date(2026, 1, 1),
            investor_region="",
            contracted_usd="¥5",
        )
    assert set(exc.value.message_dict) == {"investor_region", "contracted_usd"}
