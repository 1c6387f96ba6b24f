"""Writes on users, their tokens and their sign-in: each writes its access-log row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from giapranh.accounts.models import Agency, ApiToken, User
from giapranh.accounts.signals import security_event_log

_UNSET: Any = object()


def _actor_name(actor: Any | None, fallback: str) -> str:
    return getattr(actor, "username", "") or fallback


@transaction.atomic
def api_token_create(
    *, user: User, actor: Any | None = None, name: str = "", days: int | None = None
) -> str:
    """Create an API token for `user` valid for `days`; the raw token is returned once and never stored."""
    days = settings.API_TOKEN_DEFAULT_DAYS if days is None else days
    if days < 1:
        raise ValueError("A token lives at least one day.")
    raw = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user, name=name[:100], prefix=raw[:8], digest=ApiToken.digest_of(raw),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    security_event_log(
        actor=actor, actor_username=_actor_name(actor, "command line"), action="token_created",
        target=user, reason=f"token {token.pk} ({token.prefix}), {days} days",
    )
    return raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Any | None = None) -> bool:
    """Revoke one token; False when it was already revoked."""
    updated = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if updated:
        security_event_log(
            actor=actor, actor_username=_actor_name(actor, "command line"), action="token_revoked",
            target=token.user, reason=f"token {token.pk} ({token.prefix})",
        )
    return bool(updated)


def api_token_authenticate(*, raw: str) -> User | None:
    """The active user holding this unexpired, unrevoked token, or None."""
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user__agency__jurisdiction")
        .filter(digest=ApiToken.digest_of(raw), revoked_at__isnull=True, user__is_active=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


@transaction.atomic
def user_sessions_end(*, user: User, actor: Any | None, reason: str, revoke_tokens: bool = True) -> int:
    """End every session of `user` and revoke their API tokens; returns the number of tokens revoked."""
    # The epoch is part of the session hash: every session the user has stops authenticating.
    User.objects.filter(pk=user.pk).update(session_epoch=F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])
    revoked = 0
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True) if revoke_tokens else ApiToken.objects.none()
    for token in tokens:
        revoked += api_token_revoke(token=token, actor=actor)
    security_event_log(
        actor=actor, actor_username=_actor_name(actor, "command line"), action="sessions_ended",
        target=user, reason=reason,
    )
    return revoked


@dataclass(frozen=True)
class UserSecurityState:
    """What, when it changes, ends a user's sessions and tokens."""

    role: str
    agency_id: int | None
    is_active: bool

    @classmethod
    def of(cls, user: User) -> UserSecurityState:
        return cls(user.role, user.agency_id, user.is_active)


@transaction.atomic
def user_changes_record(*, user: User, actor: Any | None, before: UserSecurityState) -> None:
    """Log role, agency and activation changes already saved, and end sessions and tokens if any."""
    after = UserSecurityState.of(user)
    changes = []
    if after.role != before.role:
        changes.append("role")
        security_event_log(actor=actor, actor_username=_actor_name(actor, "command line"), action="role_changed",
                          target=user, reason=f"{before.role} -> {after.role}")
    if after.agency_id != before.agency_id:
        changes.append("agency")
        codes: dict[int | None, str] = dict(
            Agency.objects.filter(pk__in=[before.agency_id, after.agency_id]).values_list("pk", "code")
        )
        security_event_log(actor=actor, actor_username=_actor_name(actor, "command line"), action="agency_changed",
                          target=user, reason=f"{codes.get(before.agency_id, '-')} -> {codes.get(after.agency_id, '-')}")
    if before.is_active and not after.is_active:
        changes.append("disabled")
        security_event_log(actor=actor, actor_username=_actor_name(actor, "command line"), action="deactivated",
                          target=user)
    if changes:
        user_sessions_end(user=user, actor=actor, reason=", ".join(changes))


@transaction.atomic
def user_update(
    *, user: User, actor: Any | None, role: str = _UNSET, agency: Agency | None = _UNSET, is_active: bool = _UNSET
) -> User:
    """Change a user's role, agency or activation; a change ends their sessions and tokens."""
    before = UserSecurityState.of(user)
    fields = []
    if role is not _UNSET:
        user.role = role
        fields.append("role")
    if agency is not _UNSET:
        user.agency = agency
        fields.append("agency")
    if is_active is not _UNSET:
        user.is_active = is_active
        fields.append("is_active")
    user.full_clean()
    user.save(update_fields=fields)
    user_changes_record(user=user, actor=actor, before=before)
    return user


@transaction.atomic
def user_password_set(*, user: User, actor: Any | None, password: str) -> None:
    """Set a new password (other sessions end with the old password's hash) and log it."""
    user.set_password(password)
    user.save(update_fields=["password"])
    user_password_changed_record(user=user, actor=actor)


def user_password_changed_record(*, user: User, actor: Any | None) -> None:
    """Log a password change made elsewhere (the admin's password form)."""
    security_event_log(actor=actor, actor_username=_actor_name(actor, "command line"),
                      action="password_changed", target=user)
