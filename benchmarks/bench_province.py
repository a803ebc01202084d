"""Province scale (issue 11, benchmarks 1 and 2), side by side in one run.

1. One county's monthly bulletin (gather → compute → JSON document) in a world of that county
   alone, then the same county after the other counties were added (the same database grown
   into a province with ``synth``): median of repeats and query count; goal ratio ≤ 1.5.
2. The province's ranking of all counties (``reporting.province.county_ranking``, one SQL
   statement) against DuckDB running the very same statement over the same rows exported to
   Parquet in this run; goal ratio ≤ 3.

Run: ``.venv/bin/python -m benchmarks.bench_province [--db sqlite|postgres] [--counties 136]
[--units 82] [--projects 150000] [--months 36] [--repeats 15]``. ``--db postgres`` starts a
throwaway cluster the way the test setup does (zhaoshang.testdb). ``--projects`` is the number
for the whole province; the county's share is the same in both worlds. Prints Markdown rows for
docs/benchmarks.md. Needs ``duckdb`` (a benchmark-only dependency, requirements-dev).
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

# Columns the ranking reads, per table, with their DuckDB types.
EXPORT = {
    "unit_return": [
        ("id", "BIGINT"),
        ("period_id", "BIGINT"),
        ("status", "VARCHAR"),
        ("sum_within_province_yuan", "DECIMAL(20,2)"),
        ("sum_outside_province_yuan", "DECIMAL(20,2)"),
        ("sum_abroad_yuan", "DECIMAL(20,2)"),
    ],
    "period": [
        ("id", "BIGINT"),
        ("district_id", "BIGINT"),
        ("year", "INTEGER"),
        ("month", "INTEGER"),
    ],
    "unit": [
        ("id", "BIGINT"),
        ("code", "VARCHAR"),
        ("name", "VARCHAR"),
        ("sort_order", "INTEGER"),
        ("kind", "VARCHAR"),
        ("parent_id", "BIGINT"),
        ("active", "BOOLEAN"),
    ],
    "target": [
        ("unit_id", "BIGINT"),
        ("indicator_id", "BIGINT"),
        ("issuer", "VARCHAR"),
        ("year", "INTEGER"),
        ("current_value", "DECIMAL(18,2)"),
    ],
    "indicator": [("id", "BIGINT"), ("code", "VARCHAR")],
}


def timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Median and minimum in milliseconds (one warm-up call first) and the last result."""
    result = fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), min(times), result


def load_average() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--counties", type=int, default=136)
    parser.add_argument("--units", type=int, default=82)
    parser.add_argument("--projects", type=int, default=150_000)
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--end", default="2026-10")
    parser.add_argument("--enterprises", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--explain", action="store_true", help="print the ranking's plan")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="zhaoshang-bench-province-"))
    os.environ["ZHAOSHANG_DATA_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhaoshang.settings")
    if args.db == "postgres":
        from zhaoshang.testdb import start_cluster

        os.environ["DATABASE_URL"] = start_cluster()
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from zhaoshang.bulletins import queries
    from zhaoshang.bulletins.compute import compute
    from zhaoshang.bulletins.document import build_document
    from zhaoshang.core.periods import Period
    from zhaoshang.demo import synth
    from zhaoshang.org.models import Unit
    from zhaoshang.reporting.models import ReturnLine
    from zhaoshang.reporting.province import (
        TABLES,
        county_ranking,
        ranking_params,
        ranking_sql,
    )

    settings.DEBUG = False  # no query log growing through millions of rows
    call_command("migrate", verbosity=0)
    end = Period.parse(args.end)
    spec = synth.SynthSpec(
        seed=args.seed,
        counties=args.counties,
        units=args.units,
        projects=args.projects,
        months=args.months,
        end=end,
        enterprises=args.enterprises,
    )
    say = print
    county_code = f"{spec.province_code}-C001"

    def bulletin_once() -> dict[str, Any]:
        county = Unit.objects.get(code=county_code)
        return build_document(compute(queries.gather(county, end)))

    def bulletin(label: str) -> dict[str, Any]:
        statements: list[tuple[float, str]] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            t0 = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                statements.append(((time.perf_counter() - t0) * 1000, sql))

        bulletin_once()  # warm the caches first, then time each statement once
        with connection.execute_wrapper(count):
            bulletin_once()
        median, fastest, document = timed(bulletin_once, args.repeats)
        return {
            "queries": len(statements),
            "slowest": sorted(statements, reverse=True)[:3],
            "label": label,
            "median": median,
            "min": fastest,
            "document": document,
            "lines": ReturnLine.objects.count(),
            "load": load_average(),
        }

    def analyze() -> None:
        """Fresh planner statistics (and, on PostgreSQL, the visibility map index-only scans
        need), as autovacuum or a nightly maintenance job would leave them after a bulk load."""
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")

    t0 = time.perf_counter()
    synth.load(spec, progress=say, numbers=[1])
    small_load = time.perf_counter() - t0
    analyze()
    small = bulletin("county scale (1 county)")
    t0 = time.perf_counter()
    synth.load(spec, progress=say, numbers=range(2, spec.counties + 1))
    large_load = time.perf_counter() - t0
    analyze()
    large = bulletin(f"province scale ({spec.counties} counties)")
    same = small["document"] == large["document"]

    province = Unit.objects.get(code=spec.province_code)

    # The same rows to Parquet, then DuckDB runs the same statement over them.
    import duckdb

    t0 = time.perf_counter()
    duck = duckdb.connect()
    tables: dict[str, str] = {}
    for key, columns in EXPORT.items():
        table = TABLES[key]._meta.db_table
        csv_path = workdir / f"{table}.csv"
        parquet = workdir / f"{table}.parquet"
        names = ", ".join(connection.ops.quote_name(c) for c, _ in columns)
        with connection.cursor() as cursor, csv_path.open("w", newline="") as out:
            cursor.execute(f"SELECT {names} FROM {connection.ops.quote_name(table)}")
            writer = csv.writer(out)
            while rows := cursor.fetchmany(50_000):
                writer.writerows(rows)
        types = ", ".join(f"'{c}': '{t}'" for c, t in columns)
        duck.execute(
            f"COPY (SELECT * FROM read_csv('{csv_path}', header=false, columns={{{types}}})) "
            f"TO '{parquet}' (FORMAT parquet)"
        )
        csv_path.unlink()
        duck.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{parquet}')")
        tables[key] = table
    export_seconds = time.perf_counter() - t0
    statement = re.sub(r"%\((\w+)\)s", r"$\1", ranking_sql(tables))
    params = ranking_params(province.pk, end)
    params["active"] = True
    # Alternately, so that load from other work on the machine falls on both alike.
    ours = county_ranking(province, end)
    duck_rows = duck.execute(statement, params).fetchall()
    ours_times, duck_times = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        ours = county_ranking(province, end)
        ours_times.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        duck_rows = duck.execute(statement, params).fetchall()
        duck_times.append((time.perf_counter() - t0) * 1000)
    ours_median, ours_min = statistics.median(ours_times), min(ours_times)
    duck_median, duck_min = statistics.median(duck_times), min(duck_times)
    ranking_load = load_average()
    if args.explain:
        explain = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else ""
        with connection.cursor() as cursor:
            cursor.execute(
                (explain or "EXPLAIN QUERY PLAN ") + ranking_sql(), ranking_params(province.pk, end)
            )
            print("\n".join(" ".join(map(str, row)) for row in cursor.fetchall()))
    agree = [(s.unit_id, s.funds_yuan, s.rank) for s in ours] == [
        (pk, funds.quantize(s.funds_yuan), rank if target else None)
        for (pk, _, _, funds, target, rank), s in zip(duck_rows, ours, strict=True)
    ]
    parquet_mb = sum(p.stat().st_size for p in workdir.glob("*.parquet")) / 2**20

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print()
    print(f"{date.today()} · {machine} · {connection.vendor} · seed {args.seed}")
    print(
        f"world: {spec.counties} counties × {spec.units} units, {spec.projects} projects, "
        f"{spec.months} months to {end}; {large['lines']:,} return lines "
        f"(county 1 alone: {small['lines']:,}); load {small_load:.0f} s + {large_load:.0f} s"
    )
    print()
    print("| world | return lines | bulletin median (ms) | min (ms) | queries | load avg |")
    print("|---|---|---|---|---|---|")
    for row in (small, large):
        print(
            f"| {row['label']} | {row['lines']:,} | {row['median']:.1f} | {row['min']:.1f} | "
            f"{row['queries']} | {row['load']} |"
        )
    print(
        f"\nratio province/county: {large['median'] / small['median']:.2f} (goal ≤ 1.5); "
        f"same document in both worlds: {same}"
    )
    for row in (small, large):
        print(f"\nslowest statements, {row['label']} (one timed run):")
        for ms, sql in row["slowest"]:
            print(f"  {ms:7.1f} ms  {sql[:160]}")
    print()
    print("| ranking of counties | median (ms) | min (ms) | load avg |")
    print("|---|---|---|---|")
    print(f"| ours ({connection.vendor}) | {ours_median:.1f} | {ours_min:.1f} | {ranking_load} |")
    print(f"| DuckDB over Parquet | {duck_median:.1f} | {duck_min:.1f} | {ranking_load} |")
    print(
        f"\nratio ours/DuckDB: {ours_median / duck_median:.2f} (goal ≤ 3); same ranking: {agree}; "
        f"export to Parquet {export_seconds:.0f} s, {parquet_mb:.0f} MB; "
        f"{len(ours)} counties"
    )


if __name__ == "__main__":
    main()
