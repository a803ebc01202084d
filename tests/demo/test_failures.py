"""A demo that cannot be generated as specified is refused, and nothing is written."""

from __future__ import annotations

from dataclasses import replace

import pytest
from django.core.management import CommandError, call_command

from zhaoshang.demo import loader
from zhaoshang.demo.generator import generate
from zhaoshang.demo.plan import DemoSpec
from zhaoshang.org.models import Unit, User


def test_generator_refuses_a_spec_whose_fastest_units_cannot_lead() -> None:
    spec = replace(DemoSpec(year=2026), first_band=(10, 11), second_band=(8, 9))
    with pytest.raises(ValueError, match="进展最快"):
        generate(spec)


def test_generator_refuses_a_margin_it_cannot_keep() -> None:
    spec = replace(DemoSpec(year=2026), second_band=(39, 40), min_margin_pp=5)
    with pytest.raises(ValueError, match="百分点"):
        generate(spec)


@pytest.mark.django_db
def test_failed_load_reports_a_clear_error_and_writes_nothing(monkeypatch) -> None:
    bad = replace(DemoSpec(year=2026), first_band=(10, 11), second_band=(8, 9))
    monkeypatch.setattr(loader, "DemoSpec", lambda year: bad)
    with pytest.raises(CommandError, match="演示数据载入失败"):
        call_command("demo")
    assert not Unit.objects.exists()
    assert not User.objects.exists()


@pytest.mark.django_db
def test_load_is_all_or_nothing_when_an_action_refuses(monkeypatch) -> None:
    def refuse(**kwargs: object) -> None:
        raise ValueError("模拟失败")

    monkeypatch.setattr(loader.target_actions, "set_baseline", refuse)
    with pytest.raises(CommandError):
        call_command("demo")
    assert not Unit.objects.filter(code="371312").exists()
    assert not User.objects.exists()
