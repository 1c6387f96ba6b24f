from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giapranh.core.audit import access_log_verify
from giapranh.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `giapranh backup` file into an EMPTY database (the one DATABASE_URL names), put its "
        "access-log anchor in place (an existing anchor file is moved aside), then verify the access log."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup_restore(archive_path=options["backup"])
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Restored {result.vendor} backup of {result.manifest['created_at']}.")
        if result.anchor_moved_to:
            self.stdout.write(f"The anchor file that was there is kept as {result.anchor_moved_to}.")
        report = access_log_verify()
        if not report.ok:
            raise CommandError(f"Access log does NOT verify after the restore: {report.problem} at row {report.bad_id}.")
        self.stdout.write(f"Access log: OK, {report.checked} rows, newest anchored row {report.anchored_id}.")
        self.stdout.write("Next: `giapranh migrate` if this release is newer than the backup.")
