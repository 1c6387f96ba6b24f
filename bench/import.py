"""Benchmark of the Excel import (core.spreadsheets): N self-management group rows in one XLSX.

Usage (the database is thrown away and rebuilt: its name must contain "bench"):

    DATABASE_URL=sqlite:////tmp/bench_import.sqlite3 .venv/bin/python bench/import.py --rows 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_import .venv/bin/python bench/import.py --rows 100000

It creates the database, runs the migrations, makes one commune with its police
and an officer, writes an XLSX of N rows with the template's headers (villages,
group names, leaders, households, founding dates, some dissolved), then times,
as the officer, through the same function the page and the API call:
the first import (read, check every row, write in one transaction, reporting
its progress to the shared cache as the page does), a re-import of the same file (every row found by its natural key, nothing
written), and the export of the whole list.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from person_search import prepare_database, setup_django  # noqa: E402  # the benchmarks' one throwaway-database setup

VILLAGES = [f"Thôn {name}" for name in ("Đồng", "Chùa", "Gò", "Bãi", "Nà", "Khuôn", "Pác", "Cầu", "Mới", "Trung")]
LEADERS = ["Nguyễn Văn Tâm", "Lê Thị Hoa", "Hoàng Văn Sinh", "Trần Văn Bình", "Ma Văn Hùng", "Nông Thị Lan"]


def workbook(rows: int, rng: random.Random) -> bytes:
    from openpyxl import Workbook

    from giapranh.community.records import GROUPS
    from giapranh.core.spreadsheets import sheet_for

    book = Workbook(write_only=True)
    data = book.create_sheet("To lien gia")
    data.append(sheet_for(GROUPS).headers)  # type: ignore[union-attr]
    for i in range(rows):
        founded = dt.date(2010, 1, 1) + dt.timedelta(days=rng.randrange(5000))
        dissolved = founded + dt.timedelta(days=rng.randrange(200, 3000)) if rng.random() < 0.05 else None
        data.append([rng.choice(VILLAGES), f"Tổ liên gia số {i + 1}", rng.choice(LEADERS), rng.randrange(5, 40), founded, dissolved])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-progress", action="store_true", help="import without reporting progress (to measure what reporting costs)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "sqlite:////tmp/bench_import.sqlite3")
    prepare_database(url, reuse=False)
    setup_django(url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from giapranh.accounts.models import Agency, User
    from giapranh.community.models import SelfManagementGroup
    from giapranh.community.records import GROUPS
    from giapranh.core.spreadsheet_views import ImportProgress
    from giapranh.core.spreadsheets import export_workbook, import_workbook, sheet_for
    from giapranh.territory.models import AdminUnit

    province = AdminUnit.objects.create(level="province", unit_type="tinh", code="99", name="Tỉnh Thử Nghiệm", short_name="Thử Nghiệm", edition="legacy63", valid_to=dt.date(2025, 6, 30))
    commune = AdminUnit.objects.create(level="commune", unit_type="xa", code="99001", name="Xã Thử", short_name="Thử", parent=province, edition="legacy63", valid_to=dt.date(2025, 6, 30))
    agency = Agency.objects.create(name="Công an xã Thử", code="XT", kind="commune_police", jurisdiction=commune)
    officer = User.objects.create(username="bench_officer", agency=agency, role="commune_officer")
    sheet = sheet_for(GROUPS)
    assert sheet is not None

    started = time.perf_counter()
    content = workbook(args.rows, random.Random(10))
    print(f"workbook of {args.rows:,} rows: {len(content) / 1e6:.1f} MB, written in {time.perf_counter() - started:.1f} s")

    # Wall time is the target; CPU time of this process says how much of it the machine's other load took.
    # The import reports its progress to the shared cache, as the page's does (core.spreadsheet_views).
    progress = ImportProgress.reserve(user=officer, record_type=GROUPS)
    reports = 0

    def report(phase: str, done: int, total: int) -> None:
        nonlocal reports
        reports += 1
        progress.report(phase, done, total)

    started, cpu = time.perf_counter(), time.process_time()
    result = import_workbook(sheet=sheet, actor=officer, upload=io.BytesIO(content), progress=None if args.no_progress else report)
    progress.finish(result)
    first = time.perf_counter() - started
    assert result.ok, result.errors[:5]
    print(f"import:    {first:6.1f} s wall, {time.process_time() - cpu:5.1f} s CPU  created {result.created:,}  ({args.rows / first:,.0f} rows/s, {reports} progress reports)")

    started, cpu = time.perf_counter(), time.process_time()
    again = import_workbook(sheet=sheet, actor=officer, upload=io.BytesIO(content))
    second = time.perf_counter() - started
    print(f"re-import: {second:6.1f} s wall, {time.process_time() - cpu:5.1f} s CPU  created {again.created:,}, updated {again.updated:,}, unchanged {again.unchanged:,}")
    assert SelfManagementGroup.objects.count() == args.rows

    started = time.perf_counter()
    exported = export_workbook(record_type=GROUPS, records=GROUPS.list_for(user=officer).iterator(chunk_size=2000), user=officer)
    print(f"export:    {time.perf_counter() - started:6.1f} s  ({len(exported) / 1e6:.1f} MB)")
    verdict = "under" if first < 30 else "OVER"
    print(f"target: {args.rows:,} rows imported in under 30 s: {verdict} ({first:.1f} s)")


if __name__ == "__main__":
    main()
