"""Importing a 100,000-row project workbook end to end (parse, validate, write) on SQLite, beside
python-calamine's raw read of the same file in the same run.

Run: ``.venv/bin/python -m benchmarks.bench_import_projects [ROWS]`` (a throwaway SQLite database
under a temporary ZHAOSHANG_DATA_DIR). The workbook is generated first in a child process (not
timed, and not counted in this process's peak memory). Prints a Markdown row for
docs/benchmarks.md. Goal: import ≥ 30% of the raw read rate, peak RSS < 600 MB.

``BENCH_WORKBOOK=path`` reuses a workbook made by an earlier run (same ROWS; it is kept in the
printed temporary directory as projects.xlsx); ``BENCH_PROFILE=1`` prints a cProfile of the
import (use ROWS=20000 for that).
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

STAGES = ["洽谈", "签约", "开工在建", "竣工", "投产"]
ORIGINS = ["市外省内", "省外", "境外"]
INDUSTRIES = ["先进制造业", "高新技术产业", "现代农业", "商贸物流", "现代服务业"]
UNITS = [f"乡镇{i:02d}" for i in range(1, 21)]


def make_workbook(path: str, rows: int) -> None:
    """A project workbook in the downloaded layout: 5 projects per investor, 20 units."""
    import random

    import django

    django.setup()
    from openpyxl import Workbook

    from zhaoshang.org.uscc import make_uscc
    from zhaoshang.spreadsheets.project_book import HEADERS, SHEET

    rng = random.Random(5)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    ws.append(HEADERS)
    start = date(2024, 1, 1)
    for i in range(rows):
        investor = i // 5
        ws.append(
            [
                f"P{i:06d}",
                f"招商项目{i}",
                f"投资方{investor}有限公司",
                make_uscc(f"91371300MA{investor:07d}"),
                UNITS[i % len(UNITS)],
                rng.choice(ORIGINS),
                rng.choice(INDUSTRIES),
                round(rng.uniform(100, 500000), 2),
                rng.choice(["是", "否"]),
                rng.choice(STAGES),
                start + timedelta(days=rng.randrange(0, 1000)),
                "续建",
                f"工业园{i % 97}号",
            ]
        )
    wb.save(path)


def main(rows: int = 100_000) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    os.environ.setdefault("ZHAOSHANG_DEBUG", "0")  # as in production: no SQL debug log
    os.environ.setdefault("ZHAOSHANG_DATA_DIR", tempfile.mkdtemp(prefix="zhaoshang-bench-"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from zhaoshang.org.models import Role, Unit, UnitGroup, User
    from zhaoshang.projects.models import Project
    from zhaoshang.spreadsheets import registry
    from zhaoshang.spreadsheets.project_book import SHEET

    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "MAX_UPLOAD_BYTES": 100 * 1024 * 1024}
    settings.MEDIA_ROOT = Path(os.environ["ZHAOSHANG_DATA_DIR"]) / "media"
    reuse = os.environ.get("BENCH_WORKBOOK")  # a workbook made by an earlier run, same ROWS
    path = Path(reuse or Path(os.environ["ZHAOSHANG_DATA_DIR"]) / "projects.xlsx")
    t0 = time.perf_counter()
    child = multiprocessing.get_context("spawn").Process(
        target=make_workbook, args=(str(path), rows)
    )
    if not reuse:
        child.start()
    call_command("migrate", verbosity=0)
    group = UnitGroup.objects.create(code="township", name="乡镇街道")
    district = Unit.objects.create(code="D1", name="河东区", kind=Unit.Kind.DISTRICT)
    for n, name in enumerate(UNITS, start=1):
        Unit.objects.create(code=f"T{n:02d}", name=name, group=group, parent=district)
    bureau_unit = Unit.objects.create(
        code="B01", name="招商局", group=group, parent=district, is_bureau=True
    )
    actor = User.objects.create_user(
        username="bureau", password="x", role=Role.BUREAU, unit=bureau_unit
    )
    if not reuse:
        child.join()
    generated = time.perf_counter() - t0
    data = path.read_bytes()

    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    raw = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SHEET).to_python()
    raw_seconds = time.perf_counter() - t0
    assert len(raw) == rows + 1
    del raw

    profiler = None
    if os.environ.get("BENCH_PROFILE"):
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    t0 = time.perf_counter()
    outcome = registry.run_import(
        kind="projects", actor=actor, data=data, filename=path.name, dry_run=False
    )
    import_seconds = time.perf_counter() - t0
    if profiler is not None:
        import pstats

        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    if outcome.errors:
        sys.exit("import failed: " + "; ".join(outcome.errors[:5]))
    assert Project.objects.count() == rows, Project.objects.count()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    phases = ", ".join(f"{k} {v:.1f} s" for k, v in registry.last_timings.items())
    print(f"import phases: {phases}; raw read {raw_seconds:.1f} s")
    raw_rate = rows / raw_seconds
    import_rate = rows / import_seconds
    print(f"workbook: {rows} rows, {len(data) / 1e6:.1f} MB, generated in {generated:.0f} s")
    print(
        "| date | machine | rows | calamine raw read (rows/s) | import end to end (rows/s) "
        "| import / raw | peak RSS (MB) |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, SQLite | {rows} | {raw_rate:,.0f} | {import_rate:,.0f} "
        f"| {import_rate / raw_rate:.0%} | {peak_mb:.0f} |"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
