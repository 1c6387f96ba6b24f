"""A chief signs in with a password and a code from the authenticator app, in a real browser."""

from __future__ import annotations

from django.test import override_settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from giapranh.accounts.demo import DEMO_PASSWORD
from giapranh.core.models import AccessLogEntry
from tests.accounts.otp import code_for, unthrottle
from tests.e2e.conftest import login


@override_settings(MFA_REQUIRED=True)
def test_a_chief_enrols_then_signs_in_with_a_code_and_a_recovery_code_works_once(page, demo_world) -> None:
    # given: the Quang Yên chief signs in with the password for the first time
    login(page, "qy.truong", DEMO_PASSWORD)
    # then: the set-up page comes before anything else, with a QR code drawn by the server
    page.wait_for_url("**/account/two-step/")
    page.goto("/incidents/")
    page.wait_for_url("**/account/two-step/")
    assert page.locator("[data-testid=mfa-qr]").evaluate("img => img.complete && img.naturalWidth > 0")
    device = TOTPDevice.objects.get(user__username="qy.truong", confirmed=False)
    secret = page.text_content("[data-testid=mfa-secret]").replace(" ", "")
    assert len(secret) == 32
    # when: the code from the app is typed
    page.fill("#id_code", code_for(device))
    page.click("#mfa-confirm")
    codes = [c.strip() for c in page.locator("[data-testid=recovery-codes] code").all_text_contents()]
    assert len(codes) == 10
    page.click("#mfa-done")
    page.wait_for_url("**/")
    page.context.clear_cookies()

    # when: the chief signs in again: password, then a wrong code
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/login/code/")
    page.fill("#id_code", "000000" if code_for(device, step=1) != "000000" else "111111")
    page.click("#code-submit")
    # then: refused
    page.wait_for_selector("[data-testid=code-error]")
    assert "/login/code/" in page.url
    # the right code signs in
    unthrottle(device)
    page.fill("#id_code", code_for(device, step=1))
    page.click("#code-submit")
    page.wait_for_url("**/")
    assert "Trần Quốc Hùng" in page.text_content(".whoami")
    page.context.clear_cookies()

    # a recovery code works once
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/login/code/")
    page.fill("#id_code", codes[0])
    page.click("#code-submit")
    page.wait_for_url("**/")
    assert "Trần Quốc Hùng" in page.text_content(".whoami")
    page.context.clear_cookies()
    login(page, "qy.truong", DEMO_PASSWORD)
    page.wait_for_url("**/login/code/")
    page.fill("#id_code", codes[0])
    page.click("#code-submit")
    page.wait_for_selector("[data-testid=code-error]")
    assert "/login/code/" in page.url
    actions = set(AccessLogEntry.objects.filter(actor_username="qy.truong").values_list("action", flat=True))
    assert {"mfa_enrolled", "mfa_failed", "login", "recovery_used"} <= actions
