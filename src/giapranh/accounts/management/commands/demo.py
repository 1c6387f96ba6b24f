from django.core.management.base import BaseCommand

from giapranh.accounts.demo import DEMO_PASSWORD, demo_load


class Command(BaseCommand):
    help = "Create the demo cluster (Sông Lô – Sơn Dương), its agencies and one user per role. Idempotent."

    def handle(self, *args: object, **options: object) -> None:
        result = demo_load()
        if result.created:
            self.stdout.write(f"Created: {', '.join(result.created)}")
        else:
            self.stdout.write("Demo data already present; nothing created.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        for username, role, agency in result.users:
            self.stdout.write(f"  {username:<16} {role:<28} {agency}")
