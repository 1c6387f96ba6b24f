"""Who may record persons and people records (reading goes through `visible_to`)."""

from __future__ import annotations

from typing import Any

from giapranh.accounts.choices import Role

RECORDING_ROLES = (Role.COMMUNE_OFFICER, Role.COMMUNE_CHIEF)


def can_record(user: Any) -> bool:
    """Commune officers and chiefs record persons and records for their own agency."""
    return bool(
        getattr(user, "is_authenticated", False)
        and getattr(user, "sees_records", False)
        and user.role in RECORDING_ROLES
    )
