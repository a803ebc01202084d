"""`zhaoshang import FILE` recognises the registry workbooks by their sheets."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from tests.world import uscc
from zhaoshang.projects.models import Project
from zhaoshang.spreadsheets import project_book
from zhaoshang.spreadsheets.models import ImportBatch

pytestmark = pytest.mark.django_db


def _project_file(scene, tmp_path, *extra_rows):
    projects = project_book.filtered_projects(scene.world.bureau, {}, 2026)
    wb = load_workbook(io.BytesIO(project_book.write_projects(projects)))
    for row in extra_rows:
        wb["项目台账"].append(row)
    path = tmp_path / "whatever-name.xlsx"
    wb.save(path)
    return path


NEW = ["XG-9", "新项目", "新公司", None, "相公街道", "省外", "先进制造业", 100, "否", "签约"]


def test_cli_recognises_a_project_workbook_dry_runs_then_imports(scene, tmp_path, capsys):
    row = list(NEW)
    row[3] = uscc()
    path = _project_file(scene, tmp_path, [*row, "2026-03-05"])
    call_command("import", str(path), "--dry-run", user="bureau")
    out = capsys.readouterr()
    assert "项目台账:将新建 1 条" in out.out and "预检(项目台账)" in out.err
    assert not Project.objects.filter(code="XG-9").exists()
    call_command("import", str(path), user="bureau")
    assert Project.objects.filter(code="XG-9").exists()
    call_command("import", str(path), user="bureau")
    assert "该文件已导入过" in capsys.readouterr().out
    assert ImportBatch.objects.filter(kind="projects", status="applied").count() == 1


def test_cli_exits_non_zero_listing_every_problem(scene, tmp_path, capsys):
    path = _project_file(scene, tmp_path, [*NEW[:3], "bad", *NEW[4:], "2026-03-05"])
    with pytest.raises(CommandError, match="未保存任何数据"):
        call_command("import", str(path), user="bureau")
    assert "D列(投资方统一社会信用代码)值“bad”" in capsys.readouterr().err


def test_cli_refuses_a_registry_the_user_may_not_import(scene, tmp_path):
    path = _project_file(scene, tmp_path)
    with pytest.raises(CommandError, match="没有导入项目台账的权限"):
        call_command("import", str(path), user="leader")


def test_cli_names_the_sheets_it_knows_for_an_unknown_workbook(db, world, tmp_path):
    wb = Workbook()
    wb.active.title = "Sheet1"
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(CommandError, match=r"无法识别工作簿.*项目台账"):
        call_command("import", str(path), user="bureau")
