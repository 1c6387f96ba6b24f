"""Two-step sign-in (TOTP with an authenticator app, plus single-use recovery codes), on django-otp.

Writes here follow the services pattern: each writes its access-log row in the same transaction.
"""

from __future__ import annotations

import io
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from giapranh.accounts.models import User
from giapranh.accounts.signals import security_event_log

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def mfa_enrolled(*, user: Any) -> bool:
    """Whether the user has a confirmed authenticator."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def mfa_recovery_codes_left(*, user: Any) -> int:
    """How many unused recovery codes the user has."""
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def mfa_enrolment_start(*, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) authenticator, created with a new secret if there is none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def mfa_qr_svg(*, device: TOTPDevice) -> bytes:
    """The QR code of the authenticator's otpauth:// address, as SVG (drawn here, no outside service)."""
    import segno

    out = io.BytesIO()
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False)
    return out.getvalue()


def _recovery_digest(code: str) -> str:
    # django-otp keeps static tokens as given: we give it a keyed digest, so the database
    # alone does not hold usable recovery codes (16 hex characters fit its column).
    return salted_hmac("giapranh.accounts.mfa.recovery", code, algorithm="sha256").hexdigest()[:16]


def _recovery_codes_new(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=_recovery_digest(code)) for code in codes])
    return codes


@transaction.atomic
def mfa_enrolment_confirm(*, user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; returns ten new recovery codes, or None."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_digits(code)):
        return None
    # A new authenticator replaces the old one, and its recovery codes with it.
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_new(user)
    security_event_log(actor=user, action="mfa_enrolled", target=user)
    return codes


@transaction.atomic
def mfa_recovery_codes_renew(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones (the old ones stop working)."""
    codes = _recovery_codes_new(user)
    security_event_log(actor=user, action="mfa_enrolled", target=user, reason="new recovery codes")
    return codes


def _digits(code: str) -> str:
    return "".join(code.split())


def mfa_verify(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (a current authenticator code or an unused recovery code), or None.

    django-otp throttles each device after a wrong code (1 s, 2 s, 4 s …), and refuses a TOTP
    code already used, so a code seen over a shoulder cannot be replayed.
    """
    code = _digits(code).lower()
    device: Device | None = None
    if code.isdigit():
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        action = "login"
    else:
        device = StaticDevice.objects.filter(user=user, confirmed=True).first()
        action = "recovery_used"
    with transaction.atomic():
        token = code if action == "login" else _recovery_digest(code)
        ok = device is not None and device.verify_token(token)
        if not ok:
            security_event_log(actor=user, action="mfa_failed", target=user)
            return None
        if action == "recovery_used":
            security_event_log(
                actor=user, action="recovery_used", target=user,
                reason=f"{mfa_recovery_codes_left(user=user)} left",
            )
    return device


@transaction.atomic
def mfa_reset(*, user: User, actor: Any) -> None:
    """An administrator removes a user's authenticator and recovery codes; the user enrols again."""
    from giapranh.accounts.services import user_sessions_end

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    security_event_log(actor=actor, action="mfa_reset", target=user)
    # Whoever holds a session opened with the old authenticator is signed out.
    user_sessions_end(user=user, actor=actor, reason="two-step sign-in reset", revoke_tokens=False)
