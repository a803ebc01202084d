"""Invalid schemes are refused with a message naming the item and the fault."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from zhaoshang.assessment import formula as fx
from zhaoshang.assessment.scheme import SchemeError, parse_scheme

DEMO = Path(__file__).parents[2] / "src/zhaoshang/assessment/schemes/hedong-2026.yaml"


def refused(items, **extra) -> str:
    body = {"name": "方案", "year": 2026, "total": extra.pop("total", 10), "items": items, **extra}
    with pytest.raises(SchemeError) as caught:
        parse_scheme(body)
    return ";".join(caught.value.messages)


def test_the_demo_scheme_is_valid_and_worth_150_points():
    s = parse_scheme(yaml.safe_load(DEMO.read_text(encoding="utf-8")))
    assert s.total == 150
    assert {i.method for i in s.items} >= {
        "ratio",
        "formula",
        "efficacy",
        "time_progress",
        "tiers",
        "bonus",
    }


def test_unknown_measure_is_refused_naming_the_item():
    message = refused(
        [{"code": "a", "name": "完成率", "weight": 10, "method": "ratio", "measure": "fundz"}]
    )
    assert "考核项“完成率”引用了未知的考核指标“fundz”" in message


def test_possible_division_by_zero_is_refused_and_a_guard_is_accepted():
    message = refused(
        [
            {
                "code": "a",
                "name": "开工率",
                "weight": 10,
                "method": "formula",
                "formula": "projects_started / projects_counted * 10",
            }
        ]
    )
    assert "考核项“开工率”的公式可能除以零" in message
    assert "projects_counted" in message
    parse_scheme(
        {
            "name": "方案",
            "year": 2026,
            "total": 10,
            "items": [
                {
                    "code": "a",
                    "name": "开工率",
                    "weight": 10,
                    "method": "formula",
                    "formula": "projects_started / max(projects_counted, 1) * 10 + funds_ytd_wan / months * 0",
                }
            ],
        }
    )


def test_weights_not_summing_to_the_total_are_refused():
    message = refused(
        [
            {
                "code": "a",
                "name": "甲",
                "weight": 6,
                "method": "ratio",
                "measure": "funds_completion",
            },
            {"code": "b", "name": "乙", "weight": 3, "method": "ratio", "measure": "projects_new"},
        ],
        total=10,
    )
    assert "各考核项分值之和为9(甲6+乙3),与满分10不符" in message


def test_items_referring_to_each_other_in_a_cycle_are_refused():
    message = refused(
        [
            {"code": "a", "name": "甲", "weight": 5, "method": "formula", "formula": "b + 1"},
            {"code": "b", "name": "乙", "weight": 5, "method": "formula", "formula": "a * 2"},
        ]
    )
    assert "循环引用" in message and "甲" in message and "乙" in message


def test_an_item_may_read_another_items_score_when_there_is_no_cycle():
    s = parse_scheme(
        {
            "name": "方案",
            "year": 2026,
            "total": 10,
            "items": [
                {"code": "b", "name": "乙", "weight": 5, "method": "formula", "formula": "a / 2"},
                {
                    "code": "a",
                    "name": "甲",
                    "weight": 5,
                    "method": "ratio",
                    "measure": "funds_completion",
                },
            ],
        }
    )
    assert [i.code for i in s.item_order()] == ["a", "b"]


def test_a_formula_that_does_not_parse_is_refused_naming_the_item():
    message = refused(
        [
            {
                "code": "a",
                "name": "综合",
                "weight": 10,
                "method": "formula",
                "formula": "min(funds_completion, 1.2 * 10",
            }
        ]
    )
    assert "第1项“综合”公式“min(funds_completion, 1.2 * 10”无法解析" in message


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "funds_completion.real",
        "open(1)",
        "1 +",
        "2 ** 3",
        "lambda: 1",
        "[1]",
        "a if b else c",
    ],
)
def test_the_parser_refuses_anything_beyond_arithmetic(text):
    with pytest.raises(fx.FormulaError):
        fx.parse(text)


def test_formulas_evaluate_with_decimals_and_percent_literals():
    from decimal import Decimal

    node = fx.parse("cap(a * 50%, 3) + max(b, 1) - -2")
    assert fx.evaluate(node, {"a": Decimal(10), "b": Decimal("0.5")}) == Decimal(6)
    assert fx.evaluate(fx.parse("a >= 1"), {"a": Decimal(1)}) == 1


def test_unknown_method_and_missing_name_are_reported_together():
    with pytest.raises(SchemeError) as caught:
        parse_scheme(
            {
                "year": 2026,
                "total": 10,
                "items": [{"code": "a", "name": "甲", "weight": 10, "method": "magic"}],
            }
        )
    messages = caught.value.messages
    assert "考核方案缺少名称(name)" in messages
    assert any("第1项“甲”的计分方法“magic”无效" in m for m in messages)
