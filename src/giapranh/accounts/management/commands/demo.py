import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from giapranh.accounts.demo import (
    DEMO_PASSWORD,
    demo_load,
    demo_totp_code,
    demo_totp_load,
    demo_totp_secret,
)


class Command(BaseCommand):
    help = (
        "Create the demo cluster (Sông Lô – Sơn Dương), its agencies, one user per role and its records "
        "since July 2015. Idempotent."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-records", action="store_true",
            help="Only the cluster, agencies and users, without the five years of records.",
        )
        parser.add_argument(
            "--code", action="store_true",
            help="DEMO ONLY: print the code the demo authenticator shows now, and nothing else.",
        )

    def handle(self, *args: object, **options: Any) -> None:
        if options["code"]:
            self.stdout.write(demo_totp_code())
            return
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
        names = demo_totp_load()
        self.stdout.write("")
        self.stdout.write("DEMO ONLY - two-step sign-in for " + ", ".join(names) + ":")
        self.stdout.write(f"  authenticator secret (the same for all of them): {demo_totp_secret()}")
        self.stdout.write("  add it to an authenticator app, or print the current code with `giapranh demo --code`.")
        self.stdout.write("  This secret is published: never load the demo users into a real deployment.")
