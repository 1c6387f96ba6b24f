"""What the authenticator app would show, for tests of two-step sign-in."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def code_for(device: TOTPDevice, *, step: int = 0) -> str:
    """The code the authenticator app shows `step` periods from now."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + step * device.step
    return f"{totp.token():06d}"


def unthrottle(device: TOTPDevice) -> None:
    """Skip django-otp's pause after a wrong code (1 s, then 2 s, 4 s …) instead of sleeping."""
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)


def unthrottle_recovery(user) -> None:
    """The same for the recovery codes."""
    from django_otp.plugins.otp_static.models import StaticDevice

    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0, throttling_failure_timestamp=None)
