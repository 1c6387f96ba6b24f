from django.core.management.base import BaseCommand, CommandError, CommandParser

from giapranh.accounts.models import User
from giapranh.accounts.services import api_token_create


class Command(BaseCommand):
    help = "Manage API tokens: `giapranh token create USERNAME [--name NAME]` prints a new token once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["create"])
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for (e.g. the client's name).")

    def handle(self, *args: object, **options: str) -> None:
        try:
            user = User.objects.get(username=options["username"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"No active user named {options['username']!r}.") from exc
        raw = api_token_create(user=user, name=options["name"])
        self.stdout.write(raw)
        self.stderr.write("Store this token now: it is not kept and cannot be shown again.")
