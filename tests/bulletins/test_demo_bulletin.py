"""The demo district's first-quarter bulletin says exactly what the speech says."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone


@pytest.fixture
def march_document(db: None) -> dict:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("bulletin", f"{timezone.localdate().year}-03", "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_demo_march_bulletin_says_the_speechs_figures(march_document: dict) -> None:
    doc = march_document
    totals = doc["totals"]
    assert (totals["projects"], totals["projects_new"], totals["projects_continuing"]) == (
        86,
        21,
        65,
    )
    assert totals["outside_funds_wan_yuan"] == "25200.00"
    assert totals["city_rank"] == 6
    towns, departments = doc["groups"]
    assert towns["name"] == "乡镇(街道)" and departments["name"] == "区直部门"
    assert sum(u["status"] == "results" for u in towns["units"]) == 10
    assert sum(u["status"] == "results" for u in departments["units"]) == 20
    assert sum(u["status"] in ("negotiating_only", "no_action") for u in departments["units"]) == 52
    assert sum(u["status"] == "negotiating_only" for u in departments["units"]) == 10
    assert doc["lists"]["fastest"] == ["相公街道", "九曲街道", "供销社", "国土资源局"]
    assert doc["lists"]["not_reported"] == []


def test_the_demo_march_narrative_reads_like_the_speech(march_document: dict) -> None:
    text = "".join(march_document["narrative"])
    assert (
        "1-3月,全区共有各类招商引资项目86个,其中新建项目21个、续建项目65个,"
        "利用市外资金2.52亿元,在全市排第六位。"
    ) in text
    assert (
        "10个乡镇(街道)和20个区直部门有实绩,52个区直部门没有实绩,其中10个部门有正在洽谈的项目。"
    ) in text
    assert "相公街道、九曲街道和供销社、国土资源局进展最快。" in text
