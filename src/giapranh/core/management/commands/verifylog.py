from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from giapranh.core.audit import access_log_verify


class Command(BaseCommand):
    help = (
        "Verify the keyed chain of the access log and its newest rows against the anchor file; "
        "report OK or the first tampered row."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--anchor", type=Path, default=None,
            help="Check against this copy of the anchor file (e.g. one kept on other media).",
        )

    def handle(self, *args: object, **options: object) -> None:
        anchor = options["anchor"]
        report = access_log_verify(anchor_path=anchor if isinstance(anchor, Path) else None)
        if report.ok:
            anchored = f", newest anchored row {report.anchored_id}" if report.anchored_id else ""
            self.stdout.write(f"OK: {report.checked} rows, chain intact{anchored}.")
            return
        if report.bad_id is None:
            raise CommandError(f"NOT VERIFIED: {report.checked} rows intact, but {report.problem}.")
        raise CommandError(
            f"TAMPERED: row {report.bad_id} ({report.problem}); {report.checked} rows before it are intact."
        )
