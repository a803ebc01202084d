"""Score sheets computed by hand, in the style of published 考核 results."""

from __future__ import annotations

from decimal import Decimal

from tests.assessment.engine import D, run, scheme, unit
from zhaoshang.assessment.scheme import step_points, steps_total
from zhaoshang.assessment.scoring import efficacy_coefficient


def test_weighted_ratio_items_stop_at_their_own_caps():
    s = scheme(
        [
            {
                "code": "a",
                "name": "到位市外资金完成率",
                "weight": "0.5",
                "method": "ratio",
                "measure": "funds_completion",
            },
            {
                "code": "b",
                "name": "项目开工率",
                "weight": 30,
                "method": "ratio",
                "measure": "projects_started",
                "cap": 36,
            },
            {
                "code": "c",
                "name": "新引进项目",
                "weight": 20,
                "method": "ratio",
                "measure": "projects_new",
            },
        ]
    )
    sheet = run(s, unit("u", funds_completion="0.96", projects_started="1.3", projects_new="1.3"))[
        "u"
    ]
    a, b, c = sheet.items
    assert a.score == D("0.48")
    assert a.explanation == "到位市外资金完成率96%×0.5=0.48"
    assert b.score == D(36)  # 1.3 × 30 = 39, stopped at 120% of the weight
    assert "封顶36分" in b.explanation
    assert c.score == D(20)  # stops at its weight
    assert sheet.total == D("56.48")


def test_formula_item_mixes_two_completion_ratios():
    s = scheme(
        [
            {
                "code": "mix",
                "name": "资金与项目综合",
                "weight": 20,
                "method": "formula",
                "formula": "min(funds_completion, 1.2) * 12 + "
                "min(projects_started / max(projects_counted, 1), 1.2) * 8",
            },
        ]
    )
    sheet = run(s, unit("u", funds_completion="0.9", projects_started=3, projects_counted=4))["u"]
    # 0.9 × 12 = 10.8; 3 ÷ 4 = 0.75, × 8 = 6; together 16.8
    assert sheet.items[0].score == D("16.8")
    assert sheet.items[0].explanation.endswith("=16.8")
    assert "0.9" in sheet.items[0].explanation


def test_deduction_item_takes_4_2_2_2_from_its_base_and_never_goes_below_zero():
    s = scheme(
        [
            {
                "code": "info",
                "name": "未报送月报",
                "weight": 10,
                "method": "deduction",
                "measure": "returns_missed",
                "steps": [4, 2, 2, 2],
            }
        ]
    )
    sheets = run(
        s,
        unit("three", returns_missed=3),
        unit("six", returns_missed=6),
        unit("none", returns_missed=0),
    )
    assert sheets["three"].items[0].score == D(2)  # 10 − (4+2+2)
    assert sheets["three"].items[0].explanation == "未报送月报3次,10−8=2"
    assert sheets["six"].items[0].score == D(0)  # 10 − 14, floored
    assert sheets["none"].items[0].score == D(10)


def test_escalating_steps_repeat_the_last_step_and_stop_at_the_cap():
    steps = [D(4), D(2), D(2), D(2)]
    assert [step_points(steps, n) for n in range(1, 7)] == [4, 2, 2, 2, 2, 2]
    assert steps_total(steps, 5) == D(12)
    assert steps_total(steps, 5, D(10)) == D(10)


def test_ledger_deductions_are_summed_capped_and_explained():
    s = scheme(
        [
            {
                "code": "f",
                "name": "完成率",
                "weight": 100,
                "method": "ratio",
                "measure": "funds_completion",
            }
        ],
        deductions=[
            {"code": "missed_return", "name": "未按时报送月报", "steps": [4, 2, 2, 2], "cap": 10}
        ],
    )
    ledger = {"missed_return": [D(4), D(2), D(2), D(2), D(2)]}
    sheet = run(s, unit("u", funds_completion=1, ledger=ledger))["u"]
    assert sheet.deductions[0].points == D(10)
    assert sheet.deductions[0].explanation == "未按时报送月报5次,扣4+2+2+2+2=12分,封顶10分"
    assert sheet.total == D(90)


def test_efficacy_coefficient_gives_best_100_worst_60_and_ties_the_same_score():
    s = scheme(
        [
            {
                "code": "e",
                "name": "到位资金总量",
                "weight": 20,
                "method": "efficacy",
                "measure": "funds_ytd_wan",
            }
        ]
    )
    sheets = run(
        s,
        unit("a", funds_ytd_wan=100),
        unit("b", funds_ytd_wan=80),
        unit("c", funds_ytd_wan=80),
        unit("d", funds_ytd_wan=60),
    )
    assert sheets["a"].items[0].score == D(20)
    assert sheets["b"].items[0].score == sheets["c"].items[0].score == D(16)  # 80 → 80%
    assert sheets["d"].items[0].score == D(12)
    assert sheets["b"].rank == sheets["c"].rank == 2
    assert sheets["d"].rank == 4
    assert "60+40×(80−60)÷(100−60)=80" in sheets["b"].items[0].explanation


def test_efficacy_coefficient_with_all_values_equal_gives_everyone_100():
    assert efficacy_coefficient(D(5), D(5), D(5)) == D(100)
    s = scheme(
        [
            {
                "code": "e",
                "name": "总量",
                "weight": 20,
                "method": "efficacy",
                "measure": "funds_ytd_wan",
            }
        ]
    )
    sheets = run(s, unit("a", funds_ytd_wan=50), unit("b", funds_ytd_wan=50))
    assert {r.items[0].score for r in sheets.values()} == {D(20)}
    assert {r.rank for r in sheets.values()} == {1}


def test_efficacy_is_computed_within_each_group_separately():
    s = scheme(
        [
            {
                "code": "e",
                "name": "总量",
                "weight": 10,
                "method": "efficacy",
                "measure": "funds_ytd_wan",
            }
        ]
    )
    sheets = run(
        s,
        unit("t1", funds_ytd_wan=10),
        unit("t2", funds_ytd_wan=20),
        unit("d1", "department", funds_ytd_wan=1),
        unit("d2", "department", funds_ytd_wan=2),
    )
    assert sheets["t2"].items[0].score == sheets["d2"].items[0].score == D(10)
    assert sheets["t1"].items[0].score == sheets["d1"].items[0].score == D(6)
    assert sheets["t2"].rank == sheets["d2"].rank == 1


def test_time_progress_compares_with_the_share_of_the_year_and_caps_at_one():
    s = scheme(
        [
            {
                "code": "p",
                "name": "序时进度",
                "weight": 20,
                "method": "time_progress",
                "measure": "funds_ytd_wan",
                "target": "funds_target_wan",
            }
        ]
    )
    sheets = run(
        s,
        unit("ahead", funds_ytd_wan=300, funds_target_wan=1000),
        unit("behind", funds_ytd_wan=200, funds_target_wan=1000),
        month=3,
    )
    assert sheets["ahead"].items[0].score == D(20)  # 300 ÷ 250 = 120% → 100%
    assert sheets["behind"].items[0].score == D(16)  # 200 ÷ 250 = 80%
    assert sheets["behind"].items[0].explanation == "序时进度200÷(1000×3/12)=80%×20=16"
    assert sheets["ahead"].items[0].explanation == "序时进度300÷(1000×3/12)=120%,按100%计×20=20"


def test_tiers_give_the_points_of_the_highest_threshold_reached():
    s = scheme(
        [
            {
                "code": "t",
                "name": "新引进项目数",
                "weight": 15,
                "method": "tiers",
                "measure": "projects_new",
                "tiers": [[1, 5], [3, 15], [2, 10]],
            }
        ]
    )
    sheets = run(
        s, unit("four", projects_new=4), unit("two", projects_new=2), unit("zero", projects_new=0)
    )
    assert sheets["four"].items[0].score == D(15)
    assert sheets["two"].items[0].score == D(10)
    assert sheets["two"].items[0].explanation == "新引进项目数2≥2,得10分"
    assert sheets["zero"].items[0].score == D(0)


def test_bonus_item_adds_half_a_point_per_extra_ten_percent_up_to_its_cap():
    s = scheme(
        [
            {
                "code": "b",
                "name": "到位资金完成率",
                "weight": 10,
                "method": "bonus",
                "measure": "funds_completion",
                "step": "0.1",
                "per_step": "0.5",
                "bonus_cap": 2,
            }
        ]
    )
    sheets = run(
        s,
        unit("a", funds_completion="1.25"),
        unit("b", funds_completion="1.9"),
        unit("c", funds_completion="0.8"),
    )
    assert sheets["a"].items[0].score == D(11)  # two full steps of 10%
    assert sheets["b"].items[0].score == D(12)  # 9 steps = 4.5, bonus capped at 2
    assert "加分封顶" in sheets["b"].items[0].explanation
    assert sheets["c"].items[0].score == D(8)  # below target: 80% × 10


def test_a_vetoed_unit_is_marked_with_the_reason_and_ranked_after_the_others():
    s = scheme(
        [
            {
                "code": "f",
                "name": "完成率",
                "weight": 100,
                "method": "ratio",
                "measure": "funds_completion",
            }
        ],
        measures={"labour_incidents": "劳动保障事件"},
        vetoes=[
            {"code": "labour", "name": "发生劳动保障事件", "when": "labour_incidents >= 1"},
            {
                "code": "none",
                "name": "全年无落地项目",
                "when": "projects_landed < 1",
                "periods": ["annual"],
            },
        ],
    )
    sheets = run(
        s,
        unit("best", funds_completion=1, labour_incidents=1, projects_landed=0),
        unit("other", funds_completion="0.5", labour_incidents=0, projects_landed=0),
    )
    assert sheets["best"].vetoed
    assert sheets["best"].veto_reasons == ("发生劳动保障事件,一票否决",)
    assert sheets["best"].total == D(100)  # the score is kept, the unit is marked
    assert (sheets["other"].rank, sheets["best"].rank) == (1, 2)
    assert not sheets["other"].vetoed  # the no-landed-project veto only applies to the year
    annual = run(
        s,
        unit("other", funds_completion="0.5", labour_incidents=0, projects_landed=0),
        kind="annual",
        month=12,
    )
    assert annual["other"].vetoed


def test_total_is_rounded_once_from_unrounded_item_scores():
    third = str(Decimal(1) / Decimal(3))
    s = scheme(
        [
            {"code": c, "name": c, "weight": 1, "method": "ratio", "measure": m}
            for c, m in (
                ("a", "funds_completion"),
                ("b", "projects_new"),
                ("c", "projects_started"),
            )
        ]
    )
    sheet = run(s, unit("u", funds_completion=third, projects_new=third, projects_started=third))[
        "u"
    ]
    assert sheet.items[0].explanation.endswith("=0.33")
    assert sheet.total == D("1.00")  # not 0.33 × 3 = 0.99


def test_not_applicable_items_are_skipped_or_rescaled_as_the_scheme_says():
    items = [
        {
            "code": "a",
            "name": "完成率",
            "weight": 60,
            "method": "ratio",
            "measure": "funds_completion",
        },
        {"code": "b", "name": "活动", "weight": 40, "method": "ratio", "measure": "visits"},
    ]
    rescaled = run(
        scheme(items, measures={"visits": "活动"}, na="rescale"),
        unit("u", funds_completion="0.9", visits=None),
    )["u"]
    skipped = run(
        scheme(items, measures={"visits": "活动"}, na="skip"),
        unit("u", funds_completion="0.9", visits=None),
    )["u"]
    assert rescaled.items[1].score is None and "不适用" in rescaled.items[1].explanation
    assert skipped.total == D(54)
    assert rescaled.total == D(90)  # 54 × 100/60


def test_red_and_black_lists_respect_targets_and_force_majeure():
    s = scheme(
        [
            {
                "code": "f",
                "name": "完成率",
                "weight": 100,
                "method": "ratio",
                "measure": "funds_completion",
                "cap": 200,
            }
        ],
        measures={"force_majeure": "不可抗力"},
        lists={"red_top": 1, "black_bottom": 2, "force_majeure_measure": "force_majeure"},
    )
    sheets = run(
        s,
        unit("top", funds_completion="1.5", force_majeure=0),
        unit("mid", funds_completion="1.2", force_majeure=0),
        unit("met", funds_completion="1.0", force_majeure=0),
        unit("storm", funds_completion="0.4", force_majeure=1),
        unit("low", funds_completion="0.5", force_majeure=0),
    )
    assert sheets["top"].list == "red"
    assert sheets["mid"].list == ""
    assert sheets["low"].list == "black"
    assert sheets["storm"].list == ""  # bottom, but its shortfall is recorded force majeure
    assert sheets["met"].list == ""


def test_a_unit_that_met_its_target_is_never_black_listed_even_at_the_bottom():
    s = scheme(
        [
            {
                "code": "f",
                "name": "完成率",
                "weight": 100,
                "method": "ratio",
                "measure": "funds_completion",
                "cap": 200,
            }
        ],
        lists={"black_bottom": 1},
    )
    sheets = run(s, unit("a", funds_completion="1.5"), unit("b", funds_completion="1.0"))
    assert sheets["b"].list == ""
