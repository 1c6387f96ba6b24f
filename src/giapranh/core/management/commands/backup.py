from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from giapranh.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup / pg_dump) with the access-log anchor into one "
        ".tar.gz; safe while the server runs. The access-log key is not included: keep it apart."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", nargs="?", type=Path, default=None,
                            help="Backup file (default var/backups/giapranh-YYYYMMDD-HHMMSS.tar.gz).")

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(settings.VAR_DIR) / "backups" / (
            f"giapranh-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.tar.gz"
        )
        try:
            result = backup_create(output=output)
        except (BackupError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        except Exception as exc:  # pg_dump's CalledProcessError carries its message in stderr
            stderr = getattr(exc, "stderr", b"") or b""
            raise CommandError(f"Backup failed: {stderr.decode(errors='replace').strip() or exc}") from exc
        self.stdout.write(
            f"Backup written: {result.path} ({result.vendor}, {result.size:,} bytes, "
            f"{result.log_rows_anchored} anchor lines)."
        )
