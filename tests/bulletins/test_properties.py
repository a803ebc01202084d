"""Properties of the pure core that hold for any figures."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from zhaoshang.bulletins.compute import (
    STATUSES,
    BulletinInput,
    Funds,
    GroupInput,
    ProjectCounts,
    UnitInput,
    compute,
)
from zhaoshang.core.periods import Period

GROUPS = (GroupInput("township", "乡镇(街道)"), GroupInput("department", "区直部门"))
amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@st.composite
def units(draw: st.DrawFn) -> tuple[UnitInput, ...]:
    count = draw(st.integers(min_value=0, max_value=12))
    result = []
    for uid in range(count):
        monthly = draw(st.dictionaries(st.integers(1, 12), amounts, max_size=4))
        counted = draw(st.integers(0, 5))
        new = draw(st.integers(0, counted))
        result.append(
            UnitInput(
                unit_id=uid,
                code=f"U{uid}",
                name=f"单位{uid}",
                group_code=draw(st.sampled_from(["township", "department"])),
                monthly=tuple((m, Funds(v, v / 2, Decimal(0))) for m, v in sorted(monthly.items())),
                verified_this_month=draw(st.booleans()),
                target=draw(
                    st.none() | st.sampled_from([Decimal(0), Decimal(3), Decimal("1000000")])
                ),
                projects=ProjectCounts(
                    counted=counted,
                    new=new,
                    continuing=counted - new,
                    negotiating=draw(st.integers(0, 2)),
                    started_ytd=draw(st.integers(0, 1)),
                ),
            )
        )
    return tuple(result)


def _bulletin(data: tuple[UnitInput, ...], month: int):
    return compute(BulletinInput(Period(2026, month), "河东区", GROUPS, data))


@settings(max_examples=150, deadline=None)
@given(units(), st.integers(1, 12))
def test_ranks_are_a_permutation_with_ties(data: tuple[UnitInput, ...], month: int) -> None:
    for group in _bulletin(data, month).groups:
        ranked = sorted(
            ((row.rank, row.completion_pct) for row in group.units if row.rank is not None),
            key=lambda item: item[0],
        )
        for position, (rank, score) in enumerate(ranked, start=1):
            # A rank is the number of units strictly ahead plus one.
            ahead = sum(1 for _, other in ranked if other > score)
            assert rank == ahead + 1
            assert 1 <= rank <= position
        assert all((row.rank is None) == (row.completion_pct is None) for row in group.units)


@settings(max_examples=150, deadline=None)
@given(units(), st.integers(1, 12))
def test_group_totals_add_up_to_district_totals(data: tuple[UnitInput, ...], month: int) -> None:
    b = _bulletin(data, month)
    assert sum((g.funds_ytd.total for g in b.groups), Decimal(0)) == b.totals.funds_ytd.total
    assert sum(g.projects.counted for g in b.groups) == b.totals.projects.counted
    assert b.totals.projects.new + b.totals.projects.continuing == b.totals.projects.counted
    assert sum(b.totals.monthly_funds, Decimal(0)) == b.totals.funds_ytd.total
    assert sum(len(g.units) for g in b.groups) == len(data)


@settings(max_examples=150, deadline=None)
@given(units(), st.integers(1, 12))
def test_every_unit_has_exactly_one_of_the_four_statuses(
    data: tuple[UnitInput, ...], month: int
) -> None:
    b = _bulletin(data, month)
    for row in (row for g in b.groups for row in g.units):
        assert row.status in STATUSES
    lists = b.lists
    listed = [r.unit_id for r in lists.no_results] + [r.unit_id for r in lists.not_reported]
    with_results = [r.unit_id for g in b.groups for r in g.units if r.status == "results"]
    assert sorted(listed + with_results) == sorted(u.unit_id for u in data)
