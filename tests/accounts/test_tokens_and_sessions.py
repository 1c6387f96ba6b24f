"""API token lifetime and the sessions and tokens a user loses when their standing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from giapranh.accounts.choices import Role
from giapranh.accounts.models import ApiToken
from giapranh.accounts.services import api_token_create, user_password_set, user_update
from giapranh.core.models import AccessGrant, AccessLogEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _me(client, raw: str) -> int:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {raw}"}).status_code


def test_a_token_expires_after_90_days_by_default(client, officer_a) -> None:
    raw = api_token_create(user=officer_a, name="báo cáo tháng")
    token = ApiToken.objects.get()
    assert token.name == "báo cáo tháng"
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=90))) < dt.timedelta(minutes=1)
    assert _me(client, raw) == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    # when: the 90 days are over
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    # then
    assert _me(client, raw) == 401


def test_token_create_list_and_revoke_commands_are_logged(client, officer_a, capsys) -> None:
    # when
    call_command("token", "create", "officer_a", "--name", "tích hợp", "--days", "7")
    raw = capsys.readouterr().out.strip()
    token = ApiToken.objects.get()
    assert abs(token.expires_at - (timezone.now() + dt.timedelta(days=7))) < dt.timedelta(minutes=1)
    call_command("token", "list", "officer_a")
    listing = capsys.readouterr().out
    assert f"{token.pk:>6}" in listing and "tích hợp" in listing and "active" in listing
    assert raw not in listing
    call_command("token", "revoke", str(token.pk))
    assert "revoked" in capsys.readouterr().out
    # then
    assert _me(client, raw) == 401
    call_command("token", "list", "officer_a")
    assert "revoked" in capsys.readouterr().out
    created, revoked = AccessLogEntry.objects.filter(action__startswith="token_").order_by("id")
    assert (created.action, created.target_ref, created.actor_username) == ("token_created", str(officer_a.public_id), "command line")
    assert revoked.action == "token_revoked" and f"token {token.pk}" in revoked.reason
    assert raw not in created.reason


def test_the_token_command_refuses_bad_input(officer_a) -> None:
    with pytest.raises(CommandError, match="No active user"):
        call_command("token", "create", "nobody")
    with pytest.raises(CommandError, match="at least 1"):
        call_command("token", "create", "officer_a", "--days", "0")
    with pytest.raises(CommandError, match="No token"):
        call_command("token", "revoke", "999999")


def test_a_role_change_ends_sessions_and_tokens(client, officer_a, administrator) -> None:
    # given: the officer is signed in and holds a token
    client.force_login(officer_a)
    raw = api_token_create(user=officer_a)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    # when
    user_update(user=officer_a, actor=administrator, role=Role.COMMUNE_CHIEF)
    # then: the session no longer authenticates and the token is revoked
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert _me(client, raw) == 401
    actions = list(AccessLogEntry.objects.filter(target_ref=str(officer_a.public_id)).values_list("action", "reason"))
    assert ("role_changed", "commune_officer -> commune_chief") in actions
    assert ("sessions_ended", "role") in [(a, r) for a, r in actions]
    assert any(a == "token_revoked" for a, _ in actions)


def test_an_agency_change_ends_sessions_and_is_logged_by_agency_code(client, officer_a, administrator, world) -> None:
    client.force_login(officer_a)
    user_update(user=officer_a, actor=administrator, agency=world.police_b)
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    entry = AccessLogEntry.objects.get(action="agency_changed")
    assert entry.reason == "QY -> TD" and entry.actor_username == "admin_it"


def test_a_password_change_is_logged_and_other_sessions_end(client, officer_a, administrator) -> None:
    client.force_login(officer_a)
    user_password_set(user=officer_a, actor=administrator, password="Mot-mat-khau-moi-2026")
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert AccessLogEntry.objects.filter(action="password_changed", target_ref=str(officer_a.public_id)).exists()


def test_disabling_in_the_admin_ends_sessions_and_tokens(client, officer_a, administrator) -> None:
    # given
    officer_client = client.__class__()
    officer_client.force_login(officer_a)
    raw = api_token_create(user=officer_a)
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[officer_a.pk])
    # when: the administrator unticks "active" and changes the role in the admin
    data = {
        "username": "officer_a", "first_name": "", "last_name": "", "email": "",
        "is_staff": "", "is_superuser": "", "is_active": "", "groups": [], "user_permissions": [],
        "last_login_0": "", "last_login_1": "", "date_joined_0": "01/01/2026", "date_joined_1": "00:00:00",
        "agency": str(officer_a.agency_id), "role": Role.COMMUNE_CHIEF,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    # then
    assert officer_client.get(reverse("accounts:dashboard")).status_code == 302
    assert _me(officer_client, raw) == 401
    actions = set(AccessLogEntry.objects.filter(target_ref=str(officer_a.public_id)).values_list("action", flat=True))
    assert {"deactivated", "role_changed", "sessions_ended", "token_revoked"} <= actions


def test_a_password_set_in_the_admin_is_logged(client, officer_a, administrator) -> None:
    client.force_login(administrator)
    url = reverse("admin:auth_user_password_change", args=[officer_a.pk])
    response = client.post(url, {"password1": "Mot-mat-khau-moi-2026", "password2": "Mot-mat-khau-moi-2026", "usable_password": "true"})
    assert response.status_code == 302
    entry = AccessLogEntry.objects.get(action="password_changed")
    assert entry.actor_username == "admin_it" and entry.target_ref == str(officer_a.public_id)


def test_an_access_grant_made_in_the_admin_is_logged(client, administrator, world) -> None:
    from django.contrib.contenttypes.models import ContentType

    from giapranh.accounts.models import User

    client.force_login(administrator)
    content_type = ContentType.objects.get_for_model(User)
    response = client.post(
        reverse("admin:core_accessgrant_add"),
        {"content_type": content_type.pk, "object_id": administrator.pk, "agency": world.police_b.pk, "reason": "Công văn 12/CV"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    grant = AccessGrant.objects.get()
    assert grant.granted_by == administrator
    entry = AccessLogEntry.objects.get(action="grant")
    assert entry.target_type == "accounts.user" and entry.target_ref == str(administrator.public_id)
    assert entry.reason == "agency TD: Công văn 12/CV"


def test_sign_in_still_works_after_the_epoch_moved(client, officer_a, administrator) -> None:
    user_update(user=officer_a, actor=administrator, role=Role.COMMUNE_CHIEF)
    user_update(user=officer_a, actor=administrator, role=Role.COMMUNE_OFFICER)
    response = client.post(reverse("accounts:login"), {"username": "officer_a", "password": PASSWORD})
    assert response.status_code == 302
