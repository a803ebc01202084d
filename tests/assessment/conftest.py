from __future__ import annotations

from pathlib import Path

import pytest

from tests.bulletins.scenario import Quarter, first_quarter
from tests.world import World
from zhaoshang.assessment import actions
from zhaoshang.assessment.models import AssessmentRun, Scheme

SCHEME_FILE = Path(__file__).parents[2] / "src/zhaoshang/assessment/schemes/hedong-2026.yaml"


@pytest.fixture
def quarter(world: World) -> Quarter:
    return first_quarter(world)


@pytest.fixture
def scheme(world: World) -> Scheme:
    return actions.save_scheme(
        actor=world.bureau, district=world.district, body=SCHEME_FILE.read_text(encoding="utf-8")
    )


@pytest.fixture
def run(world: World, quarter: Quarter, scheme: Scheme) -> AssessmentRun:
    return actions.run_assessment(actor=world.bureau, scheme=scheme, period="2026-Q1")
