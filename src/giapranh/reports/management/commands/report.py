"""`giapranh report`: a review report of a cluster or a unit for a period, as JSON, DOCX or XLSX."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from giapranh.accounts.models import User
from giapranh.reports.exports import report_export
from giapranh.reports.selectors import SystemReader, report_compute, scope_resolve


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = (
        "Write the review report of a cluster (--cluster SLUG) or a unit (--unit CODE --edition legacy|current) "
        "for a period. Without --user the command reads every record, as the operator who runs it "
        "can read the database anyway; with --user it shows what that user may see."
    )

    def add_arguments(self, parser: Any) -> None:
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--cluster", help="cluster slug, e.g. song-lo-son-duong")
        target.add_argument("--unit", help="official code of a commune, district or province")
        parser.add_argument("--edition", choices=["legacy", "current"], default="current",
                            help="which official list the unit code refers to (codes repeat across the 2025 reform)")
        parser.add_argument("--from", dest="start", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=["json", "docx", "xlsx"], default="json")
        parser.add_argument("--output", help="file to write (default: standard output for JSON)")
        parser.add_argument("--user", help="compute as this user (what they may see)")

    def handle(self, *args: Any, **options: Any) -> None:
        start, end = _day(options["start"]), _day(options["end"])
        if end < start:
            raise CommandError("--to is before --from")
        reader: Any = SystemReader()
        if options["user"]:
            reader = User.objects.select_related("agency").filter(username=options["user"], is_active=True).first()
            if reader is None:
                raise CommandError("No such active user.")
        try:
            scope = scope_resolve(
                user=reader, cluster=options["cluster"], unit=options["unit"], edition=options["edition"],
                start=start, end=end,
            )
        except Http404:
            raise CommandError("No such cluster or unit (or it is not listed for the user).") from None
        data = report_compute(reader=reader, scope=scope, start=start, end=end)
        content = report_export(data=data, fmt=options["format"], reader=reader)
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Written {options['output']} ({len(content)} bytes)")
        elif options["format"] == "json":
            self.stdout.write(content.decode())
        else:
            raise CommandError("--output is required for DOCX and XLSX.")
