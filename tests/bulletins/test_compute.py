"""The pure core: figures in, figures out, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhaoshang.bulletins.compute import (
    BulletinInput,
    Funds,
    GroupInput,
    ProjectCounts,
    UnitInput,
    classify,
    compute,
    time_progress_pct,
)
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.narrative import paragraphs
from zhaoshang.core.periods import Period

D = Decimal
TOWNS = GroupInput("township", "乡镇(街道)", "乡镇(街道)")
DEPTS = GroupInput("department", "区直部门", "部门")


def unit(
    uid: int,
    group: str = "township",
    *,
    funds: dict[int, str] | None = None,
    last_year: dict[int, str] | None = None,
    reported: bool = True,
    target: str | None = "1000000",
    projects: ProjectCounts | None = None,
) -> UnitInput:
    return UnitInput(
        unit_id=uid,
        code=f"U{uid}",
        name=f"单位{uid}",
        group_code=group,
        monthly=tuple((m, Funds(within_province=D(v))) for m, v in sorted((funds or {}).items())),
        monthly_last_year=tuple(
            (m, Funds(outside_province=D(v))) for m, v in sorted((last_year or {}).items())
        ),
        verified_this_month=reported,
        target=D(target) if target is not None else None,
        projects=projects or ProjectCounts(),
    )


def bulletin_of(*units: UnitInput, month: int = 3, **kw: object):
    data = BulletinInput(
        period=Period(2026, month),
        district_name="河东区",
        groups=(TOWNS, DEPTS),
        units=units,
        **kw,  # type: ignore[arg-type]
    )
    return compute(data)


def rows(bulletin) -> dict[int, object]:
    return {row.unit_id: row for g in bulletin.groups for row in g.units}


def test_ties_share_a_rank_and_the_next_rank_is_skipped() -> None:
    b = bulletin_of(
        unit(1, funds={1: "500000"}),
        unit(2, funds={2: "500000"}),
        unit(3, funds={3: "100000"}),
        unit(4, "department", funds={3: "1"}),
    )
    r = rows(b)
    assert [r[i].rank for i in (1, 2, 3)] == [1, 1, 3]
    assert r[4].rank == 1


def test_ties_at_the_edge_of_fastest_keep_every_tied_unit() -> None:
    b = bulletin_of(
        unit(1, funds={1: "500000"}),
        unit(2, funds={1: "300000"}),
        unit(3, funds={1: "300000"}),
        unit(4, funds={1: "100000"}),
    )
    assert [row.unit_id for row in b.lists.fastest] == [1, 2, 3]


def test_units_with_zero_progress_are_never_named_fastest() -> None:
    b = bulletin_of(unit(1), unit(2))
    assert b.lists.fastest == ()
    assert not any("进展最快" in p for p in paragraphs(b))


def test_a_unit_without_target_has_no_completion_gap_or_rank_and_shows_a_dash() -> None:
    b = bulletin_of(unit(1, funds={1: "500000"}, target=None), unit(2, funds={1: "1"}))
    row = rows(b)[1]
    assert (row.completion_pct, row.gap_pp, row.rank) == (None, None, None)
    assert rows(b)[2].rank == 1
    doc_row = build_document(b)["groups"][0]["units"][0]
    assert doc_row["completion_pct"] is None and doc_row["target_wan_yuan"] is None
    assert doc_row["outside_funds_wan_yuan"] == "50.00"


def test_a_zero_target_is_treated_as_no_target_not_as_division_by_zero() -> None:
    row = rows(bulletin_of(unit(1, funds={1: "5"}, target="0")))[1]
    assert row.completion_pct is None and row.rank is None


def test_a_unit_that_did_not_report_is_listed_and_never_counted_as_no_action() -> None:
    b = bulletin_of(unit(1, funds={1: "500000"}, reported=False), unit(2))
    r = rows(b)
    assert r[1].status == "not_reported"
    assert r[1].funds_ytd.total == D("500000")
    assert [row.unit_id for row in b.lists.not_reported] == [1]
    assert [row.unit_id for row in b.lists.no_results] == [2]


def test_a_month_with_no_returns_at_all_gives_zero_funds_and_every_unit_not_reported() -> None:
    b = bulletin_of(unit(1, reported=False), unit(2, "department", reported=False))
    assert b.totals.funds_ytd.total == 0
    assert {row.status for row in rows(b).values()} == {"not_reported"}
    assert not b.has_returns
    text = paragraphs(b)
    assert (
        text[0]
        == "1-3月,全区共有各类招商引资项目0个,其中新建项目0个、续建项目0个,利用市外资金0亿元。"
    )
    assert "有实绩" not in "".join(text)
    assert "单位1、单位2等2个单位未报送月报。" in text[-1]


@pytest.mark.parametrize("month", range(1, 13))
def test_time_progress_is_month_over_twelve_at_every_month(month: int) -> None:
    expected = D(month) * D(100) / D(12)
    assert time_progress_pct(Period(2026, month)) == expected
    b = bulletin_of(unit(1, funds={month: "250000"}), month=month)
    row = rows(b)[1]
    assert row.gap_pp == D(25) - expected
    assert build_document(b)["totals"]["time_progress_pct"] == str(
        expected.quantize(D("0.01"), rounding="ROUND_HALF_UP")
    )


def test_negative_month_on_month_when_this_month_brings_less_than_last() -> None:
    b = bulletin_of(unit(1, funds={2: "300000", 3: "100000"}), previous_month_has_period=True)
    assert rows(b)[1].month_on_month == D("-200000")
    assert b.totals.month_on_month == D("-200000")
    assert b.totals.month_on_month_pct == D("-200000") * 100 / D("300000")
    doc = build_document(b)
    assert doc["totals"]["month_on_month_wan_yuan"] == "-20.00"
    assert doc["totals"]["month_on_month_pct"] == "-66.67"


def test_january_compares_with_last_december_and_without_it_says_nothing() -> None:
    with_dec = bulletin_of(
        unit(1, funds={1: "100"}, last_year={12: "400"}), month=1, previous_month_has_period=True
    )
    assert with_dec.totals.month_on_month == D("-300")
    without = bulletin_of(unit(1, funds={1: "100"}), month=1)
    assert without.totals.month_on_month is None and rows(without)[1].month_on_month is None


def test_year_on_year_only_when_last_years_period_exists() -> None:
    units = (unit(1, funds={1: "150"}, last_year={1: "100", 5: "999"}),)
    assert bulletin_of(*units).totals.year_on_year_pct is None
    b = bulletin_of(*units, last_year_has_period=True)
    assert b.totals.year_on_year_pct == D(50)
    assert "同比增长50%" in paragraphs(b)[0]


def test_rounding_is_half_up_from_unrounded_amounts_not_from_rounded_ones() -> None:
    # Three units of 0.004万 each: rounded separately they would be 0 + 0 + 0, the sum 0.012万 is 0.01.
    b = bulletin_of(unit(1, funds={1: "40"}), unit(2, funds={1: "40"}), unit(3, funds={1: "45"}))
    doc = build_document(b)
    assert [u["outside_funds_wan_yuan"] for u in doc["groups"][0]["units"]] == [
        "0.00",
        "0.00",
        "0.00",
    ]
    assert doc["totals"]["outside_funds_wan_yuan"] == "0.01"
    # 0.005万 rounds up to 0.01, never to even.
    assert (
        build_document(bulletin_of(unit(1, funds={1: "50"})))["totals"]["outside_funds_wan_yuan"]
        == "0.01"
    )
    # 2.515亿 → 2.52亿 in text, from the unrounded sum of two halves.
    b2 = bulletin_of(unit(1, funds={1: "125750000"}), unit(2, "department", funds={1: "125750000"}))
    assert "利用市外资金2.52亿元" in paragraphs(b2)[0]


def test_completion_percent_is_rounded_half_up_only_when_shown() -> None:
    b = bulletin_of(unit(1, funds={1: "1"}, target="8"))  # 12.5%
    row = rows(b)[1]
    assert row.completion_pct == D("12.5")
    assert build_document(b)["groups"][0]["units"][0]["completion_pct"] == "12.50"


@pytest.mark.parametrize(
    ("reported", "funds", "started", "negotiating", "expected"),
    [
        (False, D(100), 1, 1, "not_reported"),
        (True, D(1), 0, 0, "results"),
        (True, D(0), 1, 0, "results"),
        (True, D(0), 0, 2, "negotiating_only"),
        (True, D(0), 0, 0, "no_action"),
    ],
)
def test_classify_gives_one_status_by_the_domain_rule(
    reported: bool, funds: Decimal, started: int, negotiating: int, expected: str
) -> None:
    assert (
        classify(reported=reported, funds_ytd=funds, started_ytd=started, negotiating=negotiating)
        == expected
    )


def test_negotiating_clause_names_the_groups_noun_when_only_one_group_has_them() -> None:
    b = bulletin_of(
        unit(1, funds={1: "1"}),
        unit(2, "department", projects=ProjectCounts(negotiating=1)),
        unit(3, "department"),
    )
    assert paragraphs(b)[1].startswith(
        "1个乡镇(街道)有实绩,2个区直部门没有实绩,其中1个部门有正在洽谈的项目。"
    )


def test_units_behind_time_progress_are_listed() -> None:
    b = bulletin_of(unit(1, funds={1: "100000"}), unit(2, funds={1: "900000"}))
    assert [row.unit_id for row in b.lists.behind] == [1]
    assert "1个单位低于序时进度。" in paragraphs(b)[-1]
