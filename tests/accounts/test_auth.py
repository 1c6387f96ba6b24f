"""Authentication baseline: hashing, validators, lock-out, session limits, sign-in log."""

from __future__ import annotations

import time

import pytest
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from giapranh.core.models import AccessLogEntry
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_login_page_is_vietnamese_by_default(client) -> None:
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body and "Mật khẩu" in body


def test_browser_language_does_not_override_vietnamese(client) -> None:
    body = client.get(reverse("accounts:login"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert 'lang="vi"' in body and "Đăng nhập" in body


def test_english_is_available(client) -> None:
    client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    body = client.get(reverse("accounts:login")).content.decode()
    assert 'lang="en"' in body and "Sign in" in body


def test_passwords_are_hashed_with_argon2() -> None:
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.Argon2PasswordHasher"]):
        assert make_password("Mot-mat-khau-dai-2026").startswith("argon2$")
    from giapranh import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize("weak", ["short1!", "password123", "1234567890123"])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_password_like_the_username_is_refused(officer_a) -> None:
    with pytest.raises(ValidationError):
        validate_password("officer_a2026", user=officer_a)


def test_sign_in_lands_on_the_dashboard_and_is_logged(client, officer_a) -> None:
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:dashboard")
    assert AccessLogEntry.objects.filter(action="login", actor_username="officer_a").exists()


def test_wrong_password_says_so_in_vietnamese_and_is_logged_without_the_password(client, officer_a) -> None:
    response = _login(client, "officer_a", "sai-mat-khau-roi")
    assert response.status_code == 200
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.content.decode()
    entry = AccessLogEntry.objects.get(action="login_failed")
    assert entry.actor_username == "officer_a"
    assert all("sai-mat-khau" not in str(v) for v in entry.__dict__.values())


def test_five_failures_lock_the_username_not_the_office(client, officer_a, chief_a) -> None:
    for _ in range(5):
        _login(client, "officer_a", "sai-mat-khau-roi")
    # the right password no longer works for this username …
    response = _login(client, "officer_a", PASSWORD)
    assert response.status_code == 429
    assert "Tài khoản bị khóa" in response.content.decode()
    assert AccessLogEntry.objects.filter(action="locked_out", actor_username="officer_a").exists()
    # … but a colleague behind the same router still signs in
    assert _login(client, "chief_a", PASSWORD).status_code == 302


def test_an_administrator_can_release_a_locked_account(client, officer_a) -> None:
    for _ in range(5):
        _login(client, "officer_a", "sai-mat-khau-roi")
    assert AccessAttempt.objects.filter(username="officer_a").exists()
    reset(username="officer_a")  # what the admin's "delete access attempt" does
    assert _login(client, "officer_a", PASSWORD).status_code == 302


def test_consecutive_means_consecutive(client, officer_a) -> None:
    for _ in range(4):
        _login(client, "officer_a", "sai-mat-khau-roi")
    assert _login(client, "officer_a", PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        _login(client, "officer_a", "sai-mat-khau-roi")
    assert _login(client, "officer_a", PASSWORD).status_code == 302


def _age_session(client, *, idle: float = 0, total: float = 0) -> None:
    session = client.session
    now = time.time()
    session["last_seen"] = now - idle
    session["auth_started"] = now - total
    session.save()


def test_session_ends_after_30_minutes_idle(client, officer_a) -> None:
    client.force_login(officer_a)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    _age_session(client, idle=29 * 60, total=29 * 60)
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    _age_session(client, idle=31 * 60, total=31 * 60)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_session_ends_after_12_hours_even_when_active(client, officer_a) -> None:
    client.force_login(officer_a)
    client.get(reverse("accounts:dashboard"))
    _age_session(client, idle=60, total=12 * 3600 + 60)
    assert client.get(reverse("accounts:dashboard")).status_code == 302
