"""Properties of the engine over generated units and schemes."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.assessment.engine import run, scheme, unit

amounts = st.decimals(
    min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
ratios = st.decimals(min_value=0, max_value=3, places=4, allow_nan=False, allow_infinity=False)

ITEMS = [
    {
        "code": "r",
        "name": "完成率",
        "weight": 30,
        "method": "ratio",
        "measure": "funds_completion",
        "cap": 36,
    },
    {"code": "e", "name": "总量", "weight": 20, "method": "efficacy", "measure": "funds_ytd_wan"},
    {
        "code": "p",
        "name": "进度",
        "weight": 20,
        "method": "time_progress",
        "measure": "funds_ytd_wan",
        "target": "funds_target_wan",
    },
    {
        "code": "t",
        "name": "项目",
        "weight": 15,
        "method": "tiers",
        "measure": "projects_new",
        "tiers": [[3, 15], [2, 10], [1, 5]],
    },
    {
        "code": "b",
        "name": "超额",
        "weight": 10,
        "method": "bonus",
        "measure": "funds_completion",
        "per_step": "0.5",
        "bonus_cap": 2,
    },
    {
        "code": "f",
        "name": "综合",
        "weight": 5,
        "method": "formula",
        "formula": "min(funds_completion, 1.5) * 3 + min(projects_new, 2)",
    },
]
SCHEME = scheme(ITEMS)


def units_strategy():
    return st.lists(
        st.tuples(ratios, amounts, st.integers(0, 6), st.sampled_from(["township", "department"])),
        min_size=1,
        max_size=8,
    )


def build(rows):
    return [
        unit(
            f"u{i}",
            group,
            funds_completion=ratio,
            funds_ytd_wan=funds,
            funds_target_wan=1000,
            projects_new=new,
        )
        for i, (ratio, funds, new, group) in enumerate(rows)
    ]


@settings(max_examples=60, deadline=None)
@given(units_strategy(), st.integers(1, 12))
def test_an_item_score_never_exceeds_its_cap_nor_falls_below_zero(rows, month):
    for sheet in run(SCHEME, *build(rows), month=month).values():
        for item in sheet.items:
            assert item.score is not None
            assert Decimal(0) <= item.score <= item.cap


@settings(max_examples=60, deadline=None)
@given(units_strategy(), st.data())
def test_raising_a_units_measure_never_lowers_its_own_item_scores(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    ratio, funds, new, group = rows[index]
    raised = list(rows)
    raised[index] = (
        ratio + data.draw(ratios),
        funds + data.draw(amounts),
        new + data.draw(st.integers(0, 3)),
        group,
    )
    before = run(SCHEME, *build(rows))[f"u{index}"]
    after = run(SCHEME, *build(raised))[f"u{index}"]
    for old, new_item in zip(before.items, after.items, strict=True):
        assert new_item.score >= old.score, (old.explanation, new_item.explanation)


@settings(max_examples=60, deadline=None)
@given(units_strategy())
def test_ranks_within_a_group_are_competition_ranks(rows):
    sheets = list(run(SCHEME, *build(rows)).values())
    for sheet in sheets:
        group = [s for s in sheets if s.group == sheet.group]
        better = sum(1 for other in group if other.unrounded_total > sheet.unrounded_total)
        assert sheet.rank == better + 1


WITH_DEDUCTION = scheme(
    [
        {
            "code": "d",
            "name": "信息报送",
            "weight": 10,
            "method": "deduction",
            "measure": "returns_missed",
            "steps": [4, 2, 2, 2],
        },
    ],
    deductions=[{"code": "late", "name": "迟报", "steps": [4, 2, 2, 2], "cap": 10}],
)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 12), st.lists(st.sampled_from(["4", "2", "1.5"]), max_size=10))
def test_deductions_never_exceed_their_cap_nor_push_an_item_below_zero(missed, entries):
    ledger = {"late": [Decimal(e) for e in entries]}
    sheet = run(WITH_DEDUCTION, unit("u", returns_missed=missed, ledger=ledger))["u"]
    assert Decimal(0) <= sheet.items[0].score <= Decimal(10)
    assert all(d.points <= Decimal(10) for d in sheet.deductions)
    assert sheet.total >= Decimal(-10)
