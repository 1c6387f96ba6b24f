"""Benchmark: the demo cluster's five-year review report (JSON), as the CLI and the API compute it.

Builds a throwaway database (its name must contain `bench`): migrations, the
real units of Vĩnh Phúc and Tuyên Quang, `giapranh demo` (agencies, users and
the records since July 2015). Then times `report_compute` + the JSON export
for 01/07/2015 – 30/06/2020, as the system reader and as the coordinator (each
run starts from a freshly loaded user, as a request does).

    DATABASE_URL=sqlite:////tmp/bench_report.sqlite3 .venv/bin/python bench/report.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_report .venv/bin/python bench/report.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from person_search import prepare_database, setup_django  # noqa: E402  # the benchmarks' one throwaway-database setup


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--reuse", action="store_true", help="keep a database that already holds the demo")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    prepare_database(url, reuse=args.reuse)  # refuses any database whose name lacks "bench"
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    from giapranh.accounts.models import User
    from giapranh.reports.exports import report_json
    from giapranh.reports.selectors import SystemReader, report_compute, scope_resolve
    from giapranh.territory.loading import units_load

    if not args.reuse:
        call_command("migrate", verbosity=0)
        units_load(provinces=["26", "08"], progress=False)
        started = time.monotonic()
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"demo generated in {time.monotonic() - started:.1f} s")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    start, end = dt.date(2015, 7, 1), dt.date(2020, 6, 30)

    def run(reader_factory: object) -> list[float]:
        times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            reader = reader_factory()  # type: ignore[operator]
            scope = scope_resolve(user=reader, cluster="song-lo-son-duong", start=start, end=end)
            data = report_compute(reader=reader, scope=scope, start=start, end=end)
            payload = json.loads(report_json(data))
            times.append((time.perf_counter() - began) * 1000)
        assert payload["figures"]["incidents.total"]["value"] == 172
        return times

    for name, factory in (
        ("system reader (CLI)", SystemReader),
        ("coordinator", lambda: User.objects.select_related("agency").get(username="cum.thuongtruc")),
    ):
        times = run(factory)
        print(f"{connection.vendor:10} {name:22} median {statistics.median(times):6.1f} ms  "
              f"p95 {sorted(times)[int(len(times) * 0.95) - 1]:6.1f} ms  max {max(times):6.1f} ms  ({args.runs} runs)")


if __name__ == "__main__":
    main()
