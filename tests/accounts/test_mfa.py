"""Two-step sign-in: required for chiefs and above, optional for officers, recovery codes, admin reset."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from giapranh.accounts.mfa import mfa_enrolment_confirm, mfa_enrolment_start
from giapranh.core.models import AccessLogEntry
from tests.accounts.otp import code_for, unthrottle, unthrottle_recovery
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings) -> None:
    settings.MFA_REQUIRED = True


def enrol(user) -> tuple[TOTPDevice, list[str]]:
    device = mfa_enrolment_start(user=user)
    codes = mfa_enrolment_confirm(user=user, device=device, code=code_for(device))
    assert codes is not None
    return device, codes


def _password(client, username: str):
    return client.post(reverse("accounts:login"), {"username": username, "password": PASSWORD})


def test_a_chief_without_an_authenticator_is_sent_to_set_it_up_before_anything_else(client, chief_a) -> None:
    # when
    response = _password(client, "chief_a")
    # then: signed in, but every page leads to the set-up page
    assert response.status_code == 302
    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 302 and dashboard["Location"] == reverse("accounts:mfa_setup")
    assert client.get("/incidents/").status_code == 302
    assert client.get("/api/v1/me").status_code == 403
    page = client.get(reverse("accounts:mfa_setup"))
    assert page.status_code == 200 and b'data-testid="mfa-required"' in page.content


def test_enrolment_shows_a_qr_code_drawn_by_the_server_and_gives_ten_recovery_codes(client, chief_a) -> None:
    client.force_login(chief_a)
    page = client.get(reverse("accounts:mfa_setup")).content.decode()
    assert reverse("accounts:mfa_qr") in page
    qr = client.get(reverse("accounts:mfa_qr"))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert qr["Cache-Control"] == "no-store"
    device = TOTPDevice.objects.get(user=chief_a, confirmed=False)
    # a wrong code is refused
    response = client.post(reverse("accounts:mfa_setup"), {"code": "000000" if code_for(device) != "000000" else "111111"})
    assert b'data-testid="code-error"' in response.content
    # the right one turns it on (once django-otp's pause after a wrong code is over)
    unthrottle(device)
    response = client.post(reverse("accounts:mfa_setup"), {"code": code_for(device, step=1)})
    body = response.content.decode()
    assert 'data-testid="recovery-codes"' in body and body.count("<li><code>") == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticToken.objects.filter(device__user=chief_a).count() == 10
    shown = set(re.findall(r"<li><code>([^<]+)</code>", body))
    stored = set(StaticToken.objects.filter(device__user=chief_a).values_list("token", flat=True))
    assert len(shown) == 10 and not shown & stored  # the database holds keyed digests, not the codes
    assert AccessLogEntry.objects.filter(action="mfa_enrolled", actor_username="chief_a").exists()
    # and the session that did it goes on
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    # the confirmed secret is never drawn again
    assert client.get(reverse("accounts:mfa_qr")).status_code == 200
    assert TOTPDevice.objects.filter(user=chief_a, confirmed=True).count() == 1


def test_sign_in_takes_the_password_then_the_code(client, chief_a) -> None:
    device, _codes = enrol(chief_a)
    # when: the password is right
    response = _password(client, "chief_a")
    # then: not signed in yet
    assert response["Location"] == reverse("accounts:login_verify")
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert not AccessLogEntry.objects.filter(action="login").exists()
    # a wrong code is refused and logged
    wrong = client.post(reverse("accounts:login_verify"), {"code": "123456" if code_for(device, step=1) != "123456" else "654321"})
    assert wrong.status_code == 200 and "Mã này không đúng" in wrong.content.decode()
    assert AccessLogEntry.objects.filter(action="mfa_failed", actor_username="chief_a").exists()
    # the right code (after the throttle's pause) signs in
    unthrottle(device)
    right = client.post(reverse("accounts:login_verify"), {"code": code_for(device, step=1)})
    assert right.status_code == 302 and right["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert AccessLogEntry.objects.filter(action="login", actor_username="chief_a").exists()


def test_a_recovery_code_works_once(client, chief_a) -> None:
    _device, codes = enrol(chief_a)
    _password(client, "chief_a")
    assert client.post(reverse("accounts:login_verify"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    assert AccessLogEntry.objects.get(action="recovery_used").reason == "9 left"
    client.logout()
    # the same code again is refused
    _password(client, "chief_a")
    again = client.post(reverse("accounts:login_verify"), {"code": codes[0]})
    assert again.status_code == 200
    assert client.get(reverse("accounts:dashboard")).status_code == 302


def test_the_code_step_cannot_be_skipped_or_guessed_forever(client, chief_a) -> None:
    enrol(chief_a)
    # straight to the code step without the password
    assert client.get(reverse("accounts:login_verify"))["Location"] == reverse("accounts:login")
    _password(client, "chief_a")
    for _ in range(5):
        response = client.post(reverse("accounts:login_verify"), {"code": "000001"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert client.post(reverse("accounts:login_verify"), {"code": "000001"})["Location"] == reverse("accounts:login")


def test_officers_may_go_without_but_once_enrolled_are_asked_too(client, officer_a) -> None:
    assert _password(client, "officer_a")["Location"] == reverse("accounts:dashboard")
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    client.logout()
    enrol(officer_a)
    assert _password(client, "officer_a")["Location"] == reverse("accounts:login_verify")


def test_a_password_only_session_of_an_enrolled_user_is_ended(client, chief_a) -> None:
    # e.g. the admin's own sign-in form, which has no second step
    enrol(chief_a)
    client.force_login(chief_a)
    response = client.get(reverse("accounts:dashboard"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    assert client.get("/admin/login/")["Location"].startswith(reverse("accounts:login"))


def test_an_administrator_resets_two_step_sign_in_and_it_is_logged(client, chief_a, administrator) -> None:
    # given: the chief lost the phone; the administrator signs in with their own code
    chief_client = client.__class__()
    device, _codes = enrol(chief_a)
    _password(chief_client, "chief_a")
    chief_client.post(reverse("accounts:login_verify"), {"code": code_for(device, step=1)})
    assert chief_client.get(reverse("accounts:dashboard")).status_code == 200
    admin_device, _ = enrol(administrator)
    _password(client, "admin_it")
    client.post(reverse("accounts:login_verify"), {"code": code_for(admin_device, step=1)})
    # when
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_step", "_selected_action": [chief_a.pk]},
    )
    assert response.status_code == 302
    # then
    assert not TOTPDevice.objects.filter(user=chief_a).exists()
    assert not StaticToken.objects.filter(device__user=chief_a).exists()
    entry = AccessLogEntry.objects.get(action="mfa_reset")
    assert entry.actor_username == "admin_it" and entry.target_ref == str(chief_a.public_id)
    # the chief's open session ends, and the next sign-in leads to the set-up page
    assert chief_client.get(reverse("accounts:dashboard")).status_code == 302
    _password(chief_client, "chief_a")
    assert chief_client.get(reverse("accounts:dashboard"))["Location"] == reverse("accounts:mfa_setup")


def test_renewing_recovery_codes_replaces_them(client, chief_a) -> None:
    device, old = enrol(chief_a)
    _password(client, "chief_a")
    client.post(reverse("accounts:login_verify"), {"code": code_for(device, step=1)})
    page = client.get(reverse("accounts:mfa_setup"))
    assert b'data-testid="mfa-on"' in page.content
    body = client.post(reverse("accounts:mfa_setup"), {"action": "renew-codes"}).content.decode()
    assert body.count("<li><code>") == 10
    assert client.get(reverse("accounts:dashboard")).status_code == 200
    client.logout()
    _password(client, "chief_a")
    assert client.post(reverse("accounts:login_verify"), {"code": old[1]}).status_code == 200  # refused
    new = re.findall(r"<li><code>([^<]+)</code>", body)
    unthrottle_recovery(chief_a)
    assert client.post(reverse("accounts:login_verify"), {"code": new[0]}).status_code == 302


def test_the_demo_command_gives_demo_chiefs_a_published_demo_authenticator(client, capsys) -> None:
    from django.core.management import call_command

    from giapranh.accounts.demo import DEMO_PASSWORD, demo_totp_secret
    from giapranh.territory.loading import units_load

    units_load(provinces=["26", "08"], progress=False)
    call_command("demo")
    out = capsys.readouterr().out
    assert "DEMO ONLY" in out and demo_totp_secret() in out
    assert set(TOTPDevice.objects.values_list("user__username", flat=True)) == {
        "qy.truong", "td.truong", "hl.truong", "lc.truong", "ts.truong", "dp.truong", "songlo.captren",
        "cum.thuongtruc", "quantri",
    }
    # the officer is not given one; the chief signs in with the demo code
    call_command("demo", "--code")
    code = capsys.readouterr().out.strip()
    client.post(reverse("accounts:login"), {"username": "qy.truong", "password": DEMO_PASSWORD})
    assert client.post(reverse("accounts:login_verify"), {"code": code})["Location"] == reverse("accounts:dashboard")


def test_an_officer_who_is_not_staff_reaches_the_admin_sign_in_page_without_a_loop(client, officer_a) -> None:
    client.force_login(officer_a)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200 and len(response.redirect_chain) == 1
    assert response.redirect_chain[0][0].startswith("/admin/login/")
