"""Each return keeps the month's funds summed over its lines (``UnitReturn.sum_*``), written by the
actions in the same transaction as the lines; year-to-date totals read those sums, never the lines
(issue 11: a county's bulletin costs the same whatever the province's history)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext

from tests.world import make_project
from zhaoshang.bulletins.queries import gather
from zhaoshang.core.periods import Period
from zhaoshang.reporting import actions
from zhaoshang.reporting.actions import LineInput
from zhaoshang.reporting.models import ReturnLine, UnitReturn
from zhaoshang.reporting.province import county_ranking

SOURCES = ("within_province", "outside_province", "abroad")


def stored(unit_return: UnitReturn) -> dict[str, Decimal]:
    unit_return.refresh_from_db()
    return {s: getattr(unit_return, f"sum_{s}_yuan") for s in SOURCES}


def summed(unit_return: UnitReturn) -> dict[str, Decimal]:
    totals = unit_return.lines.aggregate(
        **{s: Sum(f"funds_{s}_yuan", default=Decimal(0)) for s in SOURCES}
    )
    return {s: Decimal(totals[s]) for s in SOURCES}


def test_saving_and_resaving_keeps_the_sums_equal_to_the_lines(scene) -> None:
    march = scene.march_return()
    another = make_project(scene.world, scene.world.xianggong, code="XG-3", stage="signed")
    march = scene.march_return()  # prefilled again: the new project gets a line of zeros
    assert stored(march) == dict.fromkeys(SOURCES, Decimal(0))
    reporter = scene.world.township_reporter
    actions.save_return(
        actor=reporter,
        unit_return=march,
        lines=[
            LineInput(scene.signed.pk, {"funds_outside_province_yuan": "300000"}),
            LineInput(scene.building.pk, {"funds_within_province_yuan": "120000.50"}),
            LineInput(
                another.pk, {"funds_abroad_yuan": "75000", "funds_outside_province_yuan": "1"}
            ),
        ],
    )
    assert (
        stored(march)
        == summed(march)
        == {
            "within_province": Decimal("120000.50"),
            "outside_province": Decimal("300001.00"),
            "abroad": Decimal("75000.00"),
        }
    )
    # Only the lines given change; the sums follow the whole return.
    actions.save_return(
        actor=reporter,
        unit_return=march,
        lines=[LineInput(scene.signed.pk, {"funds_outside_province_yuan": "0"})],
    )
    assert stored(march) == summed(march)
    assert stored(march)["outside_province"] == Decimal("1.00")


def test_a_refused_save_leaves_the_sums_as_they_were(scene) -> None:
    march = scene.march_return()
    reporter = scene.world.township_reporter
    actions.save_return(
        actor=reporter,
        unit_return=march,
        lines=[LineInput(scene.signed.pk, {"funds_abroad_yuan": "5000"})],
    )
    before = stored(march)
    with pytest.raises(ValidationError):
        actions.save_return(
            actor=reporter,
            unit_return=march,
            lines=[
                LineInput(scene.signed.pk, {"funds_abroad_yuan": "9000"}),
                LineInput(scene.building.pk, {"funds_abroad_yuan": "-1"}),
            ],
        )
    assert stored(march) == before == summed(march)


def test_a_correction_of_a_verified_return_moves_its_sums_with_its_lines(scene) -> None:
    feb = scene.feb_return
    assert stored(feb)["outside_province"] == Decimal("1000000.00")
    actions.correct_return(
        actor=scene.world.bureau,
        unit_return=feb,
        lines=[
            LineInput(scene.signed.pk, {"funds_outside_province_yuan": "800000"}),
            LineInput(scene.building.pk, {"funds_abroad_yuan": "20000"}),
        ],
        reason="县统计局核减",
    )
    assert stored(feb) == summed(feb)
    assert stored(feb)["outside_province"] == Decimal("800000.00")
    assert stored(feb)["abroad"] == Decimal("20000.00")


def test_the_bulletin_and_the_province_ranking_read_no_return_line(scene) -> None:
    line_table = ReturnLine._meta.db_table
    with CaptureQueriesContext(connection) as bulletin_queries:
        funds = {
            unit.code: unit.monthly
            for unit in gather(scene.world.district, Period(2026, 2)).units
            if unit.monthly
        }
    with CaptureQueriesContext(connection) as ranking_queries:
        county_ranking(scene.world.district.parent, Period(2026, 2))
    for query in [*bulletin_queries.captured_queries, *ranking_queries.captured_queries]:
        assert line_table not in query["sql"], query["sql"]
    # …and the figures are still the lines' (the verified February return).
    ((month, february),) = funds[scene.world.xianggong.code]
    assert month == 2
    assert february.total == Decimal("1000000.00")


@pytest.mark.django_db(transaction=True)
def test_the_migration_sums_the_lines_of_returns_that_existed_before_it(world) -> None:
    """Returns written before the sums existed get them from their lines when migrating."""
    executor = MigrationExecutor(connection)
    before, after = (
        ("reporting", "0002_return_line_funds_cover"),
        ("reporting", "0003_return_funds_sums"),
    )
    project = make_project(world, world.xianggong, code="XG-9", stage="signed")
    second = make_project(world, world.xianggong, code="XG-10", stage="signed")
    period = actions.open_period(
        actor=world.bureau,
        district=world.district,
        year=2026,
        month=1,
        deadline=Period(2026, 2).last_day,
    )
    unit_return = actions.prefill_return(actor=world.bureau, period=period, unit=world.xianggong)
    empty = actions.prefill_return(actor=world.bureau, period=period, unit=world.jiuqu)
    try:
        executor.migrate([before])
        old = executor.loader.project_state([before]).apps
        lines = old.get_model("reporting", "ReturnLine").objects
        lines.filter(unit_return_id=unit_return.pk, project_id=project.pk).update(
            funds_within_province_yuan=Decimal("10.10"), funds_abroad_yuan=Decimal("7")
        )
        lines.filter(unit_return_id=unit_return.pk, project_id=second.pk).update(
            funds_within_province_yuan=Decimal("0.90"), funds_outside_province_yuan=Decimal("5")
        )
        executor = MigrationExecutor(connection)
        executor.migrate([after])
    finally:
        MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
    assert stored(unit_return) == {
        "within_province": Decimal("11.00"),
        "outside_province": Decimal("5.00"),
        "abroad": Decimal("7.00"),
    }
    assert stored(empty) == dict.fromkeys(SOURCES, Decimal(0))
