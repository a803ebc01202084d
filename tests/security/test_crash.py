"""Crash safety: a process importing a large project workbook, and one publishing a bulletin, is
killed with SIGKILL part-way; after the restart the SQLite database passes its integrity check,
nothing is half-written, and running the operation again succeeds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
ROWS = 1500
DELAYS = (0.5, 2.0, 4.0)

SETUP = """
import django, io
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from openpyxl import load_workbook
from tests.world import build_world, uscc
from tests.bulletins.scenario import first_quarter
from tests.bulletins.publish_helpers import draft
from zhaoshang.spreadsheets import project_book
world = build_world()
first_quarter(world)
draft(world)
wb = load_workbook(io.BytesIO(project_book.write_projects([])))
sheet = wb["项目台账"]
for i in range(%(rows)d):
    sheet.append([f"CR-{i}", f"批量项目{i}", f"批量公司{i}", uscc(100000 + i), "相公街道", "省外",
                  "先进制造业", 100, "否", "签约", "2026-03-05"])
wb.save(%(path)r)
print("READY", flush=True)
"""

IMPORT = """
import django
django.setup()
from django.core.management import call_command
print("START", flush=True)
call_command("import", %(path)r, user="bureau")
print("DONE", flush=True)
"""

PUBLISH = """
import django
django.setup()
from zhaoshang.bulletins import actions
from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit, User
print("START", flush=True)
actions.publish_bulletin(actor=User.objects.get(username="bureau"),
                         district=Unit.objects.get(code="D1"), period=Period(2026, 3))
print("DONE", flush=True)
"""

CHECK = """
import django, json
django.setup()
from pathlib import Path
from django.conf import settings
from django.db import connection
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.projects.models import Project
from zhaoshang.spreadsheets.models import ImportBatch
with connection.cursor() as cursor:
    cursor.execute("PRAGMA integrity_check")
    integrity = [row[0] for row in cursor.fetchall()]
bulletins = []
for b in PublishedBulletin.objects.all():
    files = list(b.files.all())
    bulletins.append({"files": len(files),
                      "missing": [f.path for f in files if not (Path(settings.MEDIA_ROOT) / f.path).exists()]})
print(json.dumps({
    "integrity": integrity,
    "applied": ImportBatch.objects.filter(kind="projects", status="applied").count(),
    "imported": Project.objects.filter(code__startswith="CR-").count(),
    "bulletins": bulletins,
}))
"""


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="zhaoshang.settings",
        ZHAOSHANG_DATA_DIR=str(data_dir),
        PYTHONPATH=str(ROOT),
    )
    return env


def _run(code: str, data_dir: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _kill_after(code: str, data_dir: Path, delay: float) -> bool:
    """Start, wait for START, sleep, SIGKILL. True when it was killed before finishing."""
    proc = subprocess.Popen(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_env(data_dir),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "START"
    time.sleep(delay)
    finished = proc.poll() is not None
    if not finished:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    return not finished


def _state(data_dir: Path) -> dict:
    return json.loads(_run(CHECK, data_dir).strip().splitlines()[-1])


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("crash-data")
    (folder / "static").mkdir()
    out = _run(SETUP % {"rows": ROWS, "path": str(folder / "projects.xlsx")}, folder)
    assert "READY" in out
    return folder


def test_an_import_killed_midway_leaves_all_or_nothing_and_can_be_run_again(data_dir: Path) -> None:
    code = IMPORT % {"path": str(data_dir / "projects.xlsx")}
    killed = 0
    for delay in DELAYS:
        killed += _kill_after(code, data_dir, delay)
        state = _state(data_dir)
        assert state["integrity"] == ["ok"]
        if state["applied"]:
            assert state["imported"] == ROWS  # a batch marked done has all its rows
            break
        assert state["imported"] == 0  # no batch done: not one row of it
    assert killed, "the import finished before any kill: raise ROWS"
    if not _state(data_dir)["applied"]:
        assert "DONE" in _run(code, data_dir)
    state = _state(data_dir)
    assert (state["applied"], state["imported"], state["integrity"]) == (1, ROWS, ["ok"])


def test_a_publish_killed_midway_leaves_no_bulletin_without_its_files_and_can_be_run_again(
    data_dir: Path,
) -> None:
    killed = 0
    for delay in DELAYS:
        killed += _kill_after(PUBLISH, data_dir, delay)
        state = _state(data_dir)
        assert state["integrity"] == ["ok"]
        for bulletin in state["bulletins"]:
            assert bulletin["files"] == 3 and bulletin["missing"] == []
    assert killed, "the publish finished before any kill"
    assert "DONE" in _run(PUBLISH, data_dir)
    state = _state(data_dir)
    assert state["integrity"] == ["ok"]
    assert len(state["bulletins"]) == 1
    assert state["bulletins"][0] == {"files": 3, "missing": []}
