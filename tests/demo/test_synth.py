"""``zhaoshang synth``: counts, the same data for the same seed, a county's bulletin, refusal."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Sum

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.core.periods import Period
from zhaoshang.demo.synth import SynthSpec, plan_county, project_shares
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Project, StageChange
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn
from zhaoshang.targets.models import Issuer, Target, TargetVersion
from zhaoshang.trade.models import TradeFigure

pytestmark = pytest.mark.django_db
SMALL = ["--counties", "3", "--units", "6", "--projects", "120", "--months", "14"]
SMALL += ["--end", "2026-03", "--enterprises", "2"]
END = Period(2026, 3)


def synth(*args: str) -> str:
    out = io.StringIO()
    call_command("synth", *SMALL, *args, stdout=out)
    return out.getvalue()


def fingerprint() -> list[tuple[object, ...]]:
    """What a county holds, independent of primary keys."""
    return [
        (
            county.code,
            county.name,
            Project.objects.filter(lead_unit__parent=county).count(),
            ReturnLine.objects.filter(unit_return__unit__parent=county).aggregate(
                s=Sum(F("funds_within_province_yuan") + F("funds_outside_province_yuan"))
            )["s"],
            tuple(
                Target.objects.filter(unit__parent=county)
                .order_by("unit__code", "year")
                .values_list("current_value", flat=True)
            ),
        )
        for county in Unit.objects.filter(kind=Unit.Kind.DISTRICT).order_by("code")
    ]


def test_synth_writes_the_province_it_was_asked_for() -> None:
    out = synth("--seed", "3")
    province = Unit.objects.get(code="SY3")
    counties = Unit.objects.filter(parent=province, kind=Unit.Kind.DISTRICT)
    assert counties.count() == 3
    for county in counties:
        assert Unit.objects.filter(parent=county).reporting().count() == 6
        assert ReportingPeriod.objects.filter(district=county).count() == 14
    assert Project.objects.count() == 120
    assert StageChange.objects.count() >= 120  # every project has its first stage
    assert UnitReturn.objects.count() == 3 * 6 * 14
    lines = ReturnLine.objects.count()
    assert lines > 120
    # Targets: each unit and each county (own) for 2025 and 2026, each county's from the province.
    assert Target.objects.filter(issuer=Issuer.DISTRICT).count() == 3 * (6 + 1) * 2
    assert Target.objects.filter(issuer=Issuer.PROVINCE).count() == 3 * 2
    assert TargetVersion.objects.count() == Target.objects.count()
    assert TradeFigure.objects.filter(is_current=True).count() > 0
    assert f"{lines} 条月报明细" in out
    # Returns before the last month are all verified; lines never sit on another county's return.
    assert not UnitReturn.objects.exclude(period__year=2026, period__month=3).exclude(
        status=UnitReturn.Status.VERIFIED
    )
    assert not ReturnLine.objects.exclude(project__lead_unit=F("unit_return__unit")).exists()


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data() -> None:
    prints = []
    for seed in ("7", "7", "8"):
        with transaction.atomic():
            synth("--seed", seed)
            prints.append([row[1:] for row in fingerprint()])  # codes carry the seed
            transaction.set_rollback(True)
    assert prints[0] == prints[1]
    assert prints[0] != prints[2]


def test_the_plan_is_a_function_of_the_seed() -> None:
    spec = SynthSpec(seed=11, counties=4, units=5, projects=90, months=6, end=END)
    shares = project_shares(spec)
    assert sum(shares) == 90
    first = plan_county(spec, 2, shares[1])
    again = plan_county(spec, 2, shares[1])
    assert first.lines == again.lines and first.projects == again.projects
    assert plan_county(spec, 3, shares[1]).lines != first.lines


def test_a_synthetic_county_bulletin_computes_and_ranks_its_units() -> None:
    synth("--seed", "4")
    county = Unit.objects.get(code="SY4-C002")
    bulletin = compute(queries.gather(county, END))
    rows = [row for group in bulletin.groups for row in group.units]
    assert len(rows) == 6
    assert {group.code for group in bulletin.groups} == {"township", "department"}
    ranked = [row.rank for row in rows if row.rank is not None]
    assert ranked and min(ranked) == 1
    expected = ReturnLine.objects.filter(
        unit_return__unit__parent=county,
        unit_return__status=UnitReturn.Status.VERIFIED,
        unit_return__period__year=2026,
    ).aggregate(
        s=Sum(
            F("funds_within_province_yuan")
            + F("funds_outside_province_yuan")
            + F("funds_abroad_yuan")
        )
    )["s"]
    assert bulletin.totals.funds_ytd.total == Decimal(expected)
    assert bulletin.totals.target is not None


def test_synth_refuses_a_database_with_data_and_changes_nothing() -> None:
    Unit.objects.create(code="X1", name="已有单位", kind=Unit.Kind.CITY)
    with pytest.raises(CommandError, match="--force"):
        synth()
    assert Unit.objects.count() == 1 and not Project.objects.exists()


def test_with_force_it_adds_next_to_data_but_never_loads_a_seed_twice() -> None:
    Unit.objects.create(code="X1", name="已有单位", kind=Unit.Kind.CITY)
    synth("--seed", "5", "--force")
    counts = (Unit.objects.count(), ReturnLine.objects.count())
    with pytest.raises(CommandError, match="种子 5 的合成数据已存在"):
        synth("--seed", "5", "--force")
    assert (Unit.objects.count(), ReturnLine.objects.count()) == counts
    synth("--seed", "6", "--force")  # another seed lives beside it
    assert Unit.objects.filter(kind=Unit.Kind.CITY, code__startswith="SY").count() == 2


def test_bad_arguments_are_refused_with_a_reason() -> None:
    with pytest.raises(CommandError, match="YYYY-MM"):
        synth("--end", "2026-13x")
    with pytest.raises(CommandError, match="县区数至少1个"):
        call_command("synth", "--counties", "0", stdout=io.StringIO())
