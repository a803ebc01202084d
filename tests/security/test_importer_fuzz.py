"""Every importer under hostile workbooks (issue 12: "fuzzing of every importer … no server error,
no partial write"): a valid workbook of each kind — projects, targets, units, people, investors,
customs trade figures (the monthly return has its own in tests/spreadsheets) — with random cells
overwritten by random values (text, injection strings, huge and odd numbers, NaN) and the bytes
cut short. The import never raises; it is either refused with errors and every table of the
project unchanged, or it applies."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from tests.bulletins.scenario import first_quarter
from tests.security.test_valid_writes import differences, snapshot
from tests.trade.conftest import make_enterprise
from tests.world import World
from zhaoshang.projects.queries import projects_for
from zhaoshang.spreadsheets import model_book, project_book, registry, target_book
from zhaoshang.trade import importer as trade_importer

pytestmark = pytest.mark.django_db

HOSTILE = [
    "'; DROP TABLE projects_project; --",
    "=cmd|' /C calc'!A0",
    "<script>alert(1)</script>",
    "{{ settings.SECRET_KEY }}",
    "９１３７０１００ＭＡ",
    "2026年13月45日",
    "1e309",
    "-0",
    "　",
]
cell_values = st.one_of(
    st.none(),
    st.sampled_from(HOSTILE),
    st.text(st.characters(blacklist_categories=["Cc", "Cs"]), max_size=16),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
)
edits_strategy = st.lists(
    st.tuples(st.integers(1, 8), st.integers(1, 16), cell_values), min_size=1, max_size=8
)
cut_strategy = st.one_of(st.none(), st.none(), st.integers(0, 6000))


@pytest.fixture
def scene(world: World) -> World:
    first_quarter(world)
    make_enterprise(world, world.xianggong, "临沂鲁东进出口有限公司")
    return world


def _registry_book(kind: str, world: World) -> bytes:
    bureau = world.bureau
    if kind == "projects":
        return project_book.write_projects(projects_for(bureau, 2026).order_by("code"))
    if kind == "targets":
        return target_book.write_targets(bureau, 2026)
    return model_book.write_book(model_book.SPECS[kind], bureau)


def _customs_book(world: World) -> bytes:
    from zhaoshang.inspections.models import Enterprise

    book = Workbook()
    sheet = book.active
    sheet.title = "海关数据"
    sheet.append(["企业名称", "统一社会信用代码", "月份", "进口额(美元)", "出口额(美元)"])
    for enterprise in Enterprise.objects.order_by("pk"):
        sheet.append([enterprise.name, enterprise.uscc, "2026-02", 100, 900])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("imports", "message"),
    [
        (10**20, "进口额超出可记录的范围"),
        (0.125, "进口额最多保留2位小数"),
        ("1e-300", "进口额最多保留2位小数"),
    ],
)
def test_customs_amounts_that_do_not_fit_are_refused_with_their_cell(scene, imports, message):
    """Found by the fuzz below: such amounts used to reach the database (a CHECK constraint
    failure, or a value that cannot be read back)."""
    book = load_workbook(io.BytesIO(_customs_book(scene)))
    book["海关数据"].cell(row=2, column=4, value=imports)
    out = io.BytesIO()
    book.save(out)
    outcome = trade_importer.import_figures(
        actor=scene.bureau, data=out.getvalue(), source="flash", dry_run=False
    )
    assert not outcome.applied
    assert any("第2行" in e and message in e for e in outcome.errors), outcome.errors


def _damage(
    data: bytes, sheet_name: str, edits: list[tuple[int, int, Any]], cut: int | None
) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book[sheet_name]
    for row, column, value in edits:
        sheet.cell(row=row, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    damaged = out.getvalue()
    return damaged if cut is None else damaged[:cut]


def _check(outcome: Any, before: Any) -> None:
    if outcome.applied:  # all rows in one transaction, archived with the file
        assert not outcome.errors
        return
    assert differences(before, snapshot()) == [], outcome.errors  # refused: nothing written


@pytest.mark.parametrize("kind", ["projects", "targets", "units", "people", "investors"])
@hsettings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=edits_strategy, cut=cut_strategy)
def test_registry_imports_never_crash_nor_write_partially(scene, kind, edits, cut) -> None:
    data = _damage(_registry_book(kind, scene), registry.book_for(kind).sheet, edits, cut)
    before = snapshot()
    outcome = registry.run_import(
        kind=kind, actor=scene.bureau, data=data, filename=f"{kind}.xlsx", dry_run=False
    )
    _check(outcome, before)


@hsettings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(edits=edits_strategy, cut=cut_strategy)
def test_customs_imports_never_crash_nor_write_partially(scene, edits, cut) -> None:
    data = _damage(_customs_book(scene), "海关数据", edits, cut)
    before = snapshot()
    outcome = trade_importer.import_figures(
        actor=scene.bureau, data=data, source="flash", dry_run=False
    )
    _check(outcome, before)


@pytest.mark.parametrize("kind", ["projects", "targets", "units", "people", "investors"])
def test_the_undamaged_workbook_of_each_kind_imports(scene, kind) -> None:
    """The fuzz starts from workbooks the importer accepts (else it would only test refusals)."""
    outcome = registry.run_import(
        kind=kind,
        actor=scene.bureau,
        data=_registry_book(kind, scene),
        filename=f"{kind}.xlsx",
        dry_run=True,
    )
    assert not outcome.errors, outcome.errors
    customs = trade_importer.import_figures(
        actor=scene.bureau, data=_customs_book(scene), source="flash", dry_run=True
    )
    assert not customs.errors, customs.errors
