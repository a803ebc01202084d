"""The explained deadlines added for cases (pure, on the real calendar as data)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.core.test_calendar import CAL
from zhaoshang.casework.rules import (
    accepted_on_time,
    compute_deadline,
    extend,
    limit_for,
)


def test_the_promised_limit_of_a_commitment_wins_over_the_category_default():
    assert limit_for("complaint") == 13
    assert limit_for("complaint", promised_days=2) == 2
    d = compute_deadline(CAL, date(2026, 3, 2), "business", promised_days=2, commitment_item="备案")
    assert d.due == date(2026, 3, 4) and "服务承诺“备案”" in d.explanation


def test_an_urgent_request_is_explained_as_same_day():
    d = compute_deadline(CAL, date(2026, 3, 2), "urgent")
    assert d.due == date(2026, 3, 2) and "当日办结" in d.explanation


def test_the_explanation_names_the_skipped_holidays_and_counted_makeup_days():
    d = compute_deadline(CAL, date(2026, 9, 29), "business")
    assert d.due == date(2026, 10, 12)
    assert "2026-10-01 法定节假日" in d.explanation and "调休上班计入:2026-10-10" in d.explanation


def test_an_extension_moves_the_deadline_by_working_days_and_says_why():
    moved = extend(CAL, date(2026, 9, 30), 1, "批准延期")
    assert moved.due == date(2026, 10, 8)
    assert moved.explanation.startswith("批准延期:原期限 2026-09-30 顺延 1 个工作日至 2026-10-08")


def test_acceptance_is_on_time_within_one_working_day_even_across_a_weekend():
    assert accepted_on_time(CAL, date(2026, 3, 6), date(2026, 3, 9))
    assert not accepted_on_time(CAL, date(2026, 3, 6), date(2026, 3, 10))


@given(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 11, 30)),
    st.sampled_from(["urgent", "enquiry", "business", "complaint"]),
)
def test_a_computed_deadline_is_always_a_working_day_or_the_day_received(received, category):
    d = compute_deadline(CAL, received, category)
    assert d.due >= received
    assert CAL.is_workday(d.due) or d.due == received


@pytest.mark.parametrize("days", [1, 3, 10])
def test_extending_never_lands_on_a_rest_day(days):
    assert CAL.is_workday(extend(CAL, date(2026, 4, 30), days, "x").due)
