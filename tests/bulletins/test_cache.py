"""The pages' cache of the computed bulletin (bulletins.cache): a second view computes nothing, and
no change — through an action, an admin-style save, a delete, a bulk write followed by
``invalidate()`` — leaves an old figure on the page."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.bulletins.scenario import Quarter, file_return
from tests.world import World, make_project, uscc
from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.core.periods import Period
from zhaoshang.dashboard import queries as dashboard_queries
from zhaoshang.org.models import Unit
from zhaoshang.reporting import actions as reporting
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn
from zhaoshang.spreadsheets import project_book, registry
from zhaoshang.targets.models import Target

MARCH = reverse("bulletins:detail", args=[2026, 3])
FEBRUARY = reverse("bulletins:detail", args=[2026, 2])
# Tables only the bulletin's gathering reads on these pages (targets, projects' stage history).
GATHERED = ('"targets_target"', '"projects_stagechange"')


class Rollback(Exception):
    pass


def funds(html: str) -> str:
    """The key figure 利用市外资金(万元), year to date, as the page shows it."""
    found = re.search(r'利用市外资金\(万元\)</div><div class="figure">([^<]*)</div>', html)
    assert found, "the key figures are missing"
    return found.group(1)


def row(html: str, code: str) -> list[str]:
    """The cells of one unit's row in the bulletin's table."""
    found = re.search(rf'<tr data-unit="{code}">(.*?)</tr>', html, re.S)
    assert found, f"no row for {code}"
    return [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td.*?</td>", found[1])]


def view(client: Client, url: str = MARCH, **headers: str) -> tuple[str, list[str]]:
    """The page and the SQL it ran."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in queries.captured_queries]


def gathers(sql: list[str]) -> bool:
    """Whether the page computed the bulletin (rather than reading it from the cache)."""
    return any(table in statement for statement in sql for table in GATHERED)


def correct_gongxiaoshe_march(world: World, quarter: Quarter, yuan: str) -> None:
    """The bureau corrects 供销社's verified March return (25万 abroad) through the action."""
    unit_return = UnitReturn.objects.get(period=quarter.periods[3], unit=world.gongxiaoshe)
    reporting.correct_return(
        actor=world.bureau,
        unit_return=unit_return,
        lines=[
            reporting.LineInput(
                project_id=quarter.projects["gx"].pk, values={"funds_abroad_yuan": yuan}
            )
        ],
        reason="海关数据更正",
    )


def test_a_second_view_of_the_bulletin_computes_nothing_and_shows_the_same_page(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    first, first_sql = view(client)
    second, second_sql = view(client)
    assert gathers(first_sql)
    assert not gathers(second_sql)
    assert len(second_sql) < len(first_sql)
    assert funds(first) == funds(second) == "75"
    assert row(second, "T01")[:6] == ["1", "相公街道", "有实绩", "50", "100", "50%"]


def test_a_second_view_of_the_dashboard_computes_nothing(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.leader)
    _, first_sql = view(client, reverse("dashboard:index"))
    _, second_sql = view(client, reverse("dashboard:index"))
    assert gathers(first_sql)
    assert not gathers(second_sql)
    assert len(second_sql) < len(first_sql)


def test_the_bulletin_and_the_dashboard_share_one_entry(
    world: World, quarter: Quarter, login
) -> None:
    view(login(world.bureau))
    _, sql = view(login(world.leader), reverse("dashboard:index"))
    assert not gathers(sql)


def test_a_return_corrected_through_the_action_shows_at_once(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    assert funds(view(client)[0]) == "75"
    board = dashboard_queries.dashboard(world.leader, Period(2026, 3))
    assert board is not None and board.totals.funds_ytd.total == Decimal("750000")
    correct_gongxiaoshe_march(world, quarter, "350000")
    html, sql = view(client)
    assert gathers(sql)
    assert funds(html) == "85"
    assert row(html, "B01")[3] == "35"
    board = dashboard_queries.dashboard(world.leader, Period(2026, 3))
    assert board is not None and board.totals.funds_ytd.total == Decimal("850000")


def test_a_return_verified_through_the_action_shows_at_once(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    assert row(view(client)[0], "B03")[2] == "未报送"
    project = make_project(world, world.bureau_unit, stage="signed", start=date(2026, 3, 2))
    file_return(
        world,
        quarter.periods[3],
        world.bureau_unit,
        {project: {"funds_within_province_yuan": "100000"}},
        verify=False,
    )
    assert row(view(client)[0], "B03")[2] == "未报送"  # submitted, not yet verified
    unit_return = UnitReturn.objects.get(period=quarter.periods[3], unit=world.bureau_unit)
    reporting.verify_return(actor=world.bureau, unit_return=unit_return)
    html = view(client)[0]
    assert row(html, "B03")[2] == "有实绩"
    assert funds(html) == "85"


def test_an_admin_style_save_shows_at_once(world: World, quarter: Quarter, login) -> None:
    client = login(world.bureau)
    assert row(view(client)[0], "T01")[4:6] == ["100", "50%"]
    target = Target.objects.get(unit=world.xianggong, year=2026)
    target.current_value = Decimal("2000000")
    target.save()
    assert row(view(client)[0], "T01")[4:6] == ["200", "25%"]


def test_a_delete_shows_at_once(world: World, quarter: Quarter, login) -> None:
    client = login(world.bureau)
    assert funds(view(client)[0]) == "75"
    UnitReturn.objects.filter(period=quarter.periods[3], unit=world.gongxiaoshe).delete()
    html = view(client)[0]
    assert funds(html) == "50"
    assert row(html, "B01")[2] == "未报送"


def test_a_write_around_the_signals_shows_after_invalidate(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    assert row(view(client)[0], "B01")[1] == "供销社"
    Unit.objects.filter(pk=world.gongxiaoshe.pk).update(name="供销合作社")  # no signal
    assert row(view(client)[0], "B01")[1] == "供销社"  # what the cache is for
    bulletin_cache.invalidate()
    assert row(view(client)[0], "B01")[1] == "供销合作社"


def test_months_districts_and_languages_never_share_an_entry(
    world: World, quarter: Quarter, login
) -> None:
    ReportingPeriod.objects.create(
        district=world.other_district, year=2026, month=3, deadline=date(2026, 3, 28)
    )
    bureau, outsider = login(world.bureau), login(world.outsider)
    for cached in (False, True):  # each page computes its own entry, then reads it
        march, march_sql = view(bureau)
        february, february_sql = view(bureau, FEBRUARY)
        english, english_sql = view(bureau, HTTP_ACCEPT_LANGUAGE="en")
        other, other_sql = view(outsider)
        assert "1-3月,全区共有各类招商引资项目3个" in march and funds(march) == "75"
        assert "1-2月,全区共有各类招商引资项目3个" in february and funds(february) == "30"
        assert 'lang="en"' in english and "相公街道" in english
        assert "河西街道" in other and "相公街道" not in other
        assert "河西街道" not in march + february + english
        computed = [gathers(sql) for sql in (march_sql, february_sql, english_sql, other_sql)]
        assert computed == [not cached] * 4


def test_the_language_is_part_of_the_key(world: World, quarter: Quarter) -> None:
    period = Period(2026, 3)
    keys = {
        bulletin_cache.key_for(world.district, period, "zh-hans"),
        bulletin_cache.key_for(world.district, period, "en"),
        bulletin_cache.key_for(world.district, Period(2026, 2), "zh-hans"),
        bulletin_cache.key_for(world.other_district, period, "zh-hans"),
    }
    assert len(keys) == 4


def test_a_rolled_back_write_leaves_no_stale_entry(world: World, quarter: Quarter, login) -> None:
    client = login(world.bureau)
    assert funds(view(client)[0]) == "75"
    with pytest.raises(Rollback), transaction.atomic():
        correct_gongxiaoshe_march(world, quarter, "350000")
        # Inside the transaction the page shows its uncommitted figure, and must not keep it.
        assert funds(view(client)[0]) == "85"
        raise Rollback
    assert funds(view(client)[0]) == "75"


def test_a_reader_between_the_write_and_the_commit_keeps_no_old_figure(
    world: World, quarter: Quarter, login, django_capture_on_commit_callbacks
) -> None:
    client = login(world.bureau)
    assert funds(view(client)[0]) == "75"
    key = bulletin_cache.key_for(world.district, Period(2026, 3))
    _, old = cache.get(key)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        correct_gongxiaoshe_march(world, quarter, "350000")
        # Another server process reads now: it sees only committed rows, the old ones, and
        # stores them under the generation of the moment.
        cache.set(key, (bulletin_cache.current_generation(), old))
    assert funds(view(client)[0]) == "85"


def test_one_transaction_registers_one_retirement_however_many_rows_it_writes(
    world: World, quarter: Quarter, django_capture_on_commit_callbacks
) -> None:
    before = bulletin_cache.current_generation()
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for unit in Unit.objects.filter(parent=world.district):
            unit.save()
    assert callbacks.count(bulletin_cache._after_commit) == 1
    assert bulletin_cache.current_generation() != before


def test_logins_and_other_bookkeeping_do_not_retire_the_cache(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    view(client)
    before = bulletin_cache.current_generation()
    login(world.leader)  # writes the person's last login and a session
    _, sql = view(client)
    assert bulletin_cache.current_generation() == before
    assert not gathers(sql)


def test_no_cache_when_the_time_to_live_is_zero(
    world: World, quarter: Quarter, login, settings
) -> None:
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "BULLETIN_CACHE_SECONDS": 0}
    client = login(world.bureau)
    view(client)
    assert gathers(view(client)[1])


@pytest.mark.django_db(transaction=True)
def test_with_real_commits_a_commit_retires_the_cache_and_a_rollback_keeps_it(
    world: World, quarter: Quarter, login
) -> None:
    assert not connection.in_atomic_block  # no test wrapper: every action commits for real
    client = login(world.bureau)
    assert funds(view(client)[0]) == "75"
    with pytest.raises(Rollback), transaction.atomic():
        correct_gongxiaoshe_march(world, quarter, "350000")
        assert funds(view(client)[0]) == "85"
        raise Rollback
    html, sql = view(client)
    assert funds(html) == "75" and gathers(sql)
    assert not gathers(view(client)[1])
    correct_gongxiaoshe_march(world, quarter, "350000")
    assert funds(view(client)[0]) == "85"


def test_projects_imported_from_a_workbook_show_at_once(
    world: World, quarter: Quarter, login
) -> None:
    """The project import writes with multi-row INSERTs, not Model.save(), and retires the cache
    itself."""
    client = login(world.bureau)
    assert row(view(client)[0], "T01")[10] == "0"  # 相公街道: no project under negotiation
    book = load_workbook(
        io.BytesIO(
            project_book.write_projects(project_book.filtered_projects(world.bureau, {}, 2026))
        )
    )
    new = ("XG-9", "新材料产业园", "临沂新材料有限公司", uscc(), "相公街道", "境外", "高新技术产业")
    book["项目台账"].append([*new, 1234.5, "是", "洽谈", date(2026, 3, 5), "新建", "相公工业园"])
    data = io.BytesIO()
    book.save(data)
    outcome = registry.run_import(
        kind="projects", actor=world.bureau, data=data.getvalue(), filename="p.xlsx", dry_run=False
    )
    assert outcome.errors == [] and len(outcome.created) == 1
    assert row(view(client)[0], "T01")[10] == "1"


def test_the_cached_body_never_gives_a_reporter_anothers_links_nor_takes_the_bureaus(
    world: World, quarter: Quarter, login
) -> None:
    def links(html: str) -> set[str]:
        return {
            code
            for code in ("T01", "T02", "B01", "B02", "B03")
            if reverse("bulletins:drilldown", args=[2026, 3, code]) in html
        }

    bureau, reporter = login(world.bureau), login(world.township_reporter)
    assert links(view(bureau)[0]) == {"T01", "T02", "B01", "B02", "B03"}
    html, sql = view(reporter)
    assert links(html) == {"T01"} and not gathers(sql)  # the bulletin itself is shared
    assert links(view(bureau)[0]) == {"T01", "T02", "B01", "B02", "B03"}
    assert links(view(login(world.leader))[0]) == {"T01", "T02", "B01", "B02", "B03"}


def test_the_dashboards_cached_charts_follow_a_correction(
    world: World, quarter: Quarter, login
) -> None:
    def trend(html: str) -> list[str | None]:
        found = re.search(
            r'<script id="dashboard-chart-data" type="application/json">(.*?)</script>', html
        )
        assert found
        return json.loads(found[1])["trend"]["this_year"][:3]

    client = login(world.leader)
    assert trend(view(client, reverse("dashboard:index"))[0]) == trend(
        view(client, reverse("dashboard:index"))[0]
    )
    before = trend(view(client, reverse("dashboard:index"))[0])
    correct_gongxiaoshe_march(world, quarter, "350000")
    after = trend(view(client, reverse("dashboard:index"))[0])
    assert (before, after) == (["30.00", "0.00", "45.00"], ["30.00", "0.00", "55.00"])
