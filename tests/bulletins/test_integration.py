"""The bulletin computed from data entered through the actions."""

from __future__ import annotations

from decimal import Decimal

from tests.bulletins.scenario import Quarter
from tests.world import World
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.document import build_document
from zhaoshang.bulletins.queries import gather
from zhaoshang.core.periods import Period


def _document(world: World, month: int = 3) -> dict:
    return build_document(compute(gather(world.district, Period(2026, month))))


def _row(doc: dict, name: str) -> dict:
    return next(u for g in doc["groups"] for u in g["units"] if u["unit"] == name)


def test_march_totals_count_signed_and_started_projects_split_new_and_continuing(
    world: World, quarter: Quarter
) -> None:
    totals = _document(world)["totals"]
    assert (totals["projects"], totals["projects_new"], totals["projects_continuing"]) == (3, 2, 1)
    assert totals["projects_negotiating"] == 1
    assert totals["outside_funds_wan_yuan"] == "75.00"
    assert totals["funds_by_source_wan_yuan"] == {
        "within_province": "30.00",
        "outside_province": "20.00",
        "abroad": "25.00",
    }
    assert totals["city_rank"] == 6
    assert totals["target_wan_yuan"] == "1000.00"
    assert totals["completion_pct"] == "7.50"
    assert totals["time_progress_pct"] == "25.00"
    assert totals["gap_pp"] == "-17.50"
    assert totals["monthly_funds_wan_yuan"] == ["30.00", "0.00", "45.00"]
    assert totals["month_on_month_wan_yuan"] == "45.00"
    assert totals["year_on_year_pct"] is None


def test_each_unit_gets_exactly_the_status_its_returns_and_projects_give_it(
    world: World, quarter: Quarter
) -> None:
    doc = _document(world)
    statuses = {u["unit"]: u["status"] for g in doc["groups"] for u in g["units"]}
    assert statuses == {
        "相公街道": "results",
        "九曲街道": "results",
        "供销社": "results",
        "国土资源局": "negotiating_only",
        "招商局": "not_reported",
    }
    assert doc["lists"]["not_reported"] == ["招商局"]
    assert doc["lists"]["negotiating_only"] == ["国土资源局"]
    assert doc["lists"]["no_results"] == ["国土资源局"]


def test_units_are_ranked_within_their_group_and_a_unit_without_target_has_no_rank(
    world: World, quarter: Quarter
) -> None:
    doc = _document(world)
    assert [g["name"] for g in doc["groups"]] == ["乡镇街道", "区直部门"]
    xg, jq = _row(doc, "相公街道"), _row(doc, "九曲街道")
    assert (xg["rank"], xg["completion_pct"], xg["gap_pp"]) == (1, "50.00", "25.00")
    assert (jq["rank"], jq["completion_pct"]) == (2, "0.00")
    gx, gt, zs = _row(doc, "供销社"), _row(doc, "国土资源局"), _row(doc, "招商局")
    assert (gx["rank"], zs["rank"]) == (1, 2)
    assert (gt["rank"], gt["target_wan_yuan"], gt["completion_pct"], gt["gap_pp"]) == (
        None,
        None,
        None,
        None,
    )
    assert doc["lists"]["fastest"] == ["相公街道", "供销社"]


def test_narrative_says_the_figures_in_the_official_register(
    world: World, quarter: Quarter
) -> None:
    narrative = _document(world)["narrative"]
    assert narrative[0].startswith(
        "1-3月,全区共有各类招商引资项目3个,其中新建项目2个、续建项目1个,利用市外资金0.01亿元,在全市排第六位。"
    )
    assert "完成年度目标任务的7.5%,欠序时进度17.5个百分点。" in narrative[0]
    assert (
        "2个乡镇街道和1个区直部门有实绩,1个区直部门没有实绩,其中1个部门有正在洽谈的项目。"
        in narrative[1]
    )
    assert "相公街道和供销社进展最快。" in narrative[1]
    assert "招商局等1个单位未报送月报。" in narrative[2]


def test_a_month_without_city_rank_says_nothing_about_the_city(
    world: World, quarter: Quarter
) -> None:
    doc = _document(world, 2)
    assert doc["totals"]["city_rank"] is None
    assert "在全市排" not in doc["narrative"][0]
    assert doc["narrative"][0].startswith("1-2月,全区共有各类招商引资项目3个")


def test_january_counts_only_returns_verified_for_january(world: World, quarter: Quarter) -> None:
    doc = _document(world, 1)
    assert doc["totals"]["outside_funds_wan_yuan"] == "30.00"
    assert _row(doc, "九曲街道")["status"] == "no_action"
    assert _row(doc, "供销社")["status"] == "not_reported"
    assert doc["narrative"][0].startswith("1月,")


def test_a_submitted_but_unverified_return_does_not_count(world: World, quarter: Quarter) -> None:
    from tests.bulletins.scenario import file_return

    file_return(
        world,
        quarter.periods[2],
        world.gongxiaoshe,
        {quarter.projects["gx"]: {"funds_within_province_yuan": "990000"}},
        verify=False,
    )
    doc = _document(world, 2)
    assert _row(doc, "供销社")["status"] == "not_reported"
    assert doc["totals"]["outside_funds_wan_yuan"] == "30.00"


def test_last_years_periods_give_a_year_on_year_change(world: World, quarter: Quarter) -> None:
    from tests.bulletins.scenario import file_return, open_month

    last_march = open_month(world, 3, year=2025)
    file_return(
        world,
        last_march,
        world.xianggong,
        {quarter.projects["xg"]: {"funds_abroad_yuan": "500000"}},
    )
    totals = _document(world)["totals"]
    assert totals["year_on_year_pct"] == "50.00"
    assert Decimal(totals["outside_funds_wan_yuan"]) == Decimal("75")
