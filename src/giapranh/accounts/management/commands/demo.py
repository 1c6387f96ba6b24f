import time
from typing import Any

from django.core.management.base import BaseCommand

from giapranh.accounts.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = (
        "Create the demo cluster (Sông Lô – Sơn Dương), its agencies, one user per role and its records "
        "since July 2015. Idempotent."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-records", action="store_true",
            help="Only the cluster, agencies and users, without the five years of records.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        started = time.monotonic()
        result = demo_load(records=not options["no_records"])
        if result.created:
            self.stdout.write(f"Created: {', '.join(result.created)}")
        else:
            self.stdout.write("Demo data already present; nothing created.")
        if result.records:
            self.stdout.write(f"Records generated: {result.records} in {time.monotonic() - started:.1f} s")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, role, agency in result.users:
            self.stdout.write(f"  {username:<16} {role:<28} {agency}")
