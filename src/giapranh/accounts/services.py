from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from giapranh.accounts.models import ApiToken, User


@transaction.atomic
def api_token_create(*, user: User, name: str = "") -> str:
    """Create an API token for `user`; the raw token is returned once and never stored."""
    raw = ApiToken.generate()
    ApiToken.objects.create(user=user, name=name, prefix=raw[:8], digest=ApiToken.digest_of(raw))
    return raw


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user holding this token, or None."""
    token = (
        ApiToken.objects.select_related("user__agency__jurisdiction")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
