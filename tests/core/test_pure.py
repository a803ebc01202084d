"""The pure core: periods, money formatting, competition ranking, Chinese numerals, USCC."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zhaoshang.core.money import (
    AmountError,
    format_percent,
    format_points,
    format_wan,
    format_yi,
    parse_amount,
    percent,
    round_half_up,
)
from zhaoshang.core.numerals import chinese_number, ordinal_rank
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.core.ranking import competition_ranks, top_n
from zhaoshang.org.uscc import USCCError, make_uscc, normalize_uscc


class TestPeriod:
    def test_parse_and_print_round_trip(self) -> None:
        assert str(Period.parse("2026-3")) == "2026-03"
        assert Period.parse("2026-03") == Period(2026, 3)

    @pytest.mark.parametrize("bad", ["2026-13", "2026-00", "26-03", "2026/03", "", "abcd-ef"])
    def test_malformed_period_is_refused_in_chinese(self, bad: str) -> None:
        with pytest.raises(PeriodError, match=r"期间|月份"):
            Period.parse(bad)

    def test_year_to_date_labels(self) -> None:
        assert Period(2026, 1).year_to_date_label() == "1月"
        assert Period(2026, 3).year_to_date_label() == "1-3月"

    @pytest.mark.parametrize("month", range(1, 13))
    def test_time_progress_is_month_over_twelve_at_every_month(self, month: int) -> None:
        assert Period(2026, month).time_progress() == Decimal(month) / 12

    def test_neighbours_cross_year_boundaries(self) -> None:
        assert Period(2026, 1).previous() == Period(2025, 12)
        assert Period(2025, 12).next() == Period(2026, 1)
        assert Period(2024, 2).last_day == date(2024, 2, 29)


class TestMoney:
    def test_wan_and_yi(self) -> None:
        assert format_wan(Decimal("252000000")) == "25200"
        assert format_yi(Decimal("252000000")) == "2.52"
        assert format_wan(Decimal("12345")) == "1.23"

    def test_rounding_is_half_up_not_bankers(self) -> None:
        assert round_half_up(Decimal("2.125"), 2) == Decimal("2.13")
        assert round_half_up(Decimal("2.135"), 2) == Decimal("2.14")
        assert format_percent(Decimal("36.205")) == "36.21%"

    def test_trailing_zeros_are_dropped_in_percentages(self) -> None:
        assert format_percent(Decimal("36.20")) == "36.2%"
        assert format_percent(Decimal("25")) == "25%"

    def test_no_denominator_is_not_zero_percent(self) -> None:
        assert percent(Decimal(5), Decimal(0)) is None
        assert format_percent(None) == "—"

    def test_points(self) -> None:
        assert format_points(Decimal("-11.204")) == "11.2个百分点"

    @pytest.mark.parametrize(
        ("raw", "message"),
        [
            ("3万", "不要带"),
            ("1.5亿", "不要带"),
            ("-2", "负数"),
            ("abc", "不是有效的数字"),
            ("", "不能为空"),
            ("NaN", "不是有效的数字"),
        ],
    )
    def test_bad_amounts_are_refused_with_the_reason(self, raw: str, message: str) -> None:
        with pytest.raises(AmountError, match=message):
            parse_amount(raw, field="省外到位资金")

    def test_amounts_with_thousands_separators_parse(self) -> None:
        assert parse_amount("1,234.50") == Decimal("1234.50")

    @given(st.decimals(min_value=0, max_value=10**12, places=2))
    def test_rounded_display_is_within_half_a_unit(self, value: Decimal) -> None:
        shown = Decimal(format_wan(value))
        assert abs(shown - value / 10000) <= Decimal("0.005")


class TestRanking:
    def test_ties_share_a_rank_and_the_next_is_skipped(self) -> None:
        ranks = competition_ranks(
            [("a", Decimal(90)), ("b", Decimal(95)), ("c", Decimal(90)), ("d", Decimal(10))]
        )
        assert ranks == {"b": 1, "a": 2, "c": 2, "d": 4}

    def test_no_score_gets_no_rank(self) -> None:
        assert competition_ranks([("a", None), ("b", Decimal(1))]) == {"a": None, "b": 1}

    def test_top_n_keeps_ties_at_the_edge(self) -> None:
        scores = [("a", Decimal(3)), ("b", Decimal(2)), ("c", Decimal(2)), ("d", Decimal(1))]
        assert top_n(scores, 2) == ["a", "b", "c"]

    @given(
        st.lists(
            st.one_of(st.none(), st.decimals(min_value=0, max_value=1000, places=2)), max_size=40
        )
    )
    def test_ranks_are_a_permutation_with_ties(self, values: list[Decimal | None]) -> None:
        scores = list(enumerate(values))
        ranks = competition_ranks(scores)
        ranked = sorted(r for r in ranks.values() if r is not None)
        for position, rank in enumerate(ranked, start=1):
            assert rank <= position
            assert rank == position or ranked[position - 2] == rank
        for (i, a), (j, b) in ((x, y) for x in scores for y in scores):
            if a is not None and b is not None and a > b:
                assert ranks[i] < ranks[j]  # type: ignore[operator]


class TestNumerals:
    @pytest.mark.parametrize(
        ("n", "text"),
        [
            (0, "零"),
            (6, "六"),
            (10, "十"),
            (12, "十二"),
            (20, "二十"),
            (86, "八十六"),
            (105, "一百零五"),
            (110, "一百一十"),
            (1001, "一千零一"),
        ],
    )
    def test_chinese_numbers(self, n: int, text: str) -> None:
        assert chinese_number(n) == text

    def test_ordinal_rank(self) -> None:
        assert ordinal_rank(6) == "第六位"


class TestUSCC:
    def test_a_made_code_validates(self) -> None:
        code = make_uscc("91371300MA3C12345")
        assert normalize_uscc(code.lower()) == code

    def test_wrong_check_digit_names_the_expected_one(self) -> None:
        code = make_uscc("91371300MA3C12345")
        wrong = code[:17] + ("0" if code[17] != "0" else "1")
        with pytest.raises(USCCError, match="校验位"):
            normalize_uscc(wrong)

    @pytest.mark.parametrize(("raw", "message"), [("123", "18位"), ("91371300MA3C1234IO", "字符")])
    def test_malformed_codes(self, raw: str, message: str) -> None:
        with pytest.raises(USCCError, match=message):
            normalize_uscc(raw)

    def test_a_published_real_world_code_shape_validates(self) -> None:
        # Check digit computed independently of make_uscc, by the weights of GB 32100-2015.
        body = "91350100M000100Y4"
        alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
        weights = [3**i % 31 for i in range(17)]
        total = sum(alphabet.index(c) * w for c, w in zip(body, weights, strict=True))
        assert normalize_uscc(body + alphabet[(31 - total % 31) % 31])
