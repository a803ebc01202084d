"""How long the demo district's March bulletin takes to compute, and with how many queries.

Run: ``.venv/bin/python -m benchmarks.bench_bulletin`` (loads the demo into a throwaway SQLite
database, or into ``DATABASE_URL`` if set — an empty one). Prints a Markdown row for
docs/benchmarks.md.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from datetime import date


def main(repeats: int = 30) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    os.environ.setdefault("ZHAOSHANG_DATA_DIR", tempfile.mkdtemp(prefix="zhaoshang-bench-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from zhaoshang.bulletins import queries
    from zhaoshang.bulletins.compute import compute
    from zhaoshang.bulletins.document import build_document
    from zhaoshang.core.periods import Period
    from zhaoshang.org.models import Unit

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_seconds = time.perf_counter() - started

    district = Unit.objects.get(kind=Unit.Kind.DISTRICT, name="河东区")
    period = Period(date.today().year, 3)

    def once() -> dict[str, object]:
        return build_document(compute(queries.gather(district, period)))

    once()  # warm caches
    reset_queries()  # the demo load filled the debug query log
    with CaptureQueriesContext(connection) as ctx:
        once()
    timings = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        once()
        timings.append((time.perf_counter() - t0) * 1000)
    print(
        "| date | machine | database | demo load (s) | bulletin median (ms) | p95 (ms) | queries |"
    )
    print("|---|---|---|---|---|---|---|")
    p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
    print(
        f"| {date.today()} | {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} | {connection.vendor} | {load_seconds:.1f} | "
        f"{statistics.median(timings):.1f} | {p95:.1f} | {len(ctx.captured_queries)} |"
    )


if __name__ == "__main__":
    main()
