"""Deployment checks (`giapranh check --deploy`) for the settings this project adds."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_security_settings(app_configs: Any = None, **kwargs: Any) -> list[Warning]:
    """The access-log key must be the deployment's own file, and two-step sign-in must be required."""
    warnings = []
    if settings.AUDIT_KEY_GENERATE:
        warnings.append(Warning(
            "The access-log key is the development file under var/.",
            hint="Set GIAPRANH_AUDIT_KEY_FILE to a key file outside the database server (docs/operations.md).",
            id="giapranh.W001",
        ))
    if not settings.MFA_REQUIRED:
        warnings.append(Warning(
            "Two-step sign-in is not required (GIAPRANH_MFA_REQUIRED is off).",
            hint="Unset GIAPRANH_MFA_REQUIRED or set it to 1.",
            id="giapranh.W002",
        ))
    return warnings
