"""The province's ranking of its counties, computed by the database, checked against the rows."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit
from zhaoshang.reporting.models import ReturnLine, UnitReturn
from zhaoshang.reporting.province import county_ranking
from zhaoshang.targets.models import Issuer, Target

pytestmark = pytest.mark.django_db
PERIOD = Period(2026, 5)


def synth(seed: int, counties: int, *extra: str) -> Unit:
    call_command(
        "synth",
        *("--seed", str(seed), "--counties", str(counties), "--units", "5", "--projects", "150"),
        *("--months", "16", "--end", "2026-06", "--enterprises", "0", *extra),
        stdout=io.StringIO(),
    )
    return Unit.objects.get(code=f"SY{seed}")


def ytd_funds(county: Unit, period: Period) -> Decimal:
    """The sum, the slow and obvious way: verified lines of the county's units, 1–N月."""
    total = Decimal(0)
    for line in ReturnLine.objects.filter(
        unit_return__unit__parent=county,
        unit_return__status=UnitReturn.Status.VERIFIED,
        unit_return__period__year=period.year,
        unit_return__period__month__lte=period.month,
    ):
        total += line.funds_total_yuan
    return total


def province_target(county: Unit) -> Target:
    return Target.objects.get(unit=county, issuer=Issuer.PROVINCE, year=PERIOD.year)


def test_counties_are_ranked_by_completion_of_their_province_target() -> None:
    province = synth(21, 5)
    standings = county_ranking(province, PERIOD)
    counties = Unit.objects.filter(parent=province)
    assert [s.unit_id for s in standings] != [] and len(standings) == counties.count() == 5
    for standing in standings:
        county = counties.get(pk=standing.unit_id)
        assert standing.funds_yuan == ytd_funds(county, PERIOD) > 0
        assert standing.target_yuan == province_target(county).current_value
    completions = [s.completion for s in standings]
    assert completions == sorted(completions, reverse=True)
    assert [s.rank for s in standings] == [1, 2, 3, 4, 5]


def test_ties_share_a_rank_and_counties_without_target_come_last_unranked() -> None:
    province = synth(22, 4)
    first, second, third, fourth = county_ranking(province, PERIOD)
    # Two counties at exactly 50 %, one without a province target, one far ahead.
    for standing in (second, third):
        target = province_target(Unit.objects.get(pk=standing.unit_id))
        target.current_value = standing.funds_yuan * 2
        target.save()
    province_target(Unit.objects.get(pk=first.unit_id)).delete()
    ahead = province_target(Unit.objects.get(pk=fourth.unit_id))
    ahead.current_value = fourth.funds_yuan / 4
    ahead.save()
    standings = county_ranking(province, PERIOD)
    assert [(s.unit_id, s.rank) for s in standings] == [
        (fourth.unit_id, 1),
        *sorted([(second.unit_id, 2), (third.unit_id, 2)], key=lambda r: r[0]),
        (first.unit_id, None),
    ]
    assert standings[-1].target_yuan is None and standings[-1].completion is None
    assert standings[1].completion == Decimal("0.5")


def test_only_verified_returns_of_this_year_to_date_and_this_province_count() -> None:
    province = synth(23, 3)
    synth(24, 2, "--force")  # another province beside it
    county = Unit.objects.filter(parent=province).order_by("code").first()
    assert county is not None
    before = {s.unit_id: s.funds_yuan for s in county_ranking(province, PERIOD)}
    assert len(before) == 3
    # Un-verify one April return: its lines no longer count.
    april = (
        UnitReturn.objects.filter(unit__parent=county, period__year=2026, period__month=4)
        .annotate(funds=Sum(F("lines__funds_within_province_yuan")))
        .filter(funds__gt=0)
        .first()
    )
    assert april is not None
    lost = sum((line.funds_total_yuan for line in april.lines.all()), Decimal(0))
    april.status = UnitReturn.Status.SUBMITTED
    april.save()
    after = {s.unit_id: s.funds_yuan for s in county_ranking(province, PERIOD)}
    assert after[county.pk] == before[county.pk] - lost
    assert after[county.pk] == ytd_funds(county, PERIOD)
    # June (after the period) and last year do not count; January–March alone is less.
    assert county_ranking(province, Period(2026, 3))[0].funds_yuan < max(after.values())


def test_a_county_without_verified_returns_has_zero_funds_not_missing() -> None:
    province = synth(25, 2)
    county = Unit.objects.filter(parent=province).order_by("code").first()
    assert county is not None
    UnitReturn.objects.filter(unit__parent=county).update(status=UnitReturn.Status.SUBMITTED)
    standings = {s.unit_id: s for s in county_ranking(province, PERIOD)}
    assert standings[county.pk].funds_yuan == Decimal(0)
    assert standings[county.pk].rank == 2 and standings[county.pk].completion == 0
