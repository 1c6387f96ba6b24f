from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from giapranh.accounts.models import ApiToken, User
from giapranh.accounts.services import api_token_create, api_token_revoke


class Command(BaseCommand):
    help = (
        "Manage API tokens: `token create USERNAME [--name N] [--days D]` prints a new token once; "
        "`token list USERNAME`; `token revoke ID`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create a token and print it once.")
        create.add_argument("username")
        create.add_argument("--name", default="", help="What the token is for (e.g. the client's name).")
        create.add_argument("--days", type=int, default=None, help="Lifetime in days (default 90).")
        listing = sub.add_parser("list", help="A user's tokens: id, name, created, expires, last used, state.")
        listing.add_argument("username")
        revoke = sub.add_parser("revoke", help="Revoke a token by the id `token list` shows.")
        revoke.add_argument("token_id", type=int)

    def handle(self, *args: object, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = self._user(options["username"], active=True)
            days = options["days"]
            if days is not None and days < 1:
                raise CommandError("--days must be at least 1.")
            raw = api_token_create(user=user, name=options["name"], days=days)
            token = ApiToken.objects.get(digest=ApiToken.digest_of(raw))
            self.stdout.write(raw)
            self.stderr.write(
                f"Token {token.pk} expires {timezone.localtime(token.expires_at):%d/%m/%Y %H:%M}. "  # type: ignore[arg-type]
                "Store it now: it is not kept and cannot be shown again."
            )
        elif action == "list":
            user = self._user(options["username"], active=False)
            self.stdout.write(f"{'ID':>6}  {'PREFIX':<9} {'NAME':<24} {'CREATED':<17} {'EXPIRES':<17} {'LAST USED':<17} STATE")
            now = timezone.now()
            for token in ApiToken.objects.filter(user=user).order_by("created_at"):
                state = "revoked" if token.revoked_at else (
                    "expired" if token.expires_at and token.expires_at <= now else "active"
                )
                self.stdout.write(
                    f"{token.pk:>6}  {token.prefix:<9} {token.name[:24]:<24} {_when(token.created_at):<17} "
                    f"{_when(token.expires_at):<17} {_when(token.last_used_at):<17} {state}"
                )
        else:
            try:
                token = ApiToken.objects.select_related("user").get(pk=options["token_id"])
            except ApiToken.DoesNotExist as exc:
                raise CommandError(f"No token with id {options['token_id']}.") from exc
            if api_token_revoke(token=token):
                self.stdout.write(f"Token {token.pk} ({token.prefix}…) of {token.user.username} revoked.")
            else:
                self.stdout.write(f"Token {token.pk} was already revoked.")

    @staticmethod
    def _user(username: str, *, active: bool) -> User:
        users = User.objects.filter(username=username)
        if active:
            users = users.filter(is_active=True)
        user = users.first()
        if user is None:
            raise CommandError(f"No {'active ' if active else ''}user named {username!r}.")
        return user


def _when(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else "-"
