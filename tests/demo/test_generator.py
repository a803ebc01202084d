"""The generator alone: seeded, exact, and shaped by its spec (no database)."""

from __future__ import annotations

import random
from dataclasses import replace

from zhaoshang.demo.generator import generate, split
from zhaoshang.demo.plan import DemoSpec
from zhaoshang.org.uscc import make_uscc, normalize_uscc


def test_split_adds_up_exactly_and_respects_the_minimum() -> None:
    rng = random.Random(1)
    for total, parts, minimum in [(25_200, 30, 100), (7, 7, 1), (10, 3, 0), (999_999, 17, 3)]:
        shares = split(rng, total, [rng.random() + 0.01 for _ in range(parts)], minimum)
        assert sum(shares) == total
        assert len(shares) == parts
        assert min(shares) >= minimum


def test_same_seed_gives_the_same_plan_and_another_seed_another() -> None:
    spec = DemoSpec(year=2026)
    first, again = generate(spec), generate(spec)
    assert first == again
    other = generate(replace(spec, seed=spec.seed + 1))
    assert [u.funds_wan for u in other.units] != [u.funds_wan for u in first.units]


def test_plan_funds_add_up_to_the_spec_total_for_any_seed() -> None:
    for seed in range(5):
        plan = generate(DemoSpec(year=2026, seed=seed))
        reported = sum(line.funds_wan for ret in plan.returns for line in ret.lines)
        assert reported == sum(u.funds_wan for u in plan.units) == 25_200


def test_a_changed_spec_changes_the_totals() -> None:
    plan = generate(
        DemoSpec(year=2030, new_projects=5, continuing_projects=40, funds_total_wan=9000)
    )
    counted = [p for p in plan.projects if p.counted]
    assert len(counted) == 45
    assert sum(1 for p in counted if p.start_date.year == 2030) == 5
    assert sum(line.funds_wan for ret in plan.returns for line in ret.lines) == 9000


def test_fastest_units_lead_for_any_seed() -> None:
    for seed in range(5):
        spec = DemoSpec(year=2026, seed=seed)
        plan = generate(spec)
        for group, fastest in (
            ("township", spec.fastest_townships),
            ("department", spec.fastest_departments),
        ):
            ranked = sorted(
                (u for u in plan.units if u.group == group),
                key=lambda u: u.funds_wan / u.target_wan,
                reverse=True,
            )
            assert tuple(u.name for u in ranked[:2]) == fastest


def test_generated_usccs_complete_to_valid_codes() -> None:
    plan = generate(DemoSpec(year=2026))
    codes = [make_uscc(p.investor_uscc17) for p in plan.projects]
    assert len(set(codes)) == len(codes)
    assert all(normalize_uscc(code) == code for code in codes)
