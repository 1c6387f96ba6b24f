from django.core.management.base import BaseCommand, CommandError

from giapranh.core.audit import access_log_verify


class Command(BaseCommand):
    help = "Verify the hash chain of the access log; report OK or the first tampered row."

    def handle(self, *args: object, **options: object) -> None:
        report = access_log_verify()
        if report.ok:
            self.stdout.write(f"OK: {report.checked} rows, chain intact.")
            return
        raise CommandError(
            f"TAMPERED: row {report.bad_id} ({report.problem}); {report.checked} rows before it are intact."
        )
