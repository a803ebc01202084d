"""The leaders' dashboard's server time on the demo district (issue 10: goal < 300 ms).

Run: ``.venv/bin/python -m benchmarks.bench_dashboard`` (loads the demo into a throwaway SQLite
database, or into ``DATABASE_URL`` if set — an empty one). Each request goes through Django's whole
stack in-process (``django.test.Client``: middleware, session, the view, the template), logged in as
the demo's district leader, with ``DEBUG`` off as in production; no network, no browser. Prints
Markdown rows for docs/benchmarks.md: median and min of N requests and the queries one request
makes, for the dashboard and for the two drill-down pages it links to most. Beside the wall
time it gives the process's CPU time per request (the database is SQLite in-process, so on a
shared, busy machine the CPU time is the truer figure) and the load average at the start.

On a throwaway PostgreSQL cluster (the test suite's, ``src/zhaoshang/testdb.py``):
``ZHAOSHANG_TEST_DB=postgres .venv/bin/python -c "import zhaoshang.testdb;
from benchmarks.bench_dashboard import main; main()"`` (there the CPU column leaves out the
database server's own work).

``BENCH_REPEATS`` (default 30) sets N; ``BENCH_PROFILE=1`` also prints the dashboard's top
functions by cumulative time.
"""

from __future__ import annotations

import os
import platform
import statistics
import tempfile
import time
from datetime import date


def main(repeats: int = int(os.environ.get("BENCH_REPEATS", "30"))) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    os.environ.setdefault("ZHAOSHANG_DATA_DIR", tempfile.mkdtemp(prefix="zhaoshang-bench-"))
    os.environ.setdefault("ZHAOSHANG_DEBUG", "0")
    os.environ.setdefault("ZHAOSHANG_ALLOWED_HOSTS", "testserver")
    # whitenoise expects STATIC_ROOT to exist even when files come from the finders.
    os.makedirs(os.path.join(os.environ["ZHAOSHANG_DATA_DIR"], "static"), exist_ok=True)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from zhaoshang.bulletins import queries as bulletin_queries
    from zhaoshang.org.models import User

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    load_seconds = time.perf_counter() - started

    leader = User.objects.get(username="leader")
    district = bulletin_queries.district_for(leader)
    assert district is not None
    period = bulletin_queries.latest_period(district)
    assert period is not None
    client = Client()
    client.force_login(leader)
    pages = [
        ("/dashboard/", reverse("dashboard:index")),
        (
            "projects behind a pipeline bar",
            reverse("dashboard:projects", args=[period.year, period.month]) + "?stage=construction",
        ),
        (
            "units behind a status slice",
            reverse("dashboard:status", args=[period.year, period.month, "results"]),
        ),
    ]
    load = os.getloadavg()[0]
    print(
        f"demo loaded in {load_seconds:.1f} s; latest period {period.label()}; "
        f"{repeats} requests; load average {load:.1f}"
    )
    print(
        "| date | machine | database | page | median (ms) | min (ms) | CPU median (ms) | queries |"
    )
    print("|---|---|---|---|---|---|---|---|")
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    queries: list[str] = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    for name, url in pages:
        assert client.get(url).status_code == 200  # warm caches
        queries.clear()
        with connection.execute_wrapper(count):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings, cpu = [], []
        for _ in range(repeats):
            t0, c0 = time.perf_counter(), time.process_time()
            response = client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert response.status_code == 200
        print(
            f"| {date.today()} | {machine}, load {load:.1f} | {connection.vendor} | {name} | "
            f"{statistics.median(timings):.1f} | {min(timings):.1f} | "
            f"{statistics.median(cpu):.1f} | {len(queries)} |"
        )
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(client.get, pages[0][1])
        pstats.Stats(profile).sort_stats("cumulative").print_stats(40)


if __name__ == "__main__":
    main()
